// Typed scalar values: each reader returns the value, or reports what was expected and how to
// write it, and returns undefined. Durations become milliseconds, scores saturate at ±INFINITY.
import { INFINITY, type Score } from '../model.ts';
import { parseDurationMs as parseDurationText, parseScore as parseScoreText } from '../scalars.ts';
import { describe, readEntries, report, scalarOf, type Field, type Reader } from './reader.ts';

/** `write interval: 10s`, or `write 10s` for a list item. */
export function writeFix(field: Field, example: string): string {
  return /^\d+$/.test(field.name) ? `write ${example}` : `write ${field.name}: ${example}`;
}

function fail(r: Reader, field: Field, expected: string, example: string): undefined {
  report(r, field.node, field.path, `expected ${expected}, found ${describe(field.node)}`, writeFix(field, example));
  return undefined;
}

/** A string (numbers are taken as written, e.g. a node called 1). */
export function readString(r: Reader, field: Field, example: string): string | undefined {
  const value = scalarOf(field);
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return sourceText(field, value);
  return fail(r, field, 'a non-empty string', example);
}

const ID = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

/** An id: a resource, constraint or device name, as Pacemaker ids (XML ids) allow. */
export function readId(r: Reader, field: Field, example: string): string | undefined {
  const value = scalarOf(field);
  if (typeof value === 'string' && ID.test(value)) return value;
  return fail(r, field, "an id (letters, digits, '-', '_', '.', starting with a letter)", example);
}

export function readBoolean(r: Reader, field: Field): boolean | undefined {
  const value = scalarOf(field);
  if (typeof value === 'boolean') return value;
  return fail(r, field, 'true or false', 'true');
}

export function readInteger(r: Reader, field: Field, min: number, example: string): number | undefined {
  const value = scalarOf(field);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value;
  return fail(r, field, min === 0 ? 'a whole number, 0 or more' : `a whole number, ${min} or more`, example);
}

export function readEnum<T extends string>(r: Reader, field: Field, values: readonly T[]): T | undefined {
  const value = scalarOf(field);
  const found = values.find((v) => v === value);
  if (found !== undefined) return found;
  const lower = typeof value === 'string' ? values.find((v) => v.toLowerCase() === value.toLowerCase()) : undefined;
  return fail(r, field, `one of ${values.join(', ')}`, lower ?? values[0] ?? '');
}

/** Pacemaker's rule: a bare number is seconds. Returns milliseconds, or undefined if malformed. */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value * 1000 : undefined;
  return typeof value === 'string' ? parseDurationText(value) : undefined;
}

export const DURATION_EXPECTED = 'a duration such as 10s, 500ms or 2m';

export function readDurationMs(r: Reader, field: Field): number | undefined {
  const ms = parseDurationMs(scalarOf(field));
  return ms ?? fail(r, field, DURATION_EXPECTED, '10s');
}

/** Pacemaker's score syntax: an integer, or ±INFINITY (also inf / -inf, any case). */
export function parseScore(value: unknown): Score | undefined {
  if (typeof value === 'number') {
    if (value === Infinity) return INFINITY;
    if (value === -Infinity) return -INFINITY;
    return Number.isSafeInteger(value) ? Math.max(-INFINITY, Math.min(INFINITY, value)) : undefined;
  }
  return typeof value === 'string' ? parseScoreText(value) : undefined;
}

export const SCORE_EXPECTED = 'a score (a whole number, INFINITY or -INFINITY)';

export function readScore(r: Reader, field: Field): Score | undefined {
  const score = parseScore(scalarOf(field));
  return score ?? fail(r, field, SCORE_EXPECTED, 'INFINITY');
}

/** A point in time: seconds since the epoch, or an ISO date such as 2023-11-14T22:13:20Z. */
export function readTimeSeconds(r: Reader, field: Field): number | undefined {
  const value = scalarOf(field);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\d/.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
  }
  return fail(r, field, 'a time (seconds since the epoch, or an ISO date such as 2023-11-14T22:13:20Z)', '1700000000');
}

/** A scalar kept as text, the way Pacemaker keeps meta attributes and parameters. */
export function readRaw(r: Reader, field: Field, example: string): string | undefined {
  const value = scalarOf(field);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' || typeof value === 'bigint') return sourceText(field, value);
  return fail(r, field, 'a single value (text, number or true/false)', example);
}

/** Numbers as written (`010` stays `010`) when the source is plain, else their canonical form. */
function sourceText(field: Field, value: number | bigint): string {
  const node = field.node as { source?: unknown } | null;
  const source = node?.source;
  return typeof source === 'string' && /^[+-]?[0-9][0-9_.eE+-]*$/.test(source) ? source : String(value);
}

/** A mapping of raw values (node attributes, params). */
export function readStringMap(r: Reader, field: Field, what: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of readEntries(r, field, what, `write ${field.name}: { name: value }`) ?? []) {
    const text = readRaw(r, value, 'value');
    if (text !== undefined) result[key] = text;
  }
  return result;
}
