import { describe, expect, it } from 'vitest';
import { jsonInCsvReason } from '../../src/input/json-in-csv.js';

/** The reason for a regular file `exp.csv`; standard input has no name to change. */
const reasonOf = (text: string) => jsonInCsvReason(text, 'exp.csv', 'exp.csv');
const stdinReasonOf = (text: string) => jsonInCsvReason(text, 'standard input', undefined);

describe('a CSV input whose first line is JSON', () => {
  const ARRAY =
    'exp.csv holds a JSON array, not CSV (its first line starts with "["): read it with --format json, or name it .json: mv exp.csv exp.json';
  const OBJECT_A_LINE =
    'exp.csv holds JSON objects one a line (NDJSON), not CSV (its first line starts with "{"): read it with --format ndjson, or name it .ndjson: mv exp.csv exp.ndjson';
  const OVER_LINES =
    "exp.csv holds JSON, not CSV (its first line starts with \"{\"): objects written over several lines (as jq '.[]' writes them) are neither a JSON array nor NDJSON's one object a line: make them an array, jq -s . exp.csv > exp.array.json, or one a line, jq -c . exp.csv > exp.lines.ndjson, then run zcust on the file made";

  it.each([
    ['a JSON array on one line', '[{"Name":"A","Email":"a@x.co"}]\n', ARRAY],
    ['a JSON array without a line break', '[{"Name":"A"}]', ARRAY],
    ['an empty JSON array', '[]\n', ARRAY],
    ['a JSON array of arrays', '[["Name","Email"],["A","a@x.co"]]\n', ARRAY],
    ['JSON.stringify(…, 2)', '[\n  {\n    "Name": "A"\n  }\n]\n', ARRAY],
    ['a pretty array, CRLF', '[\r\n  {"Name": "A", "Email": "a@x.co"}\r\n]\r\n', ARRAY],
    ["an array's first line holding its first object", '[{"Name": "A",\n "Email": "a@x.co"}]\n', ARRAY],
    ['an array whose first object opens on its line', '[{\n"Name": "A"}]\n', ARRAY],
    ['an array after a BOM and blank lines', '\uFEFF\n\n  [{"Name":"A"}]\n', ARRAY],
    ['jq -c lines', '{"Name":"A","Email":"a@x.co"}\n{"Name":"B"}\n', OBJECT_A_LINE],
    ['one empty object', '{}\n', OBJECT_A_LINE],
    ['an object a line with a comma after it', '{"Name":"A"},\n{"Name":"B"},\n', OBJECT_A_LINE],
    ['an object a line with a mistake in it', '{"Name": tru}\n{"Name":"B"}\n', OBJECT_A_LINE],
    ["jq '.[]' objects over several lines", '{\n  "Name": "A"\n}\n', OVER_LINES],
    ['an object whose first line goes on', '{"Name": "A",\n "Email": "a@x.co"}\n', OVER_LINES],
  ])('refuses %s, saying which --format reads it', (_, text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  it.each([
    [
      'a JSON array',
      '[{"Name":"A"}]\n',
      'a JSON array, not CSV (its first line starts with "["): read it with --format json',
    ],
    [
      'jq -c lines',
      '{"Name":"A"}\n',
      'JSON objects one a line (NDJSON), not CSV (its first line starts with "{"): read it with --format ndjson',
    ],
    [
      'objects over several lines',
      '{\n"Name":"A"\n}\n',
      'make them an array, jq -s . export.json > export.array.json',
    ],
  ])('on standard input, advises only --format for %s (there is no name to change)', (_, text, advice) => {
    expect(stdinReasonOf(text)).toContain(advice);
    expect(stdinReasonOf(text)).not.toContain('mv ');
  });

  it.each([
    ['a bracketed first column', '[Name],Email\nA,a@x.co\n'],
    ['a braced first column', '{Id},Name\n1,A\n'],
    ['a braced column alone', '{Name}\nA\n'],
    ['brackets at a semicolon', '[Kunde];E-Mail\nA;a@x.co\n'],
    ['a column named like a list', '[1],[2],Name\n1,2,A\n'],
    ['a bracket and a space', '[ Name ],Email\n'],
    ['a placeholder column', '{{name}},{{email}}\n'],
    ['a column opening a bracket it does not close', '[Name,Email\n'],
    ['a header over two lines in quotes', '"[Name\n]",Email\n'],
    ['a header that is plain CSV', 'Name,Email\n[{"Name":"A"}]\n'],
  ])('reads %s as CSV', (_, text) => {
    expect(reasonOf(text), `refused ${JSON.stringify(text)}`).toBeUndefined();
  });
});
