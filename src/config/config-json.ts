/**
 * The text of zcust.config.json (or --config) as JSON, each way it can fail told apart: a file zcust may not
 * read is no file of bad JSON (one owned by another user, mode 600, was said to be "not valid JSON").
 */
import { readFileSync } from 'node:fs';
import { ioReason, UsageError } from '../errors.js';

/** " (line L, column C)" from a JSON.parse error's position, when it names one. */
function jsonErrorPlace(error: unknown, text: string): string {
  const position = /position (\d+)/.exec(String((error as Error).message));
  if (!position) return '';
  const lines = text.slice(0, Number(position[1])).split('\n');
  return ` (line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1})`;
}

/** `shown`: the file as the user named it. `read` is the file system's, replaced by tests to fail as disks do. */
export function readConfigJson(
  file: string,
  shown: string,
  read: (file: string) => string = (path) => readFileSync(path, 'utf8'),
): unknown {
  let text: string;
  try {
    text = read(file);
  } catch (e) {
    throw new UsageError(`cannot read config file ${shown}: ${ioReason(e)}`);
  }
  // Notepad and others start UTF-8 with a byte-order mark, which JSON.parse refuses.
  const json = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(json);
  } catch (e) {
    // Only where, never V8's message: it quotes the text around the error, which may be an API key.
    throw new UsageError(`${shown} is not valid JSON${jsonErrorPlace(e, json)}`);
  }
}
