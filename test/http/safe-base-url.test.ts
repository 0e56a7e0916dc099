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

  it.each(['https://user:hunter2@api.example.com', 'htp://hunter2'])(
    'does not echo the secret in %s',
    (url) => {
      expect(() => assertSafeBaseUrl(url)).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
      );
    },
  );
});
