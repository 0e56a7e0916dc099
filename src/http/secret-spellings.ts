/**
 * The ways a server could spell back a credential it was sent: as it is, JSON-escaped, URL-encoded, or
 * base64-encoded, each with how much of it must be seen before it is taken out (see MIN_FRAGMENT).
 */

/** Request headers whose values are credentials. */
const SECRET_HEADERS: ReadonlySet<string> = new Set(['x-api-key', 'authorization']);

/**
 * Shorter values are not taken out: a real key or token is much longer, and replacing a short one would
 * also hit ordinary text (an e-mail a lookup must match).
 */
export const MIN_SECRET_LENGTH = 8;

/**
 * A server may echo only part of a key (truncated to fit a message, "SuperSecretKey_1234…", or masked in the
 * middle, "zsk_live_8f3a9c2*1b7d…"), so any run of this many of a spelling's characters is taken out, however
 * long the spelling. A rule of "half the key" left each side of a 33-character key with one character masked
 * (16 characters) in plain sight, 32 of its 33 characters in all.
 *
 * Why 12: keys are rarely random from end to end: the sandbox's `zsk_sandbox_key` is ordinary words, live keys
 * start with a fixed `zsk_live_`. Runs of 8 would take "_sandbox" out of any text that names a sandbox; 12
 * characters in a row of a key's own spelling do not turn up in ordinary text. A spelling of 12 characters or
 * fewer is taken out only whole.
 */
export const MIN_FRAGMENT = 12;

export interface SecretSpelling {
  /** The text as it would appear in an answer. */
  readonly text: string;
  /** The fewest consecutive characters of `text` that are taken out (all of it: only the whole). */
  readonly minRun: number;
}

/** Every spelling of the credentials among these request headers, each once. */
export function secretSpellings(headers: Record<string, string>): SecretSpelling[] {
  const spellings = new Map<string, number>();
  const add = (text: string, minRun: number) => {
    if (minRun < MIN_SECRET_LENGTH) return;
    spellings.set(text, Math.min(minRun, spellings.get(text) ?? minRun));
  };
  for (const [name, value] of Object.entries(headers)) {
    const header = name.toLowerCase();
    if (!SECRET_HEADERS.has(header)) continue;
    // Only an authorization value has a scheme ("Bearer <token>"): an x-api-key holding a space is one secret,
    // and splitting it left its first word unprotected.
    const token = header === 'authorization' ? /^\S+\s+(\S+)$/.exec(value)?.[1] : undefined;
    // "Bearer <token>" is taken out whole, so the answer does not keep "Bearer " before the gap; only the
    // token itself needs its fragments and encodings found.
    if (token !== undefined) for (const text of textSpellings(value)) add(text, text.length);
    const secret = token ?? value;
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const text of [...textSpellings(secret), ...base64Spellings(secret)]) add(text, fragmentRun(text));
  }
  return [...spellings].map(([text, minRun]) => ({ text, minRun }));
}

function fragmentRun(text: string): number {
  return Math.min(text.length, MIN_FRAGMENT);
}

/** As it is, as a JSON string holds it ("/" as "\/", a quote as \"), and URL-encoded (a Location, a query). */
function textSpellings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [secret, json, json.replaceAll('/', '\\/'), encodeURIComponent(secret)];
}

/**
 * Base64, standard and URL-safe: of the secret alone (padding and all), and the characters that depend on the
 * secret alone wherever it starts inside longer encoded data (as in Basic auth's "key:"): base64 turns each
 * 3 bytes into 4 characters, so there are three ways for the secret to line up with them.
 */
function base64Spellings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const standard = [bytes.toString('base64')];
  for (const lead of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(lead), bytes]).toString('base64');
    // Character i holds bits [6i, 6i + 6): keep those that fall inside the secret's bytes.
    standard.push(encoded.slice(Math.ceil((lead * 8) / 6), Math.floor(((lead + bytes.length) * 8) / 6)));
  }
  return standard.flatMap((s) => [s, s.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')]);
}
