/**
 * Which journal an import keeps (its identity), and which other imports are to share it: the same file under
 * another name, and the file a report with no journal of its own was written for. Reads the file system, writes
 * nothing (import.ts writes the aliases).
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { hasJournal, type JournalIdentity } from '../state/journal.js';

/** The input as the journal names it: its real absolute path, or "stdin". */
export function inputIdentity(file: string, cwd: string): string {
  if (file === '-') return 'stdin';
  const path = resolve(cwd, file);
  try {
    return realpathSync(path);
  } catch {
    // A report not written yet: named as it will be once it is (its folder's real path).
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

/**
 * The input as a file on disk, whatever its name: device and inode. Undefined for standard input, or for a
 * file that cannot be looked at (reading it will say why).
 */
function fileIdentity(file: string, cwd: string): string | undefined {
  if (file === '-') return undefined;
  const stats = statSync(resolve(cwd, file), { throwIfNoEntry: false });
  return stats?.isFile() ? `file ${stats.dev}:${stats.ino}` : undefined;
}

/** The name a report is given by default (`<input name>.report.csv`), and what the input may have been. */
const DEFAULT_REPORT_NAME = /\.report\.csv$/i;
const INPUT_EXTENSIONS = { csv: ['.csv', '.tsv', '.txt'], json: ['.json', '.ndjson', '.jsonl'] };

/**
 * The file a report with the default name was written for, when it is beside it and is the only file that
 * name could have come from (`x.csv` and `x.json` both there: no guess, rather than the other file's journal).
 */
function originalOf(report: string, cwd: string, fromJson: boolean): string | undefined {
  if (report === '-' || !DEFAULT_REPORT_NAME.test(report)) return undefined;
  const stem = resolve(cwd, report).replace(DEFAULT_REPORT_NAME, '');
  // A report of JSON or NDJSON ends with its zcust_json column; one of CSV has none.
  const extensions = fromJson ? INPUT_EXTENSIONS.json : INPUT_EXTENSIONS.csv;
  const candidates = extensions
    .map((ext) => stem + ext)
    .filter((path) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false);
  return candidates.length === 1 ? candidates[0] : undefined;
}

export interface InputOfImport {
  /** As given on the command line (`-` for standard input). */
  file: string;
  cwd: string;
  /** The input is a CSV report of zcust's; `fromJson`: of a JSON or NDJSON file (it has zcust_json). */
  isReport: boolean;
  fromJson: boolean;
}

/**
 * `kept`: the import whose journal this one keeps. Its own, if it has one; else that of the same file under
 * another name (a hard link), found by device and inode; else, for a report, that of the file it was written for
 * (a --sandbox trial keeps no journal: importing its report and then that file created Customer-ID rows twice).
 * `aliases`: the imports to point at that journal from now on, each with what would keep a journal of its own
 * if the alias cannot be written.
 */
export function chooseJournal(
  stateDir: string,
  own: JournalIdentity,
  input: InputOfImport,
): { kept: JournalIdentity; aliases: Array<{ identity: JournalIdentity; unless: string }> } {
  const byFile = fileIdentity(input.file, input.cwd);
  const asFile = byFile ? { ...own, input: byFile } : undefined;
  const original = input.isReport ? originalOf(input.file, input.cwd, input.fromJson) : undefined;
  const asOriginal = original ? { ...own, input: inputIdentity(original, input.cwd) } : undefined;
  const has = (id: JournalIdentity) => hasJournal(stateDir, id);
  const kept = has(own) ? own : asFile && has(asFile) ? asFile : (asOriginal ?? own);
  const aliases: Array<{ identity: JournalIdentity; unless: string }> = [];
  if (asFile) aliases.push({ identity: asFile, unless: 'a hard link to it' });
  if (kept === asOriginal) aliases.push({ identity: own, unless: 'importing it again' });
  return { kept, aliases };
}
