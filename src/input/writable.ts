/**
 * csv-parse's Parser is a Node Writable: feed it text and learn
 * of a failure as a value, not as an event that could go unhandled.
 */
import type { Writable } from 'node:stream';

export function writeText(parser: Writable, text: string): Promise<Error | undefined> {
  return new Promise((resolve) => parser.write(text, (error) => resolve(error ?? undefined)));
}

export function endWritable(parser: Writable): Promise<Error | undefined> {
  return new Promise((resolve) => {
    parser.once('error', resolve);
    parser.once('finish', () => resolve(undefined));
    parser.end();
  });
}
