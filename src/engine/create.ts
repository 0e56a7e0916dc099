/**
 * One row's create, to a final answer: send, retry what is worth retrying, and never re-send a create
 * whose outcome is unknown before looking the customer up, nor at all one the platform said it took (a 2xx
 * without an id) or would take twice (see unanswered-creates.ts). The platforms offer no idempotency keys for
 * customers, so this lookup is what keeps "exactly once" true.
 */
import { HttpFailure, NOT_HTTP, NOT_SENT } from '../http/failure.js';
import { backoffDelay } from '../http/retry-policy.js';
import type { Customer, Issue } from '../model.js';
import { emailFingerprint, emailKey, rowKey } from '../state/row-keys.js';
import { plural } from '../util/counts.js';
import { settleByHand } from './answered-in-report.js';
import { type NetContext, pause, REFUSALS_TO_COUNT, stopTheRun } from './context.js';
import { type CustomerIdElsewhere, endWithCustomerIdElsewhere } from './customer-id-elsewhere.js';
import { type EndingRow, refusedOrGivenUp, stoppedBetweenTries } from './ends-without-customer.js';
import { foundAsSent, type KeysSent, keyOfSent } from './keys-sent.js';
import { lookupKeysFor, type PagesRead, reconcile, type SentWith } from './lookup.js';
import { neverReachedServer, noAnswerIssue } from './no-answer.js';
import { foundWithOtherKey } from './other-key-once.js';
import { asHeld, heldBy, twoCustomersIssue } from './platform-keys.js';
import {
  createdAfterUnanswered,
  foundAfterUnanswered,
  mayMakeTwin,
  type NotSentAgain,
  notFoundYet,
  type Unanswered,
} from './unanswered-creates.js';

export type CreateOutcome =
  /** `changed`: a lookup found the customer, whose other key is not the row's (see keepsOtherKey). */
  | { kind: 'created'; customerId: string; note?: Issue; changed?: Issue }
  | { kind: 'failed'; issue: Issue }
  /**
   * The run stopped before this row was sent, or between its tries once it was certainly not created (a 429 or
   * 503, a connection that failed before the request was written, or a lookup that found an earlier run's create
   * not there; never after a create of this run that got no clear answer, which may still land): `note` says what
   * its last try got. Not `failed`: nothing refused it, and importing the report sends it.
   */
  | { kind: 'not_attempted'; note?: Issue };

export interface CreateJob {
  customer: Customer;
  row: number;
  key: string;
  /**
   * An earlier create of this row may have landed (the journal says a run was sending it when it died, or the
   * report this row comes from says its outcome was unknown): look before sending. What is known of that
   * create (see SentWith) says which lookups settle it.
   */
  earlier?: SentWith;
  /** The journal says an earlier run could not tell its outcome (not that it was sending it when it stopped). */
  earlierUnknown?: boolean;
  /** The fingerprint of the e-mail the earlier create carried (see JournalState `sending`), where recorded. */
  sentEmail?: string;
  /**
   * The journal says the earlier create did not carry the row's Customer ID (see JournalState `sending`): a
   * lookup of it rules nothing out.
   */
  sentWithoutCustomerId?: boolean;
  /** The keys the journal recorded the earlier create under, where it can tell (see keysSentOf). */
  keysSent?: KeysSent;
  /**
   * The row's Customer ID is another earlier create's, which no lookup can settle: its e-mail's lookup settles
   * the create under its e-mail (keysSent), and the row is not sent (see customer-id-elsewhere.ts).
   */
  customerIdElsewhere?: CustomerIdElsewhere;
}

/**
 * This run's create got no clear answer (a dropped connection, a timeout, a 500, a 2xx without an id), and the
 * lookup found the customer it made: created by this run, so not an already_exists (which the summary counts as
 * an earlier import's). The warning keeps the answer's own code, and says how many creates went out (`message`:
 * see foundAfterUnanswered).
 */
function foundAfterNoAnswer(sent: Unanswered, message: string): Issue {
  const warning: Issue = { code: sent.issue.code, message };
  FOUND_AFTER_NO_ANSWER.add(warning);
  return warning;
}

const FOUND_AFTER_NO_ANSWER = new WeakSet<Issue>();

/**
 * Whether a warning says a lookup found the customer (see foundAfterNoAnswer). Such a row stands for the customer
 * found, as one found for an earlier run's create does: the run's "one customer is one row" check takes it in.
 */
export const foundByLookup = (warning: Issue): boolean =>
  warning === FOUND_BY_LOOKUP || FOUND_AFTER_NO_ANSWER.has(warning);

/**
 * The jitter of the wait before a lookup of this run's create, which may land late: at least half the backoff's
 * ceiling, so that a row's lookups span 3.9 s or more with the default backoff. With full jitter (any share of
 * it), six came within 1.4 s of a 202 whose platform saved the customer 1.5 s later: unknown_outcome.
 */
const halfOrMore = (random: () => number) => () => 0.5 + random() / 2;

/** A row an earlier run's create may have landed for, and the lookup found it. */
export const FOUND_BY_LOOKUP: Issue = {
  code: 'already_exists',
  message: 'an earlier attempt had created it (found by lookup); not sent again',
};

/** A create that may or may not have landed, and why zcust cannot tell which. */
export const unknownOutcome = (ctx: NetContext, why: string, cannotTell: string): Issue => ({
  code: 'unknown_outcome',
  message: `${why}; ${ctx.target.label} may or may not have created this customer, and ${cannotTell}`,
});

/**
 * A create with no clear answer (`why`) whose lookup found the customer, but in an item without an id zcust can
 * read: it is there, so it is never sent again, but it cannot be reported created without its id.
 */
const foundWithoutId = (ctx: NetContext, why: string): Issue => ({
  code: 'unknown_outcome',
  message: `${why}; a lookup found this customer in ${ctx.target.label}, but without an id zcust could read: not sent again, nor by a later import; find its id in ${ctx.target.label}`,
});

const sentEmailOf = (customer: Customer) =>
  customer.email === undefined ? undefined : emailFingerprint(customer.email);

/**
 * A row an earlier create may have made, which no lookup found, refused as a duplicate e-mail (`issue`): the
 * customer with that e-mail is most likely the one the earlier create made, with its e-mail in another case.
 */
const takenByEarlierCreate = (ctx: NetContext, issue: Issue): Issue =>
  unknownOutcome(
    ctx,
    `${issue.message}, and an earlier create of this row, which no lookup found, may be that customer (lookups match e-mails exactly: it may have carried this e-mail in another case)`,
    `zcust cannot tell which: find the customer with this e-mail in ${ctx.target.label}; if it is this row's, nothing is to be done`,
  );

/**
 * A create with no clear answer whose lookup failed too (`lookupIssue`): the journal keeps it "sending". `sent`:
 * this run sent it, and `sendIssue` is what that create got (a 500 and its message, a timeout), which the
 * lookup's failure must not hide; else it is an earlier run's (or a report's) create that this run could not check.
 */
export const stillUnknown = (
  ctx: NetContext,
  lookupIssue: Issue | undefined,
  sent: boolean,
  sendIssue: Issue | undefined,
): Issue =>
  unknownOutcome(
    ctx,
    sent
      ? `the create got no clear answer${sendIssue ? ` (${sendIssue.message})` : ''}`
      : 'an earlier run may have created it',
    `the lookup to check failed${sent ? ' too' : ''} (${lookupIssue?.message ?? 'no answer'}); the next import looks again before sending`,
  );

/** Why a row whose earlier create may have landed is not sent, where no lookup can settle it, and what to do. */
export const cannotLookUp = (ctx: NetContext, customer: Customer) =>
  `zcust cannot look it up (${whyNoLookup(ctx, customer)}): check the tenant: ${settleByHand(ctx.target.label)}`;

/**
 * A create the platform took (a 2xx, `status`) without an id zcust could read, where no lookup can find it
 * (AmbioSys has none): the customer is most likely there, and the journal keeps it unknown, so it is not sent again.
 */
const acceptedWithoutLookup = (ctx: NetContext, customer: Customer, status: number): Issue => ({
  code: 'unknown_outcome',
  message: `${ctx.target.label} took the create (HTTP ${status}) but answered no customer id zcust could read, and zcust cannot look it up (${whyNoLookup(ctx, customer)}): it most likely holds this customer; check the tenant: ${settleByHand(ctx.target.label)}`,
});

/** Why no lookup can settle a create of `customer` (see cannotLookUp). */
export function whyNoLookup(ctx: NetContext, customer: Customer): string {
  const lookup = ctx.target.lookup;
  if (!lookup) return `${ctx.target.label} has no lookup`;
  if (!customer.email && !customer.externalId) return 'the row has neither Email nor Customer ID';
  // Only a create recorded under a key the target cannot look up by gets here (see SentWith 'any').
  const missing = lookup.keys.includes('email') ? 'Customer ID' : 'e-mail';
  return `${ctx.target.label} cannot look customers up by ${missing}, and the earlier create may not have carried this row's ${missing === 'Customer ID' ? 'e-mail' : 'Customer ID'}`;
}

export async function createCustomer(ctx: NetContext, job: CreateJob): Promise<CreateOutcome> {
  const { customer, row, key } = job;
  const journal = ctx.journal;
  let unknown = job.earlier !== undefined;
  // Until this run sends it, the create to settle is the earlier run's; after, this run's.
  let sentWith: SentWith = job.earlier ?? 'this-row';
  let lastIssue: Issue | undefined;
  /**
   * What the last create this run sent got (lastIssue may be a lookup's since): why its outcome is unknown. A
   * lookup's 500 told as the create's read as a create the platform may have made on a server error.
   */
  let sendIssue: Issue | undefined;
  let attempt = 0;
  /** Whether this run has sent the create (else the create to settle is an earlier run's). */
  let sentHere = false;
  /** Whether this row's last request got no HTTP answer (a lookup's included). */
  let lastUnanswered = false;
  /** Whether one of this row's requests waited out --timeout: only then does a stop over it name the timeout. */
  let timedOut = false;
  /** This row's attempts that reached no server; it counts once towards the stop (see REFUSALS_TO_COUNT). */
  let refusals = 0;
  /** What the server asked a failed lookup to wait (Retry-After): the next try of the loop below waits it. */
  let lookupRetryAfterMs: number | undefined;
  /** This run's creates that got no clear answer, and the lookups since that found nothing. */
  let unanswered: Unanswered | undefined;
  /** Set once this run's create must not be sent again, only looked up (see NotSentAgain). */
  let notAgain: NotSentAgain | undefined;
  /** The pages the row's lookups read, over all its tries: MAX_LOOKUP_PAGES holds for them all. */
  const pagesRead: PagesRead = { count: 0 };
  /** A create of this run that may have landed: counted, and why it may not go again, if it may not. */
  const sentWithoutAnswer = (issue: Issue, accepted?: number) => {
    unanswered = { issue, creates: (unanswered?.creates ?? 0) + 1, lookups: 0 };
    if (accepted !== undefined) notAgain = { why: 'accepted', status: accepted };
    else if (mayMakeTwin(ctx.target, customer)) notAgain ??= { why: 'twin' };
  };

  /** The fingerprint of the e-mail this create carries (hashed once: a row may be sent several times). */
  const emailPrint = sentEmailOf(customer);
  /** The earlier create of this row, if any, carried this very e-mail (its journal line says so). */
  const sameEmailAsEarlier = job.sentEmail !== undefined && job.sentEmail === emailPrint;
  /**
   * The e-mail fingerprint this run's "sending" line keeps: this create's, unless an earlier create of the row may
   * have landed with another (or an unknown) e-mail: then none, since either may be the customer. (Keeping this
   * one's, a later import took a refusal of the e-mail for proof that nothing had landed.)
   */
  const emailToRecord = job.earlier !== undefined && !sameEmailAsEarlier ? undefined : emailPrint;
  /**
   * A create is never sent unless the journal says so first: the client calls this once the create's turn
   * comes (after --rate and the 429 pace), and sends nothing if the run stopped, this record's failure included.
   * Written before the wait, it left rows a kill caught waiting "in flight" though never sent: each cost the
   * next run a lookup, or ended unknown_outcome where no lookup can settle it. (Made once a row, not a try.)
   */
  const recordSending =
    journal && (() => journal.sending(key, row, !customer.email && !customer.externalId, emailToRecord));
  /**
   * Whether a refusal of the e-mail as taken may be the earlier create's customer (see takenByEarlierCreate): not
   * when that create carried this very e-mail, nor when it carried the row's Customer ID and the lookups that
   * settled it asked for that too, since finding nothing then rules it out. (A create that carried no Customer
   * ID, the row given one since, is not ruled out by its lookup: taken as ruled out, the re-cased row ended
   * duplicate_email, and the file that sent it was refused from then on.) Asked only on that rare refusal.
   */
  const mayBeEarlierCreate = () =>
    job.earlier !== undefined &&
    !sameEmailAsEarlier &&
    (job.sentWithoutCustomerId === true ||
      !lookupKeysFor(ctx, customer).some((k) => k.key === 'external_id'));
  const whyUnknown = () =>
    sendIssue?.message ??
    (job.earlier === 'report'
      ? 'the report this row comes from says its outcome was unknown'
      : job.earlierUnknown
        ? `an earlier run could not tell whether ${ctx.target.label} has this customer, or found it without an id`
        : 'an earlier run was sending this row when it stopped');
  /**
   * After an unknown outcome: found → created; absent → go on; impossible, or found without an id → stop for
   * good.
   */
  const settle = async (): Promise<CreateOutcome | 'absent' | 'retry'> => {
    const r = await reconcile(ctx, customer, sentWith, pagesRead);
    const elsewhere = job.customerIdElsewhere;
    if (elsewhere && job.keysSent && (r.kind === 'found' || r.kind === 'absent')) {
      const found = r.kind === 'found' ? r.customerId : undefined;
      const issue = endWithCustomerIdElsewhere(ctx, elsewhere, job.keysSent, row, found);
      return { kind: 'failed', issue };
    }
    switch (r.kind) {
      case 'found': {
        const known = { key, row, customerId: r.customerId };
        // An earlier run's create, whose Customer ID a platform that keeps none cannot tell: the journal's.
        const asSent = sentHere ? undefined : foundAsSent(ctx, known, customer, job.keysSent, r.by);
        // Else recorded with the keys the customer holds: an earlier run's create may have carried another e-mail.
        journal?.created(
          asSent?.key ?? (r.customer ? rowKey(asHeld(customer, r.customer, ctx.target.storesKeys)) : key),
          row,
          r.customerId,
        );
        const changed = asSent ? asSent.changed : foundWithOtherKey(ctx, known, customer, r.customer, r.by);
        return {
          kind: 'created',
          customerId: r.customerId,
          note:
            sentHere && unanswered
              ? foundAfterNoAnswer(
                  unanswered,
                  foundAfterUnanswered(ctx.target, customer, unanswered, notAgain),
                )
              : FOUND_BY_LOOKUP,
          ...(changed && { changed }),
        };
      }
      case 'two-customers': {
        // Each customer recorded as it is held, so that the next import's journal tells the same (see journalReader).
        for (const f of [r.byEmail, r.byCustomerId]) {
          journal?.created(rowKey(heldBy(customer, f.customer, f.by)), row, f.customerId);
        }
        const label = ctx.target.label;
        return {
          kind: 'failed',
          issue: twoCustomersIssue(label, r.byEmail.customerId, r.byCustomerId.customerId),
        };
      }
      case 'absent':
        if (unanswered) unanswered.lookups++;
        return 'absent';
      // Both end the row for good, and the journal says "unknown": the next import does not send it blindly either.
      case 'impossible':
        journal?.unknown(key, row);
        return {
          kind: 'failed',
          issue:
            notAgain?.why === 'accepted'
              ? acceptedWithoutLookup(ctx, customer, notAgain.status)
              : unknownOutcome(ctx, whyUnknown(), cannotLookUp(ctx, customer)),
        };
      case 'found-without-id':
        // Under the keys of the create it settles, where the row's mix two creates' (customer-id-elsewhere.ts).
        journal?.unknown(elsewhere && job.keysSent ? keyOfSent(job.keysSent) : key, row);
        return { kind: 'failed', issue: foundWithoutId(ctx, whyUnknown()) };
      case 'error':
        if (r.abort) stopTheRun(ctx, r.issue);
        // Looked up again, it would page as long: the journal keeps the row "sending" for the next import.
        if (r.endless) return { kind: 'failed', issue: stillUnknown(ctx, r.issue, sentHere, sendIssue) };
        lastIssue = r.issue;
        lastUnanswered = r.unanswered === true;
        timedOut ||= r.timedOut === true;
        lookupRetryAfterMs = r.retryAfterMs;
        return 'retry';
    }
  };

  const ending: EndingRow = { target: ctx.target, journal, customer, key, row };
  /** The row ends here without a customer id, `issue` its last answer (see ends-without-customer.ts). */
  const refused = (issue: Issue, journaled?: boolean) =>
    refusedOrGivenUp(ending, issue, unanswered, journaled);
  /**
   * Stopped before it was sent (again): `lookedUp`, a lookup found no such customer; `journal`: the journal says
   * "failed" only now (else it does already, or the row never went out).
   */
  const stoppedHere = (how?: { lookedUp?: boolean; journal?: boolean }) =>
    stoppedBetweenTries(ending, lastIssue, unanswered, how);
  /**
   * No lookup found a create that is not sent again (its tries used up, or the run stopped): it may still land,
   * so the journal says "unknown", and the next import looks it up before sending it.
   */
  const lostSight = (sent: Unanswered, why: NotSentAgain): CreateOutcome => {
    journal?.unknown(key, row);
    return {
      kind: 'failed',
      issue: { code: 'unknown_outcome', message: notFoundYet(ctx.target, customer, sent, why) },
    };
  };

  for (;;) {
    if (ctx.stop.stopped && !unknown) {
      return stoppedHere();
    }
    let retryAfterMs: number | undefined;
    let proceed = true;
    if (unknown) {
      const settled = await settle();
      // Not there yet, but not to be sent again: the next try looks again.
      if (settled === 'absent' && notAgain) proceed = false;
      else if (settled === 'absent') unknown = false;
      else if (settled === 'retry') {
        proceed = false;
        retryAfterMs = lookupRetryAfterMs;
      } else return settled;
      if (ctx.stop.stopped) {
        // The lookup failed too: the journal still says "sending", so the next run looks before it sends.
        if (settled === 'retry')
          return { kind: 'failed', issue: stillUnknown(ctx, lastIssue, sentHere, sendIssue) };
        if (notAgain && unanswered) return lostSight(unanswered, notAgain);
        // Settled as absent but the run is over: leave it for the next run, recorded as not created.
        return stoppedHere({ lookedUp: true, journal: true });
      }
    }
    if (proceed) {
      sentWith = 'this-row';
      sentHere = true;
      try {
        const res = await ctx.client.send({
          ...ctx.target.createRequest(customer, ctx.credentials),
          signal: ctx.stop.signal,
          onTurn: recordSending,
        });
        ctx.reach?.answer();
        lastUnanswered = false;
        const result = ctx.target.interpretCreate(res);
        switch (result.kind) {
          case 'created':
            journal?.created(key, row, result.customerId);
            return {
              kind: 'created',
              customerId: result.customerId,
              // Sent again after creates with no clear answer: the user is told how many went out.
              ...(unanswered && {
                note: {
                  code: unanswered.issue.code,
                  message: createdAfterUnanswered(ctx.target, customer, unanswered),
                },
              }),
            };
          case 'accepted':
            // The platform took it: never sent again, only looked up (a platform that saves later shows it later).
            lastIssue = result.issue;
            sendIssue = result.issue;
            sentWithoutAnswer(result.issue, result.status);
            unknown = true;
            break;
          case 'failed':
            if (result.issue.code === 'duplicate_email' && unanswered) {
              // Sent again after a lookup found nothing, and refused: the e-mail is taken, most likely by the
              // customer an earlier create of this run made, which the lookup did not show yet. Looked up on the
              // row's next tries, never sent again.
              notAgain = { why: 'taken', refusal: result.issue };
              unknown = true;
              break;
            }
            if (result.issue.code === 'duplicate_email' && mayBeEarlierCreate()) {
              // The e-mail is taken, and an earlier create of this row may have landed without a lookup finding
              // it (the platforms match e-mails exactly; the journal knows them in any case): it is most likely
              // that create. Not when that create carried this very e-mail (its fingerprint): the exact lookup
              // then ruled it out. The journal keeps the earlier create in flight, not "certainly not created": the
              // next import looks it up again, and the file that sent it (the e-mail as written then) finds it.
              // Under the keys that create carried: with the row's Customer ID, the next import took a lookup of
              // it for proof again; under the e-mail alone, the original file's row (its Customer ID left apart,
              // in flight) could no longer be looked up on DayZero.
              const earlierKey = job.keysSent
                ? keyOfSent(job.keysSent)
                : job.sentWithoutCustomerId && customer.email
                  ? emailKey(customer.email)
                  : key;
              journal?.sending(earlierKey, row, false, job.sentEmail);
              return { kind: 'failed', issue: takenByEarlierCreate(ctx, result.issue) };
            }
            return refused(result.issue);
          case 'abort': {
            const ended = refused(result.issue);
            stopTheRun(ctx, result.issue);
            return ended;
          }
          case 'retry':
            lastIssue = result.issue;
            sendIssue = result.issue;
            retryAfterMs = result.retryAfterMs;
            if (!result.safe) {
              unknown = true;
              sentWithoutAnswer(result.issue);
            }
            break;
        }
      } catch (e) {
        if (!(e instanceof HttpFailure)) throw e;
        if (e.code === NOT_SENT) {
          // Stopped while waiting for its turn, or by its "sending" record, which could not be written: certainly
          // not created, so the next run may send it.
          return stoppedHere({ journal: true });
        }
        if (e.permanent) {
          // Never reached the platform (a certificate, a port without TLS): this create certainly not created.
          const issue = noAnswerIssue(e);
          const ended = refused(issue);
          stopTheRun(ctx, issue);
          return ended;
        }
        lastIssue = noAnswerIssue(e);
        sendIssue = lastIssue;
        lastUnanswered = true;
        timedOut ||= lastIssue.code === 'timeout';
        if (e.maybeProcessed) {
          unknown = true;
          sentWithoutAnswer(lastIssue);
          ctx.reach?.wrote();
        }
        // Each row counts once, however often it retries: the breaker is about rows, not attempts. And only once
        // it has failed a few times (or used up its tries), so that a server down for a moment, which answers
        // the rows' retries, does not stop a run whose first ten rows all went out at once.
        // (Its later failures count no more rows, but may be what finds the failures have gone on long enough.)
        const counted = Math.min(REFUSALS_TO_COUNT, ctx.retries + 1);
        if (neverReachedServer(e) && ++refusals >= counted) {
          if (ctx.reach?.refused(refusals === counted ? 1 : 0, e.code === NOT_HTTP))
            ctx.reach.stopRun(ctx.stop, ctx.target.label, e.message);
        }
      }
      // A create of this run with no clear answer may still land: its "sending" line stays for the next import.
      if (!unknown && !unanswered) journal?.failed(key, row);
    }
    attempt++;
    const outOfTries = attempt > ctx.retries;
    // A row that has used up its tries, its last look unanswered too, may show the server is not there or has
    // gone away (see Reachability.gaveUp): every other row would spend its tries the same way.
    const stopIfNoAnswer = () => {
      if (outOfTries && lastIssue && lastUnanswered && ctx.reach?.gaveUp()) {
        ctx.reach.stopRun(ctx.stop, ctx.target.label, lastIssue.message, {
          who: `row ${row}`,
          tries: attempt,
          timedOut,
        });
      }
    };
    // The next try looks up a create of this run that may land late: no sooner than half the backoff's ceiling.
    const random = unknown && unanswered ? halfOrMore(ctx.random) : ctx.random;
    if (outOfTries || !(await pause(backoffDelay(attempt, ctx.backoff, random, retryAfterMs), ctx.stop))) {
      if (unknown) {
        // One last look, so that a create that did land is reported as created, not as failed.
        const settled = await settle();
        if (settled !== 'absent' && settled !== 'retry') return settled;
        stopIfNoAnswer();
        // The journal still says "sending": the next import looks it up before sending.
        if (settled === 'retry')
          return { kind: 'failed', issue: stillUnknown(ctx, lastIssue, sentHere, sendIssue) };
        if (notAgain && unanswered) return lostSight(unanswered, notAgain);
        if (!outOfTries) return stoppedHere({ lookedUp: true, journal: true });
      } else stopIfNoAnswer();
      // Stopped while waiting out its backoff, and certainly not created: the run stopped first.
      if (!outOfTries) return stoppedHere();
      // Creates of it went out with no clear answer, and none was found: one may still land, so the next import
      // looks it up before sending it (journaled "not created", it was sent blindly). Else a create of it that got
      // a safe answer was journaled "failed" as it came; an earlier run's, which no lookup found, is only now.
      const issue = lastIssue ?? { code: 'server_error', message: 'gave up' };
      const message = `${issue.message} (gave up after ${plural(attempt, 'attempt')})`;
      return refused({ ...issue, message }, !unknown);
    }
  }
}
