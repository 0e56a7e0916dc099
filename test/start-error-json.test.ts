import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript beside bin/zcust.js, which runs it when zcust's own code cannot
import { startErrorJson } from '../bin/start-error-json.js';

// `zcust … --json | jq .exit_code` has an answer whatever ends the run: a Node too old, code that would not load.
describe('startErrorJson: the --json error of a zcust that could not start', () => {
  const why = 'cannot start: too many open files (EMFILE): raise the limit, e.g. ulimit -n 1024';
  it.each<[string[], string | undefined]>([
    [['validate', 'a.csv', '--json'], 'validate'],
    [['import', '--json', 'a.csv'], 'import'],
    [['--json', 'import', 'a.csv'], 'import'],
    [['--target', 'dayzero', 'import', 'a.csv', '--json'], 'import'],
    [['--profile', 'dz', 'validate', 'a.csv', '--json'], 'validate'],
    [['validate', 'a.csv'], undefined],
    [['sample-csv', '--json'], undefined],
    [['validate', '--', '--json'], undefined],
  ])('%j', (args, command) => {
    const json = startErrorJson(['node', 'zcust', ...args], why, 2);
    if (command === undefined) expect(json).toBeUndefined();
    else expect(JSON.parse(json ?? '')).toEqual({ command, error: why, exit_code: 2 });
  });
});
