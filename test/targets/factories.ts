/** Small builders for target tests: customers as the validator hands them over, responses as the client does. */
import type { HttpResponse } from '../../src/http/types.js';
import type { Customer, TaxId } from '../../src/model.js';
import type { CreateResult } from '../../src/targets/target.js';

export function customer(overrides: Partial<Customer> = {}): Customer {
  return { name: 'Acme Corporation', taxIds: [], extras: {}, ...overrides };
}

export const TAX = {
  usEin: { jurisdiction: 'USA', countryCode: 'US', taxCode: 'VAT', taxId: '12-3456789' },
  inGstin: { jurisdiction: 'IND', countryCode: 'IN', taxCode: 'GST', taxId: '27AAPFU0939F1ZV' },
  auAbn: { jurisdiction: 'AUS', countryCode: 'AU', taxCode: 'GST', taxId: '51 824 753 556' },
  deVat: { jurisdiction: 'EU', countryCode: 'DE', taxCode: 'VAT', taxId: 'DE136695976' },
  frTva: { jurisdiction: 'FR', countryCode: 'FR', taxCode: 'VAT', taxId: 'FR40303265045' },
} as const satisfies Record<string, TaxId>;

/** A customer with every template field filled, as the template's John Doe row would give. */
export const FULL_CUSTOMER: Customer = customer({
  name: 'Acme Corporation',
  externalId: 'CUST-0001',
  email: 'billing@acme.example',
  phone: '+1-555-0100',
  address: {
    line1: '123 Main Street',
    line2: 'Suite 400',
    line3: 'Building C',
    city: 'San Francisco',
    state: 'CA',
    zipCode: '94105',
    country: 'United States',
    countryCode: 'US',
  },
  shipTo: {
    line1: '456 Delivery Street',
    city: 'Oakland',
    state: 'CA',
    zipCode: '94601',
    country: 'United States',
    countryCode: 'US',
  },
  taxIds: [TAX.usEin, TAX.deVat],
  businessEntityId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
  customData: { industry: 'Technology', tier: { level: 2 } },
  autoCharge: true,
  communications: false,
});

export function response(
  status: number,
  body: unknown = '',
  headers: HttpResponse['headers'] = {},
): HttpResponse {
  return { status, body, headers };
}

/** What every target answers a 404 or 405 from its customers collection with: the run stops (noCustomersEndpoint). */
export function noEndpointAbort(
  label: string,
  status: number,
  words: string,
): Extract<CreateResult, { kind: 'abort' }> {
  return {
    kind: 'abort',
    issue: {
      code: 'rejected',
      message: `${label} has no customers endpoint at this address (HTTP ${status}: ${words}); check the base URL`,
    },
  };
}

/** What a redirect from the customers collection gives: the run stops, saying where it pointed. */
export function redirectAbort(status: number, location?: string): Extract<CreateResult, { kind: 'abort' }> {
  const to = location === undefined ? '' : ` to ${location}`;
  return {
    kind: 'abort',
    issue: {
      code: 'rejected',
      message: `the API answered a redirect (HTTP ${status})${to}, which zcust does not follow; check the base URL`,
    },
  };
}

/**
 * What every target answers a 408 with (`words`: the API's, if any): the server took none of the request, so it is
 * re-sent as a 429 or 503 is, without a lookup.
 */
export function requestTimeoutRetry(words?: string): Extract<CreateResult, { kind: 'retry' }> {
  const said = words === undefined ? '' : `: ${words}`;
  return {
    kind: 'retry',
    safe: true,
    issue: {
      code: 'timeout',
      message: `the API timed out waiting for the request, so it was not taken (HTTP 408)${said}`,
    },
  };
}
