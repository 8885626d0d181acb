/**
 * Reads a settings.json the way VS Code does (comments and trailing commas allowed). A file that cannot
 * be read or parsed does not stop the check: it is judged with every change protected, and says why,
 * because a hook that errors out may be taken by its agent as "go ahead".
 */
import * as fs from 'node:fs';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { DEFAULT_SETTINGS, readSettings, sectionFromSettingsJson, type SettingsReading } from '../core';

export function readSettingsFile(file: string): SettingsReading {
  const strict = (problem: string): SettingsReading => ({
    settings: { ...DEFAULT_SETTINGS, protectEverything: true, unknownTools: 'ask' },
    problems: [problem, 'Until that is fixed, every change needs typed confirmation and unknown tools ask.'],
  });
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return strict(`cannot read the settings file ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}).`);
  }
  const errors: ParseError[] = [];
  const json: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const first = errors[0];
    return strict(`the settings file ${file} is not valid JSON (${printParseErrorCode(first.error)} at offset ${first.offset}).`);
  }
  return readSettings(sectionFromSettingsJson(json));
}
