import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli.js';
import { UsageError } from '../src/errors.js';
import { refuseSwallowedValues } from '../src/swallowed-values.js';

const program = buildProgram({ stdout: new PassThrough(), stderr: new PassThrough(), setExit: () => {} });
/** The message refusing `args`, or undefined when they are taken. */
function refusal(...args: string[]): string | undefined {
  try {
    refuseSwallowedValues(program, ['node', 'zcust', ...args]);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
}

describe('an option followed by another option has lost its value (an unset variable)', () => {
  it.each<[string[], string, string]>([
    [['import', 'a.csv', '--report', '--api-key=zsk_live_1234567890'], '--report', 'zsk_live'],
    [['import', 'a.csv', '--state-dir', '--api-key', 'zsk_live_1234567890'], '--state-dir', 'zsk_live'],
    [['import', 'a.csv', '--concurrency', '--api-key', 'zsk_live_1234567890'], '--concurrency', 'zsk_live'],
    [['import', 'a.csv', '--report', '-q'], '--report', '-q'],
    [['validate', 'a.csv', '--map', '--json'], '--map', '--json'],
    [['sample-csv', '-o', '--target=dayzero'], '-o', '--target'],
    [['sandbox', '--data', '--port', '0'], '--data', '--port'],
    // The help flag is listed under every command's --help, though commander keeps it apart from the others.
    [['sample-csv', '-o', '-h'], '-o', '-h'],
    [['validate', 'a.csv', '--report', '-h'], '--report', '-h'],
    [['import', 'a.csv', '--state-dir', '-h'], '--state-dir', '-h'],
    [['sandbox', '--data', '-h'], '--data', '-h'],
  ])('%j: refused, naming %s and not quoting %s', (args, option, swallowed) => {
    const message = refusal(...args);
    expect(message).toMatch(new RegExp(`^${option} is missing its value \\(an unset variable\\?\\)`));
    expect(message, 'the swallowed text was quoted').not.toContain(swallowed);
  });

  it('--report -- (the end of the options) is refused too: commander would take the -- as its value', () => {
    expect(refusal('validate', 'a.csv', '--report', '--', 'b.csv')).toMatch(/^--report is missing its value/);
  });

  it('says how to give a value that looks like an option, with the long name of a short option', () => {
    expect(refusal('sample-csv', '-o', '--x')).toMatch(
      /\(a value that looks like one is given joined on: --output=VALUE\)$/,
    );
  });
});

describe('values that only look alike are taken', () => {
  it.each<[string, string[]]>([
    ['standard input', ['validate', '-', '--format', 'csv', '--report', 'r.csv']],
    ['standard output', ['sample-csv', '-o', '-']],
    ['a minus as the delimiter', ['validate', 'a.csv', '--delimiter', '-']],
    ['a negative number', ['import', 'a.csv', '--rate', '-1']],
    ['a negative fraction', ['import', 'a.csv', '--rate', '-.5']],
    ['a header starting with a minus', ['validate', 'a.csv', '--map', '-Mail=Email']],
    [
      'a minus and text, no flag of zcust (the number check refuses it)',
      ['import', 'a.csv', '--concurrency', '-kzsk_1'],
    ],
    ['a value joined on', ['validate', 'a.csv', '--report=--odd.csv']],
    ["a short flag's value joined on", ['sample-csv', '-o--odd.csv']],
    ['what follows the end of the options', ['validate', '--', '--report', '--json']],
    ['flags without values', ['validate', 'a.csv', '--json', '--quiet']],
    ['a command zcust does not know', ['nope', '--report', '--json']],
  ])('%s: %j', (_, args) => {
    expect(refusal(...args)).toBeUndefined();
  });
});
