/**
 * Worker thread side of the threaded CSV reader: decoded text chunks come in, csv-parse's records go out.
 * Parsing is a third of `zcust validate`'s work on a large file; on a second core it overlaps with
 * validation and report writing instead of adding to them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { csvCellsAfterComma } from '../report/csv-cell.js';
import { readCsvRecords } from './csv-records.js';
import type { ChunkMessage } from './csv-threaded.js';
import type { Damage } from './types.js';

const port = parentPort;
if (!port) throw new Error('csv-worker must run as a worker thread');

const queue: ChunkMessage[] = [];
let wake: (() => void) | undefined;
let endDamage: Damage | undefined;
port.on('message', (m: ChunkMessage) => {
  queue.push(m);
  const w = wake;
  wake = undefined;
  w?.();
});

async function* chunks(): AsyncGenerator<string> {
  for (;;) {
    while (queue.length === 0) await new Promise<void>((r) => (wake = r));
    const m = queue.shift()!;
    if ('end' in m) {
      endDamage = m.damage;
      return;
    }
    port!.postMessage({ ack: true });
    yield m.chunk;
  }
}

for await (const event of readCsvRecords(
  chunks(),
  (workerData as { delimiter: string }).delimiter,
  () => endDamage,
)) {
  // Rendering the report's cells is work either thread can do. This one does it only while it is keeping
  // up (no piece of text waiting for it); when it is the slower side, the main thread renders them itself.
  if ('records' in event && queue.length === 0) event.rawCsv = event.records.map(csvCellsAfterComma);
  port.postMessage({ event });
}
port.postMessage({ done: true });
