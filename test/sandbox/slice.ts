/**
 * The Zenskar OpenAPI slice, read independently of the sandbox's own loader so the tests check the sandbox
 * against the published schema rather than against itself. The shared copy wins when it exists.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { parse } from 'yaml';
import { SLICE_PATH } from '../support/spec-path.js';

export const slicePath = SLICE_PATH;

interface Slice {
  paths: Record<string, Record<string, { requestBody: { content: Record<string, { examples: object }> } }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

const slice = parse(readFileSync(slicePath, 'utf8')) as Slice;

/** `paths./customers.post.requestBody.content.application/json.examples.*.value`, by example name. */
export function createExamples(): [string, Record<string, unknown>][] {
  const examples = slice.paths['/customers']?.post?.requestBody.content['application/json']?.examples ?? {};
  return Object.entries(examples).map(([name, example]) => [
    name,
    (example as { value: Record<string, unknown> }).value,
  ]);
}

/** The property names `components.schemas[name]` declares. */
export function declaredKeys(name: string): string[] {
  const schema = slice.components.schemas[name];
  if (schema === undefined) throw new Error(`no schema ${name} in ${slicePath}`);
  return Object.keys(schema.properties ?? {});
}

let ajv: Ajv | undefined;

/** A validator for `components.schemas[name]`, resolving refs through Ajv itself. */
export function sliceValidator(name: string): ValidateFunction {
  if (ajv === undefined) {
    // strict: false because the registered document carries OpenAPI keywords Ajv does not know.
    ajv = new Ajv({ strict: false, allErrors: true });
    formatsPlugin.default(ajv);
    ajv.addSchema({ $id: 'slice', components: slice.components });
  }
  const validate = ajv.getSchema(`slice#/components/schemas/${name}`);
  if (validate === undefined) throw new Error(`no schema ${name} in ${slicePath}`);
  return validate;
}
