import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TargetName } from '../../src/model.js';
import { DataFileWriter } from '../../src/sandbox/data-file.js';
import { DataFileError, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { AUTH, CREATE_PATH, call, customerBody } from './client.js';

let dir: string;
let dataFile: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zcust-sandbox-'));
  dataFile = join(dir, 'customers.ndjson');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const create = (sandbox: Sandbox, body: unknown) =>
  call(sandbox, 'POST', CREATE_PATH[sandbox.target], { body, headers: AUTH[sandbox.target] });

async function withSandbox<T>(target: TargetName, use: (sandbox: Sandbox) => Promise<T>): Promise<T> {
  const sandbox = await startSandbox({ port: 0, target, dataFile });
  try {
    return await use(sandbox);
  } finally {
    await sandbox.close();
  }
}

describe('sandbox dataFile', () => {
  it('keeps customers across a restart, ids and all', async () => {
    const before = await withSandbox('zenskar', async (sandbox) => {
      for (let n = 1; n <= 3; n += 1) await create(sandbox, customerBody('zenskar', n));
      return sandbox.customers();
    });
    const after = await withSandbox('zenskar', async (sandbox) => sandbox.customers());
    expect(after).toEqual(before);
    expect(after).toHaveLength(3);
  });

  it('answers a create only once its line is in the file: a kill -9 then loses no customer it answered', async () => {
    const missing = await withSandbox('zenskar', (sandbox) =>
      Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          await create(sandbox, customerBody('zenskar', i + 1));
          // Read at the moment the answer arrives, before anything else can run.
          return readFileSync(dataFile, 'utf8').includes(`"c${i + 1}@example.com"`) ? [] : [i + 1];
        }),
      ),
    );
    expect(missing.flat(), 'customers answered while their line was not yet in the file').toEqual([]);
  });

  it("settles an append's promise once its line is in the file", async () => {
    const writer = await DataFileWriter.open(dataFile, 'zenskar', () => {});
    const pending = [1, 2, 3].map((n) => writer.append({ id: n }));
    await pending[1];
    expect(readFileSync(dataFile, 'utf8'), 'the first two lines, at least').toContain('{"id":2}');
    await writer.written();
    expect(readFileSync(dataFile, 'utf8').trim().split('\n')).toHaveLength(3);
    await writer.close();
  });

  it('rebuilds the indexes: a loaded email is still a duplicate, a loaded external id still found', async () => {
    await withSandbox('zenskar', (sandbox) => create(sandbox, customerBody('zenskar', 1)));
    await withSandbox('zenskar', async (sandbox) => {
      expect((await create(sandbox, { customer_name: 'Again', email: 'C1@example.com' })).status).toBe(400);
      const found = await call(sandbox, 'GET', '/customers?external_id__in=EXT-1', { headers: AUTH.zenskar });
      expect(found.body).toMatchObject({ total: 1 });
    });
  });

  it('continues AmbioSys numbering after the loaded customers', async () => {
    await withSandbox('ambiosys', async (sandbox) => {
      await create(sandbox, { name: 'One' });
      await create(sandbox, { name: 'Two' });
    });
    const answer = await withSandbox('ambiosys', (sandbox) => create(sandbox, { name: 'Three' }));
    expect(answer.body).toMatchObject({ customer: { customer_id: 3 } });
  });

  it('skips lines of another target and a torn last line', async () => {
    await withSandbox('dayzero', (sandbox) => create(sandbox, customerBody('dayzero', 1)));
    const lines = await readFile(dataFile, 'utf8');
    await writeFile(
      dataFile,
      `${lines}{"target":"zenskar","customer":{"id":"x","customer_name":"Z"}}\n{"target":"dayz`,
    );
    const loaded = await withSandbox('dayzero', async (sandbox) => sandbox.customers());
    expect(loaded).toEqual([expect.objectContaining({ email: 'c1@example.com' })]);
  });

  it.each([
    [
      'an e-mail that is a number',
      '{"id":"00000000-0000-4000-8000-000000000aa1","customer_name":"A","email":5}',
    ],
    [
      'an e-mail that is true',
      '{"id":"00000000-0000-4000-8000-000000000aa2","customer_name":"B","email":true}',
    ],
    ['an external id that is an object', '{"id":"00000000-0000-4000-8000-000000000aa3","external_id":{}}'],
  ])('skips a Zenskar line edited by hand to hold %s, keeping the others', async (_, customer) => {
    await withSandbox('zenskar', (sandbox) => create(sandbox, customerBody('zenskar', 1)));
    const lines = await readFile(dataFile, 'utf8');
    await writeFile(dataFile, `${lines}{"target":"zenskar","customer":${customer}}\n`);
    const loaded = await withSandbox('zenskar', async (sandbox) => sandbox.customers());
    expect(loaded).toEqual([expect.objectContaining({ email: 'c1@example.com' })]);
  });

  it('answers a Zenskar customer loaded with keys no model declares as a new one is answered, without them', async () => {
    const kept = {
      id: 'id-1',
      customer_name: 'A',
      address: { line1: '1 Main' },
      tax_info: [{ tax_id: 'X' }],
    };
    const written = {
      ...kept,
      address: { line1: '1 Main', zip_code: '1' },
      tax_info: [{ tax_id: 'X', tax_type: 'GST' }],
    };
    await writeFile(dataFile, `${JSON.stringify({ target: 'zenskar', customer: written })}\n`);
    const loaded = await withSandbox('zenskar', async (sandbox) => sandbox.customers());
    expect(loaded, 'the loaded customer keeps what the platform would not').toEqual([kept]);
  });

  it('starts a new line after a torn last line, so the next customer is kept and its e-mail stays taken', async () => {
    await writeFile(dataFile, '{"bad json');
    await withSandbox('zenskar', (sandbox) => create(sandbox, customerBody('zenskar', 1)));

    await withSandbox('zenskar', async (sandbox) => {
      expect(sandbox.customers(), 'the customer appended after the torn line was lost').toEqual([
        expect.objectContaining({ email: 'c1@example.com' }),
      ]);
      const again = await create(sandbox, customerBody('zenskar', 1));
      expect(again.status, 'the same e-mail was created a second time').toBe(400);
    });
    expect(await readFile(dataFile, 'utf8')).toMatch(/^\{"bad json\n\{"target":"zenskar"/);
  });

  it.each([
    [
      'a directory',
      async () => {
        await mkdir(dataFile);
        return dataFile;
      },
      'it is a directory, not a data file',
    ],
    [
      'in a folder that does not exist',
      async () => join(dir, 'missing', 'customers.ndjson'),
      'cannot write it: its folder does not exist',
    ],
    [
      'a symbolic link to a place that does not exist',
      async () => {
        const link = join(dir, 'link.ndjson');
        await symlink(join(dir, 'missing', 'customers.ndjson'), link);
        return link;
      },
      'cannot write it: it is a symbolic link to a place where the file cannot be created',
    ],
  ])('refuses a data file that is %s, before it listens', async (_, pathOf, reason) => {
    const starting = startSandbox({ port: 0, target: 'zenskar', dataFile: await pathOf() });

    await expect(starting).rejects.toBeInstanceOf(DataFileError);
    await expect(starting).rejects.toThrow(reason);
  });

  it.skipIf(!existsSync('/proc/self'))(
    'says a folder that exists but makes no files (/proc) does not let files be created, not that it is missing',
    async () => {
      await expect(startSandbox({ port: 0, dataFile: '/proc/x.ndjson' })).rejects.toThrow(
        new DataFileError('cannot write it: its folder does not let files be created'),
      );
    },
  );

  it.skipIf(!existsSync('/dev/full'))(
    'a data file that can no longer be written (a full disk) is said once, and nothing more is written',
    async () => {
      const said: string[] = [];
      const writer = await DataFileWriter.open('/dev/full', 'zenskar', (reason) => said.push(reason));
      for (let n = 1; n <= 3; n += 1) {
        writer.append({ id: n });
        await new Promise((resolve) => setTimeout(resolve, 20)); // the buffered write fails meanwhile
      }
      await writer.close();
      expect(said).toEqual(['no space left on device']);
    },
  );

  it.each([['/dev/zero'], ['/dev/null']])(
    'refuses %s, which is not a regular file, before it listens',
    async (path) => {
      await expect(startSandbox({ port: 0, dataFile: path })).rejects.toThrow(
        new DataFileError('it is not a regular file'),
      );
    },
  );

  it('POST /__reset empties the file too', async () => {
    await withSandbox('zenskar', async (sandbox) => {
      await create(sandbox, customerBody('zenskar', 1));
      await call(sandbox, 'POST', '/__reset');
      await create(sandbox, customerBody('zenskar', 2));
    });
    const loaded = await withSandbox('zenskar', async (sandbox) => sandbox.customers());
    expect(loaded).toEqual([expect.objectContaining({ email: 'c2@example.com' })]);
  });

  it("POST /__reset removes only this target's customers: other targets' lines and unreadable ones stay", async () => {
    await withSandbox('zenskar', async (sandbox) => {
      for (let n = 1; n <= 2; n += 1) await create(sandbox, customerBody('zenskar', n));
    });
    const zenskarLines = await readFile(dataFile, 'utf8');
    await writeFile(dataFile, `${zenskarLines}not json\n`);
    await withSandbox('dayzero', async (sandbox) => {
      await create(sandbox, customerBody('dayzero', 3));
      await call(sandbox, 'POST', '/__reset');
      await create(sandbox, customerBody('dayzero', 4));
    });

    const lines = (await readFile(dataFile, 'utf8')).split('\n').filter((line) => line !== '');
    expect(lines.slice(0, 3).join('\n'), "the other target's customers were lost").toBe(
      `${zenskarLines}not json`,
    );
    expect(lines.slice(3).map((line) => JSON.parse(line).customer.email)).toEqual(['c4@example.com']);
    expect(await withSandbox('zenskar', async (sandbox) => sandbox.customers())).toHaveLength(2);
  });

  it.each([
    ['an empty file', '', { loaded: 0, otherTargets: 0, unreadable: 0, unreadableLines: [] }],
    [
      "two customers and another target's line",
      `${line('zenskar', 1)}${line('dayzero', 2)}${line('zenskar', 3)}`,
      { loaded: 2, otherTargets: 1, unreadable: 0, unreadableLines: [] },
    ],
    [
      'a corrupt line in the middle and a torn last line',
      `${line('zenskar', 1)}{"target":"zen\n${line('zenskar', 3)}\n{"tar`,
      { loaded: 2, otherTargets: 0, unreadable: 2, unreadableLines: [2, 5] },
    ],
    [
      'a line of this target that holds no customer',
      `{"target":"zenskar","customer":{"customer_name":"no id"}}\n${line('zenskar', 2)}`,
      { loaded: 1, otherTargets: 0, unreadable: 1, unreadableLines: [1] },
    ],
    [
      'seven unreadable lines (the first five named)',
      'x\n'.repeat(7),
      { loaded: 0, otherTargets: 0, unreadable: 7, unreadableLines: [1, 2, 3, 4, 5] },
    ],
  ])('says what it found in %s', async (_case, text, found) => {
    await writeFile(dataFile, text);
    expect(await withSandbox('zenskar', async (sandbox) => sandbox.dataFile)).toEqual(found);
  });

  it('refuses a second sandbox on a file in use, however it is named, until the first stops', async () => {
    const first = await startSandbox({ port: 0, dataFile });
    try {
      for (const name of [dataFile, join(dir, '.', 'customers.ndjson')]) {
        await expect(startSandbox({ port: 0, target: 'dayzero', dataFile: name })).rejects.toThrow(
          new DataFileError('another sandbox of this process is using it'),
        );
      }
    } finally {
      await first.close();
    }
    await withSandbox('zenskar', async () => {});
    expect(existsSync(`${dataFile}.lock`), 'the lock was left behind').toBe(false);
  });

  it.skipIf(!existsSync('/dev/full'))('counts the customers a full disk kept out of the file', async () => {
    const writer = await DataFileWriter.open('/dev/full', 'zenskar', () => {});
    writer.append({ id: 1 });
    writer.append({ id: 2 });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the buffered writes fail meanwhile
    writer.append({ id: 3 });
    await writer.close();
    expect(writer.unsaved).toBe(3);
  });
});

/** One data file line of `target` holding customer `n` (the fields restore needs). */
function line(target: TargetName, n: number): string {
  const customer =
    target === 'ambiosys'
      ? { customer_id: n }
      : { id: `id-${n}`, email: `c${n}@example.com`, customer_name: 'C' };
  return `${JSON.stringify({ target, customer })}\n`;
}
