import { describe, expect, it } from 'vitest';
import { checkTaxId, resolveTaxPair } from '../../src/customer/tax.js';
import { parseJurisdiction } from '../../src/customer/tax-jurisdictions.js';
import type { Jurisdiction } from '../../src/model.js';

describe('parseJurisdiction', () => {
  it.each([
    ['IND', 'IND'],
    ['ind', 'IND'],
    ['USA', 'USA'],
    ['Aus', 'AUS'],
    ['eu', 'EU'],
    ['sg', 'SG'],
    [' FR ', 'FR'],
  ])('accepts %j as %s', (value, expected) => {
    expect(parseJurisdiction(value)).toEqual({ jurisdiction: expected });
  });

  it.each([
    ['#N/A', 'is a spreadsheet error'],
    ['#NA', 'looks like the spreadsheet error #N/A'],
  ])('tells %j as the spreadsheet error it is or looks like, not a jurisdiction', (value, what) => {
    expect(parseJurisdiction(value)).toEqual({
      message: `"${value}" ${what} (a formula that failed), not a value: correct the formula or empty the cell`,
    });
  });

  it.each([
    ['IN', 'IND'],
    ['India', 'IND'],
    ['US', 'USA'],
    ['United States', 'USA'],
    ['AU', 'AUS'],
    ['Australia', 'AUS'],
    ['Singapore', 'SG'],
    ['SGP', 'SG'],
    ['France', 'FR'],
    ['FRA', 'FR'],
    ['DE', 'EU'],
    ['Germany', 'EU'],
    ['EL', 'EU'],
    ['Europe', 'EU'],
    ['European Union', 'EU'],
    // The jurisdiction's letters alone, with marks: "U.S.A." was suggested USA (a name of the US), "E.U." nothing.
    ['E.U.', 'EU'],
    ['U.S.A.', 'USA'],
    ['S.G.', 'SG'],
    // Zenskar's own labels of the jurisdictions, in its customer form: the tax in brackets.
    ['IND (GST)', 'IND'],
    ['USA (VAT)', 'USA'],
    ['AUS (GST)', 'AUS'],
    ['EU (VAT)', 'EU'],
    ['SG (VAT)', 'SG'],
    ['FR (VAT)', 'FR'],
    ['India (GST)', 'IND'],
    ['eu (vat)', 'EU'],
  ])('suggests the right code for the near miss %j', (value, meant) => {
    expect(parseJurisdiction(value)).toEqual({
      message: `"${value}" is not a tax jurisdiction: did you mean "${meant}"?`,
    });
  });

  it.each([
    ['GST', 'GST numbers go under IND, AUS or SG'],
    ['VAT', 'VAT numbers go under EU, FR, USA or SG'],
  ])('explains that %j is a tax type, not a jurisdiction', (value, hint) => {
    expect(parseJurisdiction(value)).toEqual({
      message: `"${value}" is a tax type, not a jurisdiction: ${hint}`,
    });
  });

  it.each([
    ['GSTIN', 'an Indian GSTIN goes under IND'],
    ['gstin', 'an Indian GSTIN goes under IND'],
    ['ABN', 'an Australian ABN goes under AUS'],
    ['A.B.N.', 'an Australian ABN goes under AUS'],
    ['EIN', 'a US EIN goes under USA'],
    ['UEN', 'a Singapore UEN goes under SG'],
  ])('explains that %j is a kind of tax number, naming its jurisdiction', (value, hint) => {
    expect(parseJurisdiction(value)).toEqual({
      message: `"${value}" is a kind of tax number, not a jurisdiction: ${hint}`,
    });
  });

  it.each(['XYZ', 'UK', 'Canada', 'Mars'])('lists the jurisdictions when %j is nowhere near one', (value) => {
    expect(parseJurisdiction(value)).toEqual({
      message: `"${value}" is not a tax jurisdiction: use one of IND, USA, AUS, EU, SG, FR`,
    });
  });
});

describe('checkTaxId accepts well-formed numbers with a correct check digit', () => {
  it.each<[Jurisdiction, string, string]>([
    ['IND', '27AAPFU0939F1ZV', 'IN'],
    ['IND', '29aagcb7383j1z4', 'IN'],
    ['IND', '07-AADCT2291Q1ZS', 'IN'],
    // State codes stdnum's table lacks: Ladakh, Other Territory, Centre Jurisdiction.
    ['IND', '38AAPFU0939F1ZS', 'IN'],
    ['IND', '97AAPFU0939F1ZO', 'IN'],
    ['IND', '99AAPFU0939F1ZK', 'IN'],
    ['AUS', '51 824 753 556', 'AU'],
    ['AUS', '53004085616', 'AU'],
    ['USA', '12-3456789', 'US'],
    ['USA', '941144442', 'US'],
    ['FR', 'FR40303265045', 'FR'],
    ['FR', 'FR 44 732 829 320', 'FR'],
    ['FR', 'FR39356000000', 'FR'], // La Poste: its SIREN 356000000 passes Luhn (its SIRETs are the exception)
    ['EU', 'FR39356000000', 'FR'],
    ['FR', 'FR53000004605', 'FR'], // Monaco: a "SIREN" starting 000 has no check digit of its own
    ['SG', '201812927R', 'SG'], // UEN of a local company (ROC)
    ['SG', '53012345B', 'SG'], // UEN of a business (ROB)
    ['SG', 'T08LL0001K', 'SG'], // UEN of another entity
    ['SG', 'M2-1234567-X', 'SG'], // GST registration number assigned by IRAS
    ['SG', 'MR8500053A', 'SG'],
    ['SG', 'M90312345X', 'SG'],
    ['EU', 'DE136695976', 'DE'],
    ['EU', 'de 293 847 560', 'DE'],
    ['EU', 'ATU13585627', 'AT'],
    ['EU', 'NL123456782B01', 'NL'],
    ['EU', 'IT12345670157', 'IT'],
    ['EU', 'ESB12345674', 'ES'],
    ['EU', 'BE0123456749', 'BE'],
    ['EU', 'IE6388047V', 'IE'],
    ['EU', 'PL5260001246', 'PL'],
    ['EU', 'EL123456783', 'EL'], // Greece writes EL, and tax_info takes the prefix as written
    ['EU', 'FR40303265045', 'FR'],
    ['EU', 'EU372000041', 'EU'], // the non-Union OSS scheme
    // The same separators in every jurisdiction: spaces, dashes (en dash too), dots, slashes.
    ['AUS', '51-824-753-556', 'AU'],
    ['AUS', '51.824.753.556', 'AU'],
    ['AUS', '51/824/753/556', 'AU'],
    ['AUS', '51\u2013824\u2013753\u2013556', 'AU'],
    ['USA', '12.3456789', 'US'],
    ['USA', '12/3456789', 'US'],
    ['SG', '2003-12345-H', 'SG'],
    ['SG', '2003.12345.H', 'SG'],
    ['IND', '27.AAPFU.0939.F1ZV', 'IN'],
    ['IND', '27/AAPFU/0939/F1ZV', 'IN'],
    ['FR', 'FR/40/303/265/045', 'FR'],
    ['EU', 'DE\u2013136695976', 'DE'],
  ])('%s %j → tax_info country %s', (jurisdiction, value, countryCode) => {
    expect(checkTaxId(jurisdiction, value)).toEqual({ countryCode });
  });
});

describe('checkTaxId rejects numbers in words a finance user understands', () => {
  it.each<[Jurisdiction, string, string]>([
    [
      'IND',
      '27AAPFU0939F1ZX',
      '"27AAPFU0939F1ZX" is not a valid Indian GSTIN (the check character is wrong)',
    ],
    ['IND', '27AAPFU0939F1', '"27AAPFU0939F1" is not a valid Indian GSTIN (a GSTIN has 15 characters)'],
    [
      'IND',
      '40AAPFU0939F1ZV',
      '"40AAPFU0939F1ZV" is not a valid Indian GSTIN (one of its parts is wrong: the 2-digit state code, the PAN in characters 3–12, the 13th character (1–9 or A–Z) or the 14th (always Z))',
    ],
    [
      'IND',
      '27AAPFU0939F0ZV',
      '"27AAPFU0939F0ZV" is not a valid Indian GSTIN (one of its parts is wrong: the 2-digit state code, the PAN in characters 3–12, the 13th character (1–9 or A–Z) or the 14th (always Z))',
    ],
    ['AUS', '51 824 753 557', '"51 824 753 557" is not a valid Australian ABN (the check digits are wrong)'],
    ['AUS', '5182475355', '"5182475355" is not a valid Australian ABN (an ABN has 11 digits)'],
    ['AUS', '51-824-753-557', '"51-824-753-557" is not a valid Australian ABN (the check digits are wrong)'],
    ['USA', '12.345678', '"12.345678" is not a valid US EIN (an EIN has 9 digits, like 12-3456789)'],
    [
      'IND',
      '27.AAPFU.0939.F1ZX',
      '"27.AAPFU.0939.F1ZX" is not a valid Indian GSTIN (the check character is wrong)',
    ],
    [
      'SG',
      '2018-1292-7S',
      '"2018-1292-7S" is not a valid Singapore UEN or GST registration number (the check letter is wrong)',
    ],
    ['USA', '07-3456789', '"07-3456789" is not a valid US EIN (no EIN starts with those two digits)'],
    // stdnum says "InvalidComponent" for a letter in an EIN as for a prefix no EIN has, and an ABN or GSTIN holding
    // an underscore is of the wrong length to it: the character is named.
    [
      'USA',
      '12-345678A',
      '"12-345678A" is not a valid US EIN ("A" at character 10 is a letter, and the number has only digits)',
    ],
    [
      'USA',
      '12-34567O9',
      '"12-34567O9" is not a valid US EIN ("O" at character 9 is a letter, and the number has only digits)',
    ],
    [
      'AUS',
      '51 824 753 55O',
      '"51 824 753 55O" is not a valid Australian ABN ("O" at character 14 is a letter, and the number has only digits)',
    ],
    [
      'AUS',
      '51 824 753 55О',
      '"51 824 753 55О" is not a valid Australian ABN ("О" (U+041E) at character 14 is a letter, and the number has only digits)',
    ],
    [
      'AUS',
      '51_824_753_556',
      '"51_824_753_556" is not a valid Australian ABN ("_" at character 3 is not part of one: it has digits, which only spaces, dashes, dots or slashes may separate)',
    ],
    [
      'USA',
      '12_3456789',
      '"12_3456789" is not a valid US EIN ("_" at character 3 is not part of one: it has digits, which only spaces, dashes, dots or slashes may separate)',
    ],
    [
      'IND',
      '27AAPFU0939F1Z+V',
      '"27AAPFU0939F1Z+V" is not a valid Indian GSTIN ("+" at character 15 is not part of one: it has letters and digits, which only spaces, dashes, dots or slashes may separate)',
    ],
    [
      'IND',
      '27АAPFU0939F1ZV',
      '"27АAPFU0939F1ZV" is not a valid Indian GSTIN ("А" (U+0410) at character 3 is not an ASCII character (it may only look like one))',
    ],
    [
      'SG',
      '201812927_R',
      '"201812927_R" is not a valid Singapore UEN or GST registration number ("_" at character 10 is not part of one: it has letters and digits, which only spaces, dashes, dots or slashes may separate)',
    ],
    ['USA', '12-345678', '"12-345678" is not a valid US EIN (an EIN has 9 digits, like 12-3456789)'],
    [
      'FR',
      'FR41303265045',
      '"FR41303265045" is not a valid French VAT number (the 2-character key does not match the SIREN)',
    ],
    [
      'FR',
      'FR4030326504',
      '"FR4030326504" is not a valid French VAT number (it is FR, a 2-character key and the 9-digit SIREN, like FR40303265045)',
    ],
    [
      'SG',
      '201812927S',
      '"201812927S" is not a valid Singapore UEN or GST registration number (the check letter is wrong)',
    ],
    [
      'SG',
      'M1234',
      '"M1234" is not a valid Singapore UEN or GST registration number (a UEN has 9 or 10 characters, a GST number is M + 8 digits + a check character)',
    ],
    [
      'EU',
      'DE136695977',
      '"DE136695977" is not a valid EU VAT number (the check digits are wrong for Germany)',
    ],
    [
      'EU',
      'ATU13585628',
      '"ATU13585628" is not a valid EU VAT number (the check digits are wrong for Austria)',
    ],
    [
      'EU',
      'DE12345',
      '"DE12345" is not a valid EU VAT number (it does not have the format of a VAT number from Germany)',
    ],
    [
      'EU',
      '136695976',
      '"136695976" is not a valid EU VAT number (it must start with the country prefix, like DE or IT)',
    ],
    [
      'EU',
      'GR123456783',
      '"GR123456783" is not a valid EU VAT number (Greek VAT numbers start with EL, not GR: write EL123456783)',
    ],
    ['EU', 'GR12345', '"GR12345" is not a valid EU VAT number (Greek VAT numbers start with EL, not GR)'],
    // Lower case is read as upper case, the prefix too.
    [
      'EU',
      'gr123456783',
      '"gr123456783" is not a valid EU VAT number (Greek VAT numbers start with EL, not GR: write EL123456783)',
    ],
  ])('%s %j', (jurisdiction, value, message) => {
    expect(checkTaxId(jurisdiction, value)).toEqual({ message });
  });
});

describe('checkTaxId says whose number it is when the prefix belongs elsewhere', () => {
  it.each<[Jurisdiction, string, string]>([
    // Under FR, stdnum would read DE as the French key: one German number passed, the other blamed its SIREN.
    [
      'FR',
      'DE100000223',
      '"DE100000223" is not a French VAT number: it starts with the VAT prefix DE (Germany), so put it under the EU jurisdiction (a French number whose key is DE is written FRDE100000223)',
    ],
    [
      'FR',
      'DE 136 695 976',
      '"DE 136 695 976" is not a French VAT number: it starts with the VAT prefix DE (Germany), so put it under the EU jurisdiction (a French number whose key is DE is written FRDE136695976)',
    ],
    [
      'FR',
      'EL123456783',
      '"EL123456783" is not a French VAT number: it starts with the VAT prefix EL (Greece), so put it under the EU jurisdiction (a French number whose key is EL is written FREL123456783)',
    ],
    [
      'FR',
      'GB980780684',
      '"GB980780684" is not a French VAT number: it starts with the VAT prefix GB (United Kingdom) (a French number whose key is GB is written FRGB980780684)',
    ],
    // I is never part of a French key: no French number could be meant.
    [
      'FR',
      'XI980780684',
      '"XI980780684" is not a French VAT number: it starts with the VAT prefix XI (Northern Ireland, UK)',
    ],
    [
      'EU',
      'XI980780684',
      '"XI980780684" is not an EU VAT number: XI numbers are UK VAT numbers of Northern Ireland, and the EU jurisdiction takes only the VAT numbers of EU member states',
    ],
    [
      'EU',
      'GB980780684',
      '"GB980780684" is not an EU VAT number: it starts with the VAT prefix GB (United Kingdom), which is not in the EU',
    ],
    [
      'EU',
      'GB12',
      '"GB12" is not an EU VAT number: it starts with the VAT prefix GB (United Kingdom), which is not in the EU',
    ],
    [
      'EU',
      'CHE123456788',
      '"CHE123456788" is not an EU VAT number: it starts with the VAT prefix CH (Switzerland), which is not in the EU',
    ],
  ])('%s %j', (jurisdiction, value, message) => {
    expect(checkTaxId(jurisdiction, value)).toEqual({ message });
  });

  it.each([
    ['FRDE100000223', 'written with FR, letters as its key'],
    ['40303265045', 'without FR, digits as its key'],
  ])('still takes a French number under FR %j (%s)', (value) => {
    expect(checkTaxId('FR', value), `${value} was refused`).toEqual({ countryCode: 'FR' });
  });
});

describe('checkTaxId tells the two checksum failures of a French VAT number apart, under FR and EU alike', () => {
  const SIREN_DIGIT =
    "the SIREN's check digit is wrong: its last digit does not fit the other eight by the Luhn formula";
  const KEY = 'the 2-character key does not match the SIREN';
  it.each<[Jurisdiction, string, string]>([
    // 43 is the key SIREN 303265046 calls for, but that SIREN fails its own check digit (303265045 passes).
    ['FR', 'FR43303265046', SIREN_DIGIT],
    ['EU', 'FR43303265046', SIREN_DIGIT],
    ['EU', 'FR 43 303 265 046', SIREN_DIGIT],
    ['FR', 'FR41303265045', KEY],
    ['EU', 'FR41303265045', KEY],
    // Monaco's numbers have no SIREN check digit: only the key can be wrong (53 is right here).
    ['FR', 'FR54000004605', KEY],
  ])('%s %j: %s', (jurisdiction, value, reason) => {
    expect(checkTaxId(jurisdiction, value)).toEqual({
      message: `"${value}" is not a valid French VAT number (${reason})`,
    });
  });
});

describe('checkTaxId checks a GSTIN under a state code stdnum lacks (38, 97, 99) as fully as any other', () => {
  const PARTS =
    'one of its parts is wrong: the 2-digit state code, the PAN in characters 3–12, the 13th character (1–9 or A–Z) or the 14th (always Z)';
  it.each([
    ['38AAPFU0939F1ZV', 'the check character is wrong'],
    ['99AAPFU0939F1ZV', 'the check character is wrong'],
    ['97AAPFU0939F1ZS', 'the check character is wrong'],
    // Each with the check character its other characters call for, so that only the named part is wrong.
    ['38AAPXU0939F1ZR', PARTS], // X, the PAN's 4th character, is no holder type
    ['38AAPFU0000F1ZG', PARTS], // a PAN's serial is never 0000
    ['38AAPFU0939F0ZT', PARTS], // the 13th character is never 0
    ['38AAPFU0939F1YU', PARTS], // the 14th is always Z
    ['00AAPFU0939F1ZB', PARTS], // no state has code 00
    ['40AAPFU0939F1Z7', PARTS], // nor 40
    ['38AAPFU0939F1', 'a GSTIN has 15 characters'],
    ['38AAPFU093901ZS', 'a GSTIN is a 2-digit state code, the 10-character PAN, then 3 characters'],
  ])('rejects %j: %s', (value, reason) => {
    expect(checkTaxId('IND', value)).toEqual({
      message: `"${value}" is not a valid Indian GSTIN (${reason})`,
    });
  });
});

describe('checkTaxId takes the GSTIN formats without a PAN (OIDAR suppliers, UN bodies)', () => {
  it.each([
    ['9917SGP29001OST', 'an OIDAR supplier from Singapore'],
    ['9917USA29002OSF', 'an OIDAR supplier from the USA'],
    ['0717UNO00001UN7', 'a UN body in Delhi'],
    ['2717UNO00001UN5', 'a UN body in Maharashtra'],
    ['9917-SGP-29001-OST', 'an OIDAR number written with dashes'],
  ])('accepts %j (%s)', (value) => {
    expect(checkTaxId('IND', value), `${value} was refused`).toEqual({ countryCode: 'IN' });
  });

  const SHAPE = 'a GSTIN is a 2-digit state code, the 10-character PAN, then 3 characters';
  it.each([
    // Each but the first with the check character its other characters call for, so that only the named part is wrong.
    ['9917SGP29001OSS', 'the check character is wrong'],
    ['0717UNO00001UN8', 'the check character is wrong'],
    ['9817SGP29001OSV', SHAPE], // OIDAR numbers are the Centre's: state code 99 only
    ['9917SG129001OSH', SHAPE], // the country is three letters
    ['9917SGP2900AOSB', SHAPE], // then five digits
    ['9917SGP29001OTR', SHAPE], // then OS
    ['4017UNO00001UNH', SHAPE], // no state has code 40
    ['0717UNX00001UNY', SHAPE], // a UN body's number has UNO
    ['0717UNO00001OS3', SHAPE], // and ends in UN before the check character
  ])('rejects %j: %s', (value, reason) => {
    expect(checkTaxId('IND', value)).toEqual({
      message: `"${value}" is not a valid Indian GSTIN (${reason})`,
    });
  });
});

describe('resolveTaxPair', () => {
  it('is silent when both columns are empty', () => {
    expect(resolveTaxPair(1, '', '')).toEqual({ issues: [] });
  });

  it.each<[string, string, string, 'GST' | 'VAT', string]>([
    ['IND', '27AAPFU0939F1ZV', 'IN', 'GST', 'IND'],
    ['usa', '12-3456789', 'US', 'VAT', 'USA'],
    ['usa', '12.3456789', 'US', 'VAT', 'USA'],
    ['AUS', '51 824 753 556', 'AU', 'GST', 'AUS'],
    ['AUS', '51-824-753-556', 'AU', 'GST', 'AUS'],
    ['SG', '2003-12345-H', 'SG', 'VAT', 'SG'],
    ['EU', 'DE136695976', 'DE', 'VAT', 'EU'],
    ['SG', '201812927R', 'SG', 'VAT', 'SG'],
    ['FR', 'FR40303265045', 'FR', 'VAT', 'FR'],
  ])(
    'maps %s %s to tax_info %s/%s, keeping the number as written',
    (jurisdiction, id, countryCode, taxCode, j) => {
      expect(resolveTaxPair(1, jurisdiction, id)).toEqual({
        taxId: { jurisdiction: j, countryCode, taxCode, taxId: id },
        issues: [],
      });
    },
  );

  // stdnum reads these digits as 0–9, so the check passed and the API was sent "１２-３４５６７８９". The number is
  // checked and sent in ASCII, its separators as written; every check reads it so, jsvat's too.
  it.each<[string, string, string, string]>([
    ['full-width digits in an EIN', 'USA', '１２-３４５６７８９', '12-3456789'],
    ['a full-width EIN, its hyphen too', 'USA', '１２－３４５６７８９', '12-3456789'],
    ['Arabic-Indic digits in an EIN', 'USA', '١٢-٣٤٥٦٧٨٩', '12-3456789'],
    ['Persian digits in an EIN', 'USA', '۱۲-۳۴۵۶۷۸۹', '12-3456789'],
    ['mathematical digits in an EIN', 'USA', '𝟏𝟐-𝟑𝟒𝟓𝟔𝟕𝟖𝟗', '12-3456789'],
    // Not only the digits stdnum reads: every script's (Devanagari's was "no EIN starts with those two digits").
    ['Devanagari digits in an EIN', 'USA', '१२-३४५६७८९', '12-3456789'],
    ['Bengali digits in an ABN', 'AUS', '৫১ ৮২৪ ৭৫৩ ৫৫৬', '51 824 753 556'],
    ['Thai digits in a GSTIN', 'IND', '๒๗AAPFU๐๙๓๙F๑ZV', '27AAPFU0939F1ZV'],
    ['monospace mathematical digits, the last of their five runs', 'USA', '𝟷𝟸-𝟹𝟺𝟻𝟼𝟽𝟾𝟿', '12-3456789'],
    ['a full-width ABN with ideographic spaces', 'AUS', '５１　８２４　７５３　５５６', '51 824 753 556'],
    ['full-width digits in a GSTIN', 'IND', '２７AAPFU0939F1ZV', '27AAPFU0939F1ZV'],
    ['a GSTIN typed all full-width', 'IND', '２７ＡＡＰＦＵ０９３９Ｆ１ＺＶ', '27AAPFU0939F1ZV'],
    ['full-width digits in an EU VAT number', 'EU', 'DE１３６６９５９７６', 'DE136695976'],
    ['a full-width EU VAT number', 'EU', 'ＤＥ１３６６９５９７６', 'DE136695976'],
    ['full-width digits in a French VAT number', 'FR', 'FR４０３０３２６５０４５', 'FR40303265045'],
    ['full-width digits in a UEN', 'SG', '２０１８１２９２７R', '201812927R'],
  ])('checks and sends %s in ASCII', (_, jurisdiction, id, sent) => {
    expect(resolveTaxPair(1, jurisdiction, id).taxId?.taxId).toBe(sent);
  });

  it('quotes a number that fails its check as written, not as converted', () => {
    expect(resolveTaxPair(1, 'AUS', '５１ ８２４ ７５３ ５５７').issues).toEqual([
      {
        field: 'Tax ID',
        code: 'invalid_tax_id',
        message: '"５１ ８２４ ７５３ ５５７" is not a valid Australian ABN (the check digits are wrong)',
      },
    ]);
  });

  it('reports a jurisdiction without a Tax ID on the jurisdiction column of that pair', () => {
    expect(resolveTaxPair(2, 'IND', '')).toEqual({
      issues: [
        {
          field: 'Tax Jurisdiction 2',
          code: 'invalid_tax_jurisdiction',
          message: '"IND" is given but Tax ID 2 is empty',
        },
      ],
    });
  });

  it('reports a Tax ID without a jurisdiction', () => {
    expect(resolveTaxPair(1, '', '12-3456789')).toEqual({
      issues: [
        {
          field: 'Tax Jurisdiction',
          code: 'invalid_tax_jurisdiction',
          message: 'Tax ID "12-3456789" has no jurisdiction: use one of IND, USA, AUS, EU, SG, FR',
        },
      ],
    });
  });

  it.each([
    ['a zero-width space', 'AB\u200BC1', /invisible character \(U\+200B ZERO WIDTH SPACE\)/],
    ['a line break', 'AB\nC1', /line break/],
  ])('names %s in a Tax ID without a jurisdiction, before the missing jurisdiction', (_, id, damage) => {
    const { issues } = resolveTaxPair(1, '', id);
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ['Tax ID', 'invalid_tax_id'],
      ['Tax Jurisdiction', 'invalid_tax_jurisdiction'],
    ]);
    expect(issues[0]?.message).toMatch(damage);
  });

  it('reports an unknown jurisdiction once, without judging the number against a guess', () => {
    expect(resolveTaxPair(3, 'IN', '27AAPFU0939F1ZX')).toEqual({
      issues: [
        {
          field: 'Tax Jurisdiction 3',
          code: 'invalid_tax_jurisdiction',
          message: '"IN" is not a tax jurisdiction: did you mean "IND"?',
        },
      ],
    });
  });

  // The number's check ignores white space, so a tab or line break would have been sent as written.
  it.each([
    ['USA', '12-\t3456789', 'a tab (U+0009) at character 4'],
    ['AUS', '51 824\n753 556', 'a line break (U+000A) at character 7'],
    ['IND', '27AAPFU0939F1ZV\u0000', 'a control character (U+0000) at character 16'],
    ['EU', 'DE136\u007f695976', 'a control character (U+007F) at character 6'],
    ['USA', '12-345\u20286789', 'a line separator (U+2028) at character 7'],
    ['AUS', '51\u2029824 753 556', 'a paragraph separator (U+2029) at character 3'],
  ])(
    'refuses a %s Tax ID holding a control character (%j), on the Tax ID column',
    (jurisdiction, id, what) => {
      expect(resolveTaxPair(2, jurisdiction, id)).toEqual({
        issues: [
          {
            field: 'Tax ID 2',
            code: 'invalid_tax_id',
            message: `holds ${what}, which a one-line value cannot hold: remove it`,
          },
        ],
      });
    },
  );

  it('reports a failed check on the Tax ID column of that pair', () => {
    expect(resolveTaxPair(2, 'AUS', '51 824 753 557').issues).toEqual([
      {
        field: 'Tax ID 2',
        code: 'invalid_tax_id',
        message: '"51 824 753 557" is not a valid Australian ABN (the check digits are wrong)',
      },
    ]);
  });
});

/**
 * DayZero and AmbioSys take one free-text tax_id (AmbioSys's own example is "ABC123456789"): there a Tax ID
 * without a jurisdiction is taken as written, while one with a jurisdiction is still checked against it.
 */
describe('resolveTaxPair with free text allowed', () => {
  it.each([
    ["AmbioSys's own example", 'ABC123456789', 'ABC123456789'],
    ['a number that fails every check', '12-3456780', '12-3456780'],
    ['a number with its spaces, trimmed', '  DE 136 695 976 ', 'DE 136 695 976'],
    ['full-width digits, as written', '１２３', '１２３'],
    ['words', 'exempt (charity)', 'exempt (charity)'],
  ])('takes %s without a jurisdiction as written: %j', (_, id, sent) => {
    expect(resolveTaxPair(1, '', id, true)).toEqual({ taxId: { taxId: sent }, issues: [] });
  });

  it.each([
    ['a tab', '12\t34', 'holds a tab (U+0009) at character 3, which a one-line value cannot hold: remove it'],
    [
      'a line break',
      'AB\n12',
      'holds a line break (U+000A) at character 3, which a one-line value cannot hold: remove it',
    ],
    [
      'a zero-width space',
      'AB\u200b12',
      'holds an invisible character (U+200B ZERO WIDTH SPACE) at character 3: remove it',
    ],
    [
      'a soft hyphen',
      'AB\u00ad12',
      'holds an invisible character (U+00AD SOFT HYPHEN) at character 3: remove it',
    ],
  ])('still refuses free text holding %s, on the Tax ID column of that pair', (_, id, message) => {
    expect(resolveTaxPair(2, '', id, true)).toEqual({
      issues: [{ field: 'Tax ID 2', code: 'invalid_tax_id', message }],
    });
  });

  it.each([
    ['a number that fails its check', 'USA', '12-345678', 'Tax ID', 'invalid_tax_id'],
    ['an unknown jurisdiction', 'XYZ', 'ABC123456789', 'Tax Jurisdiction', 'invalid_tax_jurisdiction'],
    ['a jurisdiction without a number', 'USA', '', 'Tax Jurisdiction', 'invalid_tax_jurisdiction'],
  ])('keeps checking a pair with a jurisdiction: %s', (_, jurisdiction, id, field, code) => {
    expect(resolveTaxPair(1, jurisdiction, id, true).issues).toMatchObject([{ field, code }]);
  });

  it('checks a number given with its jurisdiction as it does without free text', () => {
    expect(resolveTaxPair(1, 'USA', '12-3456789', true)).toEqual(resolveTaxPair(1, 'USA', '12-3456789'));
  });
});
