/**
 * The session policy agents' credentials carry under the settings in force, built once per settings
 * reading (src/core/aws/session-policy.ts builds it), and what it denies in one line for the status
 * bar and the approval panel. A policy that does not fit STS's size limit is not used: no credentials
 * are issued until the protection list is shortened or packed (the notes say which patterns).
 */
import { buildGrantPolicy, buildSessionPolicy, ESCAPE_ACTIONS, type PolicyDocument, type SessionPolicy } from '../../core/aws/session-policy';
import type { GateSettings } from '../../gate/settings';
import { AGENT_CREDENTIALS_DEFAULTS } from './settings';
import type { GrantPolicyBuilder } from './grants';

export type AgentPolicy = { policy: SessionPolicy; summary: string; deniesNothing: boolean } | { error: string };

const built = new WeakMap<GateSettings, AgentPolicy>();

export function agentPolicyFor(settings: GateSettings): AgentPolicy {
  const cached = built.get(settings);
  if (cached) return cached;
  let out: AgentPolicy;
  try {
    const mode = (settings.agentCredentials ?? AGENT_CREDENTIALS_DEFAULTS).destructiveEverywhere ? 'everywhere' : 'protected';
    const policy = buildSessionPolicy(settings.policy, { mode });
    out = policy.fits
      ? { policy, summary: deniedSummary(policy), deniesNothing: deniedCounts(policy.document, policy.packed.wildcards).actions === 0 }
      : { error: `the session policy for agents is ${policy.bytes} characters, over STS's limit of ${policy.limit}, so no scoped credentials are issued. ${policy.notes.join(' ')}`.trim() };
  } catch (e) {
    out = { error: `the session policy for agents could not be built (${String(e).slice(0, 200)}), so no scoped credentials are issued` };
  }
  built.set(settings, out);
  return out;
}

/** `denies 214 destructive actions on 3 protected resources`, or `… on every resource`. */
export function deniedSummary(policy: SessionPolicy): string {
  const { actions, resources, everywhere } = deniedCounts(policy.document, policy.packed.wildcards);
  if (actions === 0) return 'denies no destructive action: no AWS resource is protected';
  const what = `${actions} destructive ${actions === 1 ? 'action' : 'actions'}`;
  if (everywhere) return `denies ${what} on every resource`;
  return `denies ${what} on ${resources} protected ${resources === 1 ? 'resource' : 'resources'}`;
}

/**
 * Counted from the document: a named action counts once, a wildcard as many destructive actions as
 * the packer says it stands for. The denies that keep the session from minting other credentials
 * (ESCAPE_ACTIONS) are part of the policy but not "destructive actions on resources".
 */
export function deniedCounts(doc: PolicyDocument, wildcards: ReadonlyArray<{ pattern: string; destructive: number }>): { actions: number; resources: number; everywhere: boolean } {
  const actions = new Set<string>();
  const resources = new Set<string>();
  let everywhere = false;
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  for (const s of doc.Statement) {
    const own = list(s.Action).filter((a) => !ESCAPE_ACTIONS.includes(a));
    if (s.Effect !== 'Deny' || own.length === 0) continue;
    for (const a of own) actions.add(a);
    for (const r of list(s.Resource)) {
      if (r === '*') everywhere = true;
      else resources.add(r);
    }
  }
  let count = 0;
  for (const a of actions) count += a.includes('*') ? (wildcards.find((w) => w.pattern === a)?.destructive ?? 1) : 1;
  return { actions: count, resources: resources.size, everywhere };
}

/** Grants' policies, from the core; a policy that does not fit means no grant. */
export const grantPolicy: GrantPolicyBuilder = (scope) => {
  try {
    const p = buildGrantPolicy(scope);
    return p.fits ? { json: p.json } : { error: `the one-time policy for ${scope.resources.length} resources is ${p.bytes} characters, over STS's limit of ${p.limit}` };
  } catch (e) {
    return { error: `the one-time policy could not be built (${String(e).slice(0, 200)})` };
  }
};
