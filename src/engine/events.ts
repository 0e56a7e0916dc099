import type { Issue, Outcome, SourceRow, Status } from '../model.js';
import type { CreateOutcome } from './create.js';

export type Counts = Record<Status, number>;

export const emptyCounts = (): Counts => ({
  valid: 0,
  created: 0,
  skipped: 0,
  invalid: 0,
  duplicate: 0,
  failed: 0,
  not_attempted: 0,
});

/**
 * A created row this run did not create: an earlier import (found in the journal, or by lookup after that import
 * stopped while sending it) or the imported report had, and said so with an already_exists note. (A create of
 * this run whose answer was lost, found by lookup, is this run's: its warning keeps the lost answer's code.) The summary counts them (created_earlier), and
 * "one customer is one row" decides between two such rows.
 */
export const createdEarlier = (outcome: Outcome): boolean =>
  outcome.status === 'created' && outcome.warnings.some((w) => w.code === 'already_exists');

export function outcomeOf(
  row: SourceRow,
  status: Status,
  errors: Issue[] = [],
  warnings: Issue[] = [],
  customerId?: string,
): Outcome {
  const outcome: Outcome = { row: row.row, status, errors, warnings, raw: row.raw };
  if (row.rawCsv !== undefined) outcome.rawCsv = row.rawCsv;
  if (customerId !== undefined) outcome.customerId = customerId;
  return outcome;
}

/** A sent row's outcome: what its create came to, with the warnings it had before (`warnings`). */
export function outcomeOfCreate(row: SourceRow, warnings: Issue[], created: CreateOutcome): Outcome {
  if (created.kind === 'created') {
    const all = [...warnings];
    if (created.note) all.push(created.note);
    if (created.changed) all.push(created.changed);
    return outcomeOf(row, 'created', [], all, created.customerId);
  }
  if (created.kind === 'failed') return outcomeOf(row, 'failed', [created.issue], warnings);
  return outcomeOf(row, 'not_attempted', [], created.note ? [...warnings, created.note] : warnings);
}
