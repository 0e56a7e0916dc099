/**
 * What an import or a validate opens and must close however the run ends. Each is set the moment it is opened,
 * so that one opened before a refusal or an error (a sandbox started, then missing credentials) is closed too.
 */
import type { HttpClient } from '../http/client.js';
import type { openReportsOnceRead } from '../report/writer.js';
import type { Sandbox } from '../sandbox/index.js';
import type { HeldNotes } from '../state/held-notes.js';
import type { Journal } from '../state/journal.js';

export interface RunResources {
  sandbox?: Sandbox;
  client?: HttpClient;
  journal?: Journal;
  /** What rows were told of their other key, noted in the journal once the reports hold them (see held-notes.ts). */
  heldNotes?: HeldNotes;
  /**
   * Opened (and so emptied) only once every setting has passed: a run refused with exit 2 (another run of this
   * import going on, missing credentials) must leave an existing report alone, that run's own included.
   */
  reports?: Awaited<ReturnType<typeof openReportsOnceRead>>;
}

/** Closes what was opened, once the reports were closed or given up. */
export async function closeResources(opened: RunResources): Promise<void> {
  // After the reports are closed: the notes of the rows they hold, and those alone. The journal after them: its
  // close looks at it once more, so a journal removed since the end-of-run look is written again with them.
  opened.heldNotes?.close();
  opened.journal?.close();
  await opened.client?.close();
  await opened.sandbox?.close();
}
