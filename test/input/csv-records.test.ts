import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CsvEvent, readCsvRecords } from '../../src/input/csv-records.js';

/** The text in pieces of `size` characters, so that records can end in another chunk than they start. */
async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

async function events(text: string, size = text.length): Promise<CsvEvent[]> {
  const all: CsvEvent[] = [];
  for await (const event of readCsvRecords(chunksOf(text, size), ',', () => undefined)) all.push(event);
  return all;
}

const recordsOf = (all: CsvEvent[]): string[][] => all.flatMap((e) => ('records' in e ? e.records : []));

describe('records whose field count differs from the first record build no error', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // csv-parse used to build a CsvError, stack trace and all, for each of these records: 20x slower to read.
  it.each([
    [
      'short rows',
      'a,b,c\n1\n2,3\n4,5,6\n',
      undefined,
      [['a', 'b', 'c'], ['1'], ['2', '3'], ['4', '5', '6']],
    ],
    ['blank lines', 'a,b\n\n\n1,2\n', undefined, [['a', 'b'], [''], [''], ['1', '2']]],
    [
      'a blank first line (every full row differs from it)',
      '\na,b\n1,2\n',
      undefined,
      [[''], ['a', 'b'], ['1', '2']],
    ],
    ['more fields than the header', 'a\n1,2,3\n', undefined, [['a'], ['1', '2', '3']]],
    ['short rows read two characters at a time', 'a,b,c\n1\n2,3\n', 2, [['a', 'b', 'c'], ['1'], ['2', '3']]],
  ])('%s', async (_name, text, size, expected) => {
    const captureStackTrace = vi.spyOn(Error, 'captureStackTrace');
    const all = await events(text, size);
    expect(recordsOf(all), 'the records as csv-parse gives them').toEqual(expected);
    expect(
      all.filter((e) => 'damage' in e),
      'no damage',
    ).toEqual([]);
    expect(
      captureStackTrace,
      'an error was built (a stack trace captured) while parsing',
    ).not.toHaveBeenCalled();
  });
});

describe('damage is still reported after rows of another length', () => {
  it.each([
    ['an unclosed quote after a short row', 'a,b,c\n1\n"x,y\n', 3, 'unclosed quoted field'],
    [
      'text after a closing quote after a blank line',
      'a,b\n\n"x"y,1\n',
      3,
      'text after the closing quote of a field',
    ],
  ])('%s', async (_name, text, line, reason) => {
    const all = await events(text);
    expect(all.at(-1), 'the last event names the damaged line').toEqual({ damage: { line, reason } });
  });
});
