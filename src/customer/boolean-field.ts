/** The yes/no columns (Auto Charge, Email Communications): the words a spreadsheet or a person writes for one. */
import * as z from 'zod';
import { asciiForm } from './ascii-form.js';
import { misleadingCharacterMessage } from './misleading-characters.js';

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

/** Typed full-width (ｙｅｓ) or in another script's digits (١), a word is read in ASCII, as the codes are. */
export const booleanField = z.string().transform((value, ctx) => {
  const read = asciiForm(value);
  const parsed = BOOLEAN_WORDS.get(read.toLowerCase());
  if (parsed === undefined) {
    ctx.issues.push({
      code: 'custom',
      input: value,
      message:
        misleadingCharacterMessage(read) ??
        `"${value}" is not a yes/no value (use true/false, yes/no, y/n or 1/0, or leave it empty)`,
    });
    return z.NEVER;
  }
  return parsed;
});
