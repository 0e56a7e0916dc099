import { describe, expect, it } from 'vitest';
import { ignoredProxyHint } from '../../src/http/proxy-variables.js';

const PROXY = 'http://proxy.corp:3128';

describe('the hint that zcust does not use proxy variables, for a server it cannot reach', () => {
  it.each([
    [{ HTTPS_PROXY: PROXY }, 'HTTPS_PROXY is set'],
    [{ https_proxy: PROXY }, 'https_proxy is set'],
    [{ HTTP_PROXY: PROXY }, 'HTTP_PROXY is set'],
    [{ ALL_PROXY: PROXY }, 'ALL_PROXY is set'],
    [{ NO_PROXY: 'localhost' }, 'NO_PROXY is set'],
    [{ HTTPS_PROXY: PROXY, no_proxy: 'localhost' }, 'HTTPS_PROXY and no_proxy are set'],
    [
      { HTTPS_PROXY: PROXY, HTTP_PROXY: PROXY, NO_PROXY: 'localhost' },
      'HTTPS_PROXY, HTTP_PROXY and NO_PROXY are set',
    ],
  ])('%j: "%s"', (env, set) => {
    expect(ignoredProxyHint(env, 'https://api.zenskar.com')).toBe(
      `${set}, but zcust does not use proxy variables: it connects directly`,
    );
  });

  it.each([
    ['no proxy variable', {}, 'https://api.zenskar.com'],
    ['a blank one', { HTTPS_PROXY: ' ' }, 'https://api.zenskar.com'],
    ['a variable of another name', { SOCKS_PROXY_HOST: PROXY }, 'https://api.zenskar.com'],
    ['a server on this machine (127.0.0.1)', { HTTPS_PROXY: PROXY }, 'http://127.0.0.1:4010'],
    ['a server on this machine (localhost)', { HTTPS_PROXY: PROXY }, 'http://localhost:4010'],
    ['a server on this machine ([::1])', { HTTPS_PROXY: PROXY }, 'http://[::1]:4010'],
  ])('none for %s', (_, env, baseUrl) => {
    expect(ignoredProxyHint(env, baseUrl)).toBeUndefined();
  });
});
