/**
 * What --json prints, held to the README's description of it: each form's example (import, validate, the error
 * form) and the table of fields are read from README.md by their markers, so that the documented shape and the
 * output cannot drift apart.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SAMPLES, tempDir, zcust } from '../support/zcust.js';

type Json = Record<string, unknown>;

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The ```json block after `<!-- json-summary: FORM -->`. */
function exampleOf(form: string): Json {
  const block = new RegExp(`<!-- json-summary: ${form} -->\\n\`\`\`json\\n([\\s\\S]*?)\`\`\``).exec(
    README,
  )?.[1];
  if (block === undefined)
    throw new Error(`README.md has no \`\`\`json block after <!-- json-summary: ${form} -->`);
  return JSON.parse(block) as Json;
}

/** The field names of the table after `<!-- json-summary: fields -->`: each row's first cell, `name`. */
function documentedFields(): string[] {
  const table = README.split('<!-- json-summary: fields -->\n')[1]?.split('\n\n')[0] ?? '';
  return [...table.matchAll(/^\| `(\w+)` /gm)].map((match) => match[1] ?? '');
}

/** What a value is, as the README's type column tells them apart. */
const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

const ERRORS_CSV = 'customers-with-errors.csv';
/** Credentials the sandbox accepts: an import that no server answers still needs some. */
const SANDBOX_KEYS = {
  ZENSKAR_API_KEY: 'zsk_sandbox_key',
  ZENSKAR_ORGANISATION: '00000000-0000-4000-8000-000000000001',
};

/** zcust `args` in a fresh folder holding the samples; --json's output, parsed. */
async function jsonOf(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ json: Json; dir: string }> {
  const dir = tempDir();
  for (const file of ['customers.csv', ERRORS_CSV]) copyFileSync(join(SAMPLES, file), join(dir, file));
  const run = await zcust([...args, '--json'], { cwd: dir, env });
  expect(run.stdout, `stdout should be one JSON line; stderr:\n${run.stderr}`).toMatch(/^\{.*\}\n$/);
  return { json: JSON.parse(run.stdout) as Json, dir };
}

describe("--json's output is the README's description of it", () => {
  interface Case {
    run: string;
    args: string[];
    env?: Record<string, string>;
    /** The README example it has the keys of. */
    form: 'import' | 'validate' | 'error';
    /** Its keys that the example has not, as only some runs have them. */
    extra: string[];
  }
  it.each<Case>([
    {
      run: 'an import that sends',
      args: ['import', 'customers.csv', '--sandbox'],
      form: 'import',
      extra: [],
    },
    {
      run: 'an import that stops early',
      args: ['import', 'customers.csv', '--base-url', 'http://127.0.0.1:9', '--retries', '0'],
      env: SANDBOX_KEYS,
      form: 'import',
      extra: ['aborted'],
    },
    { run: 'a validate', args: ['validate', ERRORS_CSV], form: 'validate', extra: [] },
    {
      run: 'an import --dry-run',
      args: ['import', 'customers.csv', '--dry-run'],
      form: 'validate',
      extra: ['dry_run'],
    },
    {
      run: 'a command that cannot read its input',
      args: ['import', 'missing.csv'],
      form: 'error',
      extra: [],
    },
    { run: 'a command zcust does not know', args: ['improt', 'customers.csv'], form: 'error', extra: [] },
  ])(
    '$run: the keys of the $form example, in its order, of its types',
    async ({ args, env, form, extra }) => {
      const example = exampleOf(form);
      const { json } = await jsonOf(args, env);
      const keys = Object.keys(json);
      const documented = Object.keys(example);
      expect(
        keys.filter((key) => documented.includes(key)),
        `the keys the README's ${form} example shows`,
      ).toEqual(documented);
      expect(
        keys.filter((key) => !documented.includes(key)),
        `the keys beyond the ${form} example`,
      ).toEqual(extra);
      for (const key of documented) {
        expect(kindOf(json[key]), `the type of ${key}`).toBe(kindOf(example[key]));
      }
      if (example.counts !== undefined) {
        expect(Object.keys(json.counts as Json), 'the keys of counts').toEqual(
          Object.keys(example.counts as Json),
        );
      }
    },
  );

  it.each(['import', 'validate', 'error'])(
    "every key of the %s example is a row of the README's table",
    (form) => {
      expect(documentedFields()).toEqual(expect.arrayContaining(Object.keys(exampleOf(form))));
    },
  );

  it("the keys only some runs have are rows of the README's table", () => {
    expect(documentedFields()).toEqual(expect.arrayContaining(['aborted', 'dry_run']));
  });
});

describe("--json's reports", () => {
  it.each([
    ['the default report', [], ['customers.report.csv']],
    [
      'the reports --report names relative to the working folder',
      ['--report', 'r.csv', '--report', './r.json'],
      ['r.csv', 'r.json'],
    ],
  ])('lists %s by absolute path, in --json and in the JSON report', async (_, reportArgs, names) => {
    const { json, dir } = await jsonOf(['validate', 'customers.csv', ...reportArgs]);
    const absolute = names.map((name) => join(dir, name));
    expect(json.reports, '--json').toEqual(absolute);
    const jsonReport = names.find((name) => name.endsWith('.json'));
    if (jsonReport !== undefined) {
      const report = JSON.parse(readFileSync(join(dir, jsonReport), 'utf8')) as { summary: Json };
      expect(report.summary.reports, "the JSON report's summary").toEqual(absolute);
    }
  });
});
