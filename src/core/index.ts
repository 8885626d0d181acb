/** The pure core's public face: analyze a command line, decide what to do about it. */
export { createAnalyzer, MAX_COMMAND_LINE, OPAQUE, UNRECOGNISED_TOOL, type Analyzer } from './analyze';
export type { Action, ActionContext, Analysis, AnalysisContext, Change, Effect, Target } from './model';
export { decide, shortName, type Confirmation, type Decision, type DecisionContext, type Reason, type Verdict } from './policy/decide';
export { ProtectedResources } from './policy/protection';
export { DEFAULT_SETTINGS, readSettings, sectionFromSettingsJson, type PolicySettings, type SettingsReading } from './policy/settings';
export { rulePacks, ruledTools } from './rules';
export { loadShellParser, type ShellParser } from './shell/parser';
