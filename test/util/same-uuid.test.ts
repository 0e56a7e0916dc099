import { describe, expect, it } from 'vitest';
import { sameUuid, uuidKey } from '../../src/util/same-uuid.js';

const SANDBOX_BUSINESS = '00000000-0000-4000-8000-00000000b001';

describe('sameUuid: one tenant whatever the case of its UUID (RFC 9562)', () => {
  it.each([
    ['the same spelling', SANDBOX_BUSINESS, SANDBOX_BUSINESS, true],
    ['upper case given', SANDBOX_BUSINESS.toUpperCase(), SANDBOX_BUSINESS, true],
    ['mixed case expected', SANDBOX_BUSINESS, '00000000-0000-4000-8000-00000000B001', true],
    ['another UUID', '11111111-1111-4111-8111-111111111111', SANDBOX_BUSINESS, false],
    ['none given', undefined, SANDBOX_BUSINESS, false],
    ['none expected', SANDBOX_BUSINESS, undefined, false],
  ])('%s: %s against %s is %s', (_, given, expected, same) => {
    expect(sameUuid(given, expected)).toBe(same);
  });

  it('files a UUID under its lower-case spelling', () => {
    expect(uuidKey('0000000A-0000-4000-8000-00000000B001')).toBe('0000000a-0000-4000-8000-00000000b001');
  });
});
