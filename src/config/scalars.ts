// Scalar values as Pacemaker writes them: scores, booleans, durations. One parser each, used
// by the YAML reader, the CIB reader, agent meta-data and the machines' inputs. Each returns
// undefined for text it does not understand; callers decide whether that is an error.
import { INFINITY, type Score } from './model.ts';

/** An integer clamped to ±INFINITY, or ±INFINITY itself (INFINITY, +INFINITY, inf; any case). */
export function parseScore(text: string): Score | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'infinity' || t === '+infinity' || t === 'inf' || t === '+inf') return INFINITY;
  if (t === '-infinity' || t === '-inf') return -INFINITY;
  if (!/^[+-]?\d+$/.test(t)) return undefined;
  return Math.max(-INFINITY, Math.min(INFINITY, Number.parseInt(t, 10)));
}

const TRUE_WORDS = new Set(['true', 'on', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'off', 'no', 'n', '0']);

export function parseBoolean(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return undefined;
}

const UNIT_MS: Record<string, number> = {
  '': 1000, s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  ms: 1, msec: 1, msecs: 1,
  us: 0.001, usec: 0.001, usecs: 0.001,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
};

/** A duration ("10", "10s", "500ms", "2min", "1.5s", "PT10S") in ms; a bare number is seconds. */
export function parseDurationMs(text: string): number | undefined {
  const t = text.trim();
  if (/^P/i.test(t)) return parseIsoDurationMs(t);
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(t);
  if (!m) return undefined;
  const unit = UNIT_MS[m[2]!.toLowerCase()];
  if (unit === undefined) return undefined;
  const ms = Math.round(Number(m[1]) * unit);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * ISO 8601 durations (P1Y2M3DT4H5M6S, P2W); months count 30 days and years 365, as a rough
 * span. Like Pacemaker, the T may be left out before hours and seconds (P40S).
 */
export function parseIsoDurationMs(text: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(text.trim());
  if (!m || text.trim().length <= 1) return undefined;
  const [, y, mo, w, d, h, mi, s] = m.map((v) => (v === undefined ? 0 : Number(v)));
  const days = y! * 365 + mo! * 30 + w! * 7 + d!;
  return Math.round(((days * 24 + h!) * 3600 + mi! * 60 + s!) * 1000);
}
