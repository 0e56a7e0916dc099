#!/usr/bin/env node
/**
 * The one build of zcust: `npm run build` and `prepare` run it; the test suite's global setup runs it with
 * --modules.
 *
 * dist/ is what ships and what bin/zcust.js runs: src/cli.ts bundled by esbuild with its dependencies, so that
 * starting the CLI reads a few files instead of resolving, reading and linking some 200 modules. The code a
 * command alone needs (the HTTP client, the sandbox, each command) stays in chunks loaded by the dynamic
 * import()s that keep the others from loading it. The CSV parsing worker is an entry point of its own,
 * dist/csv-worker.js. Every file of the bundle sits at the top of dist/: code that finds files from
 * import.meta.url (the worker, package.json, api/: see src/package-root.ts) counts on it.
 *
 * --modules also runs tsc, which writes one module per source file to dist-modules/ for the tests that load or
 * replace single modules. tsc emits despite type errors (they are `npm run typecheck`'s to report): they are
 * printed and the build goes on.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = 'dist';

/**
 * Left out of the bundle, loaded from node_modules when first used. iconv-lite: its tables would be half a
 * megabyte of the HTTP client's chunk, and input/iconv-on-demand.ts loads it with a require of its own on the
 * first file that is not UTF-8: kept apart, both share the one copy.
 */
const EXTERNAL = ['iconv-lite'];

async function buildBundle() {
  rmSync(join(ROOT, OUT), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'src/cli.ts', 'csv-worker': 'src/input/csv-worker.ts' },
    outdir: OUT,
    entryNames: '[name]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // The CommonJS dependencies bundled (commander, undici, ajv, yaml, …) require Node's own modules, which an
    // ES module can only do through a require made for it.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    // Stack traces name dist/ files and their lines; with NODE_OPTIONS=--enable-source-maps, src/ files.
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    metafile: true,
  });
  const nested = Object.keys(result.metafile.outputs).filter((file) =>
    file.slice(OUT.length + 1).includes('/'),
  );
  if (nested.length > 0) throw new Error(`build: files of the bundle below ${OUT}/: ${nested.join(', ')}`);
}

function buildModules() {
  rmSync(join(ROOT, 'dist-modules'), { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) process.stderr.write(`build: tsc reported problems:\n${tsc.stdout}${tsc.stderr}\n`);
}

await buildBundle();
if (process.argv.includes('--modules')) buildModules();
