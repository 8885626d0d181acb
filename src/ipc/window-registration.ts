/**
 * The extension's side of the gate registry: put this window's gate in it (so hooks and the MCP server
 * outside VS Code terminals find it), keep its workspace folders and the policy snapshot current, and
 * take the entry out when the window stops. No vscode import: the events are handed in.
 */
import { sectionOf, type GateSettings } from '../gate/settings';
import { registerWindow, writeRegistryPolicySnapshot } from './registry';

interface Disposable {
  dispose(): unknown;
}
type Event<T> = (listener: (value: T) => unknown) => Disposable;

export interface GateRegistration {
  server: { handle: string; token: string };
  version: string;
  /** The window's workspace folders (absolute paths) now, and when they change. */
  folders: () => string[];
  onFoldersChange: Event<unknown>;
  /** The guarded settings in force, and when they change. */
  settings: { readonly current: GateSettings; onDidChange: Event<GateSettings> };
  /** In scoped mode, the environment agents' AWS work gets (src/aws/scoped/agent-env.ts); undefined in passthrough. */
  agentEnv?: { current(): Record<string, string> | undefined; onDidChange: Event<Record<string, string> | undefined> };
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** Starts registering; what it returns takes the window out of the registry. Failures are logged, never thrown. */
export function registerGateInRegistry(opts: GateRegistration): Disposable {
  const env = opts.env ?? process.env;
  const subscriptions: Disposable[] = [];
  let stopped = false;
  let entry: Awaited<ReturnType<typeof registerWindow>> | undefined;

  const snapshot = (settings: GateSettings) =>
    writeRegistryPolicySnapshot(sectionOf(settings), env).catch((e) => opts.log(`saving the policy snapshot for hooks and tools failed: ${String(e)}`));
  void snapshot(opts.settings.current);
  subscriptions.push(opts.settings.onDidChange((s) => void snapshot(s)));

  const agentEnv = opts.agentEnv?.current();
  registerWindow(
    { pid: process.pid, handle: opts.server.handle, token: opts.server.token, workspaceFolders: opts.folders(), version: opts.version, startedAt: Date.now(), ...(agentEnv ? { agentEnv } : {}) },
    env,
  ).then(
    (registered) => {
      if (stopped) return void registered.dispose();
      entry = registered;
      const updating = (change: () => void) => () => {
        try {
          change();
        } catch (e) {
          opts.log(`updating this window's gate registry entry failed: ${String(e)}`);
        }
      };
      subscriptions.push(opts.onFoldersChange(updating(() => registered.update(opts.folders()))));
      if (opts.agentEnv) {
        const source = opts.agentEnv;
        subscriptions.push(source.onDidChange(updating(() => registered.setAgentEnv(source.current()))));
        // The mode may have changed while the entry was being written.
        if (JSON.stringify(source.current()) !== JSON.stringify(agentEnv)) updating(() => registered.setAgentEnv(source.current()))();
      }
    },
    (e) => opts.log(`registering this window's gate for hooks and tools failed (they will decide without it): ${String(e)}`),
  );

  return {
    dispose() {
      stopped = true;
      for (const s of subscriptions) s.dispose();
      void entry?.dispose();
    },
  };
}
