// Score arithmetic with Pacemaker's saturation: scores live in [-INFINITY, INFINITY], any sum
// reaching either bound sticks there, and -INFINITY wins over +INFINITY (a ban beats a preference).
import { INFINITY, type Score } from '../config/model.ts';
import { assert } from '../assert.ts';

export { INFINITY };

/** Adds two scores the way Pacemaker does: saturating, with -INFINITY dominant. */
export function addScores(a: Score, b: Score): Score {
  // The message is built only on failure: this runs in placement's innermost loops.
  if (!Number.isFinite(a) || !Number.isFinite(b)) assert(false, `scores must be finite numbers: ${a}, ${b}`);
  if (a <= -INFINITY || b <= -INFINITY) return -INFINITY;
  if (a >= INFINITY || b >= INFINITY) return INFINITY;
  const sum = a + b;
  if (sum >= INFINITY) return INFINITY;
  if (sum <= -INFINITY) return -INFINITY;
  return sum;
}

/** Clamps any number into the score range. */
export function clampScore(value: number): Score {
  if (value >= INFINITY) return INFINITY;
  if (value <= -INFINITY) return -INFINITY;
  return Math.trunc(value);
}

/** Parses a score written in a config: INFINITY, +INFINITY, -INFINITY, -inf, 100. */
export function parseScore(text: string): Score | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'infinity' || t === '+infinity' || t === 'inf' || t === '+inf') return INFINITY;
  if (t === '-infinity' || t === '-inf') return -INFINITY;
  if (!/^[-+]?\d+$/.test(t)) return undefined;
  return clampScore(Number.parseInt(t, 10));
}

/** Renders a score the way crm_simulate prints it. */
export function formatScore(score: Score): string {
  if (score >= INFINITY) return 'INFINITY';
  if (score <= -INFINITY) return '-INFINITY';
  return String(score);
}
