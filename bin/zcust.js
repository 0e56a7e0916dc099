#!/usr/bin/env node
import { unsupportedNode } from './supported-node.js';

const tooOld = unsupportedNode(process.versions.node);
if (tooOld) {
  process.stderr.write(`zcust: error: ${tooOld}\n`);
  process.exitCode = 2;
} else {
  import('../dist/cli.js').then((cli) => cli.main(process.argv));
}
