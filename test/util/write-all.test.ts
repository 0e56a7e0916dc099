import { writeSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { writeAll } from '../../src/util/write-all.js';

// A disk that fills mid-write: writeSync takes part of the bytes and reports success; only the next call fails.
const FD = 1001;
vi.mock('node:fs', async (original) => ({
  ...(await original<typeof import('node:fs')>()),
  writeSync: vi.fn(),
}));
const write = vi.mocked(writeSync);

/** writeSync that accepts `room` bytes in all, at most `perCall` a call, then fails with ENOSPC. */
function diskWithRoom(room: number, perCall: number) {
  const landed: Buffer[] = [];
  let left = room;
  write.mockImplementation(((fd: number, buffer: Buffer, offset: number, length: number) => {
    expect(fd).toBe(FD);
    if (left === 0) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    const n = Math.min(length, perCall, left);
    landed.push(Buffer.from(buffer.subarray(offset, offset + n)));
    left -= n;
    return n;
  }) as typeof writeSync);
  return { landed: () => Buffer.concat(landed).toString('utf8') };
}

// A block body: a function returned from beforeEach is run as the test's teardown.
beforeEach(() => {
  write.mockReset();
});

describe('writeAll', () => {
  it.each([
    ['in one call', 1000, 1000],
    ['when each call takes 3 bytes', 1000, 3],
  ])('writes every byte %s', (_, room, perCall) => {
    const disk = diskWithRoom(room, perCall);
    writeAll(FD, 's 1f2e3d 7\n+s café 7\n');
    expect(disk.landed()).toBe('s 1f2e3d 7\n+s café 7\n');
  });

  it('throws when the disk fills part-way, though the first call reported success', () => {
    const disk = diskWithRoom(5, 100);
    expect(() => writeAll(FD, 's 1f2e3d 7\n')).toThrow(/ENOSPC/);
    expect(disk.landed()).toBe('s 1f2');
  });
});
