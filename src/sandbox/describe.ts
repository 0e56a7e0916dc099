/**
 * What `zcust sandbox` tells its user, as pure text: where it listens, the credentials to paste, a curl
 * to try, the active faults; the one-line summary printed on stop; and its errors' words.
 */
import { showInvisible } from '../customer/text.js';
import type { TargetName } from '../model.js';
import { plural } from '../util/counts.js';
import type { DataFileSummary } from './data-file.js';
import type { FaultSettings } from './faults.js';
import type { SandboxCredentials, SandboxStats } from './types.js';

export interface SandboxDescription {
  url: string;
  target: TargetName;
  credentials: SandboxCredentials;
  faults: FaultSettings;
  /** The data file line (describeDataFile), when there is one. */
  dataFile?: string;
}

/**
 * Every line but the `NAME=value` ones is a comment, so that the whole output is an env file: `set -a; .
 * ./sandbox.env` sets the variables, where it ran the first line as a command, and the curl example too (its
 * customer then a duplicate for the test that followed). The values of NAME=value lines hold no line break (the
 * loopback URL, fixed credentials); comments may quote the user (the --data path), so each is kept to one line.
 * The last line stays `# Stop with Ctrl-C.` whatever the options: a script that starts the sandbox in the
 * background waits for that line before it sources the file (the README's recipe), so it must end the banner.
 */
export function describeSandbox({ url, target, credentials, faults, dataFile }: SandboxDescription): string {
  return [
    comment(`zcust sandbox: a local ${target} API on ${url}`),
    '',
    comment(
      'The credentials it accepts, as environment lines (prefix each with `export` to paste into a shell):',
    ),
    `ZCUST_TARGET=${target}`,
    `ZCUST_BASE_URL=${url}`,
    ...credentialLines(target, credentials),
    '',
    comment('Try it:'),
    comment(curlExample(url, target, credentials)),
    '',
    comment(`Faults: ${describeFaults(faults)}`),
    ...(dataFile === undefined ? [] : [comment(dataFile)]),
    comment(`Counters: curl -s ${url}/__stats   (curl -s -X POST ${url}/__reset empties the sandbox)`),
    comment('Stop with Ctrl-C.'),
    '',
  ].join('\n');
}

/**
 * A comment line of the banner. A line break in it (a --data path may hold one) would start a line the shell
 * runs when the banner is sourced: it is written out as `<U+000A>`, as every invisible character is.
 */
const comment = (text: string): string => `# ${showInvisible(text)}`;

function credentialLines(target: TargetName, credentials: SandboxCredentials): string[] {
  switch (target) {
    case 'zenskar':
      return [
        `ZENSKAR_API_KEY=${credentials.apiKey}`,
        `ZENSKAR_ORGANISATION=${credentials.organisation ?? ''}`,
      ];
    case 'dayzero':
      return [
        `DAYZERO_API_TOKEN=${credentials.apiKey}`,
        `DAYZERO_BUSINESS_ID=${credentials.businessId ?? ''}`,
      ];
    case 'ambiosys':
      return [`AMBIOSYS_API_TOKEN=${credentials.apiKey}`];
  }
}

function curlExample(url: string, target: TargetName, credentials: SandboxCredentials): string {
  const json = "-H 'content-type: application/json'";
  switch (target) {
    case 'zenskar':
      return (
        `curl -s -X POST ${url}/customers -H 'x-api-key: ${credentials.apiKey}' ` +
        `-H 'organisation: ${credentials.organisation ?? ''}' ${json} ` +
        `-d '{"customer_name":"Acme Corporation","email":"billing@acme.com"}'`
      );
    case 'dayzero':
      return (
        `curl -s -X POST ${url}/api/v1/customers -H 'Authorization: Bearer ${credentials.apiKey}' ` +
        `-H 'x-business-id: ${credentials.businessId ?? ''}' ${json} ` +
        `-d '{"name":"Acme Corporation","email":"billing@acme.com"}'`
      );
    case 'ambiosys':
      return (
        `curl -s -X POST ${url}/api/customers/create -H 'Authorization: Bearer ${credentials.apiKey}' ${json} ` +
        `-d '{"name":"Acme Corporation"}'`
      );
  }
}

export function describeFaults(faults: FaultSettings): string {
  const parts: string[] = [];
  if (faults.latencyMs > 0) parts.push(`latency ${faults.latencyMs} ms`);
  if (faults.failRate > 0) parts.push(`fail-rate ${faults.failRate} (503)`);
  if (faults.rateLimit > 0) parts.push(`rate-limit ${faults.rateLimit}/s (429, Retry-After: 1)`);
  if (faults.dropRate > 0) parts.push(`drop-rate ${faults.dropRate} (create, then close without answering)`);
  if (parts.length === 0) return 'none';
  // The seed only matters for the random faults; it is what reproduces a run.
  if (faults.failRate > 0 || faults.dropRate > 0) parts.push(`seed ${faults.seed}`);
  return parts.join(', ');
}

/** What the start found in the data file, for the banner. */
export function describeDataFile(path: string, target: TargetName, found: DataFileSummary): string {
  const others =
    found.otherTargets === 0
      ? ''
      : `; ${plural(found.otherTargets, 'line')} of other targets left as they are (POST /__reset removes only ${target}'s)`;
  return `Data file: ${path}, ${plural(found.loaded, `${target} customer`)} loaded${others}`;
}

/** Lines the start could not read: their customers are not loaded, so their e-mails can be created again. */
export function unreadableLinesWarning(path: string, found: DataFileSummary): string {
  const one = found.unreadable === 1;
  const more = found.unreadable > found.unreadableLines.length ? ', …' : '';
  const where = `${one ? 'line' : 'lines'} ${found.unreadableLines.join(', ')}${more}`;
  const lost = one
    ? 'a customer on it is not loaded, and its e-mail can be created again'
    : 'customers on them are not loaded, and their e-mails can be created again';
  return (
    `--data ${path}: skipped ${plural(found.unreadable, 'line')} that ${one ? 'is' : 'are'} not a customer ` +
    `record (${where}; torn by a kill, or edited?): ${lost}`
  );
}

/** Why the sandbox cannot listen on `port`, as the user can fix it; undefined for a failure that is a bug. */
export function portRefusal(port: number, code: string | undefined): string | undefined {
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port} is already in use; choose another with --port (0 = any free port)`;
    case 'EACCES':
      return `port ${port} needs privileges this user lacks (as every port below 1024 does); choose one above 1023 with --port (0 = any free port)`;
    default:
      return undefined;
  }
}

/**
 * A request that hit a bug, answered 500, in one line: the sandbox serves on, so a stack trace would only bury
 * what the user needs, the request and what went wrong; --verbose adds it.
 */
export function requestFailure(request: string, error: Error, verbose: boolean): string {
  const line = `zcust sandbox: internal error on ${request} (answered 500): ${error.message}`;
  return verbose
    ? `${line}\n${error.stack ?? ''}`
    : `${line}; please report it (--verbose shows where it happened)`;
}

/** `unsaved`: customers kept in memory only, the data file having failed (a full disk). */
export function statsSummary(stats: SandboxStats, unsaved = 0): string {
  const { injected } = stats;
  const stored =
    unsaved === 0
      ? `${stats.customers} customers stored`
      : `${stats.customers} customers stored, ${unsaved} of them in memory only (not in the data file, which could not be written)`;
  return (
    `sandbox stopped: ${stats.requests} requests, ${stats.creates} created, ${stats.duplicates} duplicates, ` +
    `${stats.validationRejections} invalid, ${stats.authFailures} auth failures, ${stats.lookups} lookups, ` +
    `${stored}; injected ${injected.failures} failures, ` +
    `${injected.rateLimited} rate-limited, ${injected.dropped} dropped`
  );
}
