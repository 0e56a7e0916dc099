import { writeSync } from 'node:fs';

/**
 * Writes all of `text` at the descriptor's position, or throws. A single writeSync may write only part of it
 * (a disk that fills mid-write takes what fits and reports success); the next attempt is then the one that
 * fails (ENOSPC). A caller told "written" must be able to rely on every byte: the journal sends a create
 * only once its "sending" line is there, and a torn line is cut away by the next run.
 */
export function writeAll(fd: number, text: string | Uint8Array): void {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let done = 0;
  while (done < bytes.length) {
    const wrote = writeSync(fd, bytes, done, bytes.length - done);
    if (wrote <= 0) throw Object.assign(new Error('no byte could be written'), { code: 'EIO' });
    done += wrote;
  }
}
