import { describe, expect, it } from 'vitest';
import {
  describeValidationErrors,
  errorMessage,
  saysAlreadyThere,
  saysEmailExists,
} from '../../src/targets/error-body.js';

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
    [
      'detail object with a message (FastAPI passing an object through)',
      { detail: { code: 'EMAIL_EXISTS', message: 'A customer with this email already exists' } },
      'A customer with this email already exists',
    ],
    ['detail object with a msg', { detail: { msg: 'tax_id is malformed' } }, 'tax_id is malformed'],
    [
      'detail object with a detail',
      { detail: { detail: 'Payment term not found' } },
      'Payment term not found',
    ],
    [
      'errors list naming the field by path (express-validator)',
      { success: false, errors: [{ msg: 'legal_name must be at most 100 characters', path: 'legal_name' }] },
      'legal_name: legal_name must be at most 100 characters',
    ],
    [
      'errors list naming fields by field, param and loc, in message or detail',
      {
        errors: [
          { field: 'email', message: 'is invalid' },
          { param: 'name', detail: 'is required' },
          { loc: ['body', 'tax_id'], msg: 'too long' },
        ],
      },
      'email: is invalid; name: is required; tax_id: too long',
    ],
    [
      'errors list of strings',
      { errors: ['name is required', 'bad tax_id'] },
      'name is required; bad tax_id',
    ],
    [
      'errors object of field → message or messages (Rails, Laravel)',
      { errors: { email: ['has already been taken', 'is too long'], name: "can't be blank" } },
      "email: has already been taken; email: is too long; name: can't be blank",
    ],
    [
      'a headline and its errors list: both, the headline first',
      { success: false, message: 'Validation failed', errors: [{ msg: 'too long', path: 'legal_name' }] },
      'Validation failed: legal_name: too long',
    ],
    [
      'a headline the errors list repeats is said once',
      { message: 'name is required', errors: [{ msg: 'name is required', path: 'name' }] },
      'name: name is required',
    ],
    ['an empty errors list leaves the headline', { message: 'Bad request', errors: [] }, 'Bad request'],
    [
      "NestJS's default: a message list before the error's name",
      {
        statusCode: 400,
        message: ['legal_name must be shorter than 100 characters', 'email must be an email'],
        error: 'Bad Request',
      },
      'legal_name must be shorter than 100 characters; email must be an email',
    ],
    [
      'errors object of nested fields (Rails nested attributes): the dotted field',
      { errors: { address: { city: ["can't be blank"], zip: { msg: 'is invalid' } } } },
      "address.city: can't be blank; address.zip: is invalid",
    ],
    [
      'errors object of field → a list in a list',
      { errors: { email: [['has already been taken']] } },
      'email: has already been taken',
    ],
    [
      "errors object of field → error object (express-validator's errors.mapped()) or list of them",
      {
        success: false,
        errors: {
          name: { value: '', msg: 'Invalid value', param: 'name', location: 'body' },
          legal_name: [{ message: 'must be at most 100 characters' }],
        },
      },
      'name: Invalid value; legal_name: must be at most 100 characters',
    ],
    [
      'errors object of field → an object with a msg',
      { errors: { phone: { msg: 'Invalid phone number' } } },
      'phone: Invalid phone number',
    ],
    [
      'a headline and an errors object of field → error object',
      { message: 'Validation failed', errors: { legal_name: { message: 'must be at most 100 characters' } } },
      'Validation failed: legal_name: must be at most 100 characters',
    ],
    [
      'errors object of field → an object with its words in detail',
      { errors: { tax_id: { detail: 'is malformed' } } },
      'tax_id: is malformed',
    ],
    [
      'errors object whose fields say nothing: the fields, which say where at least',
      { errors: { name: { value: '' }, email: [{ location: 'body' }] } },
      'name; email',
    ],
    [
      'a headline and an errors object whose fields say nothing',
      { message: 'Validation failed', errors: { name: { value: '' } } },
      'Validation failed: name',
    ],
    [
      'a field that says nothing beside one that does is left out',
      { errors: { name: { value: '' }, phone: { msg: 'Invalid phone number' } } },
      'phone: Invalid phone number',
    ],
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
    ['a detail object with no known field', { detail: { code: 'E42' } }],
    ['an empty errors list or object', { errors: [], success: false }],
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
    ['an errors list', { errors: Array.from({ length: 5_000 }, (_, i) => ({ path: `f${i}`, msg: 'bad' })) }],
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
    ['an item naming its field by path', [{ path: 'legal_name', msg: 'too long' }], 'legal_name: too long'],
    ['a path given as a list', [{ path: ['address', 'city'], msg: 'required' }], 'address.city: required'],
    ['an item naming its field by field', [{ field: 'email', message: 'is invalid' }], 'email: is invalid'],
    ['an item naming its field by param', [{ param: 'name', msg: 'is required' }], 'name: is required'],
    [
      'an item with its words in detail',
      [{ detail: 'is malformed', loc: ['tax_id'] }],
      'tax_id: is malformed',
    ],
    ['a msg that is a number, as text', [{ msg: 123, path: ['a', 'b'] }], 'a.b: 123'],
    ['a message that is a boolean, as text', [{ message: false, field: 'active' }], 'active: false'],
    ['a number item, as text', [422], '422'],
    [
      'an item naming only its field is left out beside one with words',
      [{ path: 'name' }, { path: 'email', msg: 'is invalid' }],
      'email: is invalid',
    ],
    [
      'items naming only their fields: the fields',
      [{ path: 'name' }, { loc: ['body', 'email'] }],
      'name; email',
    ],
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
    ['Invoice email has already been sent', false],
    ['Invalid email format', false],
    ['customer_name is required', false],
    ['Email domain does not exist', false],
    ["Email address doesn't exist", false],
    ['Email is not registered', false],
    ['Billing email is not in use', false],
    ['Email has never been registered', false],
  ])('%s → %s', (message, expected) => {
    expect(saysEmailExists(message)).toBe(expected);
  });
});

describe('saysAlreadyThere: a conflict about the customer being there, not about a state', () => {
  it.each([
    'Customer with email billing@acme.example already exists',
    'Customer with this email already exists',
    'A customer with that email exists',
    'email already registered',
    'That email is taken',
    'Duplicate customer',
    'Customer already exists',
    'Conflict: customer already exists',
    'A record with these details exists already',
    'This customer is already registered',
    'Conflict',
  ])('a duplicate: %s', (message) => {
    expect(saysAlreadyThere(message), `"${message}" is not taken for a duplicate`).toBe(true);
  });

  it.each([
    'Payment term pt_30 has already been archived',
    'Invoice emails cannot be sent to a blocked customer',
    'A request with this idempotency key is already in progress',
    'Category Enterprise is taken over by another business',
    'Invoice email has already been sent to this customer',
    'email address is locked for review',
    'A customer by that name exists',
    'Customer is blocked',
    'Resource state conflict',
    'Payment term pt_30 is archived',
    'Payment term pt_30 does not exist',
    "Category doesn't exist",
    'Business is suspended',
  ])('a state conflict: %s', (message) => {
    expect(saysAlreadyThere(message), `"${message}" is taken for a duplicate e-mail`).toBe(false);
  });
});
