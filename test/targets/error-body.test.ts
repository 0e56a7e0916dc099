import { describe, expect, it } from 'vitest';
import { describeValidationErrors, errorMessage, saysEmailExists } from '../../src/targets/error-body.js';

describe('errorMessage reads the API’s own words from whichever field carries them', () => {
  it.each([
    ['FastAPI detail string', { detail: 'Not authenticated' }, 'Not authenticated'],
    [
      'FastAPI detail list',
      {
        detail: [{ loc: ['body', 'email'], msg: 'value is not a valid email address', type: 'value_error' }],
      },
      'email: value is not a valid email address',
    ],
    [
      'message',
      { error_code: 'BAD_REQUEST', message: 'customer_name is required' },
      'customer_name is required',
    ],
    ['AWS gateway Message', { Message: 'User is not authorized' }, 'User is not authorized'],
    ['error string', { success: false, error: 'Name is required' }, 'Name is required'],
    ['error object', { error: { message: 'quota exceeded' } }, 'quota exceeded'],
    ['error_code alone', { error_code: 'INTERNAL_SERVER_ERROR' }, 'INTERNAL_SERVER_ERROR'],
    ['detail wins over message', { detail: 'from detail', message: 'from message' }, 'from detail'],
    ['blank detail falls through', { detail: '  ', message: 'from message' }, 'from message'],
    ['plain text body', 'upstream connect error', 'upstream connect error'],
    ['plain text is collapsed to one line', 'line one\n  line two', 'line one line two'],
  ])('%s', (_case, body, expected) => {
    expect(errorMessage(body)).toBe(expected);
  });

  it.each([
    ['an empty body', ''],
    ['an HTML error page', '<html><body>502 Bad Gateway</body></html>'],
    ['an object with no known field', { foo: 'bar' }],
    ['null', null],
    ['a number', 42],
    ['an empty detail list', { detail: [] }],
  ])('is undefined for %s', (_case, body) => {
    expect(errorMessage(body)).toBeUndefined();
  });

  it('shortens a long text body instead of quoting a whole page', () => {
    const message = errorMessage('x'.repeat(1000));
    expect(message?.length).toBeLessThanOrEqual(201);
    expect(message?.endsWith('…')).toBe(true);
  });

  // 100,000 characters a row overflowed a spreadsheet's cell (32,767), and 40 MB made reports of 200 MB.
  it.each([
    ['a message field', { message: 'E'.repeat(100_000) }],
    ['a detail field', { detail: 'E'.repeat(100_000) }],
    [
      'a validation list',
      { detail: Array.from({ length: 5_000 }, (_, i) => ({ loc: ['body', `f${i}`], msg: 'bad' })) },
    ],
  ])('shortens a long JSON error from %s to 1,000 characters', (_case, body) => {
    const message = errorMessage(body);
    expect(message?.length).toBe(1001);
    expect(message?.endsWith('…')).toBe(true);
  });

  it('never cuts between the two halves of an emoji', () => {
    const message = errorMessage({ message: `${'E'.repeat(999)}😀😀` });
    expect(message).toBe(`${'E'.repeat(999)}…`);
  });

  it('keeps a JSON error of 1,000 characters whole', () => {
    expect(errorMessage({ message: 'E'.repeat(1000) })).toBe('E'.repeat(1000));
  });
});

describe('describeValidationErrors', () => {
  it.each([
    [
      'drops the leading "body" of each loc and joins items with "; "',
      [
        { loc: ['body', 'email'], msg: 'value is not a valid email address', type: 'value_error' },
        { loc: ['body', 'name'], msg: 'field required', type: 'missing' },
      ],
      'email: value is not a valid email address; name: field required',
    ],
    [
      'joins nested locations with dots',
      [{ loc: ['body', 'address', 'zipCode'], msg: 'str type expected', type: 't' }],
      'address.zipCode: str type expected',
    ],
    [
      'keeps a loc that does not start with body',
      [{ loc: ['query', 'limit'], msg: 'too big' }],
      'query.limit: too big',
    ],
    ['an item without loc is just its msg', [{ msg: 'bad request' }], 'bad request'],
    ['string items are kept', ['first problem', 'second problem'], 'first problem; second problem'],
  ])('%s', (_case, detail, expected) => {
    expect(describeValidationErrors(detail)).toBe(expected);
  });
});

describe('saysEmailExists', () => {
  it.each([
    ['Customer with this email already exists', true],
    ['A customer with email a@b.co already exists', true],
    ['Email already registered', true],
    ['duplicate e-mail address', true],
    ['email is taken', true],
    ['Customer with this external_id already exists', false],
    ['Invalid email format', false],
    ['customer_name is required', false],
  ])('%s → %s', (message, expected) => {
    expect(saysEmailExists(message)).toBe(expected);
  });
});
