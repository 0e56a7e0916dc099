import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Counts, emptyCounts } from '../../src/engine/events.js';
import { createProgress, formatProgressLine, type ProgressOptions } from '../../src/ui/progress.js';
import { fakeTerminal } from '../support/terminal-screen.js';

const counts = (some: Partial<Counts> = {}): Counts => ({ ...emptyCounts(), ...some });

/** A stream that keeps what is written to it. */
function recorder() {
  const writes: string[] = [];
  const stream = {
    write(chunk: string) {
      writes.push(chunk);
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  return { stream, writes };
}

/** A clock the test moves by hand. */
function fakeClock(start = 0) {
  let t = start;
  return {
    now: () => t,
    set: (ms: number) => {
      t = ms;
    },
  };
}

describe('formatProgressLine', () => {
  it.each<[string, number, Partial<Counts>, number, number | undefined, string]>([
    ['nothing yet', 0, {}, 0, undefined, 'zcust: 0 rows · 0 ok · 0 invalid · 0 failed · 0.0 rows/s'],
    [
      'created, valid and skipped as ok; invalid and duplicate (never sent) apart from failed',
      100,
      { created: 60, valid: 5, skipped: 10, failed: 3, invalid: 2, duplicate: 1 },
      2000,
      undefined,
      'zcust: 100 rows · 75 ok · 3 invalid · 3 failed · 50.0 rows/s',
    ],
    [
      'not_attempted as neither',
      10,
      { not_attempted: 10 },
      1000,
      undefined,
      'zcust: 10 rows · 0 ok · 0 invalid · 0 failed · 10.0 rows/s',
    ],
    [
      'a rate below 100 to a tenth, as the summary writes it',
      10,
      {},
      3000,
      undefined,
      'zcust: 10 rows · 0 ok · 0 invalid · 0 failed · 3.3 rows/s',
    ],
    [
      'counts and a rate of 100 or more whole, with thousands separated',
      5000,
      { created: 2500, invalid: 1200, failed: 1300 },
      2000,
      undefined,
      'zcust: 5,000 rows · 2,500 ok · 1,200 invalid · 1,300 failed · 2,500 rows/s',
    ],
    [
      'no time elapsed (no division by zero)',
      5,
      {},
      0,
      undefined,
      'zcust: 5 rows · 0 ok · 0 invalid · 0 failed · 0.0 rows/s',
    ],
    [
      'an ETA',
      10,
      { valid: 10 },
      1000,
      42,
      'zcust: 10 rows · 10 ok · 0 invalid · 0 failed · 10.0 rows/s · ETA 42s',
    ],
    [
      'one row as one',
      1,
      { created: 1 },
      1000,
      undefined,
      'zcust: 1 row · 1 ok · 0 invalid · 0 failed · 1.0 rows/s',
    ],
    [
      'an ETA of zero',
      10,
      {},
      1000,
      0,
      'zcust: 10 rows · 0 ok · 0 invalid · 0 failed · 10.0 rows/s · ETA 0s',
    ],
    [
      'a rate below one row a second to a tenth',
      1,
      { created: 1 },
      3000,
      undefined,
      'zcust: 1 row · 1 ok · 0 invalid · 0 failed · 0.3 rows/s',
    ],
  ])('shows %s', (_, rows, some, elapsed, eta, expected) => {
    expect(formatProgressLine(rows, counts(some), elapsed, eta)).toBe(expected);
  });
});

describe('createProgress', () => {
  function plain(extra: Partial<ProgressOptions> = {}) {
    const { stream, writes } = recorder();
    const clock = fakeClock();
    const view = createProgress({
      stream,
      enabled: true,
      drawsBar: false,
      bytesRead: () => 0,
      now: clock.now,
      ...extra,
    });
    return { view, writes, clock };
  }

  it.each([true, false])('writes nothing when disabled (drawsBar %s)', (drawsBar) => {
    const { stream, writes } = recorder();
    const clock = fakeClock();
    const view = createProgress({
      stream,
      enabled: false,
      drawsBar,
      totalBytes: 100,
      bytesRead: () => 50,
      now: clock.now,
    });
    for (const t of [0, 10_000, 60_000]) {
      clock.set(t);
      view.update(10, counts({ created: 10 }));
    }
    view.stop();
    expect(writes).toEqual([]);
  });

  it('off a terminal, writes one line per interval (5 s by default), not one per update', () => {
    const { view, writes, clock } = plain();
    const updates: [number, number][] = [
      [1000, 10],
      [4999, 20],
      [5000, 100],
      [6000, 110],
      [9999, 120],
      [10_000, 300],
    ];
    for (const [t, rows] of updates) {
      clock.set(t);
      view.update(rows, counts({ created: rows }));
    }
    expect(writes).toEqual([
      'zcust: 100 rows · 100 ok · 0 invalid · 0 failed · 20.0 rows/s\n',
      'zcust: 300 rows · 300 ok · 0 invalid · 0 failed · 30.0 rows/s\n',
    ]);
  });

  it('counts the interval from the last line written, not from a fixed grid', () => {
    const { view, writes, clock } = plain({ intervalMs: 1000 });
    for (const t of [1500, 2000, 2499, 2500]) {
      clock.set(t);
      view.update(1, counts());
    }
    expect(writes).toHaveLength(2);
  });

  it('adds an ETA from the share of the file read when its size is known', () => {
    let read = 0;
    const { view, writes, clock } = plain({ totalBytes: 1000, bytesRead: () => read });
    read = 250;
    clock.set(5000);
    view.update(50, counts({ valid: 50 }));
    // A quarter read in 5 s: three quarters to go take 15 s more.
    expect(writes).toEqual(['zcust: 50 rows · 50 ok · 0 invalid · 0 failed · 10.0 rows/s · ETA 15s\n']);
  });

  it.each([
    { why: 'the reader is ahead of the requests', read: 1000, rowsDone: 25, rowsRead: 100, eta: 'ETA 15s' },
    { why: 'the rows read are all done', read: 500, rowsDone: 100, rowsRead: 100, eta: 'ETA 5s' },
  ])(
    'counts only the rows done in the share of the file read ($why)',
    ({ read, rowsDone, rowsRead, eta }) => {
      const { view, writes, clock } = plain({ totalBytes: 1000, bytesRead: () => read });
      clock.set(5000);
      view.update(rowsDone, counts({ valid: rowsDone }), rowsRead);
      // 1000 of 1000 bytes read, a quarter of those rows done in 5 s: 15 s to go. Half read and done: 5 s.
      expect(writes[0]).toContain(eta);
    },
  );

  describe('a resumed run, whose first rows earlier imports did (not sent again)', () => {
    it.each([
      {
        why: "most rows done so far were free: the pace and the ETA are the sent rows'",
        free: 800,
        // Half the file in 5 s, but only 200 of its 1,000 rows were sent: a tenth of the file took 5 s.
        line: 'zcust: 1,000 rows · 1,000 ok · 0 invalid · 0 failed · 40.0 rows/s · ETA 25s\n',
      },
      {
        why: 'no row was free: as any run',
        free: 0,
        line: 'zcust: 1,000 rows · 1,000 ok · 0 invalid · 0 failed · 200 rows/s · ETA 5s\n',
      },
      {
        why: 'every row so far was free: the rate of the rows passed over, and no ETA until one is sent',
        free: 1000,
        line: 'zcust: 1,000 rows · 1,000 ok · 0 invalid · 0 failed · 200 rows/s\n',
      },
    ])('$why', ({ free, line }) => {
      const { view, writes, clock } = plain({
        totalBytes: 1000,
        bytesRead: () => 500,
        createdEarlier: () => free,
      });
      clock.set(5000);
      view.update(1000, counts({ created: 1000 }), 1000);
      expect(writes).toEqual([line]);
    });

    // QA: 35,000 rows done before passed over in 10 s, then creates at 3,000 a second; timed from the start,
    // the line read 484 rows/s and "ETA 134s" where 17 s remained.
    it.each([
      { free: 'created by earlier runs', earlier: 35_000, skipped: 0 },
      { free: 'skipped (the journal, --skip-existing)', earlier: 0, skipped: 35_000 },
    ])(
      'times the creates from when they began, not from the start, after rows $free passed quickly',
      ({ earlier, skipped }) => {
        let rowsRead = 0;
        const { view, writes, clock } = plain({
          totalBytes: 100_000,
          bytesRead: () => rowsRead, // a byte a row
          intervalMs: 1000,
          createdEarlier: () => earlier,
        });
        for (let done = 1_000; done <= 35_000; done += 1_000) {
          rowsRead = done;
          clock.set((done / 35_000) * 10_000);
          view.update(done, counts({ created: done - skipped, skipped }), done);
        }
        for (let created = 3_000; created <= 15_000; created += 3_000) {
          rowsRead = 35_000 + created;
          clock.set(10_000 + created / 3);
          view.update(rowsRead, counts({ created: rowsRead - skipped, skipped }), rowsRead);
        }
        expect(writes.at(-1), 'the pace and ETA of the creates, 3,000 a second').toBe(
          'zcust: 50,000 rows · 50,000 ok · 0 invalid · 0 failed · 3,000 rows/s · ETA 17s\n',
        );
      },
    );

    it("counts skipped rows (the journal's, --skip-existing's) as free too", () => {
      const { view, writes, clock } = plain({ totalBytes: 1000, bytesRead: () => 500 });
      clock.set(5000);
      view.update(1000, counts({ created: 200, skipped: 800 }), 1000);
      expect(writes).toEqual([
        'zcust: 1,000 rows · 1,000 ok · 0 invalid · 0 failed · 40.0 rows/s · ETA 25s\n',
      ]);
    });
  });

  it('says, once a stopped run passes over the rest of the file, that it writes those rows, counting them on', () => {
    const { view, writes, clock } = plain({ totalBytes: 1000, bytesRead: () => 1000, stopped: () => true });
    for (const [t, passed] of [
      [5000, 1000],
      [10_000, 50_000],
    ] as const) {
      clock.set(t);
      view.update(110 + passed, counts({ created: 110, not_attempted: passed }));
    }
    expect(writes, 'a line that moves, not a frozen one').toEqual([
      'zcust: stopping: 1,110 rows · writing the rest of the report (rows not attempted)\n',
      'zcust: stopping: 50,110 rows · writing the rest of the report (rows not attempted)\n',
    ]);
  });

  it.each<[string, Partial<ProgressOptions>]>([
    ['the size is unknown (standard input)', { bytesRead: () => 500 }],
    ['nothing has been read yet', { totalBytes: 1000, bytesRead: () => 0 }],
    // Ctrl-C: no row has been passed over yet, but none will be sent.
    ['the run has stopped', { totalBytes: 1000, bytesRead: () => 250, stopped: () => true }],
  ])('shows no ETA when %s', (_, extra) => {
    const { view, writes, clock } = plain(extra);
    clock.set(5000);
    view.update(1, counts());
    expect(writes).toHaveLength(1);
    expect(writes[0]).not.toContain('ETA');
  });

  it('shows no ETA once every row read is done and the whole file read: rows the parser holds may remain', () => {
    const { view, writes, clock } = plain({ totalBytes: 1000, bytesRead: () => 1000 });
    clock.set(5000);
    view.update(1, counts({ created: 1 }), 1);
    expect(writes[0]).not.toContain('ETA');
  });

  describe('off a terminal, while no row finishes (a stalled server, a long Retry-After)', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('still writes a line every interval, with the latest counts, until stop()', () => {
      // Date.now, which the fake timers move.
      const { view, writes } = plain({ now: Date.now });
      view.update(2, counts({ created: 2 }));
      vi.advanceTimersByTime(11_000);
      expect(writes, 'a line at about 5 s and 10 s with no row finishing').toHaveLength(2);
      expect(writes[1]).toMatch(/^zcust: 2 rows · 2 ok · 0 invalid · 0 failed · 0\.2 rows\/s\n$/);
      view.stop();
      vi.advanceTimersByTime(60_000);
      expect(writes, 'a line after stop()').toHaveLength(2);
    });

    it('counts the rows of its last update, not rows counted since (a report that holds rows back)', () => {
      // Date.now, which the fake timers move.
      const { view, writes } = plain({ now: Date.now });
      const live = counts({ created: 1 });
      view.update(1, live);
      // The engine counts the next row before the report takes it, and updates once the report has: a report
      // on a pipe whose reader stalls holds that update back.
      live.created = 2;
      vi.advanceTimersByTime(6000);
      expect(writes[0]).toMatch(/^zcust: 1 row · 1 ok · /);
      view.stop();
    });

    it('keeps the gap between lines near the interval when rows finish in between', () => {
      // Date.now, which the fake timers move.
      const { view, writes } = plain({ now: Date.now });
      vi.advanceTimersByTime(4000);
      view.update(1, counts({ created: 1 }));
      vi.advanceTimersByTime(2000);
      expect(writes, 'one line by 6 s (due at 5 s)').toHaveLength(1);
      view.stop();
    });
  });

  it('on a terminal, the bar writes counts and rates as the plain line does (1,250, not 1250)', () => {
    const writes: string[] = [];
    const terminal = {
      isTTY: true,
      columns: 200,
      write(chunk: string) {
        writes.push(chunk);
        return true;
      },
      cursorTo() {},
      clearLine() {},
      moveCursor() {},
      on() {},
      removeListener() {},
    } as unknown as NodeJS.WriteStream;
    const clock = fakeClock();
    const view = createProgress({
      stream: terminal,
      enabled: true,
      drawsBar: true,
      bytesRead: () => 0,
      now: clock.now,
    });
    clock.set(2000);
    view.update(2500, counts({ created: 1250, invalid: 1250 }));
    view.stop();
    expect(writes.join('')).toContain('2,500 rows | 1,250 ok · 1,250 invalid · 0 failed | 1,250 rows/s');
  });

  it('off a terminal, stop() writes nothing more', () => {
    const { view, writes } = plain();
    view.stop();
    expect(writes).toEqual([]);
  });

  describe('on a terminal', () => {
    /** A terminal `columns` wide, 1000 bytes of input, 10% of which `read()` says were read. */
    function onTerminal(columns = 80, stopped = () => false) {
      const { stream, screen } = fakeTerminal(columns);
      const clock = fakeClock();
      let read = 100;
      const view = createProgress({
        stream,
        enabled: true,
        drawsBar: true,
        totalBytes: 1000,
        bytesRead: () => read,
        now: clock.now,
        stopped,
      });
      return {
        view,
        clock,
        stream,
        setRead: (bytes: number) => {
          read = bytes;
        },
        screen,
      };
    }

    const NOTICE =
      'zcust: interrupted by Ctrl-C: finishing the requests in flight, then writing the report (Ctrl-C again to quit at once)';

    it('print() puts the text whole on lines of its own, the bar drawn again below it', () => {
      const { view, clock, screen } = onTerminal(80);
      clock.set(2000);
      view.update(100, counts({ created: 100 }));
      view.print(`${NOTICE}\n`);
      const shown = screen();
      view.stop();
      // 117 characters wrap onto a second line of 80: with line wrap off, all after the 80th was lost.
      expect(shown.lines().slice(0, 2).join(''), 'the notice, whole').toBe(NOTICE);
      expect(shown.lines()[2], 'the bar, below the notice').toMatch(/^10% \| 100 rows \| 100 ok/);
      expect(shown.lines()).toHaveLength(3);
    });

    it("is drawn again below Ctrl-C's notice without the ETA it had: the run has stopped", () => {
      let stopped = false;
      const { view, clock, screen } = onTerminal(120, () => stopped);
      clock.set(2000);
      view.update(100, counts({ created: 100 }));
      stopped = true;
      view.print(`${NOTICE}\n`);
      const bar = screen().lines()[1] ?? '';
      view.stop();
      expect(bar, 'the bar below the notice').toMatch(/100 ok · 0 invalid · 0 failed \| [\d.]+ rows\/s$/);
    });

    it('stop() clears the bar away and gives back the cursor and line wrap, also after lines were printed', () => {
      const { view, clock, stream, screen } = onTerminal(80);
      clock.set(2000);
      view.update(100, counts({ created: 100 }));
      expect(screen().cursorVisible, 'the cursor, while the bar is drawn').toBe(false);
      view.print('zcust: warning: one\n');
      view.print('zcust: warning: two\n');
      view.stop();
      stream.write('zcust import: the summary\n');
      const shown = screen();
      // cli-progress's stop() went back to where the bar was first drawn: the summary overwrote the first line
      // and the bar stayed beside the second.
      expect(shown.lines()).toEqual([
        'zcust: warning: one',
        'zcust: warning: two',
        'zcust import: the summary',
      ]);
      expect(shown.cursorVisible, 'the cursor shown again').toBe(true);
      expect(shown.lineWrap, 'line wrap on again').toBe(true);
    });

    it('print() after stop() writes the text as it is', () => {
      const { view, stream, screen } = onTerminal(80);
      view.stop();
      stream.write('a\n');
      view.print('b\n');
      expect(screen().lines()).toEqual(['a', 'b']);
    });

    it('fits the bar to the width of the terminal', () => {
      const { view, clock, screen } = onTerminal(80);
      clock.set(2000);
      view.update(2250, counts({ created: 2240, invalid: 5, failed: 5 }));
      view.print('\n');
      const bar = screen().lines()[1] ?? '';
      view.stop();
      expect(bar.length, bar).toBeLessThan(80);
      // README: the bar shows rows done, ok, invalid and failed, rows per second and an ETA.
      expect(bar).toMatch(/2,250 rows \| 2,240 ok · 5 invalid · 5 failed \| 1,125 rows\/s \| ETA \d+s$/);
    });

    it('follows a resize of the terminal', () => {
      const { view, clock, stream, screen } = onTerminal(200);
      clock.set(2000);
      view.update(2250, counts({ created: 2240, invalid: 5, failed: 5 }));
      (stream as { columns: number }).columns = 40;
      view.print('\n');
      const bar = screen().lines()[1] ?? '';
      view.stop();
      expect(bar).toBe('10% | 2,240 ok · 5 invalid · 5 failed');
    });

    it('stays where a stopped run stopped, and says it writes the rows it passes over (not_attempted), counting on', () => {
      const { view, clock, setRead, screen } = onTerminal(200);
      clock.set(2000);
      view.update(100, counts({ created: 100 }));
      // Stopped: the rest of the file is read and every row left not_attempted, at once.
      setRead(1000);
      clock.set(2100);
      view.update(5000, counts({ created: 110, not_attempted: 4890 }));
      view.print('\n');
      const bar = screen().lines()[1] ?? '';
      view.stop();
      expect(bar, 'the share and the rate of the rows worked through; the rows written, counting on').toMatch(
        / 10% \| stopping: 5,000 rows \| 110 ok · 0 invalid · 0 failed \| 52\.4 rows\/s \| writing the rest of the report \(rows not attempted\)$/,
      );
    });
  });
});
