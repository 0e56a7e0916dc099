/**
 * A dialect's routes, path → method → handler, where a path may name one customer: `/customers/{customer_id}`. The
 * server looks a request's path up with `get`, as in any Map; a path no route spells out is then matched against
 * the templates, each `{…}` segment standing for any one non-empty segment. Exact paths come first and cost one
 * lookup, so the create path stays as fast as it was.
 */
export class RouteTable<V> extends Map<string, V> {
  override get(path: string): V | undefined {
    const exact = super.get(path);
    if (exact !== undefined) return exact;
    for (const [template, value] of this) if (fills(path, template)) return value;
    return undefined;
  }

  override has(path: string): boolean {
    return this.get(path) !== undefined;
  }
}

function fills(path: string, template: string): boolean {
  if (!template.includes('{')) return false;
  const wanted = template.split('/');
  const given = path.split('/');
  return (
    wanted.length === given.length &&
    wanted.every((segment, at) => segment === given[at] || (segment.startsWith('{') && given[at] !== ''))
  );
}

/** The last segment of a path, percent-decoded: the customer id of `/customers/{customer_id}`. */
export function lastSegment(path: string): string {
  const segment = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a stray `%`: the id as sent, which matches no customer
  }
}

/** What a platform answers for a method the sandbox leaves out, in words that say it is the sandbox's doing. */
export function notServedMessage(method: string, template: string, served: string): string {
  return `the zcust sandbox does not serve ${method} ${template} (it serves ${served})`;
}
