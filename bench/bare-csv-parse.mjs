/**
 * The bare csv-parse pass of bench:validate, in its own process: run inside the benchmark's process, the
 * million records it leaves behind were collected while zcust ran, on the same two cores. Prints
 * {"records":N,"ms":T}, T timed from the first read to the last record (start-up not included).
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const started = process.hrtime.bigint();
let records = 0;
for await (const _ of createReadStream(process.argv[2]).pipe(
  parse({ columns: false, skip_empty_lines: true }),
))
  records++;
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`${JSON.stringify({ records: records - 1, ms })}\n`);
