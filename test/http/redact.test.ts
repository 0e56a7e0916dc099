import { describe, expect, it } from 'vitest';
import { redactDeep, redactHeaders, redactSecrets, secretsOf } from '../../src/http/redact.js';

describe('secretsOf', () => {
  it.each([
    ['an x-api-key', { 'x-api-key': 'zsk_live_123456' }, ['zsk_live_123456']],
    ['any case of the name', { 'X-Api-Key': 'zsk_live_123456' }, ['zsk_live_123456']],
    [
      'a bearer token, whole and alone',
      { authorization: 'Bearer tok_abcdefgh' },
      ['Bearer%20tok_abcdefgh', 'Bearer tok_abcdefgh', 'tok_abcdefgh'],
    ],
    ['no other header', { organisation: 'org-0000-1111', 'content-type': 'application/json' }, []],
    ['nothing too short to be a real key', { 'x-api-key': 'k' }, []],
    [
      'a key as a JSON string and a URL would hold it',
      { 'x-api-key': 'zsk/live/1234' },
      ['zsk%2Flive%2F1234', 'zsk\\/live\\/1234', 'zsk/live/1234'],
    ],
  ])('%s', (_, headers, secrets) => {
    expect(secretsOf(headers)).toEqual(secrets);
  });
});

describe('redactSecrets', () => {
  const secrets = ['Bearer tok_abcdefgh', 'tok_abcdefgh'];
  it.each([
    ['text without them', '{"detail":"bad"}', '{"detail":"bad"}'],
    ['each occurrence', 'tok_abcdefgh, again tok_abcdefgh', '[redacted], again [redacted]'],
    ['the whole header value first', '{"got":"Bearer tok_abcdefgh"}', '{"got":"[redacted]"}'],
  ])('%s', (_, text, redacted) => {
    expect(redactSecrets(text, secrets)).toBe(redacted);
  });
});

describe('redactHeaders', () => {
  it('gives back the same headers, not a copy, when no value holds a secret', () => {
    const headers = { 'content-type': 'application/json', 'set-cookie': ['a=1'], etag: undefined };
    expect(redactHeaders(headers, ['tok_abcdefgh'])).toBe(headers);
  });

  it('takes secrets out of every value, arrays too, and leaves the rest', () => {
    const headers = {
      location: 'https://x.example/?key=tok_abcdefgh',
      'set-cookie': ['a=tok_abcdefgh', 'b=1'],
      etag: 'e1',
    };
    expect(redactHeaders(headers, ['tok_abcdefgh'])).toEqual({
      location: 'https://x.example/?key=[redacted]',
      'set-cookie': ['a=[redacted]', 'b=1'],
      etag: 'e1',
    });
  });
});

describe('redactDeep', () => {
  it('takes secrets out of every string of a parsed body, keys kept', () => {
    const body = { detail: [{ msg: 'key tok_abcdefgh refused', loc: ['header'] }], n: 1, ok: null };
    expect(redactDeep(body, ['tok_abcdefgh'])).toEqual({
      detail: [{ msg: 'key [redacted] refused', loc: ['header'] }],
      n: 1,
      ok: null,
    });
  });
});
