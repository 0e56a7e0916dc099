/**
 * A disk that fills, for a test's `vi.mock('node:fs')`: everything is the real file system, except that a file
 * holds no more than its room, asked of `roomFor` by its path at each write. A write that passes it takes what
 * fits and reports success, as a real disk does (see write-all.ts); the next one fails with ENOSPC.
 *
 *   vi.mock('node:fs', async (real) => (await import('../support/filling-disk.js')).onFillingDisk(await real(), disk));
 */
type Fs = typeof import('node:fs');

export interface FillingDisk {
  /** Bytes the file at `path` may take from its opening on; undefined: as many as it likes. */
  roomFor(path: string): number | undefined;
}

export function onFillingDisk(fs: Fs, disk: FillingDisk): Fs {
  /** Each open file's path and the bytes written to it since it was opened (a closed file's number is reused). */
  const files = new Map<number, { path: string; written: number }>();
  /** As writeAll calls it: bytes, from an offset, so many. */
  const writeSync = (fd: number, bytes: Uint8Array, offset = 0, length = bytes.length - offset): number => {
    const file = files.get(fd);
    const room = file && disk.roomFor(file.path);
    if (file === undefined || room === undefined) return fs.writeSync(fd, bytes, offset, length);
    const taken = Math.min(room - file.written, length);
    if (taken <= 0)
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    file.written += taken;
    return fs.writeSync(fd, bytes, offset, taken);
  };
  return {
    ...fs,
    openSync: (...args: Parameters<Fs['openSync']>) => {
      const fd = fs.openSync(...args);
      files.set(fd, { path: String(args[0]), written: 0 });
      return fd;
    },
    writeSync: writeSync as Fs['writeSync'],
  };
}
