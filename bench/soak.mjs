/**
 * npm run soak — exactly-once under fire. 10,000 rows into a sandbox (own process) that drops 2% of
 * connections after creating, fails 10% with 503 and rate-limits at 300 requests/s; zcust is killed with
 * SIGKILL at three random moments and re-run each time, then allowed to finish. Prints rows created,
 * duplicates (creates the sandbox rejected because zcust had already created that customer, plus any
 * e-mail stored twice), rows lost (valid rows not in the sandbox or not `created` in the final report) and time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { fmt, ROOT, SANDBOX_ENV, startSandboxProcess, templateCsv } from './lib.mjs';

const ROWS = Number(process.env.SOAK_ROWS ?? 10_000);
const KILLS = 3;
const work = mkdtempSync(join(tmpdir(), 'zcust-soak-'));
const file = await templateCsv(ROWS, `soak-${ROWS}.csv`);
const report = join(work, 'soak.report.csv');
const started = Date.now();
const sandbox = await startSandboxProcess([
  '--drop-rate',
  '0.02',
  '--fail-rate',
  '0.1',
  '--rate-limit',
  '300',
  '--seed',
  '7',
]);

function runImport(killAfterMs) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin', 'zcust.js'),
        'import',
        file,
        '--quiet',
        '--base-url',
        sandbox.url,
        '--report',
        report,
        '--retries',
        '10',
      ],
      {
        cwd: work,
        env: { ...process.env, ...SANDBOX_ENV, ZCUST_STATE_DIR: join(work, 'state') },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

let kills = 0;
for (let i = 0; i < KILLS; i++) {
  const at = 1500 + Math.floor(Math.random() * 6000);
  const r = await runImport(at);
  if (r.signal === 'SIGKILL') kills++;
  const s = await sandbox.stats();
  console.log(
    `run ${i + 1}: killed after ${at} ms (${r.signal ?? `exit ${r.code}`}); sandbox holds ${s.customers}`,
  );
}
const last = await runImport(undefined);
const seconds = (Date.now() - started) / 1000;
const stats = await sandbox.stats();

const rows = parse(readFileSync(report, 'utf8'), { columns: true });
const notCreated = rows.filter((r) => r.zcust_status !== 'created');
const emails = new Map();
let after;
/** The sandbox still injects 503s and 429s: ask again until it answers. */
async function listPage(cursor) {
  const url = `${sandbox.url}/customers?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  for (;;) {
    const res = await fetch(url, {
      headers: { 'x-api-key': SANDBOX_ENV.ZENSKAR_API_KEY, organisation: SANDBOX_ENV.ZENSKAR_ORGANISATION },
    });
    if (res.ok) return res.json();
    await new Promise((r) => setTimeout(r, 200));
  }
}
do {
  const page = await listPage(after);
  for (const c of page.data) emails.set(c.email.toLowerCase(), (emails.get(c.email.toLowerCase()) ?? 0) + 1);
  after = page.next;
} while (after);
const storedTwice = [...emails.values()].filter((n) => n > 1).length;
const missing = rows.filter((r) => !emails.has(r.Email.toLowerCase())).length;

await sandbox.stop();
rmSync(work, { recursive: true, force: true });

console.log(`final run: exit ${last.code}${last.code ? `\n${last.stderr.slice(0, 1500)}` : ''}`);
console.log(`rows in file:        ${fmt(ROWS)}; report lines ${fmt(rows.length)}; kills ${kills}`);
console.log(`rows created:        ${fmt(stats.customers)}`);
console.log(
  `duplicates:          ${stats.duplicates + storedTwice} (sandbox rejected ${stats.duplicates} repeat creates; ${storedTwice} e-mails stored twice)`,
);
console.log(
  `rows lost:           ${Math.max(missing, notCreated.length)} (${missing} valid rows not in the sandbox; ${notCreated.length} report rows not created)`,
);
console.log(
  `faults injected:     ${stats.injected.dropped} dropped, ${stats.injected.failures} 503, ${stats.injected.rateLimited} 429`,
);
console.log(`time:                ${fmt(seconds, 1)} s`);
