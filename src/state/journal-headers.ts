/**
 * Whose a journal file is, read from its header line, and the journals a folder holds: what an import looks at
 * before it opens its own (other tokens' journals, journals an earlier zcust left elsewhere).
 */
import { closeSync, fstatSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readLineAt } from './journal-file.js';
import { HEADER } from './journal-lines.js';

/** What a journal's header line says of whose it is (as written: older zcusts wrote what they wrote). */
interface JournalHeader {
  target?: unknown;
  baseUrl?: unknown;
  tenant?: unknown;
}

/** The journals in `folder` with records, each with its header: [] for a folder that cannot be read. */
export function journalsIn(folder: string): Array<{ file: string; header: JournalHeader }> {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.journal'));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const file = join(folder, name);
    const header = headerOf(file);
    return header === undefined ? [] : [{ file, header }];
  });
}

/** A journal's identity, from its header line, when it has records after it; else undefined. */
export function headerOf(file: string): JournalHeader | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const line = readLineAt(fd, 0);
    // Records follow the header's line break, or there are none to lose.
    if (!line.startsWith(HEADER) || Buffer.byteLength(line) + 1 >= fstatSync(fd).size) return undefined;
    const json = JSON.parse(line.slice(HEADER.length));
    return typeof json === 'object' && json !== null ? json : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
