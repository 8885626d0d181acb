/**
 * A real Gate behind a real IpcServer, with a scripted person in place of the panel: what hooks and tools
 * outside VS Code reach through the per-user registry. The caller keeps what was shown and audited.
 */
import { Gate } from '../../../src/gate/gate';
import type { GateSettings } from '../../../src/gate/settings';
import type { ApprovalRequest, AuditEntry } from '../../../src/gate/types';
import { IpcServer } from '../../../src/ipc/server';
import { processContext } from '../../../src/platform/context';
import { analyzer } from '../../unit/support/analyzer';

export interface ScriptedGate {
  settings: () => GateSettings;
  /** The workspace folders the gate's context treats as the project. */
  workspaceRoots: string[];
  /** Asked for each approval, as a person looks at the panel; read on each request so a test may swap it. */
  person: (r: ApprovalRequest, signal: AbortSignal) => Promise<boolean>;
  shown: ApprovalRequest[];
  audited: AuditEntry[];
}

export async function serveScriptedGate(o: ScriptedGate): Promise<IpcServer> {
  const gate = new Gate({
    analyzer: await analyzer(),
    settings: o.settings,
    approver: {
      ask: async (r, signal) => {
        o.shown.push(r);
        return { approved: await o.person(r, signal), requestId: r.id, previewHash: r.previewHash };
      },
    },
    audit: { append: async (e) => void o.audited.push(e) },
    contextFor: (req) => processContext({ cwd: req.cwd, env: { ...req.env }, workspaceRoots: o.workspaceRoots }),
  });
  const server = await IpcServer.start({ version: 'test' });
  server.registerHandler((req, signal) => gate.check(req, signal));
  return server;
}
