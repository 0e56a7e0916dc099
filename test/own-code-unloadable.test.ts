import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { unloadableOwnCode } from '../src/own-code-unloadable.js';
import { ROOT } from './support/zcust.js';

const failed = (code: string, message: string, path?: string) =>
  Object.assign(new Error(message), { code, ...(path === undefined ? {} : { path }) });

const CHUNK = join(ROOT, 'dist', 'chunk-ABCD1234.js');

describe('unloadableOwnCode: a module of zcust that would not load is a usage error that says what to do', () => {
  it.each<[string, unknown, string]>([
    [
      'too many open files, opening a chunk',
      failed('EMFILE', `EMFILE: too many open files, open '${CHUNK}'`, CHUNK),
      'cannot start: too many open files (EMFILE): raise the limit, e.g. ulimit -n 1024',
    ],
    [
      "the system's table full, opening a chunk",
      failed('ENFILE', `ENFILE: file table overflow, open '${CHUNK}'`, CHUNK),
      "cannot start: the system's table of open files is full (ENFILE): close some programs and try again",
    ],
    [
      'a chunk missing',
      failed('ERR_MODULE_NOT_FOUND', `Cannot find module '${CHUNK}' imported from /x/dist/cli.js`),
      `cannot load zcust's code (Cannot find module '${CHUNK}' imported from /x/dist/cli.js): reinstall (npm ci)`,
    ],
    [
      'a dependency missing from node_modules',
      failed('MODULE_NOT_FOUND', "Cannot find module 'iconv-lite'\nRequire stack:\n- /x/dist/chunk.js"),
      "cannot load zcust's code (Cannot find module 'iconv-lite'): reinstall (npm ci)",
    ],
  ])('%s', (_, error, message) => {
    const usage = unloadableOwnCode(error);
    expect(usage).toBeInstanceOf(UsageError);
    expect(usage?.message).toBe(message);
  });

  // Every other file zcust opens (the input, a report, the journal) says its own failure where it is opened.
  it.each<[string, unknown]>([
    ['too many open files, opening a file elsewhere', failed('EMFILE', 'EMFILE', '/home/me/customers.csv')],
    ['too many open files, no path (a socket)', failed('EMFILE', 'EMFILE: too many open files')],
    ['another failure of a chunk', failed('EACCES', 'EACCES: permission denied', CHUNK)],
    ['a bug', new TypeError('x is not a function')],
    ['not an error', 'thrown text'],
    ['nothing', undefined],
  ])('not %s', (_, error) => {
    expect(unloadableOwnCode(error)).toBeUndefined();
  });
});
