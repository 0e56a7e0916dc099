/**
 * readCsvRecords on a worker thread, for large files: the same events in the same order, while this thread
 * validates and writes the report. At most a few chunks are in flight and few answers wait, so memory stays
 * flat however fast either side runs.
 */
import { Worker } from 'node:worker_threads';
import { type CsvEvent, readCsvRecords } from './csv-records.js';
import type { Damage } from './types.js';

export type ChunkMessage = { chunk: string } | { end: true; damage?: Damage };
type Answer = { ack: true } | { event: CsvEvent } | { done: true } | { error: Error };

const AHEAD = 2;
const WORKER_URL = new URL('./csv-worker.js', import.meta.url);

/** Worker threads need the built JavaScript; under a TypeScript test runner the reader stays on this thread. */
export const threadsAvailable = WORKER_URL.pathname.includes('/dist/') && process.env.ZCUST_THREADS !== '0';

export async function* readCsvRecordsThreaded(
  chunks: AsyncIterable<string>,
  delimiter: string,
  decodeDamage: () => Damage | undefined,
): AsyncGenerator<CsvEvent> {
  if (!threadsAvailable) {
    yield* readCsvRecords(chunks, delimiter, decodeDamage);
    return;
  }
  // The parser holds a chunk and its records at a time: a small heap is plenty, and keeps the process's RSS down.
  const worker = new Worker(WORKER_URL, {
    workerData: { delimiter },
    resourceLimits: { maxOldGenerationSizeMb: 12, maxYoungGenerationSizeMb: 1 },
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
  worker.on('message', answer);
  worker.on('error', (error) => answer({ error }));
  let inFlight = 0;
  let inputDone = false;
  try {
    for (;;) {
      const next = answers.shift();
      if (next) {
        if ('ack' in next) inFlight--;
        else if ('event' in next) yield next.event;
        else if ('done' in next) return;
        else throw next.error;
        continue;
      }
      if (!inputDone && inFlight < AHEAD) {
        const chunk = await input.next();
        if (chunk.done) {
          inputDone = true;
          worker.postMessage({ end: true, damage: decodeDamage() } satisfies ChunkMessage);
        } else {
          inFlight++;
          worker.postMessage({ chunk: chunk.value } satisfies ChunkMessage);
        }
        continue;
      }
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    await worker.terminate();
    if (!inputDone) await input.return?.();
  }
}
