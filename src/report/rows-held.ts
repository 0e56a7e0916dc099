/**
 * Of the reports of a run, how many rows every one of them holds where the user reads it (see
 * ReportOptions.onHeld): the note that a row's warning was given waits for the last of them. A report given up (a
 * full disk) holds no more rows, and so holds back the notes of the rows after: the next import gives those
 * warnings again, as it would after a kill.
 */
export function rowsHeldByAll(
  paths: readonly string[],
  onHeld: ((rows: number) => void) | undefined,
): (path: string) => ((rows: number) => void) | undefined {
  if (!onHeld) return () => undefined;
  const held = new Map(paths.map((path) => [path, 0]));
  let heldByAll = 0;
  return (path) => (rows) => {
    held.set(path, rows);
    const least = Math.min(...held.values());
    if (least <= heldByAll) return;
    heldByAll = least;
    onHeld(least);
  };
}
