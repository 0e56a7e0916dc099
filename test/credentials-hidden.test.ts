import { describe, expect, it } from 'vitest';
import { credentialsHidden } from '../src/credentials-hidden.js';

const KEY = 'zsk_live_SECRETKEY1234567890';
const MESSAGE = `cannot read ${KEY}.csv: no such file`;
const HIDDEN = 'cannot read [redacted].csv: no such file';

describe('the error boundary takes out the keys given to the run', () => {
  it.each<[string, string[], NodeJS.ProcessEnv]>([
    ['--api-key KEY', ['--api-key', KEY], {}],
    ['--api-key=KEY', [`--api-key=${KEY}`], {}],
    ['ZENSKAR_API_KEY', [], { ZENSKAR_API_KEY: KEY }],
    ['DAYZERO_API_TOKEN', [], { DAYZERO_API_TOKEN: KEY }],
    ['AMBIOSYS_API_TOKEN', [], { AMBIOSYS_API_TOKEN: KEY }],
    ['a variable read from a file (CR LF after the key)', [], { ZENSKAR_API_KEY: `${KEY}\r\n` }],
  ])('from %s', (_, flags, env) => {
    const hide = credentialsHidden(['node', 'zcust', 'import', 'a.csv', ...flags], env);
    expect(hide(MESSAGE)).toBe(HIDDEN);
  });

  it('in the spellings answers are searched for: JSON-escaped, URL-encoded, a long part of it', () => {
    const hide = credentialsHidden([], { ZENSKAR_API_KEY: 'zsk/live"SECRET1234567890' });
    expect(hide('a zsk\\/live\\"SECRET1234567890 b')).toBe('a [redacted] b');
    expect(hide('a zsk%2Flive%22SECRET1234567890 b')).toBe('a [redacted] b');
    expect(hide('a SECRET1234567890… b')).toBe('a [redacted]… b');
  });

  it.each<[string, NodeJS.ProcessEnv]>([
    ['no key given', {}],
    ['an organisation id, which is no secret', { ZENSKAR_ORGANISATION: 'org_1234567890abcdef' }],
  ])('leaves a message alone with %s', (_, env) => {
    const message = 'cannot read org_1234567890abcdef.csv: no such file';
    expect(credentialsHidden(['node', 'zcust', 'validate', 'x.csv'], env)(message)).toBe(message);
  });
});
