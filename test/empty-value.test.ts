import { describe, expect, it } from 'vitest';
import { refuseEmpty } from '../src/empty-value.js';
import { UsageError } from '../src/errors.js';

describe('a file name given empty (an unset variable) is refused in one wording', () => {
  it.each<[string, string]>([
    ['empty', ''],
    ['spaces', '  '],
    ['a tab', '\t'],
  ])('%s: refused, naming the option and saying what to give', (_, value) => {
    const refuse = () => refuseEmpty(value, '--report', 'give a file name');
    expect(refuse).toThrow(UsageError);
    expect(refuse).toThrow('--report is empty (an unset variable?): give a file name');
  });

  it.each<[string, string | undefined]>([
    ['not given', undefined],
    ['a name', 'r.csv'],
    ['standard input or output', '-'],
  ])('%s: taken', (_, value) => {
    expect(() => refuseEmpty(value, '--report', 'give a file name')).not.toThrow();
  });
});
