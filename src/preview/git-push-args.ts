/**
 * What a `git push` command line pushes where, as far as the preview needs it: the remote as written
 * (for `ls-remote`) and, for each remote ref, the local revision that would be pushed onto it.
 * Remote refs are qualified as the analysis qualifies them (src/core/rules/git-push.ts).
 */
const VERSION_TAG = /^v?\d+(\.\d+)+([-+.][\w.-]*)?$/;
const WITH_VALUE = new Set(['--repo', '-o', '--push-option', '--receive-pack', '--exec']);

export interface PushSpec {
  /** Full ref on the remote. */
  ref: string;
  /** Local revision pushed onto it; undefined for a delete. */
  src?: string;
}

export interface PushArgs {
  /** The remote as written (a name, a URL, a path); undefined when the command names none. */
  remote?: string;
  specs: PushSpec[];
}

function qualify(name: string, srcHint?: string): string {
  if (name.startsWith('refs/')) return name;
  if (srcHint?.startsWith('refs/tags/') || VERSION_TAG.test(name)) return `refs/tags/${name}`;
  return `refs/heads/${name}`;
}

export function parsePushArgs(args: string[]): PushArgs {
  const words: string[] = [];
  let repo: string | undefined;
  let deleting = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      words.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--repo=')) repo = a.slice('--repo='.length);
    else if (a === '--repo') repo = args[++i];
    else if (WITH_VALUE.has(a)) i++;
    else if (a === '-d' || a === '--delete' || (/^-[a-zA-Z]+$/.test(a) && a.includes('d'))) deleting = true;
    else if (!a.startsWith('-')) words.push(a);
  }
  const remote = repo ?? words[0];
  const specWords = repo ? words : words.slice(1);
  const specs: PushSpec[] = [];
  for (let i = 0; i < specWords.length; i++) {
    let s = specWords[i];
    if (s === 'tag' && specWords[i + 1]) {
      const t = specWords[++i];
      specs.push({ ref: `refs/tags/${t}`, src: deleting ? undefined : `refs/tags/${t}` });
      continue;
    }
    if (s.startsWith('+')) s = s.slice(1);
    const colon = s.indexOf(':');
    const src = colon < 0 ? s : s.slice(0, colon);
    const dst = colon < 0 ? undefined : s.slice(colon + 1);
    if (deleting) specs.push({ ref: qualify(dst || src) });
    else if (dst !== undefined && src === '') specs.push({ ref: qualify(dst) });
    else if (dst) specs.push({ ref: qualify(dst, src), src });
    else specs.push({ ref: qualify(src), src });
  }
  return { remote, specs };
}
