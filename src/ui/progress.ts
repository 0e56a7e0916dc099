/**
 * Progress for humans, on stderr: a cli-progress bar on a terminal; one plain line every few seconds when
 * stderr is a file or a CI log; nothing with --quiet or --json. The engine only reports numbers.
 */
import cliProgress from 'cli-progress';
import { type Counts, emptyCounts } from '../engine/events.js';
import { formatCount, formatRate, plural } from '../util/counts.js';
import { type FrameFields, progressFrame } from './progress-frame.js';

export interface ProgressView {
  /** `rowsRead`: rows taken from the input so far (done or not); rowsDone when not given. */
  update(rowsDone: number, counts: Counts, rowsRead?: number): void;
  /**
   * Writes `text` (whole lines) on the stream: on lines of their own above the bar while one is drawn. Written
   * straight onto the bar's line, with the terminal's line wrap off, a message was cut at the edge, then drawn over.
   */
  print(text: string): void;
  /** Ends the progress: a bar is cleared away, and the terminal gets its cursor and line wrap back. */
  stop(): void;
}

export interface ProgressOptions {
  stream: NodeJS.WriteStream | NodeJS.WritableStream;
  enabled: boolean;
  /** stderr can draw the bar (a terminal: see ui/terminal.ts); else a plain line every few seconds. */
  drawsBar: boolean;
  totalBytes?: number;
  bytesRead: () => number;
  /**
   * Whether the run has stopped (Ctrl-C, --fail-fast): from then on no ETA, and the share stays where it was, even
   * before the first row the run passes over is counted.
   */
  stopped?: () => boolean;
  /**
   * Rows created so far by earlier imports (the journal's, a report's, or found after a run stopped while sending
   * them), not sent again. With the skipped rows (the journal's, or found by --skip-existing's lookups, 50 a
   * request) they are the rows done with no create of this run, which pass in bulk (a resumed run thousands a second
   * before it sends anything): counted as work, they made the rate read 10,000 rows/s and the ETA a few seconds
   * where a minute remained.
   */
  createdEarlier?: () => number;
  /** How often the plain line is written when not on a terminal. */
  intervalMs?: number;
  now?: () => number;
}

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
function etaSeconds(
  startedAt: number,
  now: number,
  share: number | undefined,
  sentShare: number,
): number | undefined {
  if (share === undefined || share <= 0 || share >= 1 || sentShare <= 0) return undefined;
  return Math.max(0, Math.round(((now - startedAt) * (1 - share)) / sentShare / 1000));
}

/**
 * Rows done well; rows refused by zcust's own checks (invalid, and in-file duplicates), never sent; rows the
 * platform refused or that failed after retries. One "failed" for the first two read as if the API had refused
 * rows that were never sent. Written as the summary writes counts (1,250, not 1250), on the plain line and the
 * bar alike.
 */
function tally(counts: Counts): string {
  const ok = formatCount(counts.created + counts.valid + counts.skipped);
  const invalid = formatCount(counts.invalid + counts.duplicate);
  return `${ok} ok · ${invalid} invalid · ${formatCount(counts.failed)} failed`;
}

export function formatProgressLine(
  rowsDone: number,
  counts: Counts,
  elapsedMs: number,
  eta?: number,
  paced = rowsDone,
): string {
  const parts = [plural(rowsDone, 'row'), tally(counts), `${rate(paced, elapsedMs)} rows/s`];
  if (eta !== undefined) parts.push(`ETA ${eta}s`);
  return `zcust: ${parts.join(' · ')}`;
}

/** Where a run is, as both views show it. */
interface Position {
  /** Rows the run worked through: rows done, less those a stop passed over (not_attempted). */
  worked: number;
  /** Of those, the rows that set the pace: all but the free ones (created earlier, or skipped: ProgressOptions.createdEarlier), unless all are. */
  paced: number;
  share: number | undefined;
  eta: number | undefined;
  /** The time `paced` took: since the start, or once a row has needed a create, since the free rows before it. */
  elapsedMs: number;
  /** The run has stopped: its rows passed over are counted, or it says so (see ProgressOptions.stopped). */
  stopped: boolean;
}

/** Positions from the engine's numbers. */
interface Positions {
  /** Told of every update (the plain line samples them, and `at` is asked only when a line is due). */
  note(rowsDone: number, counts: Counts, now: number): void;
  at(rowsDone: number, counts: Counts, rowsRead: number, now: number): Position;
}

/**
 * A stopped run passes over the rows it will not send (not_attempted), thousands a second: that is no progress.
 * The rows and the rate leave them out, as the summary's rate does, the share stays where the run stopped (the
 * bar ran on to 100%), and no ETA is given.
 * The rows that need a create are timed from the last update that had none: a resumed run spends seconds passing
 * over the rows done before (35,000 in 11 s of a 100,000-row file), and timed from the start they read 484
 * rows/s and "ETA 134s" where 3,000 a second were being created and 20 s remained.
 */
function positions(opts: ProgressOptions, startedAt: number): Positions {
  let share: number | undefined;
  let pacedFrom = startedAt;
  const workedOf = (rowsDone: number, counts: Counts) => rowsDone - counts.not_attempted;
  const freeOf = (worked: number, counts: Counts) =>
    Math.min((opts.createdEarlier?.() ?? 0) + counts.skipped, worked);
  const note = (rowsDone: number, counts: Counts, now: number) => {
    const worked = workedOf(rowsDone, counts);
    if (freeOf(worked, counts) >= worked) pacedFrom = now;
  };
  return {
    note,
    at(rowsDone, counts, rowsRead, now) {
      const stopped = counts.not_attempted > 0 || opts.stopped?.() === true;
      if (!stopped) share = shareDone(opts.bytesRead(), opts.totalBytes, rowsDone, rowsRead);
      const worked = workedOf(rowsDone, counts);
      const free = freeOf(worked, counts);
      const since = free < worked ? pacedFrom : startedAt;
      // The time since the paced rows began went into them: the rest of the file is timed by their share of it
      // (the rows to come are taken to need requests, as after a stop they do).
      const sentShare = share === undefined || worked === 0 ? 0 : (share * (worked - free)) / worked;
      return {
        worked,
        paced: free < worked ? worked - free : worked,
        share,
        eta: stopped ? undefined : etaSeconds(since, now, share, sentShare),
        elapsedMs: now - since,
        stopped,
      };
    },
  };
}

export function createProgress(opts: ProgressOptions): ProgressView {
  const print = (text: string) => {
    opts.stream.write(text);
  };
  if (!opts.enabled) return { update: () => {}, print, stop: () => {} };
  const now = opts.now ?? Date.now;
  const startedAt = now();
  const positionOf = positions(opts, startedAt);
  if (!opts.drawsBar) {
    const interval = opts.intervalMs ?? 5000;
    let last = startedAt;
    let latest = { rowsDone: 0, counts: emptyCounts(), rowsRead: 0 };
    const writeIfDue = () => {
      const t = now();
      if (t - last < interval) return;
      last = t;
      const { rowsDone, counts, rowsRead } = latest;
      const { worked, paced, elapsedMs, eta } = positionOf.at(rowsDone, counts, rowsRead, t);
      print(
        counts.not_attempted > 0
          ? `zcust: stopping: ${plural(rowsDone, 'row')} · ${WRITING_THE_REST}\n`
          : `${formatProgressLine(worked, counts, elapsedMs, eta, paced)}\n`,
      );
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
        positionOf.note(rowsDone, counts, now());
        writeIfDue();
      },
      print,
      stop() {
        clearInterval(heartbeat);
      },
    };
  }
  return terminalBar(opts, now, positionOf);
}

/**
 * Said once a stopped run passes over the rest of the file to report it not_attempted (a million-row file takes
 * up to a minute and a half), with the rows so far counting on: a line that stood still read as a hang.
 */
const WRITING_THE_REST = 'writing the rest of the report (rows not attempted)';

/** What the bar shows of a position: no ETA at all once the run has stopped (`…` is one still to come). */
const frameFields = (
  { worked, paced, share, eta, elapsedMs, stopped }: Position,
  counts: Counts,
): FrameFields => ({
  share: share ?? 0,
  rows:
    counts.not_attempted > 0
      ? `stopping: ${plural(worked + counts.not_attempted, 'row')}`
      : plural(worked, 'row'),
  tally: tally(counts),
  rate: `${rate(paced, elapsedMs)} rows/s`,
  eta:
    counts.not_attempted > 0 ? WRITING_THE_REST : stopped ? '' : `ETA ${eta === undefined ? '…' : `${eta}s`}`,
});

/** The bar on a terminal. */
function terminalBar(opts: ProgressOptions, now: () => number, positionOf: Positions): ProgressView {
  const bar = new cliProgress.SingleBar({
    stream: opts.stream as NodeJS.WriteStream,
    // Fitted to the terminal's width at each frame (cli-progress passes stream.columns), so a resize is
    // followed. The ETA is zcust's own (from the share done): cli-progress's assumes evenly paced updates.
    format: (_options, params, fields: FrameFields) => progressFrame(fields, params.maxWidth),
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
  });
  const stopped = () => opts.stopped?.() === true;
  let fields = frameFields(
    { worked: 0, paced: 0, share: 0, eta: undefined, elapsedMs: 0, stopped: false },
    emptyCounts(),
  );
  let drawn = true;
  bar.start(1, 0, fields);
  return {
    update(rowsDone, counts, rowsRead = rowsDone) {
      const t = now();
      positionOf.note(rowsDone, counts, t);
      fields = frameFields(positionOf.at(rowsDone, counts, rowsRead, t), counts);
      bar.update(fields);
    },
    print(text) {
      if (!drawn) return void opts.stream.write(text);
      // Taken away and drawn again below the text, which then has the line wrap on and a line of its own.
      // (Only while nothing else is written does stop() find the bar's line where start() left it.)
      bar.stop();
      opts.stream.write(text);
      // Drawn again as it stands now: after Ctrl-C's notice, without the ETA it had.
      if (stopped()) fields = { ...fields, eta: '' };
      bar.start(1, 0, fields);
    },
    stop() {
      drawn = false;
      bar.stop();
    },
  };
}
