/** The gate's visible state: guarding, frozen (and why), how many requests wait for a person. */

export interface GateStatus {
  frozen: boolean;
  /** Why the gate froze: the person's command, or the circuit breaker's count. */
  frozenReason?: string;
  /** Requests waiting for a person. */
  pending: number;
}

export interface Subscription {
  dispose(): void;
}

/** A minimal event source, so the gate stays free of vscode (the UI adapts it). */
export class StatusEmitter {
  private readonly listeners = new Set<(s: GateStatus) => void>();

  on(listener: (s: GateStatus) => void): Subscription {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  emit(status: GateStatus): void {
    for (const l of [...this.listeners]) {
      try {
        l(status);
      } catch {
        // A broken listener must not stop the gate.
      }
    }
  }
}
