/**
 * Opening the journal of a sending import (not of a --sandbox one): the tenant's, in the state folder, after
 * refusing or warning of journals an earlier zcust kept elsewhere; with the lines that say what it resumes.
 */
import { join, resolve } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import type { RunStop } from '../engine/context.js';
import { holdNotes } from '../state/held-notes.js';
import { type Journal, openJournal } from '../state/journal.js';
import { journalsIn } from '../state/journal-headers.js';
import type { JournalIdentity } from '../state/journal-identity.js';
import { adoptJournalOfOtherSpelling } from '../state/journal-spelling.js';
import { type EarlierFolder, refuseStrandedJournal } from '../state/stranded-journals.js';
import type { Credentials, Target } from '../targets/target.js';
import { uuidKey } from '../util/same-uuid.js';
import type { CommandIO, ImportFlags } from './import.js';
import { resumingLine, unguardedWarning } from './resuming.js';
import type { RunResources } from './run-resources.js';

/**
 * Which tenant of the base URL the journal is: its organisation (Zenskar) or business id (DayZero); AmbioSys has
 * neither, and its token alone tells its tenants apart (see JournalIdentity.secretTenant).
 */
function journalTenant(credentials: Credentials): Pick<JournalIdentity, 'tenant' | 'secretTenant'> {
  const tenant = credentials.organisation ?? credentials.businessId;
  // Sent as given, but filed by its one spelling: in upper case, the same tenant had a second journal.
  return tenant === undefined
    ? { tenant: '', secretTenant: credentials.apiKey }
    : { tenant: uuidKey(tenant) };
}

export interface JournalRun {
  config: ResolvedConfig;
  target: Target;
  flags: ImportFlags;
  io: CommandIO;
  stop: RunStop;
  say: (line: string) => void;
  /** The input is a report of an earlier run (see resumingLine). */
  isReport: boolean;
}

/** Opens the journal into `opened` (and the notes held for it), and says what it resumes. */
export function openImportJournal(
  opened: RunResources,
  run: JournalRun,
  baseUrl: string,
  credentials: Credentials,
): Journal {
  const { config, target, flags, io, stop, say } = run;
  const stateDir = resolve(io.cwd, config.stateDir);
  // Journals used to be kept in ./.zcust by default, and `~/…` was taken literally: a re-run that silently
  // ignored them would send again what they say was created. This tenant's is exit 2; others are warned of.
  const oldDefault = join(io.cwd, '.zcust');
  const literal = config.stateDirTakenLiterally;
  const earlier: Array<EarlierFolder & { notRead: string }> = [];
  if (config.stateDirIsDefault && journalsIn(oldDefault).length > 0) {
    earlier.push({
      folder: oldDefault,
      why: 'which kept them in the working folder by default',
      notRead: `(the default is ${config.stateDir})`,
    });
  }
  if (literal !== undefined && journalsIn(literal).length > 0) {
    earlier.push({
      folder: literal,
      why: 'which took "~" in the state folder literally',
      notRead: `(the folder is ${config.stateDir}): move them there`,
    });
  }
  const identity: JournalIdentity = {
    target: config.target,
    baseUrl,
    ...journalTenant(credentials),
  };
  refuseStrandedJournal(earlier, identity, { stateDir, fresh: flags.resume === false });
  for (const { folder, why, notRead } of earlier) {
    say(`warning: ${folder} holds journals of an earlier zcust, ${why}; they are not read now ${notRead}`);
  }
  adoptJournalOfOtherSpelling(stateDir, identity);
  const journal = openJournal(stateDir, identity, {
    fresh: flags.resume === false,
    stopRun: (message) => stop.stop('cannot-write', message),
  });
  opened.journal = journal;
  opened.heldNotes = holdNotes(journal);
  const brief = flags.quiet === true || flags.json === true;
  const resuming = resumingLine(journal.resumed, target, run.isReport, brief);
  if (resuming !== undefined) say(resuming);
  const unguarded = unguardedWarning(journal.resumed, target, {
    fresh: flags.resume === false,
    stateDir,
    ignoredEarlier: journal.ignoredEarlier,
    skipExisting: flags.skipExisting === true,
  });
  if (unguarded !== undefined) say(unguarded);
  return journal;
}
