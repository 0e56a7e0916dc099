/**
 * readCsvRecords on a worker thread, for large files: the same events in the same order, while this thread
 * validates and writes the report. At most a few pieces of text are in flight and one batch of records
 * waits, so memory stays flat however fast either side runs.
 */
import { Worker } from 'node:worker_threads';
import { type CsvEvent, readCsvRecords } from './csv-records.js';
import type { Damage } from './types.js';

export type ChunkMessage = { chunk: string } | { end: true; damage?: Damage };
type Answer = { ack: true } | { event: CsvEvent } | { done: true } | { error: Error };

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
const WORKER_URL = new URL('./csv-worker.js', import.meta.url);

/** Worker threads need the built JavaScript; under a TypeScript test runner the reader stays on this thread. */
export const threadsAvailable = WORKER_URL.pathname.includes('/dist/') && process.env.ZCUST_THREADS !== '0';

/**
 * Where the next piece of `text` ends: at PIECE_CHARS (csv-parse reads a record across pieces), but never
 * between the two halves of a surrogate pair: csv-parse turns each piece into bytes, and half a pair would
 * become U+FFFD.
 */
export function pieceEnd(text: string): number {
  if (text.length <= PIECE_CHARS) return text.length;
  const last = text.charCodeAt(PIECE_CHARS - 1);
  return last >= 0xd800 && last <= 0xdbff ? PIECE_CHARS - 1 : PIECE_CHARS;
}

export async function* readCsvRecordsThreaded(
  chunks: AsyncIterable<string>,
  delimiter: string,
  decodeDamage: () => Damage | undefined,
): AsyncGenerator<CsvEvent> {
  if (!threadsAvailable) {
    yield* readCsvRecords(chunks, delimiter, decodeDamage);
    return;
  }
  // The parser holds a few chunks and their records at a time, so its heap stays small. The young
  // generation is where parsing allocates: at 1 MB, garbage collection took a third of the worker's time;
  // at 8 MB with a 12 MB old generation, 1,400 scavenges and 160 full collections a million rows (2.5–3 s),
  // because each scavenge's survivors barely fitted. At 16 and 24 MB: 680 scavenges (0.3–0.7 s) and no
  // full collection, for about 7 MB more peak RSS.
  const worker = new Worker(WORKER_URL, {
    workerData: { delimiter },
    resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 16 },
  });
  const input = chunks[Symbol.asyncIterator]();
  const answers: Answer[] = [];
  let wake: (() => void) | undefined;
  const answer = (a: Answer) => {
    answers.push(a);
    const w = wake;
    wake = undefined;
    w?.();
  };

  // The feeder keeps the worker supplied on its own, not only when this generator is asked for more:
  // otherwise the worker would sit idle while this thread validates a batch. Both sides stay bounded: at
  // most PIECES_AHEAD pieces of text wait for the worker, and at most BATCHES_AHEAD batches of records wait here.
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
            worker.postMessage({ end: true, damage: decodeDamage() } satisfies ChunkMessage);
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
      answer({ error: error as Error });
    } finally {
      feeding = false;
    }
  };
  worker.on('message', (a: Answer) => {
    if ('ack' in a) {
      waitingInWorker--;
      void feed();
      return;
    }
    if ('event' in a) waitingHere++;
    answer(a);
  });
  worker.on('error', (error) => answer({ error }));
  void feed();
  try {
    for (;;) {
      const next = answers.shift();
      if (!next) {
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      if ('event' in next) {
        waitingHere--;
        void feed();
        yield next.event;
      } else if ('done' in next) return;
      else if ('error' in next) throw next.error;
    }
  } finally {
    const unread = !inputDone;
    inputDone = true; // stops the feeder
    closed = true;
    await worker.terminate();
    if (unread) await input.return?.();
  }
}
