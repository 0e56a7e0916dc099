import { describe, expect, it } from 'vitest';
import type { Customer } from '../../src/model.js';
import { ambiosys } from '../../src/targets/ambiosys.js';
import type { CreateResult } from '../../src/targets/target.js';
import {
  customer,
  FULL_CUSTOMER,
  noEndpointAbort,
  redirectAbort,
  requestTimeoutRetry,
  response,
  TAX,
} from './factories.js';

const CREDS = { apiKey: 'amb_test_token' };

describe('AmbioSys as a platform', () => {
  it('publishes no base URL, so --base-url is required', () => {
    expect(ambiosys.defaultBaseUrl).toBeUndefined();
  });

  it('has no way to look a customer up', () => {
    expect(ambiosys.lookup).toBeUndefined();
  });

  it('adds no rules of its own', () => {
    expect(ambiosys.validate(customer())).toEqual([]);
  });
});

describe('AmbioSys create request', () => {
  it('POSTs to /api/customers/create with the bearer token only', () => {
    const req = ambiosys.createRequest(customer(), CREDS);
    expect({ method: req.method, path: req.path, headers: req.headers }).toEqual({
      method: 'POST',
      path: '/api/customers/create',
      headers: { authorization: 'Bearer amb_test_token' },
    });
  });

  it.each<[string, Customer, Record<string, unknown>]>([
    [
      'a name alone, with the documented default origin',
      customer({ name: 'Solo Ltd' }),
      { name: 'Solo Ltd', contact_origin: 'WEB_FORM' },
    ],
    [
      'legal name, first tax id and origin',
      customer({
        extras: { 'Legal Name': 'Acme Corp Ltd.', 'Contact Origin': 'REFERRAL' },
        taxIds: [TAX.frTva, TAX.deVat],
      }),
      {
        name: 'Acme Corporation',
        legal_name: 'Acme Corp Ltd.',
        tax_id: 'FR40303265045',
        contact_origin: 'REFERRAL',
      },
    ],
    [
      'a free-text tax id (no jurisdiction), as in its own example',
      customer({ taxIds: [{ taxId: 'ABC123456789' }] }),
      { name: 'Acme Corporation', tax_id: 'ABC123456789', contact_origin: 'WEB_FORM' },
    ],
    [
      'a blank origin falls back to the default',
      customer({ extras: { 'Contact Origin': ' ' } }),
      { name: 'Acme Corporation', contact_origin: 'WEB_FORM' },
    ],
    [
      'nothing of the Zenskar or DayZero fields is sent',
      { ...FULL_CUSTOMER, taxIds: [], extras: { Website: 'https://acme.example', 'Credit Limit': '10' } },
      { name: 'Acme Corporation', contact_origin: 'WEB_FORM' },
    ],
  ])('%s', (_case, input, expected) => {
    expect(ambiosys.createRequest(input, CREDS).body).toEqual(expected);
  });
});

const CREATED = {
  success: true,
  customer: {
    customer_id: 123,
    name: 'Acme Corporation',
    legal_name: 'Acme Corp Ltd.',
    tax_id: 'ABC123456789',
    contact_origin: 'WEB_FORM',
    created_at: '2024-01-15T10:30:00Z',
    updated_at: '2024-01-15T10:30:00Z',
  },
};

describe('AmbioSys create response', () => {
  it.each<[string, ReturnType<typeof response>, CreateResult]>([
    ['200 success with an integer id', response(200, CREATED), { kind: 'created', customerId: '123' }],
    ['202 success with an id is created', response(202, CREATED), { kind: 'created', customerId: '123' }],
    [
      '201 success with a string id',
      response(201, { success: true, customer: { customer_id: 'cus_9' } }),
      { kind: 'created', customerId: 'cus_9' },
    ],
    [
      'success without a customer id',
      response(200, { success: true, customer: {} }),
      {
        kind: 'accepted',
        status: 200,
        issue: {
          code: 'unknown_outcome',
          message: 'the API answered 200 without a customer id that zcust could read',
        },
      },
    ],
    [
      'a 200 without success:true is not known to be a creation',
      response(200, { customer: { customer_id: 5 } }),
      {
        kind: 'accepted',
        status: 200,
        issue: {
          code: 'unknown_outcome',
          message: 'the API answered 200 without a customer id that zcust could read',
        },
      },
    ],
    [
      'success:false with a message',
      response(200, { success: false, message: 'Name is required' }),
      { kind: 'failed', issue: { code: 'rejected', message: 'Name is required' } },
    ],
    [
      '400 success:false with an error',
      response(400, { success: false, error: 'tax_id is too long' }),
      { kind: 'failed', issue: { code: 'rejected', message: 'tax_id is too long' } },
    ],
    [
      '400 with an errors list is rejected naming each field',
      response(400, {
        success: false,
        errors: [{ msg: 'legal_name must be at most 100 characters', path: 'legal_name' }],
      }),
      {
        kind: 'failed',
        issue: { code: 'rejected', message: 'legal_name: legal_name must be at most 100 characters' },
      },
    ],
    [
      '409 is rejected with the API’s words (AmbioSys has no email to be duplicate)',
      response(409, { success: false, message: 'Customer already exists' }),
      { kind: 'failed', issue: { code: 'rejected', message: 'Customer already exists' } },
    ],
    [
      '401 aborts',
      response(401, { success: false, message: 'Invalid token' }),
      {
        kind: 'abort',
        issue: { code: 'unauthorized', message: 'the API token was rejected (HTTP 401): Invalid token' },
      },
    ],
    [
      '403 aborts',
      response(403, ''),
      { kind: 'abort', issue: { code: 'unauthorized', message: 'the API token was rejected (HTTP 403)' } },
    ],
    [
      '429 with Retry-After is safe',
      response(429, '', { 'retry-after': '1' }),
      {
        kind: 'retry',
        safe: true,
        retryAfterMs: 1000,
        issue: { code: 'rate_limited', message: 'the API is limiting the request rate (HTTP 429)' },
      },
    ],
    [
      '408: the server took none of the request, so it is safe to re-send',
      response(408, { success: false, message: 'Request Timeout' }),
      requestTimeoutRetry('Request Timeout'),
    ],
    [
      '503 is safe',
      response(503, ''),
      {
        kind: 'retry',
        safe: true,
        issue: { code: 'server_error', message: 'the API is unavailable (HTTP 503)' },
      },
    ],
    [
      '500 with success:false is not safe',
      response(500, { success: false, message: 'Database error' }),
      {
        kind: 'retry',
        safe: false,
        issue: { code: 'server_error', message: 'the API had a server error (HTTP 500): Database error' },
      },
    ],
    [
      '404 aborts the run: nothing takes customers at this base URL',
      response(404, { success: false, message: 'Not found' }),
      noEndpointAbort('AmbioSys', 404, 'Not found'),
    ],
    [
      '405 aborts the run too',
      response(405, { success: false, message: 'Method not allowed' }),
      noEndpointAbort('AmbioSys', 405, 'Method not allowed'),
    ],
    ['a redirect (307) stops the run: every row would get it', response(307, ''), redirectAbort(307)],
  ])('%s', (_case, res, expected) => {
    expect(ambiosys.interpretCreate(res)).toEqual(expected);
  });
});
