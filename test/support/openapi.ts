/**
 * Checks request bodies against Zenskar's published CreateCustomerRequestSchema, so tests prove our bodies
 * are what the API documents rather than what we believe it documents.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { SLICE_PATH } from './spec-path.js';

// ajv-formats is CommonJS: under NodeNext its default export arrives wrapped once more.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** The schemas of the objects we send, closed to unknown keys (see loadZenskarRequestValidator). */
const CLOSED_SCHEMAS = ['CreateCustomerRequestSchema', 'Address', 'TaxId'];

function readSpec(): { components: { schemas: Record<string, Record<string, unknown>> } } {
  return parse(readFileSync(SLICE_PATH, 'utf8'));
}

/**
 * A validator for POST /customers bodies. The published schema lets any extra key through, so a misspelt
 * field (`zip_code`, `customerName`) would pass unnoticed and be silently ignored by the API; the loader
 * therefore closes the objects we send (`additionalProperties: false`) on top of the published rules.
 */
export function loadZenskarRequestValidator(): (body: unknown) => { ok: boolean; errors: string } {
  const spec = readSpec();
  const schemas = structuredClone(spec.components.schemas);
  for (const name of CLOSED_SCHEMAS) {
    const schema = schemas[name];
    if (schema === undefined) throw new Error(`the spec has no components.schemas.${name}`);
    schema.additionalProperties = false;
  }
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  // Registered under an id so the spec's own `#/components/schemas/...` refs resolve unchanged.
  const id = 'https://zcust.test/zenskar-openapi.json';
  ajv.addSchema({ $id: id, components: { schemas } });
  const validate = ajv.compile({ $ref: `${id}#/components/schemas/CreateCustomerRequestSchema` });
  return (body) => {
    const ok = validate(body) === true;
    return { ok, errors: ok ? '' : ajv.errorsText(validate.errors, { separator: '; ' }) };
  };
}
