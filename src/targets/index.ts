/** The platform adapters by name: the one place that knows which targets exist. */
import type { TargetName } from '../model.js';
import { ambiosys } from './ambiosys.js';
import { dayzero } from './dayzero.js';
import type { Target } from './target.js';
import { zenskar } from './zenskar.js';

export const TARGETS: Readonly<Record<TargetName, Target>> = { zenskar, dayzero, ambiosys };

export function getTarget(name: TargetName): Target {
  return TARGETS[name];
}
