/**
 * Cline: hooks are executable scripts in a folder, one per hook type, named after it. There is no JSON.
 * Source: https://docs.cline.bot/customization/hooks (reference: https://docs.cline.bot/features/hooks/hook-reference)
 *
 * Where: user `~/Documents/Cline/Hooks/` (Cline asks `xdg-user-dir DOCUMENTS` on Linux and the
 * system's Documents folder on Windows); workspace `.clinerules/hooks/` in each workspace root. Global
 * hooks run first, then workspace hooks; if either cancels, the tool does not run.
 * Shape: an executable file named `PreToolUse` (no extension; on Windows newer versions look for
 * `PreToolUse.ps1`), reading `{"preToolUse": {"tool": ..., "parameters": ...}, ...}` on stdin and
 * printing `{"cancel": bool, "errorMessage": ..., "contextModification": ...}`. Hooks must be switched
 * on in Cline's settings. Cline gives a hook 30 seconds (not configurable) and does not block the tool
 * when a hook times out or fails without an answer.
 * Because the folder holds one PreToolUse script, a script that is not ours is never replaced: the
 * person combines the two by hand.
 */
import * as path from 'node:path';
import { ConfigError, type HookInstaller, isOurCommand, requireWorkspace } from './model';

const MARKER = '# Blast Radius hook for Cline (PreToolUse)';

export function clineScript(command: string): string {
  return [
    '#!/bin/sh',
    MARKER,
    '# Written by "Blast Radius: Protect an Agent"; "Blast Radius: Stop Protecting an Agent" removes it.',
    `exec ${command}`,
    '',
  ].join('\n');
}

/** The command our script runs, if the text is our script. */
function ourCommand(text: string | undefined): string | undefined {
  if (text === undefined || !text.split(/\r?\n/).includes(MARKER)) return undefined;
  const line = text.split(/\r?\n/).find((l) => l.startsWith('exec '));
  const command = line?.slice('exec '.length);
  return command !== undefined && isOurCommand(command, 'cline') ? command : undefined;
}

export const clineInstaller: HookInstaller = {
  agent: 'cline',
  hookName: 'cline',
  // Cline's own limit for every hook, not configurable.
  timeoutSeconds: 30,
  displayName: 'Cline',
  docs: 'https://docs.cline.bot/customization/hooks',
  fileMode: 0o755,
  configPath: (scope, where) =>
    scope === 'user'
      ? path.join(where.documents ?? path.join(where.home, 'Documents'), 'Cline', 'Hooks', 'PreToolUse')
      : path.join(requireWorkspace(where, 'Cline'), '.clinerules', 'hooks', 'PreToolUse'),
  install(text, command) {
    if (text !== undefined && ourCommand(text) === undefined) {
      throw new ConfigError(
        'a PreToolUse hook that is not Blast Radius\'s is already there. Cline runs one PreToolUse script per folder, so Blast Radius does not replace it: ' +
          `move it aside, or make it run \`${command}\` first and pass on its answer, then try again`,
      );
    }
    return clineScript(command);
  },
  remove(text) {
    return ourCommand(text) === undefined ? text : undefined;
  },
  installedCommands(text) {
    const command = ourCommand(text);
    return command === undefined ? [] : [command];
  },
};
