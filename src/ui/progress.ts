/**
 * Progress for humans, on stderr: a cli-progress bar on a terminal; one plain line every few seconds when
 * stderr is a file or a CI log; nothing with --quiet or --json. The engine only reports numbers.
 */
import cliProgress from 'cli-progress';
import { type Counts, emptyCounts } from '../engine/events.js';
import { formatCount, formatRate, plural } from '../util/counts.js';

export interface ProgressView {
  /** `rowsRead`: rows taken from the input so far (done or not); rowsDone when not given. */
  update(rowsDone: number, counts: Counts, rowsRead?: number): void;
  stop(): void;
}

export interface ProgressOptions {
  stream: NodeJS.WriteStream | NodeJS.WritableStream;
  enabled: boolean;
  /** stderr can draw the bar (a terminal: see ui/terminal.ts); else a plain line every few seconds. */
  drawsBar: boolean;
  totalBytes?: number;
  bytesRead: () => number;
  /** How often the plain line is written when not on a terminal. */
  intervalMs?: number;
  now?: () => number;
}

const NONE: ProgressView = { update: () => {}, stop: () => {} };

/** Rows per second, written as the summary writes them (formatRate). */
function rate(rows: number, ms: number): string {
  return formatRate(ms > 0 ? (rows * 1000) / ms : 0);
}

/**
 * The share of the file whose rows are done, between 0 and 1; undefined when the size is unknown. Rows in a
 * file are unknown until it is read, and the reader runs ahead of the requests (a small file is read whole at
 * once), so the share read is scaled by the share of rows read that are done.
 */
function shareDone(read: number, total: number | undefined, rowsDone: number, rowsRead: number) {
  if (!total) return undefined;
  const shareRead = Math.min(1, read / total);
  return rowsRead > 0 ? shareRead * Math.min(1, rowsDone / rowsRead) : 0;
}

/**
 * ETA from the share done so far. None once the share reaches 1 before the end: the whole file read and every row
 * read done says nothing of the rows the parser holds that the run has not taken yet (a small file showed
 * "ETA 0s" with rows still to go).
 */
function etaSeconds(startedAt: number, now: number, share: number | undefined): number | undefined {
  if (share === undefined || share <= 0 || share >= 1) return undefined;
  return Math.max(0, Math.round(((now - startedAt) * (1 - share)) / share / 1000));
}

/**
 * Rows done well; rows refused by zcust's own checks (invalid, and in-file duplicates), never sent; rows the
 * platform refused or that failed after retries. One "failed" for the first two read as if the API had refused
 * rows that were never sent.
 */
function tally(counts: Counts): { ok: string; invalid: string; failed: string } {
  // Written as the summary writes counts (1,250, not 1250), on the plain line and the bar alike.
  return {
    ok: formatCount(counts.created + counts.valid + counts.skipped),
    invalid: formatCount(counts.invalid + counts.duplicate),
    failed: formatCount(counts.failed),
  };
}

export function formatProgressLine(
  rowsDone: number,
  counts: Counts,
  elapsedMs: number,
  eta?: number,
): string {
  const { ok, invalid, failed } = tally(counts);
  const parts = [
    plural(rowsDone, 'row'),
    `${ok} ok`,
    `${invalid} invalid`,
    `${failed} failed`,
    `${rate(rowsDone, elapsedMs)} rows/s`,
  ];
  if (eta !== undefined) parts.push(`ETA ${eta}s`);
  return `zcust: ${parts.join(' · ')}`;
}

export function createProgress(opts: ProgressOptions): ProgressView {
  if (!opts.enabled) return NONE;
  const now = opts.now ?? Date.now;
  const startedAt = now();
  if (!opts.drawsBar) {
    const interval = opts.intervalMs ?? 5000;
    let last = startedAt;
    let latest = { rowsDone: 0, counts: emptyCounts(), rowsRead: 0 };
    const writeIfDue = () => {
      const t = now();
      if (t - last < interval) return;
      last = t;
      const { rowsDone, counts, rowsRead } = latest;
      const share = shareDone(opts.bytesRead(), opts.totalBytes, rowsDone, rowsRead);
      const eta = etaSeconds(startedAt, t, share);
      opts.stream.write(`${formatProgressLine(rowsDone, counts, t - startedAt, eta)}\n`);
    };
    // Rows finishing write the line; so does this clock when none finish (a server that stalls, a long
    // Retry-After): minutes of silence tripped CI "no output" watchdogs. A fifth of the interval keeps the gap
    // within 1.2 intervals; unref: it never holds the process open.
    const heartbeat = setInterval(writeIfDue, Math.max(1, interval / 5));
    heartbeat.unref();
    return {
      update(rowsDone, counts, rowsRead = rowsDone) {
        // A copy: the engine counts a row before the report takes it, and the heartbeat may write meanwhile.
        latest = { rowsDone, counts: { ...counts }, rowsRead };
        writeIfDue();
      },
      stop() {
        clearInterval(heartbeat);
      },
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: opts.stream as NodeJS.WriteStream,
      // Our own ETA (from the share done): cli-progress's assumes evenly paced updates and shows NULL.
      format:
        ' {bar} {percentage}% | {rows} rows | {ok} ok · {invalid} invalid · {failed} failed | {rps} rows/s | ETA {remaining}',
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  // Per mille of the file done: the bar's total is a fixed scale, the share comes from shareDone().
  const SCALE = 1000;
  bar.start(SCALE, 0, { rows: 0, ok: 0, invalid: 0, failed: 0, rps: formatRate(0), remaining: '…' });
  return {
    update(rowsDone, counts, rowsRead = rowsDone) {
      const share = shareDone(opts.bytesRead(), opts.totalBytes, rowsDone, rowsRead);
      const eta = etaSeconds(startedAt, now(), share);
      bar.update(Math.round((share ?? 0) * SCALE), {
        remaining: eta === undefined ? '…' : `${eta}s`,
        rows: formatCount(rowsDone),
        ...tally(counts),
        rps: rate(rowsDone, now() - startedAt),
      });
    },
    stop() {
      bar.stop();
    },
  };
}
