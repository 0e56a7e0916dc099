/**
 * One address group of a row (the billing address, or the ship-to): its country code checked against its
 * country name (country.ts), derived from it when missing, and a name that gives no code warned of.
 */
import type { Address, Issue } from '../model.js';
import type { AddressColumns } from '../template.js';
import { compact } from './compact.js';
import { countriesOfAmbiguousName, countryColumnText, resolveCountry } from './country.js';
import { present } from './present-value.js';

/** One address: undefined when every field is empty; the country code checked and derived. */
export function readAddress(
  fields: Record<string, string>,
  columns: AddressColumns,
  errors: Issue[],
  warnings: Issue[],
): Address | undefined {
  const code = present(fields, columns.countryCode) ?? '';
  // The same text is checked, warned about and sent: an NA that is no country must not be sent as one.
  const country = countryColumnText(present(fields, columns.country) ?? '') ?? '';
  const resolved = resolveCountry(code, country, columns.country);
  if (resolved.issue) errors.push({ ...resolved.issue, field: columns.countryCode });
  else if (code === '' && country !== '' && resolved.countryCode === undefined) {
    // Not an error: the API takes a free-text country. But tax is worked out from the address, so say so.
    const either = countriesOfAmbiguousName(country);
    const what = either
      ? `names more than one country (${either.join(' or ')})`
      : 'is not a country name or code we recognise';
    warnings.push({
      field: columns.country,
      code: 'invalid_country_code',
      message: `"${country}" ${what}, so no Country Code was derived: fill in ${columns.countryCode}`,
    });
  }
  const address = compact<Address>({
    line1: present(fields, columns.line1),
    line2: present(fields, columns.line2),
    line3: present(fields, columns.line3),
    city: present(fields, columns.city),
    state: present(fields, columns.state),
    zipCode: present(fields, columns.zipCode),
    country: country || undefined,
    countryCode: resolved.countryCode,
  });
  for (const _ in address) return address;
  return undefined;
}
