/** Test helpers: talk to a sandbox over real HTTP, with each platform's credentials at hand. */
import { request } from 'undici';
import { SANDBOX_CREDENTIALS, type Sandbox } from '../../src/sandbox/index.js';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** Sends `body` as JSON unless it is already a string (so tests can send broken JSON). */
export async function call(
  sandbox: Sandbox,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const { body, headers = {} } = options;
  const response = await request(`${sandbox.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.body.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Leave non-JSON answers as text.
  }
  return { status: response.statusCode, headers: response.headers, body: parsed };
}

export const AUTH = {
  zenskar: {
    'x-api-key': SANDBOX_CREDENTIALS.zenskar.apiKey,
    organisation: SANDBOX_CREDENTIALS.zenskar.organisation,
  },
  dayzero: {
    authorization: `Bearer ${SANDBOX_CREDENTIALS.dayzero.apiKey}`,
    'x-business-id': SANDBOX_CREDENTIALS.dayzero.businessId,
  },
  ambiosys: { authorization: `Bearer ${SANDBOX_CREDENTIALS.ambiosys.apiKey}` },
} as const;

export const CREATE_PATH = {
  zenskar: '/customers',
  dayzero: '/api/v1/customers',
  ambiosys: '/api/customers/create',
} as const;

/** A valid create body for each platform, unique by `n`. */
export function customerBody(target: keyof typeof CREATE_PATH, n: number): Record<string, unknown> {
  switch (target) {
    case 'zenskar':
      return { customer_name: `Customer ${n}`, email: `c${n}@example.com`, external_id: `EXT-${n}` };
    case 'dayzero':
      return { name: `Customer ${n}`, email: `c${n}@example.com` };
    case 'ambiosys':
      return { name: `Customer ${n}` };
  }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
