/**
 * Ajv errors worded the way Zenskar's FastAPI/pydantic (v1) backend words them in its 422 `message`:
 * `1 validation error for CreateCustomerRequestSchema; email: value is not a valid email address`.
 */
import type { ErrorObject } from 'ajv';

export interface FieldError {
  /** Dotted path of the field, e.g. `address.city` or `tax_info.0.tax_id`; `__root__` for the body. */
  field: string;
  msg: string;
}

export function validationMessage(model: string, errors: readonly FieldError[]): string {
  const count = `${errors.length} validation error${errors.length === 1 ? '' : 's'}`;
  return [`${count} for ${model}`, ...errors.map(({ field, msg }) => `${field}: ${msg}`)].join('; ');
}

/**
 * One error per failing field. A nullable field (`anyOf: [X, null]`) makes Ajv report every branch; the
 * `must be null` and `anyOf` reports are noise, and so is a parent whose child is the real culprit.
 */
export function fieldErrors(errors: readonly ErrorObject[]): FieldError[] {
  const meaningful = errors
    .filter(
      (error) => error.keyword !== 'anyOf' && !(error.keyword === 'type' && error.params.type === 'null'),
    )
    .map((error) => ({ field: fieldOf(error), msg: pydanticWording(error) }));
  const byField = new Map<string, FieldError>();
  for (const error of meaningful) {
    const hasChildError = meaningful.some((other) => other.field.startsWith(`${error.field}.`));
    if (!hasChildError && !byField.has(error.field)) byField.set(error.field, error);
  }
  return [...byField.values()];
}

function fieldOf(error: ErrorObject): string {
  const parts = error.instancePath.split('/').slice(1);
  if (error.keyword === 'required') parts.push(String(error.params.missingProperty));
  return parts.length === 0 ? '__root__' : parts.map(unescapePointer).join('.');
}

function unescapePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

const TYPE_WORDING: Record<string, string> = {
  string: 'str type expected',
  object: 'value is not a valid dict',
  array: 'value is not a valid list',
  boolean: 'value could not be parsed to a boolean',
  integer: 'value is not a valid integer',
  number: 'value is not a valid float',
};

const FORMAT_WORDING: Record<string, string> = {
  email: 'value is not a valid email address',
  uuid: 'value is not a valid uuid',
};

function pydanticWording(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'field required';
    case 'type':
      return TYPE_WORDING[String(error.params.type)] ?? `value is not a valid ${error.params.type}`;
    case 'format':
      return FORMAT_WORDING[String(error.params.format)] ?? `value is not a valid ${error.params.format}`;
    case 'maxLength':
      return `ensure this value has at most ${error.params.limit} characters`;
    case 'minLength':
      return `ensure this value has at least ${error.params.limit} characters`;
    default:
      return error.message ?? 'invalid value';
  }
}
