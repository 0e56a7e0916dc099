import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { HttpClient } from '../http/client.js';
import type { Issue } from '../model.js';
import type { Journal } from '../state/journal.js';
import { CHECK_BASE_URL } from '../targets/responses.js';
import type { Credentials, Target } from '../targets/target.js';
import { plural } from '../util/counts.js';

/**
 * Why a run stopped early; each ends the run with exit 3. `cannot-write`: the journal or a report could not be
 * written (a full disk). `cannot-read`: the input could not be read any further (EIO).
 */
export type StopReason =
  | 'unauthorized'
  | 'interrupted'
  | 'fail-fast'
  | 'unreachable'
  | 'cannot-write'
  | 'cannot-read';

/** Shared by every row of a run: the first stop wins, and everything waiting wakes up. */
export class RunStop {
  private readonly controller = new AbortController();
  reason: StopReason | undefined;
  message: string | undefined;

  constructor() {
    // Every row waiting out a backoff listens for the stop; more than ten would print Node's leak warning.
    setMaxListeners(0, this.controller.signal);
  }

  get stopped(): boolean {
    return this.reason !== undefined;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  stop(reason: StopReason, message: string): void {
    if (this.reason) return;
    this.reason = reason;
    this.message = message;
    this.controller.abort();
  }
}

/** Rows without an answer after which a run stops (see Reachability): the server is not there, or went away. */
export const UNREACHABLE_AFTER = 10;

/**
 * A row's failures to reach a server before it counts towards UNREACHABLE_AFTER (fewer when --retries allows
 * fewer tries): one refusal of many rows sent at once says little, as a server down for a moment answers
 * their retries.
 */
export const REFUSALS_TO_COUNT = 3;

/**
 * How long the first failures to connect must go on before UNREACHABLE_AFTER rows stop the run: three tries
 * come within half a second with the default backoff, and a server down for 0.7 s still stopped a run of 16
 * rows in flight.
 */
export const UNREACHABLE_FOR_MS = 2_000;

/**
 * Whether the server answers. A run stops (exit 3, the rows not yet sent not_attempted) instead of spending
 * every row's retries on a server that is not there, when
 * - nothing has answered yet and UNREACHABLE_AFTER rows could not connect REFUSALS_TO_COUNT times each, over
 *   UNREACHABLE_FOR_MS: a wrong --base-url, a server that is down (50 rows took 29 s to fail one by one);
 * - nothing has answered yet and one row has used up its tries, its last unanswered: a server that takes
 *   requests and never answers them, or too few rows in flight to reach UNREACHABLE_AFTER soon (with
 *   --concurrency 1, ten rows' tries took 32 s);
 * - or, after answers, UNREACHABLE_AFTER rows in a row have used up their tries with no answer since the
 *   last one: the server went away mid-run.
 * A server down for a moment answers within the first rows' retries; answers that still come (a flaky network)
 * keep the run going.
 */
export class Reachability {
  private answered = false;
  private refusedRows = 0;
  private firstRefusalAt: number | undefined;
  /** Whether a counted row's answer was not HTTP. */
  private notHttp = false;
  /** Whether any request was written before it failed (a dropped connection, a timeout): it may have landed. */
  private written = false;
  /** Rows that used up their tries with no answer since the last answer (see gaveUp). */
  private lostSinceAnswer = 0;
  private readonly downForMs: number;
  private readonly hint: string | undefined;
  private readonly origins: SettingOrigins;

  /**
   * `downForMs`: see UNREACHABLE_FOR_MS (tests, whose backoff takes milliseconds, pass 0). `hint`: a cause the
   * stop's message adds to its advice (proxy variables zcust does not use). `origins`: where the settings its
   * advice names came from (connection-origins.ts), said after it as a rejected credential's are.
   */
  constructor(options: { downForMs?: number; hint?: string; origins?: SettingOrigins } = {}) {
    this.downForMs = options.downForMs ?? UNREACHABLE_FOR_MS;
    this.hint = options.hint;
    this.origins = options.origins ?? {};
  }

  /** Any HTTP answer, whatever its status. */
  answer(): void {
    this.answered = true;
    this.lostSinceAnswer = 0;
  }

  /** A request that was written got no answer: whatever stops the run must not say nothing was sent. */
  wrote(): void {
    this.written = true;
  }

  /**
   * `rows` more rows with no HTTP server reached (0: one already counted failed again; `notHttp`: what answered
   * was not HTTP); true when the run should stop.
   */
  refused(rows = 1, notHttp = false): boolean {
    if (this.answered) return false;
    const now = performance.now();
    this.firstRefusalAt ??= now;
    this.refusedRows += rows;
    this.notHttp ||= notHttp;
    return this.refusedRows >= UNREACHABLE_AFTER && now - this.firstRefusalAt >= this.downForMs;
  }

  /**
   * A row has used up its tries without an answer to its last one; true when the run should stop: nothing
   * has ever answered, or it is the UNREACHABLE_AFTER-th such row since the last answer (a server that went
   * away mid-run: 340 rows took 329 s to fail one by one).
   */
  gaveUp(): boolean {
    return !this.answered || ++this.lostSinceAnswer >= UNREACHABLE_AFTER;
  }

  /**
   * Stops the run, saying why: `detail` is the last failure. `exhausted`: what used up its tries (see
   * gaveUp), a row or a --skip-existing lookup, and whether one of them waited out the timeout; otherwise the rows
   * that could not connect are why.
   */
  stopRun(
    stop: RunStop,
    label: string,
    detail: string,
    exhausted?: { who: string; tries: number; timedOut: boolean },
  ): void {
    // Once it has answered, rows were sent before it went away (created, perhaps): only those since were not.
    const sent = this.written
      ? 'rows that may have reached it are not sent again without a lookup'
      : this.answered
        ? 'the rows since it stopped answering were not sent'
        : 'nothing was sent';
    const what = exhausted
      ? this.answered
        ? `it has stopped answering: ${exhausted.who} is the ${UNREACHABLE_AFTER}th in a row to use up its ${plural(exhausted.tries, 'try', 'tries')} without an answer (${detail}); ${sent}`
        : `${exhausted.who} used up its ${plural(exhausted.tries, 'try', 'tries')} and nothing has answered yet (${detail}); ${sent}`
      : `none of the first ${UNREACHABLE_AFTER} rows could connect (${detail}); ${this.notHttp ? 'what answered was not HTTP; ' : ''}${sent}`;
    // The timeout only where a try waited it out: a refused connection, a name not found never waited for it.
    const timeout = exhausted?.timedOut === true;
    const origins = [this.origins.baseUrl, timeout ? this.origins.timeout : undefined].filter(
      (origin) => origin !== undefined,
    );
    stop.stop(
      'unreachable',
      `no answer from ${label}: ${what}. Check the base URL${timeout ? ', the timeout' : ''} and the network${this.hint ? ` (${this.hint})` : ''}, then run the import again${origins.length > 0 ? `; ${origins.join(' and ')}` : ''}`,
    );
  }
}

/** What the network side of the engine needs; one of each per run, passed down, never global. */
export interface NetContext {
  client: HttpClient;
  credentials: Credentials;
  target: Target;
  retries: number;
  backoff: { baseMs: number; maxMs: number };
  random: () => number;
  stop: RunStop;
  journal?: Journal;
  /** Stops the run when the server has never answered (import runs it; absent, no such stop). */
  reach?: Reachability;
  /**
   * Where the credentials came from ("the API key came from ZENSKAR_API_KEY …"), for the stop when they are
   * rejected: a stale variable ahead of the profile's key was otherwise not to be found.
   */
  credentialOrigins?: string;
  /** Where the base URL came from ("the base URL came from ZCUST_BASE_URL"), for the stops that say to check it. */
  baseUrlOrigin?: string;
}

/** Where the settings a stop's advice names came from, in describeBaseUrlOrigin's and describeTimeoutOrigin's words. */
export interface SettingOrigins {
  baseUrl?: string;
  timeout?: string;
}

/**
 * Stops the run over what no row causes and every row would get (credentials rejected, a redirect, no customers
 * endpoint, a TLS handshake that fails): a rejected credential is traced to where it came from, and so is the
 * base URL where the message says to check it (the targets, which word it, do not know where it came from).
 */
export function stopTheRun(
  ctx: Pick<NetContext, 'stop' | 'credentialOrigins' | 'baseUrlOrigin'>,
  issue: Issue,
): void {
  const origins = [
    issue.code === 'unauthorized' ? ctx.credentialOrigins : undefined,
    issue.message.includes(CHECK_BASE_URL) ? ctx.baseUrlOrigin : undefined,
  ].filter((origin) => origin !== undefined);
  ctx.stop.stop('unauthorized', [issue.message, ...origins].join('; '));
}

/** Sleep that ends early (returning false) when the run is stopped. */
export async function pause(ms: number, stop: RunStop): Promise<boolean> {
  if (stop.stopped) return false;
  try {
    await delay(ms, undefined, { signal: stop.signal });
    return true;
  } catch {
    return false;
  }
}
