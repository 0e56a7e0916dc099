/**
 * What a sending import talks to: the embedded sandbox (--sandbox), the HTTP client (one per run) and the journal
 * of the tenant, put together as the engine's NetContext.
 */
import { describeBaseUrlOrigin, describeTimeoutOrigin } from '../config/connection-origins.js';
import { describeCredentialOrigins } from '../config/credential-sources.js';
import { requireConnection } from '../config/require-connection.js';
import { type NetContext, Reachability } from '../engine/context.js';
import { ignoredProxyHint } from '../http/proxy-variables.js';
import { VERSION } from '../version.js';
import { type JournalRun, openImportJournal } from './import-journal.js';
import type { RunResources } from './run-resources.js';

/**
 * Opens each into `opened` as it goes. `httpModule`: the HTTP client's module, loading since the run began
 * (see runUntilStopped).
 */
export async function openConnection(
  opened: RunResources,
  run: JournalRun,
  httpModule: Promise<typeof import('../http/client.js')> | undefined,
): Promise<{ net: NetContext; baseUrl: string }> {
  const { config, target, flags, io, stop, say } = run;
  if (flags.sandbox) {
    // Loaded only when needed: validate runs never pay for the sandbox or the HTTP stack.
    const { startSandbox } = await import('../sandbox/index.js');
    const sandbox = await startSandbox({ target: config.target, port: 0 });
    opened.sandbox = sandbox;
    config.baseUrl = sandbox.url;
    config.credentials = { ...sandbox.credentials };
    // Nothing of a profile for another target is sent to the sandbox: its own credentials replace them.
    delete config.profileForOtherTarget;
    // Named by where it was set, never quoted: a URL may carry a password or the key (in a CI log).
    const ignored = config.baseUrlFrom?.source;
    if (ignored !== undefined) say(`warning: the base URL of ${ignored} is ignored with --sandbox`);
    // Neither a warning nor an error: --json, like --quiet, leaves it out.
    if (!flags.quiet && !flags.json) {
      say(
        `importing into a new embedded ${target.label} sandbox at ${sandbox.url} (nothing leaves this machine)`,
      );
    }
  }
  const connection = requireConnection(config);
  const { assertSafeBaseUrl, createHttpClient } = await (httpModule ?? import('../http/client.js'));
  // The import's identity (its journal): one server and path however spelled (`//`, an empty `?`).
  const safe = assertSafeBaseUrl(connection.baseUrl);
  const baseUrl = `${safe.origin}${safe.pathname}`.replace(/\/+$/, '');
  const client = createHttpClient({
    baseUrl,
    timeoutMs: config.timeoutMs,
    connections: config.concurrency,
    userAgent: `zcust/${VERSION}`,
    rate: config.rate,
  });
  opened.client = client;
  // A sandbox lives only as long as this run: a journal of it would describe nothing that still exists.
  const journal = flags.sandbox ? undefined : openImportJournal(opened, run, baseUrl, connection.credentials);
  // The sandbox's own credentials and base URL are never the user's to trace.
  const origins = flags.sandbox
    ? undefined
    : describeCredentialOrigins(config.target, config.credentialOrigins);
  const baseUrlOrigin = flags.sandbox
    ? undefined
    : describeBaseUrlOrigin(config.target, config.settingOrigins.baseUrl);
  const timeout = describeTimeoutOrigin(config.timeoutMs, config.settingOrigins.timeout);
  const net: NetContext = {
    ...(origins === undefined ? {} : { credentialOrigins: origins }),
    ...(baseUrlOrigin === undefined ? {} : { baseUrlOrigin }),
    client,
    credentials: connection.credentials,
    target,
    retries: config.retries,
    backoff: { baseMs: 250, maxMs: 20_000 },
    random: Math.random,
    stop,
    journal,
    reach: new Reachability({
      hint: ignoredProxyHint(io.env, baseUrl),
      origins: { ...(baseUrlOrigin === undefined ? {} : { baseUrl: baseUrlOrigin }), timeout },
    }),
  };
  return { net, baseUrl };
}
