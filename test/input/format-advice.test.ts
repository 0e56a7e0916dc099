import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWithFormat } from '../../src/input/format-advice.js';
import type { InputFormat } from '../../src/input/types.js';

describe('readWithFormat', () => {
  it.each<[string, InputFormat, string | undefined, string]>([
    [
      'a .csv file holding JSON',
      'json',
      'exp.csv',
      'read it with --format json, or name it .json: mv exp.csv exp.json',
    ],
    [
      'a .txt file holding NDJSON',
      'ndjson',
      'dir/lines.txt',
      'read it with --format ndjson, or name it .ndjson: mv dir/lines.txt dir/lines.ndjson',
    ],
    [
      'a .json file holding CSV',
      'csv',
      'c.JSON',
      'read it with --format csv, or name it .csv: mv c.JSON c.csv',
    ],
    [
      'a name the shell would read',
      'csv',
      "my c's $HOME.json",
      `read it with --format csv, or name it .csv: mv 'my c'\\''s $HOME.json' 'my c'\\''s $HOME.csv'`,
    ],
    [
      'a name without an extension',
      'json',
      'export',
      'read it with --format json, or name it .json: mv export export.json',
    ],
    [
      'a name that already says the format (a wrong --format)',
      'json',
      'exp.json',
      'read it with --format json',
    ],
    ['.jsonl, which already says NDJSON', 'ndjson', 'lines.jsonl', 'read it with --format ndjson'],
    ['standard input or a pipe', 'csv', undefined, 'read it with --format csv'],
  ])('advises for %s', (_, format, file, advice) => {
    expect(readWithFormat(format, file)).toBe(advice);
  });

  it.each<[string, InputFormat, string, string]>([
    ['a .csv file holding JSON, beside a .json file', 'json', 'exp.csv', 'exp.json'],
    ['a .json file holding CSV, beside a .csv file', 'csv', 'exp.json', 'exp.csv'],
    ['a .txt file holding NDJSON, beside a .ndjson file', 'ndjson', 'lines.txt', 'lines.ndjson'],
  ])('advises no mv for %s, which mv would overwrite', (_, format, name, taken) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zcust-rename-'));
    try {
      writeFileSync(path.join(dir, taken), 'another export\n');
      expect(readWithFormat(format, path.join(dir, name))).toBe(`read it with --format ${format}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
