/**
 * Which AWS credentials agent terminals hold, in words: one line for the approval panel's identity
 * lines and the status bar's item. No vscode, so unit-tested.
 */
import type { GateSettings } from '../../gate/settings';
import { agentPolicyFor } from './agent-policy';
import { AGENT_CREDENTIALS_DEFAULTS } from './settings';

export interface CredentialsDescription {
  mode: 'passthrough' | 'scoped';
  /** `scoped: session policy denies 214 destructive actions on 3 protected resources`. */
  line: string;
  /** True when agents hold full credentials, or scoped ones cannot be issued. */
  warning: boolean;
}

export function describeAgentCredentials(settings: GateSettings): CredentialsDescription {
  const s = settings.agentCredentials ?? AGENT_CREDENTIALS_DEFAULTS;
  if (s.mode === 'passthrough') return { mode: 'passthrough', line: 'passthrough: agent terminals hold your full credentials', warning: true };
  const policy = agentPolicyFor(settings);
  if ('error' in policy) return { mode: 'scoped', line: `scoped: agent terminals get no AWS credentials: ${policy.error}`, warning: true };
  // Scoped yet protecting nothing: AWS would refuse no deletion, which deserves the same attention.
  return { mode: 'scoped', line: `scoped: session policy ${policy.summary}`, warning: policy.deniesNothing };
}

export interface CredentialsStatusView {
  text: string;
  tooltip: string;
  attention: boolean;
}

export function credentialsStatusView(d: CredentialsDescription): CredentialsStatusView {
  if (d.mode === 'passthrough') {
    return {
      text: '$(warning) AWS: full credentials',
      tooltip: `Blast Radius AWS credentials — ${d.line}. Anything an agent runs that signs AWS requests itself (an SDK script, a program by absolute path) acts with your permissions. Set blastRadius.aws.agentCredentials to "scoped" to let AWS refuse what you have not approved.`,
      attention: true,
    };
  }
  return {
    text: d.warning ? '$(warning) AWS: no agent credentials' : '$(lock) AWS: scoped',
    tooltip: `Blast Radius AWS credentials — ${d.line}. New terminals get these; terminals opened before a change keep what they had.`,
    attention: d.warning,
  };
}
