/**
 * npm run bench:validate — 1,000,000 template rows: zcust validate next to a bare csv-parse pass over the
 * same file, in the same run, and zcust's peak RSS. Reports; asserts nothing. BENCH_ROUNDS (default 2)
 * alternating passes of each.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, fmt, ROOT, runZcust, templateCsv } from './lib.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const file = await templateCsv(ROWS);

/** csv-parse alone over the file, in a process of its own, as zcust runs in its own (bare-csv-parse.mjs). */
function bareCsvParse(path) {
  const out = execFileSync(process.execPath, [join(ROOT, 'bench', 'bare-csv-parse.mjs'), path], {
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

// This machine's speed drifts by 10–15% from one minute to the next (other tenants), so one pass of each
// can compare a fast minute with a slow one. Each is run ROUNDS times, alternating, and the best of each is
// compared; every round's own figures are printed too.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const report = join(DATA, 'validate-bench.report.csv');
const rounds = [];
for (let round = 1; round <= ROUNDS; round++) {
  const bare = bareCsvParse(file);
  const z = await runZcust(['validate', file, '--quiet', '--report', report]);
  rmSync(report, { force: true });
  if (z.code !== 0) {
    console.error(`zcust validate exited ${z.code}:\n${z.stderr.slice(0, 2000)}`);
    process.exitCode = 1;
  }
  const bareRate = (bare.records * 1000) / bare.ms;
  const zRate = (ROWS * 1000) / z.ms;
  rounds.push({ bareRate, zRate, rssMb: z.peakRssMb });
  console.log(
    `round ${round}: bare ${fmt(bareRate)} rows/s (${fmt(bare.ms / 1000, 1)} s), zcust ${fmt(zRate)} rows/s (${fmt(z.ms / 1000, 1)} s), ratio ${fmt(zRate / bareRate, 2)}, peak RSS ${fmt(z.peakRssMb, 1)} MB`,
  );
}
const bestBare = Math.max(...rounds.map((r) => r.bareRate));
const bestZ = Math.max(...rounds.map((r) => r.zRate));
console.log(`rows:                 ${fmt(ROWS)}`);
console.log(`bare csv-parse:       ${fmt(bestBare)} rows/s (best of ${ROUNDS})`);
console.log(
  `zcust validate:       ${fmt(bestZ)} rows/s (best of ${ROUNDS}; whole process incl. start-up and report)`,
);
console.log(`ratio zcust/bare:     ${fmt(bestZ / bestBare, 2)} (target ≥ 0.50)`);
console.log(
  `zcust peak RSS:       ${fmt(Math.max(...rounds.map((r) => r.rssMb)), 1)} MB (the highest of ${ROUNDS}; target < 200 MB)`,
);

// The same file with every report format at once (CSV, JSON, JUnit XML): the writers stream, so memory
// stays flat with them too. Each wait on a report used to leave a reaction behind (284 MB for 600,000 rows
// with a JSON report).
const reports = ['csv', 'json', 'xml'].map((ext) => join(DATA, `validate-bench-all.report.${ext}`));
const all = await runZcust(['validate', file, '--quiet', ...reports.flatMap((r) => ['--report', r])]);
for (const r of reports) rmSync(r, { force: true });
if (all.code !== 0) {
  console.error(`zcust validate with three reports exited ${all.code}:\n${all.stderr.slice(0, 2000)}`);
  process.exitCode = 1;
}
console.log(
  `with CSV + JSON + XML reports: ${fmt((ROWS * 1000) / all.ms)} rows/s, peak RSS ${fmt(all.peakRssMb, 1)} MB (target < 200 MB)`,
);
