// Builds every entry point into dist/ with one esbuild context each.
//   node esbuild.mjs               development build (sourcemaps)
//   node esbuild.mjs --production  minified, no sourcemaps (what the VSIX ships)
//   node esbuild.mjs --watch       rebuild on change
// Type-checking is tsc's job (`npm run typecheck`); esbuild only strips types.
import * as esbuild from 'esbuild';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const require = createRequire(import.meta.url);
const { version } = require('./package.json');

/**
 * `blast-radius check` pays for every byte of cli.js at start-up (its budget is 150 ms); the resolvers
 * (~150 KB) are only needed with --preview, so main.ts's dynamic import of them goes to their own bundle.
 */
const cliPreviewExternal = {
  name: 'cli-preview-external',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/preview$/ }, (args) => (args.importer.endsWith(path.join('src', 'cli', 'main.ts')) ? { path: './cli-preview.js', external: true } : undefined));
  },
};

/** Entry points: one bundle each. Later entries (shim, hook, webview) are added here. */
const entries = [
  { in: 'src/extension.ts', out: 'extension', platform: 'node', external: ['vscode'] },
  { in: 'src/cli/main.ts', out: 'cli', platform: 'node', banner: '#!/usr/bin/env node', plugins: [cliPreviewExternal] },
  // The live-preview resolvers for `check --preview`, apart so that a plain `check` does not compile them.
  { in: 'src/preview/index.ts', out: 'cli-preview', platform: 'node' },
  // Run by the terminal shims when the gate is not reachable over curl, or not at all.
  { in: 'src/shim/client-main.ts', out: 'shim-client', platform: 'node' },
  // The credential_process of agent terminals' AWS config: asks the gate for scoped session credentials.
  { in: 'src/aws/scoped/credential-process-main.ts', out: 'credential-process', platform: 'node' },
  // The MCP server (stdio) for VS Code's MCP support and other MCP clients.
  { in: 'src/mcp/server-main.ts', out: 'mcp', platform: 'node' },
];

/** The tree-sitter runtime and the bash grammar are loaded at run time from beside the bundles. */
async function copyGrammar() {
  const wasmDir = path.dirname(require.resolve('@vscode/tree-sitter-wasm'));
  await mkdir('dist', { recursive: true });
  for (const file of ['tree-sitter.wasm', 'tree-sitter-bash.wasm']) {
    await copyFile(path.join(wasmDir, file), path.join('dist', file));
  }
}

/**
 * The AWS SDK clients the live previews use are not bundled into every entry: they go once into
 * dist/aws-sdk/ as ES modules with shared chunks, and the entries import them on first use. A
 * process that never previews an AWS action never loads or even parses them.
 */
const AWS_CLIENTS = Object.keys(require('./package.json').dependencies).filter((d) => d.startsWith('@aws-sdk/client-'));
const awsSdkExternal = {
  name: 'aws-sdk-external',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/client-/ }, (args) => ({ path: `./aws-sdk/${args.path.slice('@aws-sdk/'.length)}.mjs`, external: true }));
  },
};

/**
 * The AWS operation table (18,000 operations, 0.8 MB) is required lazily by the core. Inlined, every
 * bundle carried a copy and every process paid to parse it at start-up, AWS command or not; as one JSON
 * file beside the bundles it is read only by the first AWS command, and shipped once.
 */
const AWS_TABLE = 'src/core/rules/aws/operations.generated.json';
const awsTableExternal = {
  name: 'aws-table-external',
  setup(build) {
    build.onResolve({ filter: /operations\.generated\.json$/ }, () => ({ path: './aws-operations.json', external: true }));
  },
};
async function copyAwsTable() {
  await mkdir('dist', { recursive: true });
  await writeFile('dist/aws-operations.json', JSON.stringify(JSON.parse(await readFile(AWS_TABLE, 'utf8'))));
}

const problemMatcherLog = {
  name: 'log',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log(`[watch] built ${build.initialOptions.outfile}`);
    });
  },
};

async function main() {
  await copyGrammar();
  await copyAwsTable();
  const contexts = await Promise.all(
    entries.map((e) =>
      esbuild.context({
        entryPoints: [e.in],
        outfile: `dist/${e.out}.js`,
        bundle: true,
        format: 'cjs',
        platform: e.platform,
        // Prefer packages' ES module builds: some UMD builds (jsonc-parser) hide requires from the bundler.
        mainFields: ['module', 'main'],
        target: 'node20',
        external: e.external ?? [],
        banner: e.banner ? { js: e.banner } : undefined,
        define: { BLAST_RADIUS_VERSION: JSON.stringify(version) },
        minify: production,
        sourcemap: !production,
        sourcesContent: false,
        logLevel: 'silent',
        plugins: [...(e.plugins ?? []), awsSdkExternal, awsTableExternal, problemMatcherLog],
      }),
    ),
  );
  contexts.push(
    await esbuild.context({
      entryPoints: Object.fromEntries(AWS_CLIENTS.map((c) => [c.slice('@aws-sdk/'.length), c])),
      outdir: 'dist/aws-sdk',
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      mainFields: ['module', 'main'],
      // Some SDK dependencies still call require(); give the ES modules one.
      banner: { js: "import { createRequire as __brCreateRequire } from 'node:module'; const require = __brCreateRequire(import.meta.url);" },
      minify: production,
      sourcemap: false,
      logLevel: 'silent',
      plugins: [problemMatcherLog],
    }),
  );
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.allSettled(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
