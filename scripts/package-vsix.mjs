// Packs the already-built dist/ into blast-radius-<version>.vsix with vsce, run under the cached
// Node 24 when this Node is older than 22 (vsce 4 needs Node >= 22).
// `npm run package` builds first, then calls this.
// Never prompts: stdin is closed, so a question from vsce ends the run instead of hanging CI.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVsce, nodeForVsce } from './toolchain.mjs';

/** The Marketplace accepts far more; this catches a VSIX that swallowed node_modules or sources. */
const MAX_BYTES = 3 * 1024 * 1024;

/** What may be inside the VSIX's extension/ folder (.vscodeignore decides; this double-checks).
 *  vsce renames LICENSE to LICENSE.txt and lower-cases readme.md and changelog.md. */
const SHIPPED = [/^dist\/.+\.(js|mjs|wasm)$/, /^dist\/aws-operations\.json$/, /^media\//, /^(package\.json|readme\.md|license(\.txt)?|changelog\.md)$/i];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message, discard) {
  console.error(`package-vsix: ${message}`);
  // A VSIX that failed the checks must not be mistaken for a good one later.
  if (discard) rmSync(discard, { force: true });
  process.exit(1);
}

/** Entry names and uncompressed sizes from the zip's central directory. */
function zipEntries(file) {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) fail(`${file} is not a zip`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) fail(`${file}: bad central directory`);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const skip = nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    entries.push({ name: buf.toString('utf8', at + 46, at + 46 + nameLength), size });
    at += 46 + skip;
  }
  return entries;
}

function main() {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (!existsSync(path.join(root, manifest.main))) fail(`${manifest.main} is missing: build first (npm run package does)`);
  if (!existsSync(path.join(root, 'LICENSE'))) fail('LICENSE is missing (vsce would ask about it)');
  if (!existsSync(path.join(root, 'README.md'))) console.error('package-vsix: warning: README.md is missing; the VSIX ships without one');

  const node = nodeForVsce();
  const vsce = ensureVsce();
  const out = path.join(root, `${manifest.name}-${manifest.version}.vsix`);
  rmSync(out, { force: true }); // a stale VSIX must not survive a failed run
  const args = [vsce, 'package', '--no-dependencies', '--out', out];
  console.error(`package-vsix: ${node} ${args.join(' ')}`);
  const result = spawnSync(node, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error) fail(result.error.message);
  if (result.status !== 0) fail(`vsce package exited with ${result.status}`);

  const entries = zipEntries(out).filter((e) => e.name.startsWith('extension/'));
  const unexpected = entries.map((e) => e.name.slice('extension/'.length)).filter((n) => !SHIPPED.some((re) => re.test(n)));
  if (unexpected.length > 0) fail(`unexpected files in the VSIX (fix .vscodeignore):\n  ${unexpected.join('\n  ')}`, out);

  const bytes = statSync(out).size;
  console.log(`${path.relative(process.cwd(), out) || out}  ${(bytes / 1024).toFixed(1)} KiB, ${entries.length} files`);
  if (bytes > MAX_BYTES) fail(`VSIX is ${bytes} bytes, over the ${MAX_BYTES}-byte limit`, out);
}

main();
