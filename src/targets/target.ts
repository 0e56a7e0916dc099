/**
 * What every platform adapter provides. Adapters are pure: a Customer becomes a request, a response
 * becomes a CreateResult. The engine and the HTTP client do all the I/O.
 */
import type { HttpRequest, HttpResponse } from '../http/types.js';
import type { Customer, Issue, TargetName, TaxIdShape } from '../model.js';
import type { CustomerIdShape } from './customer-ids.js';

export interface Credentials {
  /** Zenskar x-api-key, DayZero / AmbioSys bearer token. */
  apiKey: string;
  /** Zenskar `organisation` header. */
  organisation?: string;
  /** DayZero `x-business-id` header. */
  businessId?: string;
}

export type CreateResult =
  /** The platform created the customer. */
  | { kind: 'created'; customerId: string }
  /**
   * The platform took the create (a 2xx, `status`) but its answer holds no id zcust can read: never sent again,
   * only looked up.
   */
  | { kind: 'accepted'; status: number; issue: Issue }
  /** The platform refused the row for good (duplicate_email, rejected): do not retry. */
  | { kind: 'failed'; issue: Issue }
  /**
   * Worth trying again. `safe` means the platform certainly did not create the customer (429, 503), so the
   * create may simply be re-sent; otherwise (500, 502, 504) it may have, and the row must be looked up first.
   */
  | { kind: 'retry'; issue: Issue; safe: boolean; retryAfterMs?: number }
  /** Credentials rejected (401/403): the whole run stops. */
  | { kind: 'abort'; issue: Issue };

/** An answer that made no customer: refused, worth trying again, or stopping the run (a lookup's failures too). */
export type NotCreated = Exclude<CreateResult, { kind: 'created' | 'accepted' }>;

export type LookupKey = 'email' | 'external_id';

export interface FoundCustomer {
  /**
   * Undefined when the item has no id zcust can read: the customer is there all the same, so a row it matches
   * is never sent again.
   */
  id?: string;
  email?: string;
  externalId?: string;
}

export type LookupResult =
  | { kind: 'found'; customers: FoundCustomer[]; nextCursor?: string }
  | { kind: 'error'; result: NotCreated };

export interface TargetLookup {
  /** Largest number of values one lookup request may carry (1 when the platform has no `__in` filter). */
  maxBatch: number;
  keys: readonly LookupKey[];
  request(key: LookupKey, values: readonly string[], creds: Credentials, cursor?: string): HttpRequest;
  interpret(res: HttpResponse): LookupResult;
}

export interface Target {
  name: TargetName;
  label: string;
  /** Undefined when the platform publishes none (AmbioSys): --base-url is then required. */
  defaultBaseUrl?: string;
  /** Where each credential comes from, for "missing credentials" messages. */
  credentialHelp: { apiKey: string; organisation?: string; businessId?: string };
  /**
   * How the platform takes tax numbers, which the common rules read: whether a Tax ID needs its Tax Jurisdiction
   * (Zenskar's tax_info) or may be free text (DayZero's and AmbioSys's one `tax_id`).
   */
  taxIds: TaxIdShape;
  /** Rules of this platform on top of the common ones (e.g. DayZero requires Email). */
  validate(customer: Customer): Issue[];
  /** Template columns this target sends; any other non-empty column is warned about once. */
  usesColumn(column: string): boolean;
  /**
   * The keys rows are known by that the platform keeps on its customers (see stored-keys.ts): what a message may
   * ask the user to look for or edit there. Derived from the columns it sends.
   */
  storesKeys: readonly LookupKey[];
  /** What its customer ids look like, and the form it returns them in: see customer-ids.ts. */
  customerIds: CustomerIdShape;
  createRequest(customer: Customer, creds: Credentials): HttpRequest;
  interpretCreate(res: HttpResponse): CreateResult;
  /**
   * The keys the platform refuses a second customer with (Zenskar's and DayZero's e-mails): a create of a row with
   * one may be sent again after a lookup found nothing, since a twin would be refused. A row with none is never
   * sent twice in a run (see createCustomer).
   */
  uniqueKeys: readonly LookupKey[];
  /** Absent when the platform has no way to find a customer (AmbioSys). */
  lookup?: TargetLookup;
}
