import type { Action, AnalysisContext } from '../model';
import type { SimpleCommand } from '../shell/command';

/**
 * A rule pack knows one family of tools. Given a simple command whose `tool` it claims, it returns the
 * actions the command would perform. It never returns an empty list for a command it claims: a command
 * it does not recognise is at least a `read` (known harmless) or `unknown` action with a rule id that says why.
 */
export interface RulePack {
  name: string;
  /** Tool names (basenames) this pack analyses. */
  tools: readonly string[];
  analyze(cmd: SimpleCommand, ctx: AnalysisContext): Action[];
}
