/**
 * A cell's value as every rule reads it: empty is absent, and the ends trimmed. One function, so that a blank
 * Name, a blank Country and a blank Tax ID are the same "missing" to the schema, the address and the tax pairs.
 */
import { looksBlank } from './text.js';

/** A printable ASCII character other than space: a string that starts and ends with one needs no trim. */
const isInk = (code: number): boolean => code > 32 && code < 127;

/**
 * Empty means absent: a blank cell is the same as a missing column, and so is one that shows nothing (a
 * zero-width space, control characters: see text.ts). This runs some forty times a row, and readers have
 * trimmed most values already, so trim() is called only when an end may be whitespace.
 */
export function present(fields: Record<string, string>, column: string): string | undefined {
  const value = fields[column];
  if (value === undefined || looksBlank(value)) return undefined;
  return isInk(value.charCodeAt(0)) && isInk(value.charCodeAt(value.length - 1)) ? value : value.trim();
}
