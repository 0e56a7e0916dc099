import { describe, expect, it } from 'vitest';
import { endedIn, processStart, startTicksOf } from '../../src/state/process-start.js';

/** A /proc/PID/stat line for a command called `name` that started `ticks` after boot (field 22). */
const stat = (name: string, ticks: string, state = 'S') =>
  `4242 (${name}) ${state} 1 4242 4242 0 -1 4194560 120 0 0 0 1 0 0 0 20 0 1 0 ${ticks} 9388032 512 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0`;

describe('startTicksOf: field 22 of /proc/PID/stat', () => {
  it.each([
    ['a plain name', 'node', '2687749'],
    // The name is the process's to choose: spaces and parentheses shift any count from the start.
    ['a name with spaces', 'zcust import a b', '17'],
    ['a name with ") S 1 2 3"', 'x) S 1 2 3', '99'],
    ['an empty name', '', '5'],
  ])('reads it after %s', (_, name, ticks) => {
    expect(startTicksOf(stat(name, ticks))).toBe(ticks);
  });

  it.each([
    ['a line cut short', '4242 (node) S 1 4242'],
    ['no number there', stat('node', 'x')],
    ['nothing', ''],
  ])('is undefined for %s', (_, line) => {
    expect(startTicksOf(line)).toBeUndefined();
  });
});

describe('endedIn: the state (field 3) of /proc/PID/stat', () => {
  it.each([
    ['a zombie not yet reaped', 'zcust', 'Z', true],
    ['a dead process', 'zcust', 'X', true],
    ['a zombie whose name holds ") S "', 'x) S 1 (y', 'Z', true],
    ['a sleeping process', 'zcust', 'S', false],
    ['a running process', 'zcust', 'R', false],
    ['a process in disk sleep', 'zcust', 'D', false],
    ['a running process whose name holds ") Z "', 'x) Z 1 (y', 'R', false],
  ])('says whether %s has ended', (_, name, state, ended) => {
    expect(endedIn(stat(name, '17', state)), `state ${state} read as ended: ${!ended}`).toBe(ended);
  });

  it('says nothing of a line it cannot read', () => {
    expect(endedIn('')).toBe(false);
  });
});

describe.skipIf(processStart(process.pid) === undefined)('processStart (Linux)', () => {
  it('tells this process the same way each time, as the boot id and the start', () => {
    expect(processStart(process.pid)).toMatch(/^[\w-]+\/\d+$/);
    expect(processStart(process.pid)).toBe(processStart(process.pid));
  });

  it('is undefined for a process that is not there', () => {
    expect(processStart(2 ** 22 + 1)).toBeUndefined();
  });
});
