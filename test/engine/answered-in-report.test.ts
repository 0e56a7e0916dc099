/**
 * A row the report answers for (marked created with the tenant's id, zcust_error_code left unknown_outcome) is
 * recorded in the journal only as it leaves the run created: after "one customer is one row". Recorded as it was
 * read, a second row given the same id was failed by the rule but journaled as that customer, for good.
 */
import { describe, expect, it } from 'vitest';
import { answeredInReport } from '../../src/engine/answered-in-report.js';
import { type NetContext, RunStop } from '../../src/engine/context.js';
import { FOUND_BY_LOOKUP } from '../../src/engine/create.js';
import { createOrderedOutput } from '../../src/engine/ordered-output.js';
import type { Issue, Outcome } from '../../src/model.js';
import type { Journal } from '../../src/state/journal.js';
import { getTarget } from '../../src/targets/index.js';

/** The journal lines written: [key, row, id] of each created line. */
type Line = [string, number, string];

function netRecording(lines: Line[]): NetContext {
  const journal = {
    created: (key: string, row: number, id: string) => lines.push([key, row, id]),
    knowsCustomer: () => false,
    toldOtherKey: () => undefined,
  } as unknown as Journal;
  return { target: getTarget('ambiosys'), journal } as unknown as NetContext;
}

/** Row `row` of the report, marked created with `id` after an unknown_outcome, as answered for (key `key-<row>`). */
function answered(net: NetContext, row: number, id = '7'): Outcome {
  const source = {
    row,
    fields: { Name: `Cust ${row}` },
    raw: [`Cust ${row}`],
    previous: { status: 'created', customerId: id, errorCode: 'unknown_outcome' },
  };
  const outcome: Outcome = {
    row,
    status: 'created',
    customerId: id,
    errors: [],
    warnings: [],
    raw: source.raw,
  };
  return answeredInReport(net, { kind: 'done', outcome }, source, `key-${row}`);
}

/** Row `row`, customer 7 by another path: found by a lookup of this run. */
const otherPath =
  (note: Issue) =>
  (_: NetContext, row: number): Outcome => ({
    row,
    status: 'created',
    customerId: '7',
    errors: [],
    warnings: [note],
    raw: [],
  });

/** The outcomes put in `putOrder` (indexes into `rows`), as answers come; they leave in input order. */
async function leave(net: NetContext, rows: Outcome[], putOrder = rows.map((_, i) => i)) {
  const left: Outcome[] = [];
  const output = createOrderedOutput(
    { net, failFast: false, onOutcome: (o) => void left.push(o) },
    new RunStop(),
  );
  const seqs = rows.map(() => output.sink.reserve());
  for (const i of putOrder) void output.put(seqs[i] ?? 0, rows[i] as Outcome);
  await output.sink.drained();
  return left;
}

type Make = (net: NetContext, row: number) => Outcome;

describe('a row the report answers for: journaled only once the run reports it created', () => {
  it.each<{ why: string; first: Make; second: Make; lines: Line[]; putOrder?: number[] }>([
    {
      why: 'two rows the report gives one id',
      first: answered,
      second: answered,
      lines: [['key-2', 2, '7']],
    },
    {
      why: 'two rows the report gives one id, the second put first',
      first: answered,
      second: answered,
      lines: [['key-2', 2, '7']],
      putOrder: [1, 0],
    },
    {
      // The found row's line is its lookup's (create.ts), not this rule's.
      why: 'a row a lookup of this run found with the id, then a row the report gives it',
      first: otherPath(FOUND_BY_LOOKUP),
      second: answered,
      lines: [],
    },
  ])(
    '$why: the second is refused, unknown_outcome, and not journaled',
    async ({ first, second, lines, putOrder }) => {
      const written: Line[] = [];
      const net = netRecording(written);
      const [, refused] = await leave(net, [first(net, 2), second(net, 5)], putOrder);
      expect([refused?.status, refused?.customerId], 'row 5').toEqual(['failed', undefined]);
      expect(refused?.errors.map((e) => e.code)).toEqual(['unknown_outcome']);
      expect(refused?.errors[0]?.message).toMatch(
        /^the report gives id 7, and row 2 is that customer in this import \(one customer cannot be two rows\): not recorded, nor sent .* mark this row in this run's report/,
      );
      expect(refused?.warnings, 'row 5 still says it is recorded').toEqual([]);
      expect(written, 'journal lines written').toEqual(lines);
    },
  );

  it('a row the report gives the id of a later row: the first keeps it and is journaled', async () => {
    const written: Line[] = [];
    const net = netRecording(written);
    const [kept, later] = await leave(net, [answered(net, 2), otherPath(FOUND_BY_LOOKUP)(net, 5)]);
    expect([kept?.status, kept?.customerId], 'row 2').toEqual(['created', '7']);
    expect(later?.status, 'row 5, the later of one customer').toBe('failed');
    expect(written).toEqual([['key-2', 2, '7']]);
  });
});
