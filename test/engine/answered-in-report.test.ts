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
import type { Issue, Outcome, TargetName } from '../../src/model.js';
import type { Journal } from '../../src/state/journal.js';
import { getTarget } from '../../src/targets/index.js';

/** The journal lines written: [key, row, id] of each created line. */
type Line = [string, number, string];

/** `known`: the ids the journal holds for other rows, as the platform returned them. */
function netRecording(lines: Line[], target: TargetName = 'ambiosys', known: string[] = []): NetContext {
  const journal = {
    created: (key: string, row: number, id: string) => lines.push([key, row, id]),
    knowsCustomer: (id: string) => known.includes(id),
    toldOtherKey: () => undefined,
  } as unknown as Journal;
  return { target: getTarget(target), journal } as unknown as NetContext;
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

const UUID = '3f2b9c1e-7a4d-4e8b-9c2f-1a2b3c4d5e6f';
const OTHER_ROWS = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('a row the report answers for: its id must look like one of the target', () => {
  it.each<{ target: TargetName; typed: string; recorded: string }>([
    { target: 'zenskar', typed: UUID, recorded: UUID },
    { target: 'zenskar', typed: UUID.toUpperCase(), recorded: UUID },
    { target: 'dayzero', typed: UUID.toUpperCase(), recorded: UUID },
    { target: 'ambiosys', typed: '123', recorded: '123' },
    { target: 'ambiosys', typed: '0123', recorded: '123' },
  ])('$target, $typed: recorded as $recorded', async ({ target, typed, recorded }) => {
    const written: Line[] = [];
    const net = netRecording(written, target, [OTHER_ROWS]);
    const [kept] = await leave(net, [answered(net, 2, typed)]);
    expect([kept?.status, kept?.customerId], 'row 2').toEqual(['created', recorded]);
    expect(written, 'journal lines written').toEqual([['key-2', 2, recorded]]);
  });

  it.each<{ target: TargetName; typed: string; why: RegExp }>([
    {
      target: 'zenskar',
      typed: `{${UUID}}`,
      why: /^the report gives id .*, and Zenskar's customer ids are UUIDs \(8-4-4-4-12 hex digits/,
    },
    {
      target: 'zenskar',
      typed: 'not-an-id',
      why: /^the report gives id .*, and Zenskar's customer ids are UUIDs \(8-4-4-4-12 hex digits/,
    },
    {
      target: 'dayzero',
      typed: '42',
      why: /^the report gives id .*, and DayZero's customer ids are UUIDs \(8-4-4-4-12 hex digits/,
    },
    {
      target: 'ambiosys',
      typed: 'abc',
      why: /^the report gives id abc, and AmbioSys's customer ids are whole numbers \(as 123\)/,
    },
    {
      target: 'zenskar',
      typed: OTHER_ROWS,
      why: /an earlier import into this tenant recorded for another row/,
    },
    {
      target: 'zenskar',
      typed: OTHER_ROWS.toUpperCase(),
      why: /an earlier import into this tenant recorded for another row/,
    },
  ])('$target, $typed: refused, and not journaled', async ({ target, typed, why }) => {
    const written: Line[] = [];
    const net = netRecording(written, target, [OTHER_ROWS]);
    const [refused] = await leave(net, [answered(net, 2, typed)]);
    expect([refused?.status, refused?.customerId], 'row 2').toEqual(['failed', undefined]);
    expect(refused?.errors.map((e) => e.code)).toEqual(['unknown_outcome']);
    expect(refused?.errors[0]?.message).toMatch(why);
    expect(written, 'journal lines written').toEqual([]);
  });
});
