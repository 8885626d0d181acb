/**
 * The AWS CLI's command table, as generated from the installed CLI's service models
 * (scripts/generate-aws-operations.py → operations.generated.json). Parsed lazily, one service at a time,
 * because most command lines name one service and the table holds eighteen thousand operations.
 */

export type OperationClass = 'read' | 'write' | 'destroy';

export interface IdentifyingFlag {
  /** The CLI flag without its dashes: `instance-ids`. */
  flag: string;
  /** The flag names what the operation acts on; otherwise it names something the operation refers to. */
  primary: boolean;
}

export interface OperationInfo {
  service: string;
  operation: string;
  cls: OperationClass;
  flags: IdentifyingFlag[];
}

interface ServiceEntry {
  read?: string;
  write?: string;
  destroy?: string;
  api?: string;
  custom?: string;
}

interface GeneratedTable {
  generated: string;
  awscli: string;
  botocore: string;
  summary: { services: number; operations: number; read: number; write: number; destroy: number };
  topLevelCustom: string;
  s3Custom: string;
  s3Options: Record<string, number | string | string[]>;
  services: Record<string, ServiceEntry>;
}

/**
 * Loaded on the first AWS command, not at start-up: a process that never sees `aws` (most CLI checks,
 * most shim fallbacks) does not pay for compiling 800 KB of table.
 */
let loaded: GeneratedTable | undefined;
function table(): GeneratedTable {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./operations.generated.json') as GeneratedTable;
  return loaded;
}
const CLASSES: readonly OperationClass[] = ['read', 'write', 'destroy'];
const parsed = new Map<string, Map<string, OperationInfo>>();

function serviceTable(service: string): Map<string, OperationInfo> | undefined {
  const cached = parsed.get(service);
  if (cached) return cached;
  if (!Object.prototype.hasOwnProperty.call(table().services, service)) return undefined;
  const entry = table().services[service];
  const ops = new Map<string, OperationInfo>();
  for (const cls of CLASSES) {
    for (const item of (entry[cls] ?? '').split(' ')) {
      if (!item) continue;
      const [operation, flagList] = item.split('=');
      const flags = (flagList ? flagList.split(',') : []).map((f) =>
        f.endsWith('*') ? { flag: f.slice(0, -1), primary: true } : { flag: f, primary: false },
      );
      ops.set(operation, { service, operation, cls, flags });
    }
  }
  parsed.set(service, ops);
  return ops;
}

/** Is `service` a command of the CLI (`ec2`, `s3api`, `deploy`), hand-written top-level ones excluded. */
export function isService(service: string): boolean {
  return serviceTable(service) !== undefined;
}

export function lookupOperation(service: string, operation: string): OperationInfo | undefined {
  return serviceTable(service)?.get(operation);
}

/** Hand-written subcommands the CLI adds to a service (`wait`, `cloudformation deploy`, `eks update-kubeconfig`). */
export function isCustomCommand(service: string, operation: string): boolean {
  const entry = table().services[service];
  return !!entry?.custom && entry.custom.split(' ').includes(operation);
}

/** Every (service, custom subcommand) pair the generated table knows. */
export function customCommands(): Array<[service: string, command: string]> {
  const out: Array<[string, string]> = [];
  for (const [service, entry] of Object.entries(table().services)) {
    for (const c of (entry.custom ?? '').split(' ')) if (c) out.push([service, c]);
  }
  return out;
}

export function allOperations(): OperationInfo[] {
  return Object.keys(table().services).flatMap((s) => [...(serviceTable(s)?.values() ?? [])]);
}

export function tableFacts(): { awscli: string; botocore: string; generated: string; summary: GeneratedTable['summary'] } {
  return { awscli: table().awscli, botocore: table().botocore, generated: table().generated, summary: table().summary };
}

/**
 * Options of the hand-written `aws s3` commands that take values: 1 (one value), 2 (two values),
 * '+' (one or more), or the choices of an optional value (`--sse` alone means AES256).
 */
export function s3OptionArity(name: string): number | '+' | readonly string[] | undefined {
  const v = table().s3Options[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v;
  return v === '+' ? '+' : Number(v);
}
