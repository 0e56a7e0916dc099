/**
 * Worker thread side of the threaded CSV reader: csv-parse's records go out, from text this thread is sent or
 * from a file it reads and decodes itself. Parsing is a third of `zcust validate`'s work on a large file; on a
 * second core it overlaps with validation and report writing instead of adding to them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputReadError } from '../errors.js';
import { csvCellsAfterComma } from '../report/csv-cell.js';
import { readCsvRecords } from './csv-records.js';
import {
  type Answer,
  type ChunkMessage,
  type CsvWorkerData,
  type EventAnswer,
  FILE_BATCHES_AHEAD,
  fileRecords,
  rendersOnWorker,
} from './csv-threaded.js';
import { cutShortDetail, FileCutShortError } from './file-cut-short.js';
import type { Damage } from './types.js';

const port = parentPort;
if (!port) throw new Error('csv-worker must run as a worker thread');
const { delimiter, file, events } = workerData as CsvWorkerData;

const queue: ChunkMessage[] = [];
let wake: (() => void) | undefined;
let endDamage: Damage | undefined;
/** Batches a file's reader may still send before the main thread takes one (it sends a credit for each). */
let credits = FILE_BATCHES_AHEAD;
const wakeUp = () => {
  const w = wake;
  wake = undefined;
  w?.();
};
port.on('message', (m: ChunkMessage) => {
  if ('credit' in m) credits++;
  else queue.push(m);
  wakeUp();
});

async function* chunks(): AsyncGenerator<string> {
  for (;;) {
    while (queue.length === 0) await new Promise<void>((r) => (wake = r));
    const m = queue.shift()!;
    if ('end' in m) {
      endDamage = m.damage;
      return;
    }
    if ('chunk' in m) {
      port!.postMessage({ ack: true });
      yield m.chunk;
    }
  }
}

/**
 * Whether this thread is ahead of the main thread. Reading text it is sent: no piece of it waits here. Reading a
 * file: at least half of the batches it may parse ahead are waiting for the main thread; with fewer, the main
 * thread is waiting for this one, and a million-row validate had each side waiting for the other a fifth of the
 * time, the main thread on every batch.
 */
const isAhead = (): boolean =>
  file ? FILE_BATCHES_AHEAD - credits >= FILE_BATCHES_AHEAD / 2 : queue.length === 0;

const source = file
  ? fileRecords(file, delimiter)
  : { events: readCsvRecords(chunks(), delimiter, () => endDamage), bytesRead: undefined };

/**
 * Events go through their own port, which the main thread reads only when it wants the next one: until then each
 * waits there serialized, outside either heap. A note on the usual channel tells the main thread one is there.
 */
const post = (answer: EventAnswer) => {
  events.postMessage(answer);
  port.postMessage({ ready: true } satisfies Answer);
};

try {
  for await (const event of source.events) {
    // Rendering the report's cells is work either thread can do. This one does it only while it is ahead (see
    // isAhead); when it is the slower side, the main thread renders them itself, as it does a batch too wide to
    // render here (see rendersOnWorker).
    if ('records' in event && isAhead() && rendersOnWorker(event.records))
      event.rawCsv = event.records.map(csvCellsAfterComma);
    if (source.bytesRead) {
      while (credits <= 0) await new Promise<void>((r) => (wake = r));
      credits--;
      post({ event, bytesRead: source.bytesRead() });
    } else post({ event });
  }
  post({ done: true });
} catch (error) {
  // A file that cannot be read any further (EIO): thrown, it would reach the main thread as a plain Error, an
  // internal error, where the main thread's own reading stops the run naming the file.
  if (!(error instanceof InputReadError)) throw error;
  post({
    readError: error.message,
    ...(error instanceof FileCutShortError ? { cutShort: cutShortDetail(error) } : {}),
  });
}
