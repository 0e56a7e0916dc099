#!/usr/bin/env node
import { tooOldJson, unsupportedNode } from './supported-node.js';

const tooOld = unsupportedNode(process.versions.node);
if (tooOld) {
  process.stderr.write(`zcust: error: ${tooOld}\n`);
  const json = tooOldJson(process.argv, tooOld);
  if (json) process.stdout.write(json);
  process.exitCode = 2;
} else {
  import('../dist/cli.js').then((cli) => cli.main(process.argv));
}
