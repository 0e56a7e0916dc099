import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The files of undici a fresh Node process has loaded once it has imported the HTTP client's own module. */
function undiciFilesLoadedBy(modulePath: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(`${root}dist-modules/${modulePath}`)});
    const cache = createRequire(import.meta.url).cache;
    console.log(JSON.stringify(Object.keys(cache).filter((f) => f.includes('/node_modules/undici/'))));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as string[]).map((f) => f.slice(f.indexOf('/node_modules/undici/') + 1));
}

/** The files of undici the bundle holds, by the line esbuild puts above each module's code ("// node_modules/…"). */
function undiciFilesInBundle(): string[] {
  const dist = join(root, 'dist');
  return readdirSync(dist)
    .filter((file) => file.endsWith('.js'))
    .flatMap(
      (file) => readFileSync(join(dist, file), 'utf8').match(/^\/\/ node_modules\/undici\/\S+$/gm) ?? [],
    )
    .map((line) => line.slice('// '.length));
}

// undici's index also loads fetch, WebSockets, HTTP/2, mocks and caches: 60 ms of every import's start-up,
// all of it inside the run's clock, for parts an import never uses.
describe('the HTTP client loads only the parts of undici it uses', () => {
  it('loads the Pool, and not undici/index.js', () => {
    const loaded = undiciFilesLoadedBy('http/client.js');
    expect(loaded).toContain('node_modules/undici/lib/dispatcher/pool.js');
    expect(loaded).not.toContain('node_modules/undici/index.js');
  });

  it('bundles the Pool, and not undici/index.js, into what ships', () => {
    const bundled = undiciFilesInBundle();
    expect(bundled).toContain('node_modules/undici/lib/dispatcher/pool.js');
    expect(bundled).not.toContain('node_modules/undici/index.js');
  });
});
