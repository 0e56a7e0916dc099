import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHARED_SLICE, VENDORED_SLICE } from '../support/spec-path.js';

describe('the OpenAPI slice shipped in api/', () => {
  it.runIf(existsSync(SHARED_SLICE))('is the published one in ../shared, unchanged', () => {
    expect(readFileSync(VENDORED_SLICE, 'utf8')).toBe(readFileSync(SHARED_SLICE, 'utf8'));
  });
});
