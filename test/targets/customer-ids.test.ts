/**
 * An id the user types (a report's row settled by hand) is taken only where it looks like the target's ids, and in
 * the form the target returns them: Zenskar's and DayZero's UUIDs in lower case, AmbioSys's integer as its digits.
 */
import { describe, expect, it } from 'vitest';
import type { TargetName } from '../../src/model.js';
import { getTarget } from '../../src/targets/index.js';

const UUID = '3f2b9c1e-7a4d-4e8b-9c2f-1a2b3c4d5e6f';

describe("each target's customer ids", () => {
  it.each<{ target: TargetName; typed: string; normal: string | undefined }>([
    { target: 'zenskar', typed: UUID, normal: UUID },
    { target: 'zenskar', typed: UUID.toUpperCase(), normal: UUID },
    { target: 'zenskar', typed: `{${UUID}}`, normal: undefined },
    { target: 'zenskar', typed: `urn:uuid:${UUID}`, normal: undefined },
    { target: 'zenskar', typed: UUID.replaceAll('-', ''), normal: undefined },
    { target: 'zenskar', typed: 'not-an-id', normal: undefined },
    { target: 'zenskar', typed: '123', normal: undefined },
    { target: 'dayzero', typed: UUID.toUpperCase(), normal: UUID },
    { target: 'dayzero', typed: 'cus_123', normal: undefined },
    { target: 'ambiosys', typed: '123', normal: '123' },
    { target: 'ambiosys', typed: '007', normal: '7' },
    { target: 'ambiosys', typed: '12345678901234567890123', normal: '12345678901234567890123' },
    { target: 'ambiosys', typed: 'abc', normal: undefined },
    { target: 'ambiosys', typed: '-5', normal: undefined },
    { target: 'ambiosys', typed: '1.5', normal: undefined },
    { target: 'ambiosys', typed: '1e3', normal: undefined },
    { target: 'ambiosys', typed: UUID, normal: undefined },
  ])('$target: $typed → $normal', ({ target, typed, normal }) => {
    expect(getTarget(target).customerIds.normal(typed), `${typed} on ${target}`).toBe(normal);
  });

  it.each<{ target: TargetName; looks: RegExp }>([
    { target: 'zenskar', looks: /^UUIDs \(8-4-4-4-12 hex digits/ },
    { target: 'dayzero', looks: /^UUIDs \(8-4-4-4-12 hex digits/ },
    { target: 'ambiosys', looks: /^whole numbers/ },
  ])('$target says what its ids look like', ({ target, looks }) => {
    expect(getTarget(target).customerIds.looks).toMatch(looks);
  });
});
