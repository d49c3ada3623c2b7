// Model values → the YAML scalars the loader reads back to the same values.
import { INFINITY, type Score } from '../model.ts';

export type YamlScalar = string | number | boolean;

/** Raw text as a YAML scalar: canonical integers and true/false unquoted, everything else as text. */
export function rawScalar(text: string): YamlScalar {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+$/.test(text)) {
    const value = Number(text);
    if (Number.isSafeInteger(value) && String(value) === text) return value;
  }
  return text;
}

export function rawMap(values: Record<string, string>): Record<string, YamlScalar> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, rawScalar(value)]));
}

export function scoreScalar(score: Score): YamlScalar {
  if (score >= INFINITY) return 'INFINITY';
  if (score <= -INFINITY) return '-INFINITY';
  return score;
}

/** Milliseconds in the largest unit that keeps them whole: 10000 → 10s, 500 → 500ms, 0 → 0. */
export function durationScalar(ms: number): YamlScalar {
  if (ms === 0) return 0;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
