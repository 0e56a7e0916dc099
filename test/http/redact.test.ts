import { describe, expect, it } from 'vitest';
import { redactHeaders, redactSecrets, secretsOf } from '../../src/http/redact.js';

describe('secretsOf', () => {
  it.each([
    ['an x-api-key', { 'x-api-key': 'zsk_live_123456' }, ['zsk_live_123456']],
    ['any case of the name', { 'X-Api-Key': 'zsk_live_123456' }, ['zsk_live_123456']],
    [
      'a bearer token, whole and alone',
      { authorization: 'Bearer tok_abcdefgh' },
      ['Bearer tok_abcdefgh', 'tok_abcdefgh'],
    ],
    ['no other header', { organisation: 'org-0000-1111', 'content-type': 'application/json' }, []],
    ['nothing too short to be a real key', { 'x-api-key': 'k' }, []],
    [
      'a key as a JSON string would hold it',
      { 'x-api-key': 'zsk/live/1234' },
      ['zsk\\/live\\/1234', 'zsk/live/1234'],
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
