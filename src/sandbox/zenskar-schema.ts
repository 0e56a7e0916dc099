/**
 * The Zenskar create-customer request schema, read from the vendored OpenAPI slice rather than retyped, so
 * the sandbox rejects exactly what the published schema rejects. The slice (api/, shipped with the package) is
 * found from the package's root, the same from src/, the per-module build and the bundle.
 */
import { readFile } from 'node:fs/promises';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../package-root.js';
import { createAjv } from './ajv.js';

export const ZENSKAR_SLICE_URL = new URL('api/zenskar-create-customer.openapi.yaml', PACKAGE_ROOT);
export const CREATE_SCHEMA_NAME = 'CreateCustomerRequestSchema';

const REF_PREFIX = '#/components/schemas/';

let createValidator: Promise<ValidateFunction> | undefined;

/** The compiled request validator, built once per process (compiling is the slow part). */
export function zenskarCreateValidator(): Promise<ValidateFunction> {
  createValidator ??= loadSlice(ZENSKAR_SLICE_URL)
    .then((doc) => createAjv().compile(resolveSchema(doc, CREATE_SCHEMA_NAME)))
    .catch((error: unknown) => {
      createValidator = undefined; // let a later start try again rather than remember the failure
      throw error;
    });
  return createValidator;
}

export async function loadSlice(url: URL | string): Promise<Record<string, unknown>> {
  return parse(await readFile(url, 'utf8')) as Record<string, unknown>;
}

/** `components.schemas[name]` with every `#/components/schemas/...` reference replaced by its target. */
export function resolveSchema(doc: Record<string, unknown>, name: string): Record<string, unknown> {
  const schemas = (doc.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {};
  const inline = (node: unknown, trail: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((item) => inline(item, trail));
    if (typeof node !== 'object' || node === null) return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith(REF_PREFIX)) {
      const target = ref.slice(REF_PREFIX.length);
      if (trail.includes(target)) throw new Error(`recursive schema reference ${ref} is not supported`);
      if (!(target in schemas)) throw new Error(`schema reference ${ref} points nowhere`);
      return inline(schemas[target], [...trail, target]);
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value, trail)]));
  };
  if (!(name in schemas)) throw new Error(`schema ${name} is not in the OpenAPI slice`);
  return inline(schemas[name], [name]) as Record<string, unknown>;
}
