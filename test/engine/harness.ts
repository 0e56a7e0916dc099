/**
 * Drives runEngine in-process against a real sandbox: real HTTP client, real target adapters, a real
 * RunStop and (where a test wants one) a real journal. Only the rows are made up, built here as a reader
 * would hand them over.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateRow } from '../../src/customer/schema.js';
import { type NetContext, RunStop } from '../../src/engine/context.js';
import type { EngineOptions, EngineResult } from '../../src/engine/options.js';
import { runEngine } from '../../src/engine/run.js';
import { createHttpClient, type HttpClient } from '../../src/http/client.js';
import type { HttpRequest, HttpResponse } from '../../src/http/types.js';
import type { Customer, Outcome, SourceRow, Status, TargetName } from '../../src/model.js';
import {
  type Sandbox,
  type SandboxOptions,
  type SandboxStats,
  startSandbox,
} from '../../src/sandbox/index.js';
import { type Journal, openJournal } from '../../src/state/journal.js';
import { rowKey } from '../../src/state/row-keys.js';
import { getTarget } from '../../src/targets/index.js';
import type { Credentials } from '../../src/targets/target.js';
import { COLUMN } from '../../src/template.js';

/** A valid customer row numbered `i` (spreadsheet row i + 2); `undefined` in `fields` leaves a column out. */
export function customerRow(i: number, fields: Record<string, string | undefined> = {}): SourceRow {
  const all: Record<string, string | undefined> = {
    [COLUMN.name]: `Customer ${i}`,
    [COLUMN.email]: `c${i}@test.example`,
    [COLUMN.customerId]: `C-${i}`,
    ...fields,
  };
  const kept = Object.fromEntries(
    Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return { row: i + 2, fields: kept, raw: Object.values(kept) };
}

/** `count` valid, distinct customer rows numbered from 0. */
export function customerRows(count: number, fields?: (i: number) => Record<string, string | undefined>) {
  return Array.from({ length: count }, (_, i) => customerRow(i, fields?.(i)));
}

/** The Customer the validator makes of a row (the row must be valid). */
export function customerOf(row: SourceRow): Customer {
  const { customer, errors } = validateRow(row);
  if (!customer) throw new Error(`test row ${row.row} is invalid: ${JSON.stringify(errors)}`);
  return customer;
}

/** The journal key the engine uses for a row. */
export const keyOf = (row: SourceRow) => rowKey(customerOf(row));

export interface Harness {
  sandbox: Sandbox;
  client: HttpClient;
  stop: RunStop;
  net: NetContext;
}

export interface HarnessOptions extends SandboxOptions {
  target?: TargetName;
  /** Sockets the client keeps open; match the engine's concurrency. */
  connections?: number;
  retries?: number;
  /** Laid over the sandbox's own credentials (to send wrong ones). */
  credentials?: Partial<Credentials>;
  journal?: Journal;
}

const open = new Set<Harness>();
const tempDirs: string[] = [];

/** A sandbox of `target` with faults, and the NetContext an import into it would use. Closed by cleanUp. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const { connections = 8, retries = 5, credentials, journal, ...sandboxOptions } = opts;
  const sandbox = await startSandbox({ port: 0, ...sandboxOptions });
  const client = createHttpClient({
    baseUrl: sandbox.url,
    timeoutMs: 10_000,
    connections,
    userAgent: 'zcust-engine-test',
  });
  const stop = new RunStop();
  const net: NetContext = {
    client,
    credentials: { ...sandbox.credentials, ...credentials },
    target: getTarget(sandbox.target),
    retries,
    // Tiny waits: tests are about what happens, not how long it takes.
    backoff: { baseMs: 1, maxMs: 5 },
    random: Math.random,
    stop,
    ...(journal ? { journal } : {}),
  };
  const harness = { sandbox, client, stop, net };
  open.add(harness);
  return harness;
}

/**
 * Puts `intercept` between the engine and the harness's client: it sees each request as it goes out, and may
 * pass it on. Its turn comes at once (the harness sets no --rate), so the request's onTurn is called first, as
 * the client would call it (unless the run has stopped): an intercept that answers in the server's place still
 * finds the journal as the client leaves it.
 */
export function interceptSends(
  h: Harness,
  intercept: (req: HttpRequest, send: HttpClient['send']) => Promise<HttpResponse>,
): void {
  const send = h.net.client.send.bind(h.net.client);
  h.net.client = {
    ...h.net.client,
    send: (req) => {
      const { onTurn, ...goingOut } = req;
      if (!req.signal?.aborted) onTurn?.();
      return intercept(goingOut, send);
    },
  };
}

/** Closes every harness and removes every temp journal dir; call from afterEach. */
export async function cleanUp(): Promise<void> {
  for (const h of open) {
    await h.client.close();
    await h.sandbox.close();
  }
  open.clear();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface Run {
  result: EngineResult;
  /** In the order onOutcome received them. */
  outcomes: Outcome[];
}

type RunOptions = Partial<Omit<EngineOptions, 'rows' | 'onOutcome'>> & {
  onOutcome?: (outcome: Outcome, delivered: number) => void;
};

/** Runs the engine over `rows` (an import into the harness's sandbox unless told otherwise). */
export async function runRows(
  h: Harness | undefined,
  rows: Iterable<SourceRow> | AsyncIterable<SourceRow>,
  opts: RunOptions = {},
): Promise<Run> {
  const outcomes: Outcome[] = [];
  const { onOutcome, ...rest } = opts;
  const result = await runEngine({
    mode: 'import',
    target: h?.net.target ?? getTarget('zenskar'),
    includeExample: false,
    failFast: false,
    skipExisting: false,
    concurrency: 8,
    ...(h ? { net: h.net, stop: h.stop } : {}),
    ...rest,
    rows: toAsync(rows),
    onOutcome: (outcome) => {
      outcomes.push(outcome);
      onOutcome?.(outcome, outcomes.length);
    },
  });
  return { result, outcomes };
}

async function* toAsync(rows: Iterable<SourceRow> | AsyncIterable<SourceRow>): AsyncGenerator<SourceRow> {
  yield* rows;
}

/** Creates these rows' customers in the sandbox directly (not through the engine); returns email → id. */
export async function seedCustomers(h: Harness, rows: readonly SourceRow[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const row of rows) {
    const customer = customerOf(row);
    const res = await h.client.send(h.net.target.createRequest(customer, h.sandbox.credentials));
    const result = h.net.target.interpretCreate(res);
    if (result.kind !== 'created')
      throw new Error(`seeding row ${row.row} failed: ${JSON.stringify(result)}`);
    ids.set(customer.email ?? customer.name, result.customerId);
  }
  return ids;
}

/** What the sandbox counted since `before` (requests, creates, lookups, …). */
export function statsSince(h: Harness, before: SandboxStats) {
  const now = h.sandbox.stats();
  return {
    requests: now.requests - before.requests,
    creates: now.creates - before.creates,
    lookups: now.lookups - before.lookups,
    duplicates: now.duplicates - before.duplicates,
  };
}

/** Status per row number, for messages that say which row broke. */
export const statusByRow = (outcomes: readonly Outcome[]) =>
  Object.fromEntries(outcomes.map((o) => [o.row, o.status])) as Record<number, Status>;

export const codes = (issues: readonly { code: string }[]) => issues.map((i) => i.code);

/** The number of rows a run's counts add up to. */
export const countsTotal = (r: EngineResult) => Object.values(r.counts).reduce((a, b) => a + b, 0);

/** A fresh journal in a temp dir; `reopen` gives what a later run would read (earlier records only). */
export function tempJournal(target: TargetName, baseUrl = 'http://127.0.0.1:1') {
  const dir = mkdtempSync(join(tmpdir(), 'zcust-engine-'));
  tempDirs.push(dir);
  const identity = { target, baseUrl, tenant: 'test' };
  return {
    dir,
    open: (fresh = false) => openJournal(dir, identity, { fresh }),
  };
}
