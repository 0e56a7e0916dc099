/**
 * Where an import's or a validate's reports go (--report, else beside the input), refused before anything is read
 * where writing them would destroy the input or mix with --json's summary.
 */
import { UsageError } from '../errors.js';
import { checkReportNames, defaultReportPath } from '../report/writer.js';
import { isSameFile, streamIsFile, streamReadsFile } from '../util/same-file.js';
import type { CommandIO, ImportFlags } from './import.js';

export function reportPathsFor(
  file: string,
  flags: Pick<ImportFlags, 'report' | 'json'>,
  io: Pick<CommandIO, 'stdin' | 'stdout' | 'cwd'>,
): string[] {
  const reportPaths = flags.report?.length ? flags.report : [defaultReportPath(file, io.cwd)];
  // Before the input is opened: a named pipe given as the input and as the report was waited for, then refused.
  // Through a link too: writing a report over the input would destroy the user's file. Standard input
  // redirected from the report (`< stdin.report.csv`, the retry of a run that read standard input) too: an
  // import read its own report back without end (9.9 GB in 10 minutes), and validate cut the file short.
  const overwritten = reportPaths.find((p) =>
    file === '-' ? streamReadsFile(io.stdin, p, io.cwd) : isSameFile(p, file, io.cwd),
  );
  if (overwritten !== undefined) {
    const input = file === '-' ? 'standard input, which is that file,' : file;
    // No --report given: it is the default report that would, and --report is how to put it elsewhere.
    const report = flags.report?.length ? `--report ${overwritten}` : `the default report ${overwritten}`;
    const elsewhere = flags.report?.length ? 'write the report elsewhere' : 'give another with --report';
    throw new UsageError(`${report} would overwrite the input ${input} while it is read; ${elsewhere}`);
  }
  // A report on standard output (a link to /dev/stdout) with --json: the summary would follow the report's
  // rows in a pipe, and overwrite its first line in a file.
  const onStdout = flags.json ? reportPaths.find((p) => streamIsFile(io.stdout, p, io.cwd)) : undefined;
  if (onStdout !== undefined) {
    throw new UsageError(
      `--report ${onStdout} is standard output, where --json writes the summary; write the report to a file, or leave out --json`,
    );
  }
  checkReportNames(reportPaths);
  return reportPaths;
}
