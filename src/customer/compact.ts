/** What a Customer and its address are built with: a target reads a key as given, so none may hold undefined. */

/** Copies only the present values, so a Customer has no `key: undefined` noise for targets to trip on. */
export function compact<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (value[key] !== undefined) out[key] = value[key];
  }
  return out as T;
}
