/** The shape of one tool's rules inside a pack, and seeing through a tool that runs another tool. */
import type { Action, AnalysisContext } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import { makeAction, type ActionFields } from './support';

export type ToolAnalyzer = (cmd: SimpleCommand, ctx: AnalysisContext) => Action[];

/**
 * The command a tool runs on our behalf (`uv run pytest`, `yarn workspace web build`), as a simple command
 * of its own, with the outer tool recorded among the wrappers seen through.
 */
export function innerCommand(outer: SimpleCommand, words: readonly Word[], wrapper: string): SimpleCommand | undefined {
  const [program, ...args] = words;
  if (!program) return undefined;
  return {
    program: program.value,
    tool: program.value.split('/').pop() ?? program.value,
    args,
    assignments: outer.assignments,
    redirects: outer.redirects,
    via: [...outer.via, wrapper],
    text: outer.text,
  };
}

/** An action builder that prefixes rule names with the pack's name (`everyday.sed-in-place`). */
export function packActions(pack: string) {
  return (cmd: SimpleCommand, ctx: AnalysisContext, f: ActionFields): Action[] => [
    makeAction(cmd, ctx, { ...f, rule: `${pack}.${f.rule}` }),
  ];
}
