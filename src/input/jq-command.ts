/**
 * The jq commands messages advise, to be pasted as printed. Each writes a new file, named from the one it reads
 * and beside it: `jq '.data' customers.json > customers.json` emptied the user's file, since the shell truncates
 * the file it redirects to before jq has read a byte. A name already taken when the advice is given gets a number
 * (`customers.data-2.json`) rather than be overwritten.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { shellPath } from '../util/shell-word.js';

/** The input named in a command for standard input, which has no name: the user puts their own in its place. */
const STAND_IN = 'export.json';

/** What each command makes of the input: jq's arguments, and the name and format of the file it writes. */
const MAKES = {
  /** An API's list under a key (Stripe's "data"), taken out. */
  list: { args: "'.data'", name: 'data', format: 'json' },
  /** Objects written over several lines, as one array. */
  array: { args: '-s .', name: 'array', format: 'json' },
  /** Objects written over several lines, as one a line. */
  lines: { args: '-c .', name: 'lines', format: 'ndjson' },
} as const;

export type JqMakes = keyof typeof MAKES;

/** `command` to paste; `output`, the file it writes, as a word to paste too. */
export interface JqCommand {
  command: string;
  output: string;
}

/**
 * `file`: the input's path when it is a regular file; undefined for standard input and for a pipe given by its
 * path (/dev/stdin, <(…) as /dev/fd/63, a named pipe: read once and gone, and beside it no file can be written),
 * for which a stand-in is named.
 */
export function jqCommand(makes: JqMakes, file: string | undefined): JqCommand {
  const { args, name, format } = MAKES[makes];
  const input = file ?? STAND_IN;
  // The stand-in too: the user may paste it as printed, beside an export.data.json of their own.
  const output = unusedName(input, name, format);
  return { command: `jq ${args} ${shellPath(input)} > ${shellPath(output)}`, output: shellPath(output) };
}

/**
 * `customers.json` → `customers.data.json`: never the input's own name (its extension gives way to two parts),
 * and a name already taken gets a number.
 */
function unusedName(input: string, name: string, format: string): string {
  const stem = input.slice(0, input.length - path.extname(input).length);
  let candidate = `${stem}.${name}.${format}`;
  for (let n = 2; existsSync(candidate); n++) candidate = `${stem}.${name}-${n}.${format}`;
  return candidate;
}
