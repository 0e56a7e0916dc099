/**
 * When an import lets the event loop turn. Rows already parsed, and answers that came in together, would
 * otherwise be worked through in one go, and the sockets not polled until it was done: the next creates would
 * go out late. Kept apart from the pipeline because the numbers here are measured, and tuned on their own.
 */

/**
 * How many rows an import prepares between two turns of the event loop. Measured against a 20 ms sandbox,
 * 4 rather than 16 answered creates ~3% faster (p99 latency 31–34 ms, not 37–41); 1 was faster still at
 * 20 ms but 10% slower with zero latency, where each turn is a poll of the sockets for little.
 */
export const ROWS_PER_TURN = 4;

let turnAfterIo: Promise<void> | undefined;
/**
 * Settles in the event loop's next check phase, after its poll of the sockets: once the answers that came in
 * with this one have been read and their next creates sent. One promise for everything that waits in a turn.
 *
 * Creates sent together come back together. Read one after the other, each answer waited for the row work
 * done for those before it: the report's row, the journal's, the next row's checks. Done after the whole
 * batch, that work no longer holds up the next creates (5,000 rows at 20 ms: 1,302 against 1,269 rows/s in five
 * interleaved pairs; a create's round trip 23.1–23.5 ms instead of 23.5–24.5).
 */
export const afterAnswersRead = (): Promise<void> => {
  turnAfterIo ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      turnAfterIo = undefined;
      resolve();
    }),
  );
  return turnAfterIo;
};
