/**
 * A value given empty or blank (`--config "$FILE"`, `zcust validate "$IN"` with the variable unset) was surely
 * meant to be something: refused in one wording wherever a file or URL is named, rather than taken as unset or as
 * a file named "" ("cannot read : no such file" named nothing).
 */
import { UsageError } from './errors.js';

/** Throws when `value` is given but blank: "`name` is empty (an unset variable?): `advice`". */
export function refuseEmpty(value: string | undefined, name: string, advice: string): void {
  if (value !== undefined && value.trim() === '') {
    throw new UsageError(`${name} is empty (an unset variable?): ${advice}`);
  }
}
