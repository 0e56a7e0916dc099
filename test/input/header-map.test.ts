import { describe, expect, it } from 'vitest';
import { resolveMap, typeableHeader } from '../../src/input/header-map.js';
import { planColumns } from '../../src/input/headers.js';

describe('typeableHeader: a header as a user types it in a suggested --map entry', () => {
  it.each<[string, string, string[], string]>([
    ['a header with nothing to leave out, as it is', 'Name, Vorname', [], 'Name, Vorname'],
    ["a cell over two lines (Excel's Alt+Enter), CRLF as one space", 'Firma\r\n(Name)', [], 'Firma (Name)'],
    [
      'a cell over two lines, LF and the spaces around it as one space',
      'Firma \n (Name)',
      [],
      'Firma (Name)',
    ],
    ['a tab as a space', 'Kunde\t(Name)', [], 'Kunde (Name)'],
    ['a line separator as a space', 'Kunde\u2028(Name)', [], 'Kunde (Name)'],
    ['a zero-width space left out', 'Kunde (Name)\u200B', [], 'Kunde (Name)'],
    ['a byte-order mark and a bidi mark left out', '\uFEFF\u200EKunde (Name)', [], 'Kunde (Name)'],
    [
      'a joiner that shapes an emoji kept',
      '\u{1F468}\u200D\u{1F469} Name\n(Firma)',
      [],
      '\u{1F468}\u200D\u{1F469} Name (Firma)',
    ],
    // Nothing typeable matches these, so the entry shows what is there (<U+0001>) rather than naming another header.
    ['a control character no typeable form matches, as it is', 'Kunde\u0001(Name)', [], 'Kunde\u0001(Name)'],
    ['a NEL, which header matching does not ignore, as it is', 'Kunde\u0085(Name)', [], 'Kunde\u0085(Name)'],
    [
      'as it is when another header of the file would be picked as closely',
      'Firma\n(Name)',
      ['Firma\n(Name)', 'Firma(Name)'],
      'Firma\n(Name)',
    ],
    [
      'as it is when another header of the file would be picked instead',
      'Firma\n(Name)',
      ['Firma\n(Name)', 'Firma (Name)'],
      'Firma\n(Name)',
    ],
    [
      'typeable when the other headers are not picked by it',
      'Firma\n(Name)',
      ['Firma\n(Name)', 'Firma', 'E-Mail'],
      'Firma (Name)',
    ],
  ])('%s: %j', (_, header, headers, typed) => {
    expect(typeableHeader(header, headers)).toBe(typed);
  });

  // Through the mechanism a pasted --map goes through: the typed form, as an entry, feeds Name from that column
  // (closeness alone held for these headers whatever typeableHeader returned).
  it.each([['Firma\r\n(Name)'], ['Kunde (Name)\u200B'], ['Kunde\t(Name)']])(
    'gives for %j an entry that picks it back',
    (header) => {
      const headers = [header, 'Kunde Nr', 'E-Mail'];
      const plan = planColumns(headers, resolveMap([[typeableHeader(header, headers), 'Name']]));
      expect(plan.fieldIndexes, 'the columns the typed entry feeds').toContainEqual(['Name', 0]);
    },
  );
});
