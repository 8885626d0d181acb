/**
 * One AWS preview in progress: the action, where it runs (region, profile, endpoint per service), the
 * command's own flags, and the result being built. Every service module works through this.
 */
import { setMaxListeners } from 'node:events';
import type { Action, AnalysisContext, Target } from '../../core';
import { parseAwsArgv, parseOperationArgs, type AwsArgv, type OperationArgs } from '../../core/rules/aws/argv';
import { listValues } from '../../core/rules/aws/arns';
import type { Word } from '../../core/shell/command';
import type { ResolvedResource, ResolverFailure, ResolveRequest } from '../types';

/** Where calls for one service go. `profile` undefined: the SDK's default chain without a named profile. */
export interface AwsPlace {
  region?: string;
  profile?: string;
  endpoint?: string;
}

export class AwsJob {
  readonly action: Action;
  readonly ctx: AnalysisContext;
  readonly signal: AbortSignal;
  readonly started = Date.now();
  readonly argv: AwsArgv;
  readonly args: OperationArgs;
  readonly resources: ResolvedResource[] = [];
  readonly failures: ResolverFailure[] = [];
  readonly totals: Record<string, number> = {};
  /** The account the credentials belong to, once STS has answered (fills `*` in the analysed ARNs). */
  account: Promise<string | undefined>;

  constructor(req: ResolveRequest) {
    this.action = req.action;
    this.ctx = req.ctx;
    // One preview makes dozens of concurrent calls, each listening on the signal: a signal of our own
    // carries them without Node's listener-leak warning on the caller's.
    const own = new AbortController();
    setMaxListeners(0, own.signal);
    if (req.signal.aborted) own.abort(req.signal.reason);
    else req.signal.addEventListener('abort', () => own.abort(req.signal.reason), { once: true });
    this.signal = own.signal;
    this.argv = parseAwsArgv(commandWords(req.action.command).slice(1));
    this.args = parseOperationArgs(this.argv.rest);
    this.account = Promise.resolve(req.action.context.account);
  }

  get region(): string | undefined {
    const env = this.ctx.env ?? {};
    return this.action.context.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  }

  /** The named profile for the SDK, or undefined for its default chain. */
  get profile(): string | undefined {
    return sdkProfile(this.action.context.profile ?? this.ctx.env?.AWS_PROFILE);
  }

  /**
   * The endpoint for one service: `--endpoint-url`, then `AWS_ENDPOINT_URL_<SERVICE>`, then
   * `AWS_ENDPOINT_URL` (the analysis already folded the latter into the action's context).
   */
  endpointFor(envSuffix: string): string | undefined {
    const env = this.ctx.env ?? {};
    const flag = this.argv.globals.get('--endpoint-url')?.value;
    return flag ?? env[`AWS_ENDPOINT_URL_${envSuffix}`] ?? this.action.context.endpoint ?? env.AWS_ENDPOINT_URL;
  }

  place(envSuffix: string): AwsPlace {
    return { region: this.region, profile: this.profile, endpoint: this.endpointFor(envSuffix) };
  }

  /** The last value of an operation flag as written (`--stack-name prod` → `prod`). */
  flag(name: string): string | undefined {
    const v = this.args.flags.get(name);
    return v && v.length > 0 ? v[v.length - 1].value : undefined;
  }

  /** Every value of a list flag, JSON lists opened. */
  flagList(name: string): string[] {
    return (this.args.flags.get(name) ?? []).flatMap((w) => listValues(w.value));
  }

  has(name: string): boolean {
    return this.args.flags.has(name);
  }

  /** Seconds since the preview started, for the time-out line. */
  elapsed(): string {
    const s = (Date.now() - this.started) / 1000;
    return s < 10 ? s.toFixed(1).replace(/\.0$/, '') : String(Math.round(s));
  }

  add(r: ResolvedResource): void {
    this.resources.push(r);
  }

  fail(message: string, target?: string): void {
    this.failures.push(target ? { target, message } : { message });
  }

  /** The command names this target but the preview does not read it live: shown as such, not as a failure. */
  notRead(t: Target, why = 'not read live'): void {
    this.add({ id: t.id, change: t.change, kind: t.kind, name: lastPart(t.id), facts: [why] });
  }

  /** The analysed ARN with the account filled in, once known; `from` when it differs. */
  async arnOf(t: Target): Promise<{ id: string; from?: string }> {
    const account = await this.account;
    if (!account || !/^arn:[^:]+:[^:]*:[^:]*:\*:/.test(t.id)) return { id: t.id };
    const parts = t.id.split(':');
    parts[4] = account;
    return { id: parts.join(':'), from: t.id };
  }
}

/** The targets the command changes or destroys (what a person approves), each id once, strongest change first. */
export function changedTargets(action: Action): Target[] {
  const rank = { destroy: 3, change: 2, create: 1, read: 0 } as const;
  const byId = new Map<string, Target>();
  for (const t of action.targets) {
    if (t.change === 'read') continue;
    const seen = byId.get(t.id);
    if (!seen || rank[t.change] > rank[seen.change]) byId.set(t.id, t);
  }
  return [...byId.values()];
}

/** The part of an identifier people call it by: `arn:…:instance/i-1` → `i-1`, `arn:aws:s3:::b/k` → `b/k`. */
export function lastPart(id: string): string {
  if (id.startsWith('arn:')) {
    const res = id.split(':').slice(5).join(':');
    if (id.split(':')[2] === 's3') return res;
    const m = /^[A-Za-z-]+[/:](.+)$/.exec(res);
    return (m ? m[1] : res).replace(/\/\*$/, '');
  }
  return id.slice(id.lastIndexOf('/') + 1) || id;
}

/** The resource part of an ARN after its type: `arn:aws:rds:r:a:db:name` → `name`. */
export function arnResource(id: string, type: string): string | undefined {
  if (!id.startsWith('arn:')) return undefined;
  const res = id.split(':').slice(5).join(':');
  if (res.startsWith(`${type}/`) || res.startsWith(`${type}:`)) return res.slice(type.length + 1);
  return undefined;
}


/**
 * The words of the simple command as the shell would pass them (quotes removed). The action keeps the
 * command's text; flags that only matter to the preview (`--skip-final-snapshot`) are read from it here.
 */
export function commandWords(text: string): Word[] {
  const out: Word[] = [];
  let cur = '';
  let inWord = false;
  let dynamic = false;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote === "'") {
      if (ch === "'") quote = null;
      else cur += ch;
      continue;
    }
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[++i];
      if (quote === '"' && !'"\\$`'.includes(next)) cur += ch;
      if (next !== '\n') cur += next;
      inWord = true;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else {
        if (ch === '$' || ch === '`') dynamic = true;
        cur += ch;
      }
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) out.push({ value: cur, dynamic });
      cur = '';
      inWord = false;
      dynamic = false;
      continue;
    }
    if (ch === '$' || ch === '`' || ch === '*' || ch === '?') dynamic = true;
    cur += ch;
    inWord = true;
  }
  if (inWord) out.push({ value: cur, dynamic });
  return out;
}

/** `12 GiB`, `3.4 MB`: sizes for people. */
export function bytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

/** `412 days`, `3 hours`: how long since a date. */
export function age(since: Date | undefined, now = Date.now()): string | undefined {
  if (!since) return undefined;
  const ms = now - since.getTime();
  const days = Math.floor(ms / 86_400_000);
  if (days >= 1) return `${days} day${days === 1 ? '' : 's'}`;
  const hours = Math.floor(ms / 3_600_000);
  if (hours >= 1) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${Math.max(0, Math.floor(ms / 60_000))} minutes`;
}

export function day(d: Date | undefined): string | undefined {
  return d ? d.toISOString().slice(0, 10) : undefined;
}

/** `tag env=prod` facts, Name excluded (it is the name), at most eight. */
export function tagFacts(tags: Array<{ Key?: string; Value?: string }> | undefined): string[] {
  return (tags ?? [])
    .filter((t) => t.Key && t.Key !== 'Name' && !t.Key.startsWith('aws:'))
    .slice(0, 8)
    .map((t) => `tag ${t.Key}=${t.Value ?? ''}`);
}

export function nameTag(tags: Array<{ Key?: string; Value?: string }> | undefined): string | undefined {
  return tags?.find((t) => t.Key === 'Name')?.Value || undefined;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * The profile to name to the SDK, or undefined for its default chain. `default` is named only when the
 * extension's own environment points at another profile: naming a profile makes the SDK skip
 * environment keys.
 */
export function sdkProfile(profile: string | undefined): string | undefined {
  if (!profile || profile === 'default') return process.env.AWS_PROFILE && process.env.AWS_PROFILE !== 'default' ? 'default' : undefined;
  return profile;
}
