/**
 * What the summary says when the input cannot be read to its end (InputReadError): the rows read are
 * reported as usual, and the stop's message names the rows the report lacks.
 */

/** Why the run stopped at a read error, and which rows the report lacks: those the input held after the last read. */
export function unreadRest(reason: string, lastRowRead: number | undefined): string {
  return lastRowRead === undefined
    ? `${reason}; no row could be read`
    : `${reason}; the rows after row ${lastRowRead} could not be read, so they are not in the report`;
}
