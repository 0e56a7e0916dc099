/** `zcust sample-csv`: the template, from src/template.ts, with the John Doe example row unless --no-example. */
import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { refuseEmpty } from '../empty-value.js';
import { ioReason, UsageError } from '../errors.js';
import type { TargetName } from '../model.js';
import { getTarget } from '../targets/index.js';
import { COLUMN, exampleRow, templateColumns } from '../template.js';
import { readerHasGone, writeOut } from '../util/write-out.js';

export interface SampleCsvOptions {
  output?: string;
  example: boolean;
  target: TargetName;
}

export function renderSampleCsv(opts: Pick<SampleCsvOptions, 'example' | 'target'>): string {
  const header = templateColumns(opts.target).map((c) => c.name);
  const rows = opts.example ? [header, exampleFor(opts.target)] : [header];
  return stringify(rows);
}

/**
 * The example row with only what the target imports filled in, and Name and Email, which make it the example
 * (skipped on import). Filled in as it was for every target, a DayZero or AmbioSys file modelled on it carried
 * values the target drops, each column warned about on import (10 for DayZero, 19 for AmbioSys).
 */
export function exampleFor(target: TargetName): string[] {
  const platform = getTarget(target);
  const values = exampleRow(target);
  return templateColumns(target).map(({ name }, i) =>
    name === COLUMN.name || name === COLUMN.email || platform.usesColumn(name) ? (values[i] ?? '') : '',
  );
}

export async function runSampleCsv(opts: SampleCsvOptions, stdout: NodeJS.WritableStream): Promise<void> {
  const text = renderSampleCsv(opts);
  // `-o "$FILE"` with FILE unset: refused, as `--report ""` is, not quietly written to standard output.
  refuseEmpty(opts.output, '-o', 'give a file name, or "-" for standard output');
  // "-o -" is standard output, as "-" is standard input for validate and import.
  if (opts.output === undefined || opts.output === '-') {
    const error = await writeOut(stdout, text);
    if (error && !readerHasGone(error)) {
      throw new UsageError(`cannot write the template to standard output: ${ioReason(error)}`);
    }
    return;
  }
  try {
    writeFileSync(opts.output, text);
  } catch (error) {
    throw new UsageError(`cannot write the template to ${opts.output}: ${ioReason(error)}`);
  }
}
