import { describe, expect, it } from 'vitest';
import {
  describeDataFile,
  describeSandbox,
  portRefusal,
  requestFailure,
  statsSummary,
} from '../../src/sandbox/describe.js';
import { SANDBOX_CREDENTIALS, type SandboxStats } from '../../src/sandbox/index.js';

const stats: SandboxStats = {
  requests: 12,
  creates: 9,
  duplicates: 0,
  validationRejections: 0,
  authFailures: 0,
  lookups: 3,
  customers: 9,
  injected: { failures: 0, rateLimited: 0, dropped: 0 },
};

describe('the stop line', () => {
  it.each([
    [0, '9 customers stored;'],
    [3, '9 customers stored, 3 of them in memory only (not in the data file, which could not be written);'],
  ])('with %i customers a failed data file kept out, says %s', (unsaved, said) => {
    expect(statsSummary(stats, unsaved)).toContain(` lookups, ${said} injected`);
  });
});

/** The lines of `banner` that are neither blank, nor a # comment, nor NAME=value: what sourcing it runs. */
const linesAShellRuns = (banner: string) =>
  banner.split('\n').filter((line) => !/^(|#.*|[A-Z_]+=\S*)$/.test(line));

describe('the banner', () => {
  const faults = { latencyMs: 5, failRate: 0.1, rateLimit: 0, dropRate: 0, seed: 7 };
  it.each(['zenskar', 'dayzero', 'ambiosys'] as const)(
    'of a %s sandbox is an env file: every line is blank, a # comment or NAME=value',
    (target) => {
      const banner = describeSandbox({
        url: 'http://127.0.0.1:4010',
        target,
        credentials: SANDBOX_CREDENTIALS[target],
        faults,
        dataFile: 'Data file: customers.ndjson, 2 customers loaded',
      });
      expect(linesAShellRuns(banner), 'lines a shell sourcing the output would run').toEqual([]);
      expect(banner).toMatch(/^ZCUST_BASE_URL=http:\/\/127\.0\.0\.1:4010$/m);
    },
  );

  // `--data $'b\ntouch pwned\n.ndjson'`: the path's second line was a command to a shell sourcing the banner.
  it.each([
    ['a line feed', 'b\ntouch pwned\n.ndjson', 'b<U+000A>touch pwned<U+000A>.ndjson'],
    ['a carriage return', 'b\r\ntouch pwned.ndjson', 'b<U+000D><U+000A>touch pwned.ndjson'],
    ['a line separator', 'b\u2028touch pwned.ndjson', 'b<U+2028>touch pwned.ndjson'],
    ['an escape sequence', 'b\u001b[2Jc.ndjson', 'b<U+001B>[2Jc.ndjson'],
  ])(
    'keeps a --data path holding %s to its one comment line, the character written out',
    (_, path, shown) => {
      const found = { loaded: 0, otherTargets: 0, unreadable: 0, unreadableLines: [] };
      const banner = describeSandbox({
        url: 'http://127.0.0.1:4010',
        target: 'zenskar',
        credentials: SANDBOX_CREDENTIALS.zenskar,
        faults,
        dataFile: describeDataFile(path, 'zenskar', found),
      });
      expect(linesAShellRuns(banner), 'lines a shell sourcing the output would run').toEqual([]);
      expect(banner).toContain(`\n# Data file: ${shown}, 0 zenskar customers loaded\n`);
    },
  );
});

describe('a port it cannot listen on', () => {
  it.each([
    ['EADDRINUSE', 4010, 'port 4010 is already in use; choose another with --port (0 = any free port)'],
    [
      'EACCES',
      80,
      'port 80 needs privileges this user lacks (as every port below 1024 does); choose one above 1023 with --port (0 = any free port)',
    ],
  ])('%s is told as the user can fix it', (code, port, said) => {
    expect(portRefusal(port, code)).toBe(said);
  });

  it('leaves any other failure to be reported as the bug it is', () => {
    expect(portRefusal(4010, 'EMFILE')).toBeUndefined();
  });
});

describe('a request that hit a bug', () => {
  const error = new RangeError('Maximum call stack size exceeded');
  it('is one line naming the request and the error, without --verbose', () => {
    expect(requestFailure('POST /customers', error, false)).toBe(
      'zcust sandbox: internal error on POST /customers (answered 500): Maximum call stack size exceeded; ' +
        'please report it (--verbose shows where it happened)',
    );
  });

  it('is followed by its stack with --verbose', () => {
    expect(requestFailure('POST /customers', error, true)).toBe(
      `zcust sandbox: internal error on POST /customers (answered 500): Maximum call stack size exceeded\n${error.stack}`,
    );
  });
});
