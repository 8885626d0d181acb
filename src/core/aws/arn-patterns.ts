/**
 * From `blastRadius.protectedResources` to IAM: which entries name AWS resources, and the IAM resource
 * patterns (or, where IAM cannot name them, the condition keys) that cover at least what the gate
 * protects. Where IAM cannot say exactly what a glob says, the translation widens (denies more) and says so.
 *
 * IAM resource patterns (IAM User Guide, "IAM JSON policy elements: Resource"): `*` and `?` within the
 * colon-separated segments of an ARN; a `*` ending a segment may match across colons; no wildcard in the
 * service segment. Resources compare case-sensitively.
 */

/** A protected entry that names resources of one IAM namespace. */
export interface NamedResources {
  source: string;
  /** The ARN's service segment: `s3`, `rds`. */
  namespace: string;
  /** IAM resource patterns, the entry's own first. */
  resources: string[];
}

/** A protected entry that reaches every service (`arn:aws:*:*:123456789012:*`, `**`, a protected account). */
export interface WideScope {
  source: string;
  /** Account patterns the scope is limited to; absent: every account. */
  accounts?: string[];
  /** Region patterns the scope is limited to; absent: every region. */
  regions?: string[];
}

export interface Translation {
  named: NamedResources[];
  wide: WideScope[];
  /** Not AWS resources (paths, git refs, Kubernetes, Terraform): the gate alone protects them. */
  skipped: string[];
  /** AWS resources the session policy cannot name. */
  unexpressed: string[];
  notes: string[];
}

/** More brace alternatives than this are widened to `*` rather than listed. */
const MAX_EXPANSIONS = 16;

/** `{a,b}c{d,e}` → `acd ace bcd bce`; undefined when there would be more than `limit`. */
export function expandBraces(glob: string, limit = MAX_EXPANSIONS): string[] | undefined {
  const open = innermostBrace(glob);
  if (!open) return [glob];
  const [start, end] = open;
  const body = glob.slice(start + 1, end);
  if (!body.includes(',')) {
    // `{x}` is literal in minimatch; keep it so, by escaping nothing: treat as the text itself.
    return expandBraces(glob.slice(0, start) + '\u0000' + body + '\u0001' + glob.slice(end + 1), limit)?.map((s) =>
      s.replace(/\u0000/g, '{').replace(/\u0001/g, '}'),
    );
  }
  const out: string[] = [];
  for (const alt of body.split(',')) {
    const rest = expandBraces(glob.slice(0, start) + alt + glob.slice(end + 1), limit);
    if (!rest) return undefined;
    out.push(...rest);
    if (out.length > limit) return undefined;
  }
  return [...new Set(out)];
}

/** The first `{…}` with no brace inside it. */
function innermostBrace(s: string): [number, number] | undefined {
  let open = -1;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') open = i;
    else if (s[i] === '}' && open >= 0) return [open, i];
  }
  return undefined;
}

/** `[0-9]` and `[!x]` stand for one character: IAM's `?` covers every one of them. */
function widenClasses(s: string): { text: string; widened: boolean } {
  let widened = false;
  const text = s.replace(/\[(?:[!^])?\]?[^\]]*\]/g, () => {
    widened = true;
    return '?';
  });
  return { text, widened };
}

/**
 * How a glob that does not start with `arn:` relates to ARNs in the gate's matcher: `all` when it is
 * nothing but wildcards (`*`, `**`) or starts like one (`ar*`), `some` when a wildcard comes first and
 * literal text follows (`*prod*`: it can match some ARN), `none` when its literal start rules ARNs
 * out (`/home/…`, `git://…`) or it is a path glob (a wildcard, then a slash).
 */
function arnReach(glob: string): 'all' | 'some' | 'none' {
  if (/^[*?][*?/]*$/.test(glob)) return 'all';
  const fixed = glob.split(/[*?[{]/)[0];
  if (fixed.length === glob.length || !'arn:'.startsWith(fixed)) return 'none';
  // `**/.env`, `*/build/**`: path globs; an ARN would have to end in that path, which is not what they mean.
  if (fixed === '' && /^[*?]+\//.test(glob)) return 'none';
  return fixed.length > 0 && /^[*?]+$/.test(glob.slice(fixed.length)) ? 'all' : 'some';
}

function isAwsIdentifier(glob: string): boolean {
  return glob.startsWith('aws://');
}

/** IAM splits an ARN into six segments; the resource keeps its colons. */
export function arnSegments(arn: string): string[] {
  const parts = arn.split(':');
  if (parts.length <= 6) return parts;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function hasWildcard(s: string): boolean {
  return /[*?]/.test(s);
}

/**
 * Sub-resources whose ARNs extend the protected one: what a glob naming the parent should also cover,
 * because deleting them empties or breaks the parent (objects of a bucket, a secret's random suffix).
 */
function companions(namespace: string, resource: string, arn: string): string[] {
  if (resource.endsWith('*')) return [];
  switch (namespace) {
    case 's3':
      return resource.includes('/') ? [] : [`${arn}/*`];
    case 'cloudformation':
      return /^stack\/[^/]+$/.test(resource) ? [`${arn}/*`] : /^stackset\/[^:]+$/.test(resource) ? [`${arn}:*`] : [];
    case 'logs':
      return /^log-group:[^:]+$/.test(resource) ? [`${arn}:*`] : [];
    case 'dynamodb':
      return /^table\/[^/]+$/.test(resource) ? [`${arn}/*`] : [];
    case 'secretsmanager':
      // Secret ARNs end in `-` and six random characters.
      return /^secret:[^:]+$/.test(resource) && !/-[A-Za-z0-9]{6}$/.test(resource) ? [`${arn}-??????`] : [];
    default:
      return [];
  }
}

export function translateProtected(
  patterns: readonly string[],
  opts: { partition: string; protectedAccounts: readonly string[] },
): Translation {
  const t: Translation = { named: [], wide: [], skipped: [], unexpressed: [], notes: [] };
  for (const source of patterns) {
    const expanded = expandBraces(source);
    let alternatives = expanded;
    if (!alternatives) {
      alternatives = [source.replace(/\{[^{}]*\}/g, '*')];
      t.notes.push(`"${source}" has more than ${MAX_EXPANSIONS} brace alternatives; each {…} is widened to *.`);
    } else if (alternatives.length > 1) {
      t.notes.push(`"${source}" is expanded to ${alternatives.length} patterns (IAM has no braces).`);
    }
    for (const alt of alternatives) translateOne(source, alt, opts.partition, t);
  }
  for (const account of opts.protectedAccounts) {
    t.wide.push({ source: `account ${account}`, accounts: [account] });
  }
  return t;
}

function translateOne(source: string, glob: string, partition: string, t: Translation): void {
  let arn: string;
  if (glob.startsWith('s3://')) arn = `arn:${partition}:s3:::${glob.slice(5)}`;
  else if (glob.startsWith('arn:')) arn = glob;
  else if (isAwsIdentifier(glob)) {
    if (!t.unexpressed.includes(source)) {
      t.unexpressed.push(source);
      t.notes.push(`"${source}" names AWS resources by Blast Radius's own aws:// identifier, which has no ARN form the policy could use: only the gate protects them.`);
    }
    return;
  } else if (arnReach(glob) === 'all') {
    t.wide.push({ source });
    t.notes.push(`"${source}" matches every ARN, so it protects every AWS resource: destructive actions are denied everywhere.`);
    return;
  } else if (arnReach(glob) === 'some') {
    if (!t.unexpressed.includes(source)) {
      t.unexpressed.push(source);
      t.notes.push(`"${source}" starts with a wildcard, so the gate also matches it against ARNs; IAM cannot express it (an IAM resource must name its service), so the session policy does not carry it: write AWS resources as arn: or s3:// patterns.`);
    }
    return;
  } else {
    if (!t.skipped.includes(source)) t.skipped.push(source);
    return;
  }
  const classes = widenClasses(arn.replace(/\*{2,}/g, '*'));
  if (classes.widened) t.notes.push(`"${source}": IAM has no character classes; each [...] is widened to ? (any one character).`);
  const segments = arnSegments(classes.text);
  if (segments.length < 6) {
    const last = segments[segments.length - 1];
    if (!last.endsWith('*')) {
      t.notes.push(`"${source}" is not a complete ARN (fewer than six parts) and matches no resource; nothing to deny.`);
      return;
    }
    while (segments.length < 6) segments.push('*');
  }
  const [, , service, region, account, resource] = segments;
  if (service === '' || hasWildcard(service)) {
    addWide(source, region, account, resource, t);
    return;
  }
  const own = segments.join(':');
  const inside = companions(service, resource, own);
  const resources = [own, ...inside];
  const insideNote = 'A protected ARN also covers what lies inside it: a bucket\'s objects (/*), a stack\'s id (/*), a table\'s indexes and backups (/*), a log group\'s streams (:*), a secret\'s random suffix (-??????).';
  if (inside.length > 0 && !t.notes.includes(insideNote)) t.notes.push(insideNote);
  const existing = t.named.find((n) => n.source === source && n.namespace === service);
  if (existing) existing.resources.push(...resources.filter((r) => !existing.resources.includes(r)));
  else t.named.push({ source, namespace: service, resources });
}

/** IAM cannot wildcard the service: the scope becomes every service, narrowed by account or region keys. */
function addWide(source: string, region: string, account: string, resource: string, t: Translation): void {
  const scope: WideScope = { source };
  if (account !== '*' && account !== '') scope.accounts = [account];
  if (region !== '*' && region !== '') scope.regions = [region];
  t.wide.push(scope);
  if (resource !== '*') {
    t.notes.push(`"${source}": IAM cannot wildcard the service of an ARN, so its resource part "${resource}" is widened to every resource${scope.accounts ? ' of the account' : ''}.`);
  }
}
