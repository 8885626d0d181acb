/**
 * Holds settings changes that relax protection until a person confirms them: an agent can edit
 * settings.json as easily as it can run a command. Tightening applies at once; while a relaxing change
 * waits, the strictest of the old and new readings is in force. The accepted settings persist, so a
 * relaxation made while VS Code was closed is caught at the next start.
 */
import * as vscode from 'vscode';
import { escapeInvisible } from '../core/text';
import { readGateSettings, relaxations, sectionOf, strictest, type GateSettings } from '../gate/settings';

const KEY = 'blastRadius.acceptedSettings';

export class SettingsGuard implements vscode.Disposable {
  private accepted: GateSettings;
  private inForce: GateSettings;
  private asking = false;
  private readonly changed = new vscode.EventEmitter<GateSettings>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly read: () => { settings: GateSettings; problems: string[] },
    private readonly report: (problems: string[]) => void,
  ) {
    const saved = memento.get<unknown>(KEY);
    const fresh = read();
    report(fresh.problems);
    const prior = saved ? readSaved(saved) : undefined;
    this.accepted = prior ?? fresh.settings;
    this.inForce = this.accepted;
    void this.consider(fresh.settings);
  }

  /** The settings the gate must use now. */
  get current(): GateSettings {
    return this.inForce;
  }

  /** Call when the configuration changed. */
  refresh(): void {
    const fresh = this.read();
    this.report(fresh.problems);
    void this.consider(fresh.settings);
  }

  private async consider(next: GateSettings): Promise<void> {
    const relaxed = relaxations(this.accepted, next);
    if (relaxed.length === 0) {
      await this.adopt(next);
      return;
    }
    this.inForce = strictest(this.accepted, next);
    this.changed.fire(this.inForce);
    if (this.asking) return;
    this.asking = true;
    try {
      const detail = relaxed.map((r) => `• ${inert(r)}`).join('\n') + '\n\nSettings files can be edited by agents too. Until you apply this, Blast Radius keeps the stricter settings.';
      const choice = await vscode.window.showWarningMessage('Blast Radius: a settings change would relax protection.', { modal: true, detail }, 'Apply the change');
      const latest = this.read().settings;
      if (choice === 'Apply the change') await this.adopt(latest);
      else if (relaxations(this.accepted, latest).length === 0) await this.adopt(latest);
    } finally {
      this.asking = false;
    }
  }

  private async adopt(next: GateSettings): Promise<void> {
    this.accepted = next;
    this.inForce = next;
    await this.memento.update(KEY, next);
    this.changed.fire(next);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A saved snapshot is re-read through the same checks: globalState is a file an agent could edit too. */
function readSaved(saved: unknown): GateSettings | undefined {
  if (!saved || typeof saved !== 'object') return undefined;
  try {
    const s = saved as GateSettings;
    const r = readGateSettings(sectionOf(s));
    return r.problems.length === 0 ? r.settings : undefined;
  } catch {
    return undefined;
  }
}

function inert(s: string): string {
  return escapeInvisible(s.slice(0, 300));
}
