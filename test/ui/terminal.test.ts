import { afterEach, describe, expect, it, vi } from 'vitest';
import { drawsBar } from '../../src/ui/terminal.js';

const stream = (isTTY: boolean) => ({ isTTY }) as unknown as NodeJS.WritableStream;

describe('drawsBar: where the progress bar is drawn, plain lines elsewhere', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each<[string, boolean, Record<string, string | undefined>, boolean]>([
    ['a terminal', true, { TERM: 'xterm-256color', CI: undefined }, true],
    ['a terminal without TERM', true, { TERM: undefined, CI: undefined }, true],
    ['a pipe or a file', false, { TERM: 'xterm-256color', CI: undefined }, false],
    // Its cursor codes showed as garbage in an editor's shell.
    ['a terminal with TERM=dumb', true, { TERM: 'dumb', CI: undefined }, false],
    // A CI job's pseudo-terminal (docker run -t) keeps the codes in its log.
    ['a terminal in CI', true, { TERM: 'xterm', CI: 'true' }, false],
  ])('%s', (_, isTTY, env, expected) => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    expect(drawsBar(stream(isTTY))).toBe(expected);
  });
});
