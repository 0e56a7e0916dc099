import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type JqMakes, jqCommand } from '../../src/input/jq-command.js';

describe('jqCommand: a command that, pasted, writes a new file beside the one it reads', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'zcust-jq-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const inDir = (name: string) => path.join(dir, name);

  it.each<[string, JqMakes, string, string, string]>([
    ['a list under a key in a .json file', 'list', 'customers.json', "'.data'", 'customers.data.json'],
    ['objects over lines made an array', 'array', 'customers.json', '-s .', 'customers.array.json'],
    ['objects over lines made one a line', 'lines', 'customers.json', '-c .', 'customers.lines.ndjson'],
    ['a .ndjson file read as JSON', 'list', 'c.ndjson', "'.data'", 'c.data.json'],
    ['one a line, from a .ndjson file', 'lines', 'c.ndjson', '-c .', 'c.lines.ndjson'],
    ['an array, from a .csv file', 'array', 'exp.csv', '-s .', 'exp.array.json'],
    ['one a line, from the file this advice made', 'lines', 'c.lines.ndjson', '-c .', 'c.lines.lines.ndjson'],
    ['a file without an extension', 'list', 'export', "'.data'", 'export.data.json'],
  ])('%s: %s of %s is jq %s into %s', (_, makes, input, args, output) => {
    const made = jqCommand(makes, inDir(input));
    expect(made).toEqual({
      command: `jq ${args} ${inDir(input)} > ${inDir(output)}`,
      output: inDir(output),
    });
    expect(made.output, 'the command writes to the file it reads').not.toBe(inDir(input));
  });

  it('quotes both names for the shell', () => {
    const input = inDir("my c's $HOME.json");
    expect(jqCommand('list', input).command).toBe(
      `jq '.data' '${dir}/my c'\\''s $HOME.json' > '${dir}/my c'\\''s $HOME.data.json'`,
    );
  });

  it.each([
    [['customers.data.json'], 'customers.data-2.json'],
    [['customers.data.json', 'customers.data-2.json'], 'customers.data-3.json'],
  ])('numbers a name taken (%j) rather than overwrite it: %s', (taken, output) => {
    for (const name of taken) writeFileSync(inDir(name), '[]\n');
    expect(jqCommand('list', inDir('customers.json')).output).toBe(inDir(output));
  });

  it('writes a name that starts with "-" as ./-…, so that jq does not take it for options', () => {
    expect(jqCommand('list', '-dash.json').command).toBe("jq '.data' ./-dash.json > ./-dash.data.json");
  });

  it('names a stand-in for standard input, and a new file from it', () => {
    expect(jqCommand('array', undefined)).toEqual({
      command: 'jq -s . export.json > export.array.json',
      output: 'export.array.json',
    });
  });
});
