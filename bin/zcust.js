#!/usr/bin/env node
import { loadFailure } from './load-failure.js';
import { startErrorJson } from './start-error-json.js';
import { unsupportedNode } from './supported-node.js';

const verbose = process.argv.includes('--verbose');

/** `said` on stderr, --json's error form (`error`) on stdout, exit `exitCode`: nothing ran. */
function stopBeforeRunning(said, error, exitCode) {
  process.stderr.write(said);
  const json = startErrorJson(process.argv, error, exitCode);
  if (json) process.stdout.write(json);
  process.exitCode = exitCode;
}

/** Exit 2: a setting of the machine or a damaged install, no bug to report. */
function cannotStart(why, stack) {
  const trace = stack !== undefined && verbose ? `${stack}\n` : '';
  stopBeforeRunning(`zcust: error: ${why}\n${trace}`, why, 2);
}

/**
 * A bug in zcust's code, thrown as it loads (a TypeError at a module's top level): told in the words src/cli.ts
 * gives any bug, with its exit code, EXIT.internal, which bin cannot import from the code that failed.
 */
function bugWhileLoading(error) {
  const message = error instanceof Error ? error.message : String(error);
  const next = verbose
    ? `${error?.stack ?? ''}\n`
    : 'zcust: run again with --verbose for details, and please report it\n';
  stopBeforeRunning(`zcust: internal error: ${message}\n${next}`, `internal error: ${message}`, 70);
}

const tooOld = unsupportedNode(process.versions.node);
if (tooOld) cannotStart(tooOld);
else
  import('../dist/cli.js').then(
    (cli) => cli.main(process.argv),
    (error) => {
      const why = loadFailure(error);
      if (why === undefined) bugWhileLoading(error);
      else cannotStart(why, error.stack);
    },
  );
