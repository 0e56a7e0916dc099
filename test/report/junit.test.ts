import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Outcome, RunSummary, Status } from '../../src/model.js';
import { openJunitReport, xmlAttribute, xmlText } from '../../src/report/junit.js';
import { filesIn, outcome, summary, tempDir } from './fixtures.js';

async function writeJunit(
  outcomes: Outcome[],
  runSummary: RunSummary = summary(),
  input = 'data/customers.csv',
) {
  const dir = await tempDir();
  const path = join(dir, 'out.xml');
  const report = openJunitReport(path, input);
  for (const o of outcomes) await report.write(o);
  await report.close(runSummary);
  return { dir, xml: await readFile(path, 'utf8') };
}

/**
 * Enough of an XML checker for a generated file: tags nest and close, attribute values are quoted,
 * text holds no raw `<`, every `&` starts an entity, and no character is illegal in XML 1.0.
 */
function expectWellFormedXml(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'), 'XML declaration first').toBe(true);
  expect(
    /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(xml),
    'illegal XML 1.0 character',
  ).toBe(false);
  expect(/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(xml), 'bare & outside an entity').toBe(false);
  const open: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  for (const [tag] of body.matchAll(/<[^>]*>/g)) {
    const close = /^<\/([\w-]+)>$/.exec(tag);
    if (close) {
      expect(open.pop(), `closing </${close[1]}>`).toBe(close[1]);
      continue;
    }
    const start = /^<([\w-]+)(\s+[\w-]+="[^"<]*")*\s*(\/?)>$/.exec(tag);
    expect(start, `malformed tag ${tag}`).not.toBeNull();
    if (start?.[3] !== '/') open.push(start![1]!);
  }
  expect(open, 'unclosed elements').toEqual([]);
  expect(body.replace(/<[^>]*>/g, '').includes('>'), 'stray > in text').toBe(false);
}

function attributesOf(xml: string, element: string): Record<string, string> {
  const tag = new RegExp(`<${element}\\s([^>]*)>`).exec(xml)?.[1] ?? '';
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

const ALL_STATUSES: Status[] = [
  'created',
  'valid',
  'skipped',
  'not_attempted',
  'invalid',
  'duplicate',
  'failed',
];

describe('JUnit report', () => {
  it('is well-formed XML with no rows, and leaves no temp file', async () => {
    const { dir, xml } = await writeJunit([]);
    expectWellFormedXml(xml);
    expect(attributesOf(xml, 'testsuite')).toMatchObject({ tests: '0', failures: '0', skipped: '0' });
    expect(await filesIn(dir)).toEqual(['out.xml']);
  });

  it('counts tests, failures, errors (rows a stop left unsent) and skipped from the rows written', async () => {
    const { xml } = await writeJunit(ALL_STATUSES.map((status, i) => outcome({ row: i + 2, status })));
    expectWellFormedXml(xml);
    for (const element of ['testsuites', 'testsuite']) {
      expect(attributesOf(xml, element), element).toMatchObject({
        tests: '7',
        failures: '3',
        errors: '1',
        skipped: '1',
        time: '1.200',
      });
    }
  });

  it.each([
    ['zcust import', 'import'],
    ['zcust validate', 'validate'],
  ] as const)('names the suite "%s"', async (name, command) => {
    const { xml } = await writeJunit([], summary({ command }));
    expect(attributesOf(xml, 'testsuite').name).toBe(name);
  });

  it.each([
    ['created', /<testcase classname="customers.csv" name="row 4"\/>/],
    ['valid', /<testcase classname="customers.csv" name="row 4"\/>/],
    ['skipped', /<skipped message="this is the example row"\/>/],
    [
      'not_attempted',
      /<error message="not attempted: the run stopped before this row" type="not_attempted"\/>/,
    ],
    ['invalid', /<failure message="Email: bad" type="invalid">invalid_email: Email: bad<\/failure>/],
    ['duplicate', /<failure message="Email: bad" type="duplicate">/],
    ['failed', /<failure message="Email: bad" type="failed">/],
  ] as const)('writes a %s row as %s', async (status, expected) => {
    const errors =
      status === 'skipped'
        ? [{ code: 'example_row' as const, message: 'this is the example row' }]
        : [{ field: 'Email', code: 'invalid_email' as const, message: 'bad' }];
    const { xml } = await writeJunit([
      outcome({ row: 4, status, errors: status === 'created' ? [] : errors }),
    ]);
    expect(xml).toMatch(expected);
  });

  it.each<[string, Partial<Outcome>, string]>([
    [
      'a row stopped between its tries names what its last try got',
      {
        status: 'not_attempted',
        warnings: [{ code: 'server_error', message: 'HTTP 503; not tried again' }],
        errors: [],
      },
      '<error message="not attempted: the run stopped before this row (HTTP 503; not tried again)" type="not_attempted"/>',
    ],
    [
      'a created row with warnings carries them as its output',
      { status: 'created', warnings: [{ code: 'already_exists', message: 'created by an earlier run' }] },
      '<system-out>warning: already_exists: created by an earlier run</system-out>',
    ],
  ])('%s', async (_, fields, expected) => {
    const { xml } = await writeJunit([outcome(fields)]);
    expectWellFormedXml(xml);
    expect(xml).toContain(expected);
  });

  it('marks a dry run among the properties', async () => {
    const { xml } = await writeJunit([], summary({ dry_run: true }));
    expect(xml).toContain('<property name="dry_run" value="true"/>');
  });

  it('gives a skipped row its warning as the reason when it has no error', async () => {
    const { xml } = await writeJunit([
      outcome({
        status: 'skipped',
        warnings: [{ code: 'already_exists', message: 'created by an earlier run' }],
      }),
    ]);
    expect(xml).toContain('<skipped message="created by an earlier run"/>');
  });

  it.each([
    ['-', 'stdin'],
    ['/abs/path/people.ndjson', 'people.ndjson'],
  ])('uses the input name %s as the classname %s', async (input, classname) => {
    const { xml } = await writeJunit([outcome()], summary(), input);
    expect(attributesOf(xml, 'testcase').classname).toBe(classname);
  });

  it('escapes markup and replaces control characters in API messages with U+FFFD', async () => {
    const message = 'a < b & c > d "quoted" \'single\' \u0000\u0007\u001b[31m\uFFFF end';
    const { xml } = await writeJunit([
      outcome({ status: 'failed', errors: [{ code: 'rejected', message }] }),
    ]);
    expectWellFormedXml(xml);
    expect(attributesOf(xml, 'failure').message).toBe(
      'a &lt; b &amp; c &gt; d &quot;quoted&quot; &apos;single&apos; \uFFFD\uFFFD\uFFFD[31m\uFFFD end',
    );
    expect(xml).toContain(
      'rejected: a &lt; b &amp; c &gt; d "quoted" \'single\' \uFFFD\uFFFD\uFFFD[31m\uFFFD end</failure>',
    );
  });

  it('creates nothing and removes its temp file when aborted', async () => {
    const dir = await tempDir();
    const report = openJunitReport(join(dir, 'out.xml'));
    await report.write(outcome());
    await report.abort();
    expect(await filesIn(dir)).toEqual([]);
  });
});

describe('XML escaping', () => {
  it.each([
    ['<&>', '&lt;&amp;&gt;'],
    ['"\'', '"\''],
    ['tab\tnewline\ncr\r', 'tab\tnewline\ncr\r'],
    ['nul\u0000bell\u0007esc\u001b', 'nul\uFFFDbell\uFFFDesc\uFFFD'],
    ['lone surrogate \uD800 and U+FFFE \uFFFE', 'lone surrogate \uFFFD and U+FFFE \uFFFD'],
    ['a control character alone: "\u0001"', 'a control character alone: "\uFFFD"'],
    ['emoji 😀 kept', 'emoji 😀 kept'],
  ])('text %j becomes %j', (input, expected) => {
    expect(xmlText(input)).toBe(expected);
  });

  it.each([
    ['<&>"\'', '&lt;&amp;&gt;&quot;&apos;'],
    ['tab\tnewline\ncr\r', 'tab&#9;newline&#10;cr&#13;'],
    ['nul\u0000', 'nul\uFFFD'],
  ])('attribute %j becomes %j', (input, expected) => {
    expect(xmlAttribute(input)).toBe(expected);
  });
});
