/** Fixtures for the input tests: files in a temporary directory, and readers drained into arrays. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { type InputOptions, type InputSource, openInput } from '../../src/input/open.js';
import type { SourceRow } from '../../src/model.js';

/** A temporary directory for this test file, removed afterwards. */
export function useTempDir(): { file(name: string, content: string | Buffer): Promise<string> } {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zcust-input-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    async file(name, content) {
      const file = path.join(dir, name);
      await writeFile(file, content);
      return file;
    },
  };
}

export async function drain(source: InputSource): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of source.rows) rows.push(row);
  return rows;
}

/** Standard input that arrives in pieces of `size` bytes, so chunk boundaries fall anywhere. */
export function stdinOf(content: string | Buffer, size = 64 * 1024): NodeJS.ReadableStream {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return Readable.from(pieces);
}

/** Reads `content` through standard input ('-') and returns the source and every row. */
export async function readText(
  content: string | Buffer,
  options: Partial<InputOptions> & { chunkSize?: number } = {},
): Promise<{ source: InputSource; rows: SourceRow[] }> {
  const { chunkSize, ...rest } = options;
  const source = await openInput({ path: '-', format: 'csv', stdin: stdinOf(content, chunkSize), ...rest });
  return { source, rows: await drain(source) };
}

/** The issue codes of a row, for compact assertions. */
export const codes = (row: SourceRow | undefined): string[] => (row?.issues ?? []).map((i) => i.code);
