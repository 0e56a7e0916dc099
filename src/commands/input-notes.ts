/**
 * What an import or a validate says of its input: the notes known before the first row (a CSV header's; no header;
 * no Name column; columns matching nothing) at once, those a reader adds while reading (a report's unknown
 * statuses, JSON keys) after the rows.
 */
import { noNameColumnWarning } from '../input/name-column-advice.js';
import { describeNames } from '../input/name-list.js';
import type { InputSource } from '../input/open.js';
import { COLUMN } from '../template.js';

/** Says the notes known now; returns what says the rest once the rows are read. */
export function sayInputNotes(input: InputSource, say: (line: string) => void): () => void {
  const warnUnmatched = () => {
    if (input.unmatched.names.length > 0) {
      say(`warning: ignoring columns that match no template column: ${describeNames(input.unmatched)}`);
    }
  };
  // Notes known before the first row (a CSV header's) are said now; a reader adds others while reading
  // (a report's unknown statuses, JSON keys), said after the rows.
  const notesSaid = input.notes.length;
  for (const note of input.notes) say(`warning: ${note}`);
  if (input.format === 'csv' && input.columns.length === 0) {
    // A pipe the stop ended before it sent a header is not an empty file: the summary's "read no further" says so.
    if (input.cutShort?.() !== true)
      say('warning: the file has no header line (it is empty or blank): there is nothing to read');
  } else if (input.layout && input.fieldColumns && !input.fieldColumns.includes(COLUMN.name)) {
    // Said once, up front: otherwise the first sign is "Name: is required" on every row.
    say(`warning: ${noNameColumnWarning(input.layout)}`);
  }
  // A CSV header says it all up front; JSON keys are known only once every object has been read.
  if (input.format === 'csv') warnUnmatched();
  return () => {
    for (const note of input.notes.slice(notesSaid)) say(`warning: ${note}`);
    if (input.format !== 'csv') warnUnmatched();
  };
}
