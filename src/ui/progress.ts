/**
 * Progress for humans, on stderr: a cli-progress bar on a terminal; one plain line every few seconds when
 * stderr is a file or a CI log; nothing with --quiet or --json. The engine only reports numbers.
 */
import cliProgress from 'cli-progress';
import type { Counts } from '../engine/events.js';

export interface ProgressView {
  update(rowsDone: number, counts: Counts): void;
  stop(): void;
}

export interface ProgressOptions {
  stream: NodeJS.WriteStream | NodeJS.WritableStream;
  enabled: boolean;
  isTTY: boolean;
  totalBytes?: number;
  bytesRead: () => number;
  /** How often the plain line is written when not on a terminal. */
  intervalMs?: number;
  now?: () => number;
}

const NONE: ProgressView = { update: () => {}, stop: () => {} };

function rate(rows: number, ms: number): number {
  return ms > 0 ? Math.round((rows * 1000) / ms) : 0;
}

/** ETA from the share of the file read so far: rows in a file are unknown until it is read. */
function etaSeconds(
  startedAt: number,
  now: number,
  read: number,
  total: number | undefined,
): number | undefined {
  if (!total || read <= 0) return undefined;
  const elapsed = now - startedAt;
  return Math.max(0, Math.round(((total - read) * elapsed) / read / 1000));
}

export function formatProgressLine(
  rowsDone: number,
  counts: Counts,
  elapsedMs: number,
  eta?: number,
): string {
  const failed = counts.failed + counts.invalid + counts.duplicate;
  const done = counts.created + counts.valid + counts.skipped;
  const parts = [`${rowsDone} rows`, `${done} ok`, `${failed} failed`, `${rate(rowsDone, elapsedMs)} rows/s`];
  if (eta !== undefined) parts.push(`ETA ${eta}s`);
  return `zcust: ${parts.join(' · ')}`;
}

export function createProgress(opts: ProgressOptions): ProgressView {
  if (!opts.enabled) return NONE;
  const now = opts.now ?? Date.now;
  const startedAt = now();
  if (!opts.isTTY) {
    const interval = opts.intervalMs ?? 5000;
    let last = startedAt;
    return {
      update(rowsDone, counts) {
        const t = now();
        if (t - last < interval) return;
        last = t;
        const eta = etaSeconds(startedAt, t, opts.bytesRead(), opts.totalBytes);
        opts.stream.write(`${formatProgressLine(rowsDone, counts, t - startedAt, eta)}\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: opts.stream as NodeJS.WriteStream,
      // Our own ETA (from the share of bytes read): cli-progress's assumes evenly paced updates and shows NULL.
      format:
        ' {bar} {percentage}% | {rows} rows | {ok} ok · {failed} failed | {rps} rows/s | ETA {remaining}',
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const total = opts.totalBytes && opts.totalBytes > 0 ? opts.totalBytes : 1;
  bar.start(total, 0, { rows: 0, ok: 0, failed: 0, rps: 0, remaining: '…' });
  return {
    update(rowsDone, counts) {
      const read = opts.totalBytes ? Math.min(opts.bytesRead(), total) : 0;
      const eta = etaSeconds(startedAt, now(), read, opts.totalBytes);
      bar.update(read, {
        remaining: eta === undefined ? '…' : `${eta}s`,
        rows: rowsDone,
        ok: counts.created + counts.valid + counts.skipped,
        failed: counts.failed + counts.invalid + counts.duplicate,
        rps: rate(rowsDone, now() - startedAt),
      });
    },
    stop() {
      bar.stop();
    },
  };
}
