import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { HttpClient } from '../http/client.js';
import type { Journal } from '../state/journal.js';
import type { Credentials, Target } from '../targets/target.js';

/** Why a run stopped early; each ends the run with exit 3. */
export type StopReason = 'unauthorized' | 'interrupted' | 'fail-fast';

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
