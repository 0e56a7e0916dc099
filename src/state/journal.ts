/**
 * The import journal: an append-only record, per import, of what zcust did to each row, so that a re-run
 * (even after kill -9) never creates a customer twice and never loses a row.
 *
 * Before a create goes out its row is recorded as "sending"; after the answer, as created / skipped / failed /
 * unknown. Each record is one short line written with writeSync on an O_APPEND descriptor: once writeSync
 * returns, the line is in the kernel's page cache and survives the process being killed at any instant
 * (only a machine crash could lose it, and fsync per row would cost more than the whole request).
 * A torn last line is ignored on load.
 *
 * Rows are known by a key, not by their row number, so that editing or fixing a file between runs keeps
 * the memory of what was created: the e-mail (case-insensitive), else the Customer ID, else the row's content.
 * Keys are stored as SHA-256 prefixes: the journal holds no secrets and no personal data in clear.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Customer } from '../model.js';

export type JournalState =
  | { state: 'sending' }
  | { state: 'created'; customerId: string }
  | { state: 'skipped'; customerId: string }
  | { state: 'unknown' };

export interface JournalIdentity {
  /** Absolute path of the input (or "stdin"). */
  input: string;
  target: string;
  baseUrl: string;
  /** The tenant: organisation or business id; never a secret. */
  tenant: string;
}

export interface Journal {
  readonly path: string;
  get(key: string): JournalState | undefined;
  sending(key: string, row: number): void;
  created(key: string, row: number, customerId: string): void;
  skipped(key: string, row: number, customerId: string): void;
  failed(key: string, row: number): void;
  unknown(key: string, row: number): void;
  close(): void;
  /** How many rows the journal knew of when it was opened (for "resuming: N rows already done"). */
  readonly resumed: { created: number; skipped: number; inFlight: number; unknown: number };
}

const sha = (text: string, length: number) =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/** The row's identity across runs. */
export function rowKey(customer: Customer): string {
  if (customer.email) return sha(`e:${customer.email.toLowerCase()}`, 24);
  if (customer.externalId) return sha(`x:${customer.externalId}`, 24);
  return sha(`h:${JSON.stringify(customer)}`, 24);
}

export function journalPath(stateDir: string, id: JournalIdentity): string {
  return join(stateDir, `${sha(JSON.stringify([id.input, id.target, id.baseUrl, id.tenant]), 20)}.journal`);
}

/** Lines: `s KEY ROW`, `c KEY ROW ID`, `k KEY ROW ID`, `f KEY ROW`, `u KEY ROW`. */
function applyLine(states: Map<string, JournalState>, line: string): void {
  const [op, key, , id] = line.split(' ');
  if (!key) return;
  switch (op) {
    case 's':
      states.set(key, { state: 'sending' });
      break;
    case 'c':
      if (id) states.set(key, { state: 'created', customerId: id });
      break;
    case 'k':
      if (id) states.set(key, { state: 'skipped', customerId: id });
      break;
    case 'u':
      states.set(key, { state: 'unknown' });
      break;
    case 'f':
      // Failed means "certainly not created": the next run may send it again.
      states.delete(key);
      break;
  }
}

export function openJournal(stateDir: string, identity: JournalIdentity, opts: { fresh: boolean }): Journal {
  mkdirSync(stateDir, { recursive: true });
  const path = journalPath(stateDir, identity);
  const states = new Map<string, JournalState>();
  if (!opts.fresh && existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    // A line without its newline was torn by a kill: ignore it.
    if (!text.endsWith('\n')) lines.pop();
    for (const line of lines) if (line && !line.startsWith('#')) applyLine(states, line);
  }
  const resumed = { created: 0, skipped: 0, inFlight: 0, unknown: 0 };
  for (const s of states.values()) {
    if (s.state === 'created') resumed.created++;
    else if (s.state === 'skipped') resumed.skipped++;
    else if (s.state === 'sending') resumed.inFlight++;
    else resumed.unknown++;
  }
  const fd = openSync(path, opts.fresh ? 'w' : 'a');
  if (opts.fresh || states.size === 0) {
    writeSync(
      fd,
      `# zcust journal v1 ${JSON.stringify({ ...identity, opened_at: new Date().toISOString() })}\n`,
    );
  }
  const append = (line: string) => {
    writeSync(fd, `${line}\n`);
    applyLine(states, line);
  };
  return {
    path,
    resumed,
    get: (key) => states.get(key),
    sending: (key, row) => append(`s ${key} ${row}`),
    created: (key, row, id) => append(`c ${key} ${row} ${id.replace(/\s/g, '')}`),
    skipped: (key, row, id) => append(`k ${key} ${row} ${id.replace(/\s/g, '')}`),
    failed: (key, row) => append(`f ${key} ${row}`),
    unknown: (key, row) => append(`u ${key} ${row}`),
    close: () => closeSync(fd),
  };
}
