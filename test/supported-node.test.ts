import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript beside bin/zcust.js, which checks the version before anything else loads
import { NODE_RANGE, unsupportedNode } from '../bin/supported-node.js';
import { ROOT } from './support/zcust.js';

describe('unsupportedNode: the Node.js versions zcust refuses to start on', () => {
  it.each([
    ['18.20.4', false],
    ['20.11.1', false],
    ['20.18.0', false],
    ['20.18.1', true],
    ['20.20.2', true],
    // crypto.hash, which the journal uses, came to Node 21 in 21.7.0: 21.0 to 21.6 ended in an internal error.
    ['21.0.0', false],
    ['21.6.2', false],
    ['21.7.0', true],
    ['22.0.0', true],
    ['24.1.0', true],
  ])('%s runs it: %s', (version, runs) => {
    const why = unsupportedNode(version);
    if (runs) expect(why).toBeUndefined();
    else
      expect(why).toBe(
        `zcust needs Node.js 20.18.1 or later (21.7.0 or later on Node 21); this is ${version} (see node --version)`,
      );
  });

  it('is the range package.json declares', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.engines.node).toBe(NODE_RANGE);
  });
});
