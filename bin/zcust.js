#!/usr/bin/env node
import { loadFailure } from './load-failure.js';
import { startErrorJson } from './start-error-json.js';
import { unsupportedNode } from './supported-node.js';

/** One line on stderr, --json's error form on stdout, exit 2: nothing ran, and there is no bug to report. */
function cannotStart(why, stack) {
  process.stderr.write(`zcust: error: ${why}\n`);
  if (stack !== undefined && process.argv.includes('--verbose')) process.stderr.write(`${stack}\n`);
  const json = startErrorJson(process.argv, why);
  if (json) process.stdout.write(json);
  process.exitCode = 2;
}

const tooOld = unsupportedNode(process.versions.node);
if (tooOld) cannotStart(tooOld);
else
  import('../dist/cli.js').then(
    (cli) => cli.main(process.argv),
    (error) => cannotStart(loadFailure(error), error?.stack),
  );
