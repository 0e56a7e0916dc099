/**
 * What a pydantic model keeps of a value: the keys it declares. Models ignore the keys they do not declare (the
 * default `extra` setting), at every depth, so `address.zip_code` never reaches the platform's store and never comes
 * back; a sandbox that kept it would let an app lose a postal code in production with every trial passing.
 * The JSON Schema (after Ajv has accepted the value) says what each model declares.
 */

type Schema = Readonly<Record<string, unknown>>;

/**
 * `value` cut to the keys `schema` declares, inside objects and array items too. An object whose schema
 * declares no properties (`custom_data`: `additionalProperties: true`) is free-form and kept whole.
 */
function declaredOnly(schema: unknown, value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = branchWith(schema, 'items')?.items;
    return items === undefined ? value : value.map((item) => declaredOnly(items, item));
  }
  if (typeof value !== 'object' || value === null) return value;
  const properties = branchWith(schema, 'properties')?.properties as Schema | undefined;
  if (properties === undefined) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => Object.hasOwn(properties, key))
      .map(([key, field]) => [key, declaredOnly(properties[key], field)]),
  );
}

/** The schema itself, or the branch of its `anyOf` (`Address | null`) that has `keyword`. */
function branchWith(schema: unknown, keyword: string): Schema | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const node = schema as Schema;
  if (keyword in node) return node;
  const branches = Array.isArray(node.anyOf) ? (node.anyOf as unknown[]) : [];
  return branches.map((branch) => branchWith(branch, keyword)).find((found) => found !== undefined);
}

/**
 * `record`'s fields that `schema` describes, each cut to what its model declares; other fields (those the platform
 * adds itself: an id, the dates) kept as they are.
 */
export function fieldsDeclaredOnly<T extends object>(schema: unknown, record: T): T {
  const fields = (branchWith(schema, 'properties')?.properties ?? {}) as Schema;
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [
      key,
      Object.hasOwn(fields, key) ? declaredOnly(fields[key], value) : value,
    ]),
  ) as T;
}
