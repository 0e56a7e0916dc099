/** Where the bytes come from: a file (checked up front, so a bad path is a usage error) or a stream. */
import { open, stat } from 'node:fs/promises';
import { ioReason, UsageError } from '../errors.js';

export interface ByteSource {
  bytes: AsyncIterable<Buffer>;
  /** Raw bytes handed out so far. */
  bytesRead(): number;
  totalBytes?: number;
  /** Releases the file even if reading never started (standard input is left to its owner). */
  close(): void;
}

function counted(stream: AsyncIterable<Buffer | string>): Omit<ByteSource, 'close'> {
  let read = 0;
  async function* bytes(): AsyncGenerator<Buffer> {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      read += buffer.length;
      yield buffer;
    }
  }
  return { bytes: bytes(), bytesRead: () => read };
}

/**
 * Bytes read at a time: 16 KB, about 100 rows. On the main thread, where an import also reads the answers to
 * its requests, parsing 64 KB (about 400 rows) held them up for 5–10 ms at a time. For the parsing worker,
 * each chunk becomes one batch of records for the main thread; smaller batches wait there less, so fewer of
 * their rows outlive a garbage collection: a million-row validate ran 8% faster than with 64 KB chunks,
 * in less memory (bench/validate.mjs).
 */
export const CHUNK_BYTES = 16 * 1024;

export async function openFileBytes(file: string): Promise<ByteSource> {
  const cannotRead = (error: unknown) => new UsageError(`cannot read ${file}: ${ioReason(error)}`);
  const stats = await stat(file).catch((error: unknown) => {
    throw cannotRead(error);
  });
  if (stats.isDirectory()) throw cannotRead({ code: 'EISDIR' });
  const handle = await open(file, 'r').catch((error: unknown) => {
    throw cannotRead(error);
  });
  // The stream owns the handle from here: it closes it at the end, on error, when iteration stops early,
  // or when the stream is destroyed.
  const stream = handle.createReadStream({ highWaterMark: CHUNK_BYTES });
  return { ...counted(stream), totalBytes: stats.size, close: () => stream.destroy() };
}

export function streamBytes(stream: NodeJS.ReadableStream): ByteSource {
  return { ...counted(stream as AsyncIterable<Buffer | string>), close: () => {} };
}
