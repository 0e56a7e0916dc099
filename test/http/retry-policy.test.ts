import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, RETRY_AFTER_CAP_MS } from '../../src/http/retry-policy.js';

const opts = { baseMs: 500, maxMs: 8_000 };
const always = (value: number) => () => value;

describe('backoffDelay', () => {
  it.each([
    { attempt: 1, random: 0.999, delay: 499.5 },
    { attempt: 2, random: 0.999, delay: 999 },
    { attempt: 3, random: 0.5, delay: 1_000 },
    { attempt: 5, random: 0.999, delay: 7_992 },
    { attempt: 6, random: 0.999, delay: 7_992 },
    { attempt: 60, random: 0.5, delay: 4_000 },
    { attempt: 2_000, random: 0.5, delay: 4_000 },
  ])(
    'retry $attempt with random() = $random waits $delay ms (ceiling min(maxMs, baseMs·2^(n-1)))',
    ({ attempt, random, delay }) => {
      expect(backoffDelay(attempt, opts, always(random))).toBeCloseTo(delay, 6);
    },
  );

  it('is full jitter: random() = 0 means no wait at all', () => {
    expect(backoffDelay(4, opts, always(0))).toBe(0);
  });

  it.each([
    { retryAfterMs: 3_000, random: 0, delay: 3_000 },
    { retryAfterMs: 3_000, random: 0.5, delay: 3_250 },
    { retryAfterMs: 0, random: 0.5, delay: 250 },
    { retryAfterMs: 3_600_000, random: 0, delay: RETRY_AFTER_CAP_MS },
  ])(
    'Retry-After $retryAfterMs ms with random() = $random waits $delay ms (never less than the server asked, up to the cap)',
    ({ retryAfterMs, random, delay }) => {
      expect(backoffDelay(1, opts, always(random), retryAfterMs)).toBe(delay);
    },
  );

  it.each([0, -1, 1.5, Number.NaN])('refuses attempt %s (retries are numbered from 1)', (attempt) => {
    expect(() => backoffDelay(attempt, opts, always(0.5))).toThrow(RangeError);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');

  it.each([
    { value: '0', ms: 0 },
    { value: '5', ms: 5_000 },
    { value: ' 120 ', ms: 120_000 },
    { value: ['7', '9'], ms: 7_000 },
    { value: 'Sat, 01 Mar 2025 12:00:30 GMT', ms: 30_000 },
    { value: 'Saturday, 01-Mar-25 12:01:00 GMT', ms: 60_000 },
    { value: 'Sat Mar  1 12:00:02 2025', ms: 2_000 },
    { value: 'Fri, 28 Feb 2025 12:00:00 GMT', ms: 0 },
  ])('$value → $ms ms', ({ value, ms }) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([
    { value: undefined },
    { value: '' },
    { value: '   ' },
    { value: [] },
    { value: 'soon' },
    { value: '-5' },
    { value: '1.5' },
    { value: '5s' },
    { value: '2025-03-01T12:00:30Z' },
    { value: 'Sat, 99 Foo 2025 99:99:99 GMT' },
  ])('$value is not a Retry-After → undefined', ({ value }) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

// RFC 9110: an asctime date, which names no zone, is GMT. Date.parse read it in local time: at UTC+5:30 a 10 s
// wait became none, at UTC-8 eight hours (the 60 s cap). (Node reads a TZ set while it runs from then on.)
describe('parseRetryAfter in a time zone that is not UTC', () => {
  const zoneBefore = process.env.TZ;
  afterEach(() => {
    if (zoneBefore === undefined) delete process.env.TZ;
    else process.env.TZ = zoneBefore;
  });
  const now = Date.UTC(2025, 0, 6, 8, 49, 30);

  it.each([
    { zone: 'Asia/Kolkata', value: 'Mon Jan  6 08:49:40 2025', form: 'asctime' },
    { zone: 'America/Los_Angeles', value: 'Mon Jan  6 08:49:40 2025', form: 'asctime' },
    { zone: 'America/Los_Angeles', value: 'Mon, 06 Jan 2025 08:49:40 GMT', form: 'IMF-fixdate' },
    { zone: 'Asia/Kolkata', value: 'Monday, 06-Jan-25 08:49:40 GMT', form: 'RFC 850' },
  ])('$form in $zone: read as GMT, 10 s from now', ({ zone, value }) => {
    process.env.TZ = zone;
    expect(new Date(now).getTimezoneOffset(), `the process did not take TZ=${zone}`).not.toBe(0);
    expect(parseRetryAfter(value, now)).toBe(10_000);
  });
});
