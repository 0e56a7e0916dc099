/**
 * readCsvRecords on a worker thread, for large files: the same events in the same order, while this thread
 * validates and writes the report. A file the worker reads itself, bytes to records; standard input this
 * thread reads and hands over as text. Either way only a few pieces of text and batches of records are in
 * flight, so memory stays flat however fast either side runs.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { InputReadError } from '../errors.js';
import { plural } from '../util/counts.js';
import { wholeCharactersEnd } from '../util/whole-characters.js';
import { fdBytes } from './bytes.js';
import { type CsvEvent, readCsvRecords } from './csv-records.js';
import { decodeText } from './decode.js';
import { type CutShortDetail, fileCutShortAgain } from './file-cut-short.js';
import type { Damage } from './types.js';

export type ChunkMessage = { chunk: string } | { end: true; damage?: Damage } | { credit: true };
/**
 * What the worker sends through its events port, in order. `bytesRead`: of the file, when the worker reads it
 * (for the progress bar). `readError`: the message of the InputReadError the worker met (an error's class does
 * not cross between threads: it would be an internal error); `cutShort`, when that was a FileCutShortError.
 */
export type EventAnswer =
  | { event: CsvEvent; bytesRead?: number }
  | { done: true }
  | { readError: string; cutShort?: CutShortDetail };
/** What the worker says on its usual channel: a piece of text taken, or one more EventAnswer waiting. */
export type Answer = { ack: true } | { ready: true };

/** What the worker parses: text this thread feeds it, or a file it reads and decodes itself. */
export type ThreadedSource =
  | { text: AsyncIterable<string>; decodeDamage: () => Damage | undefined; name: string }
  | { file: WorkerFile; onBytesRead: (bytes: number) => void };

export interface WorkerFile {
  /** The descriptor this thread opened the file with, lent (ByteSource.lendFd): the worker reads that very file. */
  fd: number;
  /** Its size when this thread opened it (FdLoan's): the worker's reading ends there at the earliest. */
  bytesAtOpen: number;
  /** For a file without a byte-order mark, as --encoding says. */
  encoding: string;
  /** As the user named the file, for messages. */
  name: string;
}

export interface CsvWorkerData {
  delimiter: string;
  file?: WorkerFile;
  /** Where the worker sends its EventAnswers (see readCsvRecordsThreaded). */
  events: MessagePort;
}

/**
 * Text goes to the worker in pieces of about this many characters (about 100 rows), each parsed into one batch
 * of records for this thread. Small batches wait here less, so fewer of their rows outlive a garbage
 * collection. With BATCHES_AHEAD at one, a million-row validate ran 8% faster, in less memory, than with
 * 64 KB pieces and three batches waiting (nine interleaved pairs).
 */
export const PIECE_CHARS = 16 * 1024;
/** Pieces queued for the worker: it never waits for text while this thread has some. */
const PIECES_AHEAD = 3;
/**
 * Batches of records parsed ahead of this thread, which validates and is the slower side. One is enough for it
 * never to wait; more only sit in memory long enough to survive garbage collections (see PIECE_CHARS).
 */
const BATCHES_AHEAD = 1;
/**
 * A file the worker reads itself: batches it may parse ahead of this thread. They wait in the events port,
 * serialized, until this thread takes them one at a time (receiveMessageOnPort): none of their rows is an object
 * on this thread's heap before its turn. When every batch was taken as it arrived, the waiting rows survived
 * garbage collections (this thread's GC 28% of its time, not 16%, with 16 ahead), so at most 2 could wait, and
 * each side then waited on the other, the main thread on every batch.
 */
export const FILE_BATCHES_AHEAD = 8;
/** Bytes the worker parses at a time from a file: about 100 rows, as PIECE_CHARS. */
export const FILE_CHUNK_BYTES = 16 * 1024;
/**
 * Bytes the worker reads at a time, then parses FILE_CHUNK_BYTES at a time: each read waits on a round trip
 * through libuv's thread pool, during which the worker parses nothing.
 */
const FILE_READ_BYTES = 4 * FILE_CHUNK_BYTES;
/**
 * Whether the worker renders a batch's report cells (see csv-worker.ts): not one of more than 64 Ki fields, left
 * to the main thread. Rendering builds each record's string a piece at a time, about 60 bytes a field until it
 * is sent: a record of 8 M empty fields, within the record cap, did not fit in 256 MB of the worker's heap, and
 * fits in 112 MB unrendered. 100 rows of 600 columns are still rendered.
 */
export function rendersOnWorker(records: readonly string[][]): boolean {
  let fields = 0;
  for (const record of records) fields += record.length;
  return fields <= 64 * 1024;
}
/**
 * The worker's module, beside this one: in tsc's per-module build, dist-modules/input/csv-worker.js; in the bundle,
 * dist/csv-worker.js, an entry point of its own beside the chunk that holds this code (the build keeps every
 * file of the bundle at the top of dist/).
 */
const WORKER_URL = new URL('./csv-worker.js', import.meta.url);

/** Worker threads need the built JavaScript; under a TypeScript test runner the reader stays on this thread. */
export const threadsAvailable = import.meta.url.endsWith('.js') && process.env.ZCUST_THREADS !== '0';

/**
 * Where the next piece of `text` ends: at PIECE_CHARS (csv-parse reads a record across pieces), but never
 * between the two halves of a surrogate pair: csv-parse turns each piece into bytes, and half a pair would
 * become U+FFFD.
 */
export function pieceEnd(text: string): number {
  return wholeCharactersEnd(text, PIECE_CHARS);
}

export async function* readCsvRecordsThreaded(
  source: ThreadedSource,
  delimiter: string,
): AsyncGenerator<CsvEvent> {
  if (!threadsAvailable) {
    if ('file' in source)
      throw new Error('a file is read on the worker only where worker threads are available');
    yield* readCsvRecords(source.text, delimiter, source.decodeDamage);
    return;
  }
  // The parser holds a few chunks and their records at a time, so its heap stays small. The young
  // generation is where parsing allocates: at 1 MB, garbage collection took a third of the worker's time;
  // at 8 MB with a 12 MB old generation, 1,400 scavenges and 160 full collections a million rows (2.5–3 s),
  // because each scavenge's survivors barely fitted. With the old generation's room below, 8 MB takes 1,330
  // scavenges (0.6 s) and no full collection; 16 MB took 765, for 8 MB more peak RSS (181–183 MB, not 172–177,
  // in three interleaved pairs of equal time), and the worker now has time to spare.
  // The old generation holds what outlives a scavenge: a few batches, and a long record while it is parsed.
  // Its size is a ceiling, not a reservation (a million rows peak at the same RSS under 24 MB or 512 MB), and
  // it must take any record within the cap: csv-parse's array of a record of 8 MiB of 2-character fields, and
  // their strings, needed 112 MB (an array of 8 M empty fields, as it grows, 105 MB). At 24 MB such records,
  // which the main thread reads, ended the run with an internal error; and V8 may abort the whole process
  // rather than end the worker when its heap runs out (nodejs/node#47224), hence room to spare.
  // The worker's events wait in this channel, serialized, until this thread takes them (receiveMessageOnPort):
  // batches parsed ahead cost no garbage collection here, however many (see FILE_BATCHES_AHEAD).
  const { port1: events, port2: workerEvents } = new MessageChannel();
  const workerData: CsvWorkerData =
    'file' in source
      ? { delimiter, file: source.file, events: workerEvents }
      : { delimiter, events: workerEvents };
  const worker = new Worker(WORKER_URL, {
    workerData,
    transferList: [workerEvents],
    resourceLimits: { maxOldGenerationSizeMb: workerOldGenerationMb(), maxYoungGenerationSizeMb: 8 },
  });
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const wakeUp = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  /** The worker failed, or the text it is fed could not be read: after the events it sent before, the run's end. */
  const fail = (error: Error) => {
    failure ??= error;
    wakeUp();
  };
  const feeder = 'text' in source ? feedText(worker, source, fail) : undefined;
  worker.on('message', (a: Answer) => {
    if ('ack' in a) feeder?.acknowledged();
    else {
      // (The last note, for `done`, counts too: by then the text has all been fed.)
      feeder?.batchArrived();
      wakeUp();
    }
  });
  worker.on('error', fail);
  feeder?.feed();
  /** Records handed out: where this thread takes over if the worker runs out of memory. */
  let recordsTaken = 0;
  /**
   * Whether the event loop has run since the last batch was taken. Batches taken from the port as fast as they
   * are validated never let it: V8 finishes its garbage collections' marking in tasks the event loop runs, and
   * without them this thread's heap grew from 56 to 106 MB on a million rows.
   */
  let loopRan = false;
  try {
    for (;;) {
      // Every event the worker sent before it failed comes first: the rows it parsed are reported.
      const next = (receiveMessageOnPort(events)?.message as EventAnswer | undefined) ?? failure;
      if (!next) {
        await new Promise<void>((r) => (wake = r));
        loopRan = true;
        continue;
      }
      if (!loopRan) await new Promise<void>((r) => setImmediate(r));
      loopRan = false;
      if (next instanceof Error) {
        if (!outOfMemory(next)) throw next;
        if ('file' in source) {
          // Parsing is the same on either thread: this one reads the file again and goes on after the records
          // the worker handed out.
          yield* recordsAfter(source, delimiter, recordsTaken);
          return;
        }
        // The text the worker was given is gone: said as what it is, with every row so far reported.
        throw new InputReadError(
          `cannot read ${source.name}: a record after the first ${plural(recordsTaken, 'record')} needs more memory than the parser has; give a regular file's path instead of ${source.name}`,
        );
      }
      if ('event' in next) {
        // The worker may parse one batch more (a file), or this thread sends it more text.
        if (feeder) feeder.batchTaken();
        else worker.postMessage({ credit: true } satisfies ChunkMessage);
        if (next.bytesRead !== undefined && 'file' in source) source.onBytesRead(next.bytesRead);
        if ('records' in next.event) recordsTaken += next.event.records.length;
        yield next.event;
      } else if ('done' in next) return;
      else if (next.cutShort) throw fileCutShortAgain(next.readError, next.cutShort);
      else throw new InputReadError(next.readError);
    }
  } finally {
    const releaseInput = feeder?.stop();
    await worker.terminate();
    events.close();
    await releaseInput?.();
  }
}

/**
 * The old generation's ceiling in MB. ZCUST_WORKER_HEAP_MB (for tests) sets another, to see what happens when
 * the worker runs out of memory.
 */
function workerOldGenerationMb(): number {
  const set = Number(process.env.ZCUST_WORKER_HEAP_MB);
  return Number.isInteger(set) && set > 0 ? set : 512;
}

const outOfMemory = (error: Error): boolean =>
  (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';

/**
 * A file's records from its start, as the worker reads them (and this thread, should the worker run out of
 * memory): its bytes by position through the lent descriptor, decoded, parsed.
 */
export function fileRecords(
  file: WorkerFile,
  delimiter: string,
): { events: AsyncGenerator<CsvEvent>; bytesRead: () => number } {
  const bytes = fdBytes(file.fd, FILE_READ_BYTES, { name: file.name, bytesAtOpen: file.bytesAtOpen });
  const text = decodeText(inPieces(bytes.bytes, FILE_CHUNK_BYTES), {
    encoding: file.encoding,
    wholeLines: true,
    stillBeingWritten: bytes.stillBeingWritten,
  });
  return { events: readCsvRecords(text.chunks, delimiter, text.damage), bytesRead: bytes.bytesRead };
}

/** Each buffer in pieces of at most `size` bytes (views, not copies). */
async function* inPieces(buffers: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  for await (const buffer of buffers) {
    for (let start = 0; start < buffer.length; start += size) yield buffer.subarray(start, start + size);
  }
}

/** The file's records after the first `skip`, parsed on this thread as the worker would have. */
async function* recordsAfter(
  source: { file: WorkerFile; onBytesRead: (bytes: number) => void },
  delimiter: string,
  skip: number,
): AsyncGenerator<CsvEvent> {
  const { events, bytesRead } = fileRecords(source.file, delimiter);
  let toSkip = skip;
  for await (const event of events) {
    let next = event;
    if ('records' in event && toSkip > 0) {
      const records = event.records.slice(toSkip);
      toSkip -= event.records.length - records.length;
      if (records.length === 0) continue;
      next = { records };
    }
    // (Not while skipping: the progress bar would go back to the start.)
    source.onBytesRead(bytesRead());
    yield next;
  }
}

/**
 * Text from this thread to the worker. The feeder keeps the worker supplied on its own, not only when the
 * generator is asked for more: otherwise the worker would sit idle while this thread validates a batch. Both
 * sides stay bounded: at most PIECES_AHEAD pieces of text wait for the worker, and at most BATCHES_AHEAD
 * batches of records wait here.
 */
function feedText(
  worker: Worker,
  source: { text: AsyncIterable<string>; decodeDamage: () => Damage | undefined },
  fail: (error: Error) => void,
) {
  const input = source.text[Symbol.asyncIterator]();
  let waitingInWorker = 0;
  let waitingHere = 0;
  let inputDone = false;
  let closed = false;
  let feeding = false;
  let rest = '';
  const feed = async () => {
    if (feeding) return;
    feeding = true;
    try {
      while (!inputDone && waitingInWorker < PIECES_AHEAD && waitingHere < BATCHES_AHEAD) {
        if (rest === '') {
          const chunk = await input.next();
          // The reader was closed while this read was pending: the worker is gone, nothing more to post.
          if (closed) return;
          if (chunk.done) {
            inputDone = true;
            worker.postMessage({ end: true, damage: source.decodeDamage() } satisfies ChunkMessage);
            continue;
          }
          rest = chunk.value;
        }
        const end = pieceEnd(rest);
        waitingInWorker++;
        worker.postMessage({ chunk: rest.slice(0, end) } satisfies ChunkMessage);
        rest = rest.slice(end);
      }
    } catch (error) {
      fail(error as Error);
    } finally {
      feeding = false;
    }
  };
  return {
    feed: () => void feed(),
    acknowledged() {
      waitingInWorker--;
      void feed();
    },
    batchArrived() {
      waitingHere++;
    },
    batchTaken() {
      waitingHere--;
      void feed();
    },
    /** Stops feeding; returns how to release the text source (after the worker is gone). */
    stop(): () => Promise<void> {
      const unread = !inputDone;
      inputDone = true;
      closed = true;
      return async () => {
        if (unread) await input.return?.();
      };
    },
  };
}
