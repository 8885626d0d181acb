/**
 * The analyzer: a command line in, the actions it would perform out. Parsing and unwrapping belong to
 * the shell layer; judging each simple command belongs to the rule packs; this file joins the two and
 * makes sure every finding becomes an action, so nothing the shell would run goes unjudged.
 */
import { OPAQUE, UNRECOGNISED_TOOL, type Action, type Analysis, type AnalysisContext } from './model';
import type { RulePack } from './rules/pack';
import { redirectActions } from './rules/filesystem';
import type { SimpleCommand } from './shell/command';
import type { ShellParser } from './shell/parser';
import { CommandWalker, type Finding } from './shell/walk';

export { OPAQUE, UNRECOGNISED_TOOL };

/** Longer command lines are not parsed at all: asked about as a whole. */
export const MAX_COMMAND_LINE = 512 * 1024;

export interface Analyzer {
  analyze(commandLine: string, ctx: AnalysisContext): Analysis;
}

export function createAnalyzer(parser: ShellParser, packs: readonly RulePack[]): Analyzer {
  const byTool = new Map<string, RulePack>();
  for (const pack of packs) for (const tool of pack.tools) byTool.set(tool, pack);

  const packFor = (tool: string): RulePack | undefined =>
    byTool.get(tool) ?? byTool.get(tool.split('.')[0]) ?? byTool.get(tool.replace(/[\d.]+$/, ''));

  function judge(cmd: SimpleCommand, ctx: AnalysisContext): Action[] {
    const actions: Action[] = [];
    if (cmd.tool !== '') {
      const pack = packFor(cmd.tool);
      if (!pack) {
        actions.push(unrecognised(cmd, ctx));
      } else {
        try {
          const judged = pack.analyze(cmd, ctx);
          actions.push(...(judged.length > 0 ? judged : [packSaidNothing(cmd, ctx, pack.name)]));
        } catch (e) {
          // A rule pack bug must never turn into an allow.
          actions.push(opaqueAction(cmd.text, `the ${pack.name} rules failed on this command (${String(e).slice(0, 200)})`, cmd.via, ctx.cwd));
        }
      }
    }
    if (cmd.redirects.length > 0) actions.push(...redirectActions(cmd, ctx));
    return actions;
  }

  return {
    analyze(commandLine: string, ctx: AnalysisContext): Analysis {
      if (commandLine.length > MAX_COMMAND_LINE) {
        return {
          commandLine: commandLine.slice(0, 2000) + '…',
          actions: [opaqueAction(commandLine.slice(0, 200) + '…', `the command line is ${commandLine.length} characters long, too long to analyze`, [], ctx.cwd)],
          complete: false,
        };
      }
      let findings: Finding[];
      try {
        findings = CommandWalker.walk(parser, commandLine, { cwd: ctx.cwd, env: ctx.env ?? {}, home: ctx.home });
      } catch (e) {
        findings = [{ kind: 'opaque', text: commandLine.slice(0, 2000), reason: `the command line could not be analyzed (${String(e).slice(0, 200)})`, via: [], cwd: ctx.cwd }];
      }
      const actions: Action[] = [];
      for (const f of findings) {
        if (f.kind === 'command') {
          const env = Object.keys(f.env).length > 0 ? { ...(ctx.env ?? {}), ...f.env } : ctx.env;
          actions.push(...judge(f.cmd, { ...ctx, cwd: f.cwd, env }));
        } else if (f.kind === 'opaque') {
          actions.push(opaqueAction(f.text, f.reason, f.via, f.cwd));
        } else {
          actions.push({
            tool: f.tool,
            operation: f.operation,
            effect: f.effect,
            recoverable: f.recoverable,
            targets: [],
            context: { cwd: f.cwd },
            command: f.text,
            rule: f.rule,
            notes: [f.note, ...(f.via.length > 0 ? [`seen through: ${f.via.join(' → ')}`] : [])],
          });
        }
      }
      return { commandLine, actions, complete: !findings.some((f) => f.kind === 'opaque') };
    },
  };
}

function unrecognised(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  return {
    tool: cmd.tool,
    operation: 'run',
    effect: 'unknown',
    recoverable: false,
    targets: [],
    context: { cwd: ctx.cwd },
    command: cmd.text,
    rule: UNRECOGNISED_TOOL,
    notes: [`no rule knows \`${cmd.tool}\``, ...(cmd.via.length > 0 ? [`seen through: ${cmd.via.join(' → ')}`] : [])],
  };
}

function packSaidNothing(cmd: SimpleCommand, ctx: AnalysisContext, pack: string): Action {
  return opaqueAction(cmd.text, `the ${pack} rules could not classify this command`, cmd.via, ctx.cwd);
}

function opaqueAction(text: string, reason: string, via: string[], cwd: string): Action {
  return {
    tool: 'shell',
    operation: 'cannot see through',
    effect: 'unknown',
    recoverable: false,
    targets: [],
    context: { cwd },
    command: text,
    rule: OPAQUE,
    notes: [reason, ...(via.length > 0 ? [`seen through: ${via.join(' → ')}`] : [])],
  };
}
