/** The yes/no columns (Auto Charge, Email Communications): the words a spreadsheet or a person writes for one. */
import * as z from 'zod';

const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['yes', true],
  ['y', true],
  ['1', true],
  ['false', false],
  ['no', false],
  ['n', false],
  ['0', false],
]);

export const booleanField = z.string().transform((value, ctx) => {
  const parsed = BOOLEAN_WORDS.get(value.toLowerCase());
  if (parsed === undefined) {
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: `"${value}" is not a yes/no value (use true/false, yes/no, y/n or 1/0, or leave it empty)`,
    });
    return z.NEVER;
  }
  return parsed;
});
