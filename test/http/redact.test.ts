import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactDeep, redactEscaped, redactHeaders, redactSecrets, secretsOf } from '../../src/http/redact.js';
import { MIN_FRAGMENT } from '../../src/http/secret-spellings.js';

/**
 * A key with "/" (JSON may write it "\/", a URL "%2F") whose base64 holds "+" and "/", so that the URL-safe
 * spelling differs from the standard one.
 */
const KEY = 'zsk/live/~~~>>>???_0042';
const base64 = (text: string) => Buffer.from(text).toString('base64');
const base64url = (text: string) => Buffer.from(text).toString('base64url');
const redact = (text: string, headers: Record<string, string> = { 'x-api-key': KEY }) =>
  redactSecrets(text, secretsOf(headers));

describe('redactSecrets: an API key echoed in an answer is taken out however it is spelt', () => {
  it.each([
    ['as it is', KEY],
    ['upper-cased', KEY.toUpperCase()],
    ['lower-cased', KEY.toLowerCase()],
    ['with every other letter upper-cased', [...KEY].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('')],
    ['truncated by one character', KEY.slice(0, -1)],
    ['truncated to its first half', KEY.slice(0, Math.ceil(KEY.length / 2))],
    ['without its first character', KEY.slice(1)],
    ['its middle only', KEY.slice(4, -4)],
    ['JSON-escaped, "/" as "\\/"', KEY.replaceAll('/', '\\/')],
    ['URL-encoded', encodeURIComponent(KEY)],
    ['URL-encoded and upper-cased', encodeURIComponent(KEY).toUpperCase()],
    ['base64', base64(KEY)],
    ['base64 without padding', base64(KEY).replace(/=+$/, '')],
    ['URL-safe base64', base64url(KEY)],
  ])('%s', (_, echoed) => {
    expect(redact(`{"detail":"key ${echoed} refused"}`)).toBe('{"detail":"key [redacted] refused"}');
  });

  it.each([
    ['after one byte', `:${KEY}`],
    ['after two bytes', `u:${KEY}`],
    ['after three bytes', `us:${KEY}`],
    ['before a colon, as in Basic auth', `${KEY}:`],
    ['truncated by one', KEY.slice(0, -1)],
  ])('base64 of data holding the key %s', (_, data) => {
    const encoded = base64(data);
    const redacted = redact(`Authorization: Basic ${encoded}`);
    expect(redacted, `${encoded} kept the key`).toContain('[redacted]');
    // At most the few characters that also carry the bytes around the key stay.
    expect(redacted.length).toBeLessThan(`Authorization: Basic [redacted]`.length + 8);
  });

  it.each([
    [
      'its middle character masked',
      (key: string) => `${key.slice(0, 16)}*${key.slice(17)}`,
      '[redacted]*[redacted]',
    ],
    [
      'its first 12 characters alone, the live prefix and 3 more',
      (key: string) => key.slice(0, 12),
      '[redacted]',
    ],
  ])('a 33-character live key with %s leaves none of its runs of 12', (_, echo, redacted) => {
    const live = 'zsk_live_8f3a9c2e1b7d4f6a0c5e9b2d';
    expect(redact(`key ${echo(live)} refused`, { 'x-api-key': live })).toBe(`key ${redacted} refused`);
  });

  it('takes out each occurrence, and text around them stays', () => {
    expect(redact(`a ${KEY} b ${KEY.toUpperCase()} c`)).toBe('a [redacted] b [redacted] c');
  });

  it('takes the key out of JSON object keys', () => {
    expect(redact(`{"${KEY}":1}`)).toBe('{"[redacted]":1}');
  });

  it('any run of 12 of its characters (all of a shorter key), in any case, is taken out', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'abcdefghXYZ0123_-/+~'), minLength: 8, maxLength: 80 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (key, from, extra, upper) => {
          const minRun = Math.min(key.length, MIN_FRAGMENT);
          const start = from % (key.length - minRun + 1);
          const run = key.slice(start, start + minRun + (extra % (key.length - start - minRun + 1)));
          const echoed = upper ? run.toUpperCase() : run;
          const redacted = redactSecrets(`<${echoed}>`, secretsOf({ 'x-api-key': key }));
          expect(redacted, `key ${key}, echoed ${echoed}`).toBe('<[redacted]>');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('redactSecrets: ordinary text is left alone', () => {
  it.each([
    ['the sandbox key: a sandbox named in text', 'zsk_sandbox_key', 'no customer in the sandbox_key store'],
    ['the sandbox key: its prefix', 'zsk_sandbox_key', 'keys look like zsk_sandbox'],
    ['the sandbox key: an ordinary message', 'zsk_sandbox_key', 'Customer with this email already exists'],
    ['a long key: 11 of its characters', 'SuperSecretKey_12345', 'SuperSecret'],
    [
      'a 40-character key: 11 of its characters on each side of one changed',
      'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0',
      'a1b2c3d4e5f*g7h8i9j0k1l',
    ],
    ['an 8-character key: all but one of its characters', 'k3y_0042', 'k3y_004'],
    ['a key too short to be a real one', 'k', 'k is for key'],
  ])('%s', (_, key, text) => {
    expect(redact(text, { 'x-api-key': key })).toBe(text);
  });

  it('an 8-character key is taken out whole, in any case', () => {
    expect(redact('got K3Y_0042', { 'x-api-key': 'k3y_0042' })).toBe('got [redacted]');
  });
});

describe('secretsOf: which request headers hold secrets', () => {
  it.each([
    ['x-api-key', { 'x-api-key': 'tok_abcdefgh' }, 'got tok_abcdefgh', 'got [redacted]'],
    ['any case of the name', { 'X-Api-Key': 'tok_abcdefgh' }, 'got tok_abcdefgh', 'got [redacted]'],
    ['a bearer token alone', { authorization: 'Bearer tok_abcdefgh' }, 'got tok_abcdefgh', 'got [redacted]'],
    [
      'a bearer header whole, "Bearer" and all',
      { authorization: 'Bearer tok_abcdefgh' },
      '{"got":"Bearer tok_abcdefgh"}',
      '{"got":"[redacted]"}',
    ],
    [
      'an API key holding a space: its first word alone, which is no scheme',
      { 'x-api-key': 'zsk_live_8f3a9c2e1b7d4f6a0c5e9b2d xyz12345' },
      'got zsk_live_8f3a9c2e1b7d4f6a0c5e9b2d',
      'got [redacted]',
    ],
    [
      'an API key holding a space: its first word base64-encoded',
      { 'x-api-key': 'zsk_live_8f3a9c2e1b7d4f6a0c5e9b2d xyz12345' },
      `got ${base64('zsk_live_8f3a9c2e1b7d4f6a0c5e9b2d')}`,
      'got [redacted]',
    ],
    [
      'no other header',
      { organisation: 'org-0000-1111', 'content-type': 'application/json' },
      'org-0000-1111',
      'org-0000-1111',
    ],
  ])('%s', (_, headers, text, redacted) => {
    expect(redactSecrets(text, secretsOf(headers))).toBe(redacted);
  });
});

describe('redactHeaders', () => {
  it('gives back the same headers, not a copy, when no value holds a secret', () => {
    const headers = { 'content-type': 'application/json', 'set-cookie': ['a=1'], etag: undefined };
    expect(redactHeaders(headers, secretsOf({ 'x-api-key': 'tok_abcdefgh' }))).toBe(headers);
  });

  it('takes secrets out of every value, arrays too, and leaves the rest', () => {
    const headers = {
      location: 'https://x.example/?key=tok_abcdefgh',
      'set-cookie': ['a=TOK_ABCDEFGH', 'b=1'],
      etag: 'e1',
    };
    expect(redactHeaders(headers, secretsOf({ 'x-api-key': 'tok_abcdefgh' }))).toEqual({
      location: 'https://x.example/?key=[redacted]',
      'set-cookie': ['a=[redacted]', 'b=1'],
      etag: 'e1',
    });
  });
});

describe('redactDeep', () => {
  it('takes secrets out of every string of a parsed body, keys too', () => {
    const body = {
      detail: [{ msg: 'key tok_abcdefgh refused', loc: ['header'] }],
      tok_abcdefgh: true,
      n: 1,
      ok: null,
    };
    expect(redactDeep(body, secretsOf({ 'x-api-key': 'tok_abcdefgh' }))).toEqual({
      detail: [{ msg: 'key [redacted] refused', loc: ['header'] }],
      '[redacted]': true,
      n: 1,
      ok: null,
    });
  });
});

describe('redactEscaped: a text body that may spell a secret with \\u escapes', () => {
  const secrets = secretsOf({ 'x-api-key': 'tok_abcdefgh' });

  it.each([
    [
      'every character escaped',
      'key \\u0074\\u006f\\u006b\\u005f\\u0061\\u0062\\u0063\\u0064\\u0065\\u0066\\u0067\\u0068 refused',
    ],
    ['one character escaped, upper-case hex', 'key tok_\\u0041bcdefgh refused'],
  ])('%s: decoded, with the secret taken out', (_, body) => {
    expect(redactEscaped(body, secrets)).toBe('key [redacted] refused');
  });

  it('gives back a body whose escapes spell no secret as it came, escapes and all', () => {
    const body = '{"message":"caf\\u00e9 tok_abc"}';
    expect(redactEscaped(body, secrets)).toBe(body);
  });

  it('takes secrets out of a parsed body as redactDeep does', () => {
    expect(redactEscaped({ detail: 'tok_abcdefgh' }, secrets)).toEqual({ detail: '[redacted]' });
  });
});
