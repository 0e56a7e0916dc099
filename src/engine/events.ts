import type { Issue, Outcome, SourceRow, Status } from '../model.js';

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
