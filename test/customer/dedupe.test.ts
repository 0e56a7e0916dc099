import { describe, expect, it } from 'vitest';
import { createDeduper } from '../../src/customer/dedupe.js';
import type { Customer } from '../../src/model.js';
import { HashRowIndex, hash53 } from '../../src/util/hash-index.js';

const customer = (email?: string, externalId?: string): Customer => ({
  name: 'Ana',
  taxIds: [],
  extras: {},
  ...(email === undefined ? {} : { email }),
  ...(externalId === undefined ? {} : { externalId }),
});

describe('createDeduper', () => {
  it('lets the first row with a key through', () => {
    expect(createDeduper().check(4, customer('ana@acme.example', 'C-1'))).toBeUndefined();
  });

  // Only hashes are kept, not the earlier row's spelling: the value quoted is this row's, and says so. Row 73 read
  // "same email as row 8 (AHMED.6@SAFFRON-CO.EXAMPLE)" where row 8 held ahmed.6@saffron-co.example.
  // É is one character (NFC) or E and a combining acute accent (NFD): the same text, one customer.
  it.each<[string, Customer, Customer, string]>([
    [
      'the same email',
      customer('ana@acme.example'),
      customer('ana@acme.example'),
      'same email as row 8 (this row has ana@acme.example)',
    ],
    [
      'the email in other case',
      customer('ahmed.6@saffron-co.example'),
      customer('AHMED.6@SAFFRON-CO.EXAMPLE'),
      'same email as row 8 (this row has AHMED.6@SAFFRON-CO.EXAMPLE)',
    ],
    [
      'the same Customer ID',
      customer('a@acme.example', 'CUST-9'),
      customer('b@acme.example', 'CUST-9'),
      'same Customer ID as row 8 (this row has CUST-9)',
    ],
    [
      'an NFD Customer ID after its NFC form',
      customer(undefined, 'JOS\u00C9-1'),
      customer(undefined, 'JOSE\u0301-1'),
      'same Customer ID as row 8 (this row has JOSE\u0301-1)',
    ],
    [
      'an NFC Customer ID after its NFD form',
      customer(undefined, 'JOSE\u0301-1'),
      customer(undefined, 'JOS\u00C9-1'),
      'same Customer ID as row 8 (this row has JOS\u00C9-1)',
    ],
  ])(
    "flags %s, naming the earlier row and quoting the value as this row's own",
    (_, earlier, later, message) => {
      const deduper = createDeduper();
      deduper.check(8, earlier);
      expect(deduper.check(73, later), 'the duplicate message of row 73').toEqual({
        code: 'duplicate_in_file',
        message,
      });
    },
  );

  it('compares Customer IDs exactly: case matters', () => {
    const deduper = createDeduper();
    deduper.check(2, customer(undefined, 'cust-9'));
    expect(deduper.check(3, customer(undefined, 'CUST-9'))).toBeUndefined();
  });

  it('keeps emails and Customer IDs apart: an email equal to an earlier Customer ID is no duplicate', () => {
    const deduper = createDeduper();
    deduper.check(2, customer(undefined, 'ana@acme.example'));
    expect(deduper.check(3, customer('ana@acme.example'))).toBeUndefined();
  });

  it.each([
    ['the Customer ID #N/A', customer(undefined, '#N/A')],
    ['the Customer ID 1.23457E+11', customer(undefined, '1.23457E+11')],
    ['the Customer ID 1,23457E+11 (a decimal comma)', customer(undefined, '1,23457E+11')],
    ['the e-mail #N/A', customer('#N/A')],
  ])('pairs no rows on %s, which a spreadsheet wrote in place of the value', (_, keys) => {
    const deduper = createDeduper();
    deduper.check(2, keys);
    expect(deduper.check(3, keys), 'two rows paired on a spreadsheet error').toBeUndefined();
  });

  it('ignores rows without either key', () => {
    const deduper = createDeduper();
    deduper.check(2, customer());
    expect(deduper.check(3, customer())).toBeUndefined();
  });

  // Rows 2, 3, 4 in order; row 3 repeats one key of row 2 and brings a new one, which row 4 repeats.
  it.each<[string, Array<[string, string]>, string]>([
    [
      'the e-mail of a row that was a duplicate by its Customer ID',
      [
        ['c@acme.example', 'K1'],
        ['d@acme.example', 'K1'],
        ['d@acme.example', 'K2'],
      ],
      'same email as row 3 (this row has d@acme.example)',
    ],
    [
      'the Customer ID of a row that was a duplicate by its e-mail',
      [
        ['f@acme.example', 'K3'],
        ['F@acme.example', 'K4'],
        ['h@acme.example', 'K4'],
      ],
      'same Customer ID as row 3 (this row has K4)',
    ],
    [
      'a key repeated twice, naming the first row that had it',
      [
        ['a@acme.example', 'K5'],
        ['a@acme.example', 'K6'],
        ['a@acme.example', 'K7'],
      ],
      'same email as row 2 (this row has a@acme.example)',
    ],
  ])('records the keys of a row whatever its outcome: flags %s', (_, rows, message) => {
    const deduper = createDeduper();
    const verdicts = rows.map(([email, id], i) => deduper.check(i + 2, customer(email, id))?.message);
    expect(verdicts.at(-1), `verdicts of rows 2–4: ${JSON.stringify(verdicts)}`).toBe(message);
  });

  it('tells a hundred thousand distinct keys apart', () => {
    const deduper = createDeduper();
    const flagged: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      if (deduper.check(i + 2, customer(`user${i}@acme.example`, `C-${i}`))) flagged.push(i + 2);
    }
    expect(flagged).toEqual([]);
    expect(deduper.check(200_000, customer('USER77777@acme.example'))?.message).toBe(
      'same email as row 77779 (this row has USER77777@acme.example)',
    );
  });
});

describe('hash53', () => {
  it('gives a safe integer that uses more than 32 bits', () => {
    const hashes = ['a', 'b', 'ana@acme.example', ''].map(hash53);
    for (const h of hashes) expect(Number.isSafeInteger(h)).toBe(true);
    expect(hashes.some((h) => h > 2 ** 32)).toBe(true);
  });

  it('tells apart keys that differ in one character', () => {
    expect(hash53('ana@acme.example')).not.toBe(hash53('ana@acme.exampel'));
  });
});

describe('HashRowIndex', () => {
  it('returns the row recorded for a hash, across growth, and undefined for others', () => {
    const index = new HashRowIndex();
    for (let i = 0; i < 5000; i++) index.add(hash53(`k${i}`), i + 2);
    expect([index.get(hash53('k0')), index.get(hash53('k4999')), index.get(hash53('nope'))]).toEqual([
      2,
      5001,
      undefined,
    ]);
  });

  // Same low 32 bits: same shard, same first slot; only the high bits tell them apart.
  const SAME_LOW = [7, 7 + 2 ** 32, 7 + 2 ** 40, 2 ** 53 - 2 ** 32 + 7];
  const indexOfSameLow = () => {
    const index = new HashRowIndex();
    for (const [i, hash] of SAME_LOW.entries()) index.add(hash, 10 + i);
    return index;
  };

  it('tells apart hashes that differ only above the low 32 bits', () => {
    const index = indexOfSameLow();
    expect(SAME_LOW.map((hash) => index.get(hash))).toEqual([10, 11, 12, 13]);
    expect(index.get(7 + 2 ** 33)).toBeUndefined();
  });

  it('keeps colliding hashes apart across growth', () => {
    const index = indexOfSameLow();
    for (let i = 0; i < 5000; i++) index.add(hash53(`k${i}`), 100 + i);
    expect(SAME_LOW.map((hash) => index.get(hash))).toEqual([10, 11, 12, 13]);
    expect(index.get(hash53('k2500'))).toBe(2600);
  });

  it('set replaces the row of a hash already there and adds one that is not', () => {
    const index = new HashRowIndex();
    index.add(SAME_LOW[0]!, 1);
    index.add(SAME_LOW[1]!, 2);
    index.set(SAME_LOW[1]!, 20);
    index.set(SAME_LOW[2]!, 30);
    expect(SAME_LOW.map((hash) => index.get(hash))).toEqual([1, 20, 30, undefined]);
  });
});
