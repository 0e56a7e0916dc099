/**
 * What a profile of zcust.config.json may hold, checked with zod, each setting refused in the words its flag
 * uses; and the file's own shape around the profiles.
 */
import * as z from 'zod';
import { TARGET_NAMES, type TargetName } from '../model.js';
import { MAX_TIMER_MS, wholeNumberProblem } from '../number-flags.js';
import { MIN_RATE, rateProblem } from '../slowest-rate.js';

/**
 * A whole number from `min` (to `max`), refused in the words its flag uses (wholeNumberProblem), with what was
 * given: zod's own "Invalid input: expected int, received number" for a concurrency of 2.5 named no rule. A
 * number given is quoted; text is not (it may be a key pasted into the wrong setting).
 */
function wholeNumberSetting(min: number, max = Number.MAX_SAFE_INTEGER) {
  const error = (issue: { input?: unknown }) => {
    const given = typeof issue.input === 'number' ? issue.input : undefined;
    const rule = wholeNumberProblem(given, min, max) ?? `a whole number from ${min} to ${max}`;
    return `must be ${rule} (got ${describeSetting(issue.input)})`;
  };
  // One message a value, however many checks it fails (1e20 is no safe integer, and too large).
  return z.number({ error }).int({ error, abort: true }).min(min, { error, abort: true }).max(max, { error });
}

function describeSetting(value: unknown): string {
  // JSON's 1e400 is read as Infinity, a word the file does not hold.
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a number too large to hold';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'string') return 'text';
  return Array.isArray(value) ? 'a list' : 'an object';
}

const rateError = (issue: { input?: unknown }) =>
  `must be ${rateProblem(typeof issue.input === 'number' ? issue.input : undefined)} (got ${describeSetting(issue.input)})`;

/**
 * A blank text setting is unset, as a blank variable is (README, Configuration): `"target": "  "` was refused in
 * zod's words ("Invalid option: expected one of …") and `"apiKey": ""` as too small, where `ZCUST_TARGET="  "` was
 * unset. A blank target is then a profile that names none, which is Zenskar's, as a profile without the key is.
 */
const unsetIfBlank = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const textSetting = () => z.preprocess(unsetIfBlank, z.string().optional()).optional();

export const profileSchema = z
  .object({
    // As --target and ZCUST_TARGET take it: in any case ("DayZero" is dayzero), white space around it dropped
    // ("dayzero " was refused, where ZCUST_TARGET took it).
    target: z
      .preprocess(
        (value) => (typeof value === 'string' ? unsetIfBlank(value.trim().toLowerCase()) : value),
        z.enum(TARGET_NAMES as [TargetName, ...TargetName[]]).optional(),
      )
      .optional(),
    // Blank is checked with the flag's and the variable's (resolveConfig), in their words: not unset, it would
    // leave the platform's production URL in its place.
    baseUrl: z.string().optional(),
    apiKey: textSetting(),
    organisation: textSetting(),
    businessId: textSetting(),
    concurrency: wholeNumberSetting(1).optional(),
    rate: z.number({ error: rateError }).min(MIN_RATE, { error: rateError }).optional(),
    retries: wholeNumberSetting(0).optional(),
    // Longer than a Node timer holds, a timeout would fire after 1 ms.
    timeout: wholeNumberSetting(1, MAX_TIMER_MS).optional(),
    stateDir: textSetting(),
  })
  .strict();

/**
 * The profiles are checked one by one (profilesOf), not here: zod's record leaves out a key named "__proto__",
 * which JSON.parse makes an own key like any other, so a profile of that name would go unchecked and unfound.
 */
export const configFileSchema = z
  .object({
    defaultProfile: z.string().optional(),
    profiles: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export type Profile = z.infer<typeof profileSchema>;
