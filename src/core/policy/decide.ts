/**
 * The policy: from what a command would do to allow / ask / deny, and how a person must confirm.
 * Default stance (ARCHITECTURE.md, "Decisions"): reads and local recoverable work run; writes to shared
 * state and destruction ask; protected resources and bulk changes need typing; what cannot be seen
 * through asks and is never allowed by an exception.
 */
import { OPAQUE, UNRECOGNISED_TOOL, type Action, type Analysis, type Target } from '../model';
import { ProtectedResources } from './protection';
import type { PolicySettings } from './settings';

export type Verdict = 'allow' | 'ask' | 'deny';
export type Confirmation = 'none' | 'click' | 'type';

export interface Reason {
  /** `policy.protected`, `policy.destroy`, …: stable ids people can search the docs and audit log for. */
  rule: string;
  verdict: Verdict;
  message: string;
  /** Index into analysis.actions. */
  action: number;
  target?: string;
  pattern?: string;
}

export interface Decision {
  verdict: Verdict;
  confirmation: Confirmation;
  /** What the person must type to enable Approve, when confirmation is `type`. */
  typeToConfirm?: string;
  reasons: Reason[];
}

export interface DecisionContext {
  /** Home directory, for `~` in protected patterns. */
  home?: string;
}

const RANK: Record<Verdict, number> = { allow: 0, ask: 1, deny: 2 };
const CONFIRM_RANK: Record<Confirmation, number> = { none: 0, click: 1, type: 2 };

export function decide(analysis: Analysis, settings: PolicySettings, ctx: DecisionContext = {}): Decision {
  const protectedResources = new ProtectedResources(settings.protectedResources, ctx.home);
  const deny = settings.deny.map(commandPattern);
  const allow = settings.allow.map(commandPattern);
  const reasons: Reason[] = [];
  let typeToConfirm: string | undefined;
  let confirmation = 'none' as Confirmation;
  let verdict = 'allow' as Verdict;

  const add = (r: Reason, confirm: Confirmation, toType?: string) => {
    reasons.push(r);
    if (RANK[r.verdict] > RANK[verdict]) verdict = r.verdict;
    if (r.verdict === 'ask' && CONFIRM_RANK[confirm] > CONFIRM_RANK[confirmation]) confirmation = confirm;
    if (confirm === 'type' && toType && typeToConfirm === undefined) typeToConfirm = toType;
  };

  let bulkCount = 0;
  analysis.actions.forEach((action, index) => {
    const denied = firstMatch(deny, settings.deny, action);
    if (denied) {
      add({ rule: 'policy.deny', verdict: 'deny', message: `${describe(action)} matches the deny rule "${denied}"`, action: index, pattern: denied }, 'none');
      return;
    }
    if (action.effect === 'unknown') {
      if (action.rule === UNRECOGNISED_TOOL) {
        const allowed = firstMatch(allow, settings.allow, action);
        if (settings.unknownTools === 'ask' && !allowed) {
          add({ rule: 'policy.unknown-tool', verdict: 'ask', message: `no rule knows \`${action.tool}\`, and unknown tools are set to ask`, action: index }, 'click');
        } else {
          add({ rule: 'policy.unknown-tool', verdict: 'allow', message: `no rule knows \`${action.tool}\`; unknown tools are allowed`, action: index }, 'none');
        }
        return;
      }
      const why = action.notes[0] ?? 'the analyzer cannot see what it would do';
      add({ rule: action.rule === OPAQUE ? 'policy.opaque' : 'policy.unclear', verdict: 'ask', message: `cannot tell what this would do: ${why}`, action: index }, 'click');
      return;
    }
    if (action.effect === 'read') {
      add({ rule: 'policy.read', verdict: 'allow', message: `${describe(action)} only reads`, action: index }, 'none');
      return;
    }

    // A write or a destruction from here on.
    const changed = action.targets.filter((t) => t.change !== 'read');
    let guarded = false;
    for (const t of changed) {
      const m = protectedResources.match(t);
      if (m) {
        guarded = true;
        const how = m.inside ? `reaches into resources protected by "${m.pattern}"` : `is protected by "${m.pattern}"`;
        add({ rule: 'policy.protected', verdict: 'ask', message: `${t.id} ${how}`, action: index, target: t.id, pattern: m.pattern }, 'type', shortName(t));
      } else if (t.unresolved?.some((u) => u !== 'account' && u !== 'region') && protectedResources.size > 0) {
        add({ rule: 'policy.unresolved-target', verdict: 'ask', message: `${t.id} is known only at run time and may be protected`, action: index, target: t.id }, 'click');
        guarded = true;
      }
    }
    const account = action.context.account ? settings.awsAccounts[action.context.account] : undefined;
    if (account?.protected) {
      guarded = true;
      const name = account.name ?? action.context.account!;
      add({ rule: 'policy.protected-account', verdict: 'ask', message: `AWS account ${name} (${action.context.account}) is protected`, action: index }, 'type', name);
    }
    if (settings.protectEverything) {
      guarded = true;
      add({ rule: 'policy.settings-invalid', verdict: 'ask', message: 'protection settings are malformed, so every change needs typed confirmation', action: index }, 'type', changed[0] ? shortName(changed[0]) : action.tool);
    }
    if (!action.recoverable) bulkCount += changed.reduce((n, t) => n + (t.count ?? 1), 0);
    if (guarded) return;

    const allowed = firstMatch(allow, settings.allow, action);
    if (allowed) {
      add({ rule: 'policy.allow', verdict: 'allow', message: `${describe(action)} matches the allow rule "${allowed}"`, action: index, pattern: allowed }, 'none');
    } else if (action.recoverable) {
      add({ rule: 'policy.recoverable', verdict: 'allow', message: `${describe(action)} is local work that can be redone or undone`, action: index }, 'none');
    } else if (action.effect === 'destroy') {
      add({ rule: 'policy.destroy', verdict: 'ask', message: `${describe(action)} destroys ${targetsPhrase(changed)}`, action: index }, 'click');
    } else {
      add({ rule: 'policy.shared-write', verdict: 'ask', message: `${describe(action)} changes ${targetsPhrase(changed)}`, action: index }, 'click');
    }
  });

  if (bulkCount > settings.bulkThreshold) {
    add({ rule: 'policy.bulk', verdict: 'ask', message: `${bulkCount} resources would change, more than the bulk threshold of ${settings.bulkThreshold}`, action: -1 }, 'type', String(bulkCount));
  }
  // A protected name, when there is one, is what to type: it is more specific than a count.
  return { verdict, confirmation: verdict === 'ask' ? confirmation : 'none', typeToConfirm: verdict === 'ask' && confirmation === 'type' ? typeToConfirm : undefined, reasons };
}

function describe(a: Action): string {
  return `${a.tool} ${a.operation}`.trim();
}

function targetsPhrase(targets: Target[]): string {
  if (targets.length === 0) return 'state outside this machine';
  if (targets.length === 1) return targets[0].id;
  return `${targets.length} resources`;
}

/**
 * What a person types to confirm: the resource's own name, not its whole identifier — a bucket or
 * `bucket/prefix`, a stack or instance name, a file's base name, a branch.
 */
export function shortName(t: Target): string {
  const id = t.id;
  if (id.startsWith('arn:')) {
    const parts = id.split(':');
    const service = parts[2];
    let resource = parts.slice(5).join(':').replace(/([/:]\*)+$/, '');
    if (service !== 's3') {
      const typed = /^[a-z][a-z0-9-]*[/:](.+)$/i.exec(resource);
      if (typed) resource = typed[1];
    }
    return resource.replace(/-\*$/, '') || id;
  }
  const git = /^git:\/\/[^/]+\/refs\/(?:heads|tags)\/(.+)$/.exec(id);
  if (git) return git[1];
  const parts = id.split(/[/:]/).filter((p) => p !== '' && p !== '*');
  return parts[parts.length - 1] ?? id;
}

/**
 * Deny and allow patterns are globs over command text: `*` matches anything, spaces included.
 * They are tried against the command as written and against `tool operation [target]`.
 */
function commandPattern(p: string): RegExp {
  let re = '';
  for (const ch of p.trim().replace(/\s+/g, ' ')) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

function firstMatch(patterns: RegExp[], sources: string[], a: Action): string | undefined {
  if (patterns.length === 0) return undefined;
  const candidates = [a.command.replace(/\s+/g, ' ').trim(), describe(a), ...a.targets.map((t) => `${describe(a)} ${t.id}`)];
  const i = patterns.findIndex((re) => candidates.some((c) => re.test(c)));
  return i >= 0 ? sources[i] : undefined;
}
