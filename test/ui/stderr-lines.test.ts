import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../../src/engine/events.js';
import { createProgress } from '../../src/ui/progress.js';
import { stderrLines } from '../../src/ui/stderr-lines.js';
import { fakeTerminal } from '../support/terminal-screen.js';

/** A terminal 80 columns wide, and the progress bar drawn on it. */
function terminalWithBar() {
  const { stream, screen } = fakeTerminal(80);
  const lines = stderrLines(stream);
  const progress = createProgress({ stream, enabled: true, drawsBar: true, bytesRead: () => 0 });
  progress.update(3, { ...emptyCounts(), created: 3 });
  return { lines, progress, screen };
}

describe('stderrLines', () => {
  it('writes straight to the stream while no progress is shown', () => {
    const writes: string[] = [];
    const stream = { write: (chunk: string) => writes.push(chunk) } as unknown as NodeJS.WritableStream;
    const lines = stderrLines(stream);
    lines.write('zcust: warning: before\n');
    lines.stopProgress();
    expect(writes).toEqual(['zcust: warning: before\n']);
  });

  it('writes above the bar once it is shown', () => {
    const { lines, progress, screen } = terminalWithBar();
    lines.showProgress(progress);
    lines.write('zcust: warning: during\n');
    const shown = screen();
    progress.stop();
    expect(shown.lines()[0]).toBe('zcust: warning: during');
    expect(shown.lines()[1]).toMatch(/3 rows \| 3 ok/);
  });

  it('stopProgress() takes the bar away at once: a process quitting gives the terminal back its cursor and line wrap', () => {
    const { lines, progress, screen } = terminalWithBar();
    lines.showProgress(progress);
    expect(screen().cursorVisible, 'the cursor while the bar is drawn').toBe(false);
    lines.stopProgress();
    lines.write('zcust: interrupted again: exiting at once\n');
    const shown = screen();
    expect(shown.lines()).toEqual(['zcust: interrupted again: exiting at once']);
    expect(shown.cursorVisible, 'the cursor shown').toBe(true);
    expect(shown.lineWrap, 'line wrap on').toBe(true);
  });
});
