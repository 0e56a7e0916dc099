/**
 * The first chunks of a text, read to tell what it is (a CSV header, whether JSON starts with an array) before any
 * row is read, and handed on with the rest: standard input cannot be read twice.
 */

/** Reads chunks until `enough` says so of the chunk just read (or the text ends); returns the chunks read. */
export async function readUntil(
  chunks: AsyncIterator<string>,
  enough: (chunk: string) => boolean,
): Promise<string[]> {
  const head: string[] = [];
  for (;;) {
    const next = await chunks.next();
    if (next.done) return head;
    head.push(next.value);
    if (enough(next.value)) return head;
  }
}

/** `head`, then the rest of the chunks. */
export async function* prepend(head: string[], rest: AsyncIterator<string>): AsyncGenerator<string> {
  try {
    yield* head;
    while (true) {
      const next = await rest.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Stopping early must reach the byte stream, so the file is closed.
    await rest.return?.();
  }
}
