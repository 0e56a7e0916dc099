import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { assertSafeBaseUrl } from '../../src/http/client.js';

describe('assertSafeBaseUrl', () => {
  it.each([
    'https://api.zenskar.com',
    'https://api.example.com/v2',
    'http://127.0.0.1:4010',
    'http://127.8.9.10',
    'http://localhost:4010',
    'http://[::1]:4010',
    'http://[::ffff:127.0.0.1]:4010',
    // The URL parser reads an IPv4 address's final dot away: it is 127.0.0.1, never looked up.
    'http://127.0.0.1.:4010',
  ])('accepts %s', (url) => {
    expect(assertSafeBaseUrl(url).href).toBe(new URL(url).href);
  });

  it.each([
    {
      url: 'http://example.com',
      says: 'refusing to send credentials over plain http to example.com; use https://',
    },
    { url: 'http://10.0.0.5:8080', says: 'plain http is allowed only for loopback addresses' },
    { url: 'http://localhost.example.com', says: 'plain http to localhost.example.com' },
    // A fully qualified name goes to DNS, not the hosts file: it may be another machine.
    { url: 'http://localhost.:9', says: 'refusing to send credentials over plain http to localhost.;' },
    { url: 'http://LOCALHOST.:4010', says: 'plain http to localhost.;' },
    { url: 'ftp://api.example.com', says: 'must use https://' },
    { url: 'file:///etc/passwd', says: 'must use https://' },
    { url: 'not a url', says: 'not a valid URL' },
    { url: 'api.zenskar.com', says: 'the base URL has no scheme: write it https://api.zenskar.com' },
    { url: 'localhost:4010', says: 'the base URL has no scheme: write it http://localhost:4010' },
    { url: '127.0.0.1:4010', says: 'the base URL has no scheme: write it http://127.0.0.1:4010' },
    { url: 'sandbox:4010', says: 'the base URL has no scheme: write it https://sandbox:4010' },
    { url: 'api.example.com:443/v2', says: 'the base URL has no scheme: write it https://api.example.com/…' },
    { url: 'sandbox', says: 'not a valid URL' },
    { url: 'https://user:hunter2@api.example.com', says: 'must not contain credentials' },
    { url: 'https://api.example.com/?key=1', says: 'must not have a query string' },
  ])('refuses $url with a usage error saying "$says"', ({ url, says }) => {
    expect(() => assertSafeBaseUrl(url)).toThrow(UsageError);
    expect(() => assertSafeBaseUrl(url)).toThrow(says);
  });

  // Without `://`, the URL parser takes what precedes the first colon for a scheme: a user name, or a token.
  const PASS_THE_KEY = 'credentials do not belong in it: pass the API key with its flag or variable';
  it.each([
    [
      'tok9f8e7d6c5b4a3:x-oauth-basic@api.example.com',
      `the base URL has no scheme: write it https://api.example.com; ${PASS_THE_KEY}`,
    ],
    [
      'admin:hunter2@localhost:4010',
      `the base URL has no scheme: write it http://localhost:4010; ${PASS_THE_KEY}`,
    ],
    [
      'hunter2@api.example.com/v2',
      `the base URL has no scheme: write it https://api.example.com/…; ${PASS_THE_KEY}`,
    ],
    [
      'admin:hunter2@sandbox',
      `the base URL has no scheme; expected one like https://api.example.com; ${PASS_THE_KEY}`,
    ],
    [
      'key.hunter2:443/x@api.example.com',
      `the base URL has no scheme; expected one like https://api.example.com; ${PASS_THE_KEY}`,
    ],
    ['admin:hunter2', 'the base URL has no scheme; expected one like https://api.example.com'],
    [
      'admin:hunter2@api.example.com/v2?next=https://x',
      `the base URL has no scheme: write it https://api.example.com/…; ${PASS_THE_KEY}`,
    ],
  ])('refuses %s as having no scheme, naming no part of it but its host', (url, says) => {
    expect(() => assertSafeBaseUrl(url)).toThrow(new UsageError(says));
  });

  it('says where the API key goes instead, when told', () => {
    expect(() =>
      assertSafeBaseUrl('admin:hunter2@api.example.com', { keyFrom: 'ZENSKAR_API_KEY or --api-key' }),
    ).toThrow('credentials do not belong in it: pass the API key with ZENSKAR_API_KEY or --api-key');
  });

  it.each([
    ['htp://hunter2', 'htp://'],
    ['ftp://admin:hunter2@api.example.com', 'ftp://'],
    ['HTP://hunter2@api.example.com', 'htp://'],
  ])('names of %s the scheme it was written with, and nothing more', (url, scheme) => {
    expect(() => assertSafeBaseUrl(url)).toThrow(
      new UsageError(`the base URL must use https:// (got ${scheme})`),
    );
  });

  it.each([
    'https://user:hunter2@api.example.com',
    'htp://hunter2',
    'hunter2:x-oauth-basic@api.example.com',
    'admin:hunter2@localhost:4010',
    'admin:hunter2@sandbox',
    'hunter2@api.example.com',
    'hunter2.example.com:443/x@api.example.com',
    'admin:hunter2',
    'hunter2',
    'admin:hunter2@api.example.com/v2?next=https://x',
  ])('does not echo the secret in %s', (url) => {
    expect(() => assertSafeBaseUrl(url)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});
