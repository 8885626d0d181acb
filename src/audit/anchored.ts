/**
 * Keeps the newest record's seq and hash outside the log file, so that rebuilding the whole chain or
 * cutting records off its end — neither visible from inside the file — is caught by verify.
 */
import type { AuditEntry, AuditSink } from '../gate/types';
import type { AuditHead, AuditLog } from './log';

export interface AnchorStore {
  get(): AuditHead | undefined;
  set(head: AuditHead): Thenable<void> | Promise<void>;
}

export class AnchoredAudit implements AuditSink {
  constructor(
    readonly log: AuditLog,
    private readonly anchor: AnchorStore,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    const record = await this.log.appendRecord(entry);
    // Several windows append to one log: keep the highest record any of them has seen.
    const known = this.anchor.get();
    if (!known || record.seq > known.seq) await this.anchor.set({ seq: record.seq, hash: record.hash });
  }

  /** What verify must still find in the log. */
  expected(): AuditHead | undefined {
    return this.anchor.get();
  }
}
