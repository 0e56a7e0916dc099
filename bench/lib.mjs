/** Shared by the benchmarks: generating template files and running zcust with its peak RSS measured. */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DATA = join(ROOT, 'bench', '.data');

const HEADER = [
  'Name',
  'Customer ID',
  'Email',
  'Phone',
  'Address Line 1',
  'Address Line 2',
  'City',
  'State',
  'Zip Code',
  'Country',
  'Country Code',
  'Tax Jurisdiction',
  'Tax ID',
  'Custom Data',
  'Auto Charge',
  'Email Communications',
];

// Checksum-valid identifiers, one per jurisdiction, so the benchmark exercises every validator.
const PROFILES = [
  ['Mumbai', 'MH', '400001', 'India', 'IN', 'IND', '27AAPFU0939F1ZV'],
  ['Austin', 'TX', '73301', 'United States', 'US', 'USA', '12-3456789'],
  ['Sydney', 'NSW', '2000', 'Australia', 'AU', 'AUS', '51 824 753 556'],
  ['Berlin', 'BE', '10115', 'Germany', 'DE', 'EU', 'DE136695976'],
  ['Singapore', '', '018956', 'Singapore', 'SG', 'SG', '201812340W'],
  ['Paris', 'IDF', '75001', 'France', 'FR', 'FR', 'FR40303265045'],
];

export function customerRow(i) {
  const p = PROFILES[i % PROFILES.length];
  return [
    `Customer ${i} Ltd`,
    `BENCH-${i}`,
    `customer${i}@bench.example`,
    '+1-555-0100',
    `${i} Main Street`,
    '',
    p[0],
    p[1],
    p[2],
    p[3],
    p[4],
    p[5],
    p[6],
    `{"tier":"t${i % 3}"}`,
    i % 2 ? 'true' : 'false',
    'yes',
  ];
}

/** Writes (once) a template CSV of `rows` customers and returns its path. */
export async function templateCsv(rows, name = `customers-${rows}.csv`) {
  mkdirSync(DATA, { recursive: true });
  const path = join(DATA, name);
  if (existsSync(path) && statSync(path).size > 0) return path;
  const out = createWriteStream(path);
  out.write(stringify([HEADER]));
  const chunk = 2000;
  for (let i = 0; i < rows; i += chunk) {
    const lines = [];
    for (let j = i; j < Math.min(rows, i + chunk); j++) lines.push(customerRow(j));
    if (!out.write(stringify(lines))) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())));
  return path;
}

/** Runs bin/zcust; resolves with exit code, wall time, stdout/stderr and peak RSS in MB. */
export function runZcust(args, { env = {}, cwd = ROOT } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      process.execPath,
      ['--import', join(ROOT, 'bench', 'rss-probe.mjs'), join(ROOT, 'bin', 'zcust.js'), ...args],
      { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const m = /bench-peak-rss-kb (\d+)/.exec(stderr);
      resolve({ code, ms, stdout, stderr, peakRssMb: m ? Number(m[1]) / 1024 : Number.NaN });
    });
  });
}

export const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export { dirname };

/** Starts `zcust sandbox` in its own process (its own core) and resolves with its URL and a stop(). */
export function startSandboxProcess(args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'zcust.js'), 'sandbox', '--port', '0', ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /ZCUST_BASE_URL=(\S+)/.exec(out);
      if (m) {
        resolve({
          url: m[1],
          stats: async () => (await fetch(`${m[1]}/__stats`)).json(),
          stop: () =>
            new Promise((r) => {
              child.once('close', r);
              child.kill('SIGINT');
            }),
        });
      }
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`sandbox exited ${code}: ${err}`)));
  });
}

export const SANDBOX_ENV = {
  ZENSKAR_API_KEY: 'zsk_sandbox_key',
  ZENSKAR_ORGANISATION: '00000000-0000-4000-8000-000000000001',
};
