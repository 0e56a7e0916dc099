/**
 * What `zcust import` says up front of what the tenant's journal holds from earlier imports: one `resuming:`
 * line, with only the parts that apply (it spoke of rows with neither e-mail nor Customer ID whether the journal
 * held any or not), and, for a target that cannot look customers up, that a journal knowing none of them
 * cannot keep rows already there from being created again.
 */
import type { Resumed } from '../state/earlier-runs.js';
import type { Target } from '../targets/target.js';
import { plural } from '../util/counts.js';

/** "is" or "are", "it" or "them"…: the word for one row or for several. */
const oneOr = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * The journal counts the tenant's rows, not this file's: which of them this file holds is known only once each
 * row is read, so every promise of what is done to them is bounded by this (an unrelated file holds none).
 */
const whereThisFile = (n: number) => `where this file has ${oneOr(n, 'it', 'them')}`;

/**
 * Rows whose create the journal left "sending": a run stopped while sending them, or, after a run that ended as
 * usual, their create got no clear answer and the lookup to check failed too. "In flight when it stopped" was said
 * after a run that had not stopped.
 */
const inFlight = (n: number) =>
  `${plural(n, 'row')} whose create an earlier run sent without a clear answer (the run stopped, or the lookup to check failed)`;

/** What the user does with the rows they find in the tenant (see answered-in-report.ts). */
const markFound =
  "in this run's report, mark each one there created with the id the tenant shows (zcust_error_code left unknown_outcome)";

/**
 * What a report does with such a row that it marks created with its id (see answered-in-report.ts): where a lookup
 * can settle it, the lookup does.
 */
const markedInReport = (target: Target) =>
  `; a row it marks created with its id (zcust_error_code left unknown_outcome) is recorded, not sent${target.lookup ? ', where zcust cannot look it up' : ''}`;

/** What becomes of the rows an earlier run could not tell the outcome of (the journal's `unknown`). */
function unknownRows(n: number, target: Target, isReport: boolean): string {
  const rows = `${plural(n, 'row')} whose outcome an earlier run could not tell`;
  if (isReport && !target.lookup) {
    // Said to be "looked up … and sent if not there": nothing is looked up, and every one is sent. The count is
    // the journal's, known before the report is read: the report may list only some of them.
    return `the tenant's journal holds ${rows}: ${oneOr(n, 'if this report says unknown_outcome for it, it', 'those this report says unknown_outcome')} will be sent again (importing it is your answer): ${target.label} has no lookup, so ${oneOr(n, 'if it is already there, it will be', 'any of them already there will be')} created twice${markedInReport(target)}`;
  }
  if (isReport) {
    return `the tenant's journal holds ${rows}: ${oneOr(n, 'if this report says unknown_outcome for it, it is', 'those this report says unknown_outcome are')} looked up (importing it is your answer) and sent if not there, or where zcust cannot look, else ${oneOr(n, 'stays', 'stay')} unknown_outcome${markedInReport(target)}`;
  }
  const untilChecked = `until you check the tenant: ${markFound}, and import the report, which records those and sends the rest`;
  // Said to be looked up "where Zenskar can look up every key they have": a row with neither key has none, and
  // 5 such rows stayed unknown_outcome with no lookup made.
  return target.lookup
    ? `${rows} ${oneOr(n, 'is', 'are')} looked up before sending, ${whereThisFile(n)}, by the keys ${target.label} can look up (one with neither e-mail nor Customer ID cannot be, and stays unknown_outcome ${untilChecked})`
    : `${rows} ${oneOr(n, 'stays', 'stay')} unknown_outcome, ${whereThisFile(n)}, ${untilChecked}`;
}

/**
 * The `resuming: …` line (without `zcust: `), or undefined when earlier imports left nothing to say. `brief`
 * (--quiet, --json) leaves out the rows done, which the summary's counts show anyway and which every import
 * into a tenant would repeat, and keeps what warns: rows that will be looked up or end unknown_outcome.
 */
export function resumingLine(
  r: Resumed,
  target: Target,
  isReport: boolean,
  brief = false,
): string | undefined {
  const parts: string[] = [];
  const done = r.created + r.skipped;
  if (done > 0 && !brief) {
    // What the journal holds, which this file may or may not still contain (rows removed, another file saved
    // under this name): "skipped" would promise rows the summary then does not show.
    parts.push(
      `${plural(done, 'row')} done by earlier imports into this tenant ${oneOr(done, 'is', 'are')} not sent again, ${whereThisFile(done)}`,
    );
  }
  if (r.inFlight > 0 && !target.lookup) {
    parts.push(
      `${inFlight(r.inFlight)} will not be sent again, ${whereThisFile(r.inFlight)} (${target.label} has no lookup: ${oneOr(r.inFlight, 'it ends', 'each ends')} unknown_outcome)`,
    );
  } else if (r.inFlight > 0) {
    const keyed = r.inFlight - r.inFlightKeyless;
    if (keyed > 0) {
      parts.push(`${inFlight(keyed)} will be looked up before sending, ${whereThisFile(keyed)}`);
    }
    if (r.inFlightKeyless > 0) {
      const n = r.inFlightKeyless;
      parts.push(
        `${inFlight(n)} with neither e-mail nor Customer ID cannot be looked up: ${oneOr(n, 'it ends', 'each ends')} unknown_outcome, ${whereThisFile(n)}`,
      );
    }
  }
  if (r.unknown > 0) parts.push(unknownRows(r.unknown, target, isReport));
  if (parts.length === 0) return undefined;
  return `resuming: ${parts.join('; ')} (--no-resume sends every row again)`;
}

/**
 * Said once, before anything is sent, when --no-resume ignores what the journal records of earlier imports (a
 * row with neither key among them is created again), or when the journal knows no customer of the tenant
 * (`fresh`: --no-resume, or a new state folder) and the target can neither look a customer up nor refuses a
 * second one (AmbioSys,
 * which keeps neither e-mail nor Customer ID): the journal is then all that keeps a row from being created
 * twice, and every row already in the tenant would be. Zenskar and DayZero refuse a second e-mail, and Zenskar
 * looks up rows with only a Customer ID (DayZero needs an e-mail): their twins are rows with neither key, which
 * the README's known limitations name.
 */
export function unguardedWarning(
  r: Resumed,
  target: Target,
  journal: { fresh: boolean; stateDir: string; ignoredEarlier: boolean; skipExisting?: boolean },
): string | undefined {
  if (target.lookup) {
    // --no-resume after a kill sent every row again without a word, and rows with neither key became twins.
    if (!journal.ignoredEarlier) return undefined;
    const ignoresIt = `warning: --no-resume: the journal records earlier imports into this ${target.label} tenant, and this run ignores it`;
    if (journal.skipExisting) {
      // Each row is looked up first and skipped when found: only a row with no key it can look up by is sent.
      // DayZero sends no row without an e-mail, which it looks up by: nothing becomes a twin.
      if (!target.lookup.keys.includes('external_id')) return undefined;
      return `${ignoresIt}: --skip-existing finds a row they created by its e-mail or Customer ID and skips it, but one with neither is created a second time`;
    }
    const ignored = `${ignoresIt}: a row they created is sent again`;
    // A target that looks customers up by e-mail only (DayZero) needs an e-mail on every row it sends: each is
    // refused as a duplicate. Zenskar takes rows with neither key, and those it cannot tell apart.
    if (!target.lookup.keys.includes('external_id')) {
      return `${ignored} and refused as a duplicate (${target.label} refuses a second e-mail)`;
    }
    return `${ignored}, refused as a duplicate where ${target.label} can tell (its e-mail, or its Customer ID by lookup), and created a second time where it cannot (a row with neither e-mail nor Customer ID)`;
  }
  const why = `${target.label} cannot look customers up and accepts duplicates`;
  if (journal.fresh) {
    return `warning: --no-resume: ${why}, so every row an earlier import created is created again`;
  }
  if (r.created + r.skipped + r.inFlight + r.unknown > 0) return undefined;
  return `warning: no earlier import into this ${target.label} tenant is recorded in ${journal.stateDir}; ${why}, so a row already there (imported with another state folder or --no-resume, or added by other means) is created again`;
}
