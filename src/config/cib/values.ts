// Scalar values as Pacemaker writes them: scores, booleans, durations, ISO 8601 dates.
// Each parser returns undefined for text it does not understand; callers decide whether
// that is an error (naming the element) or a warning.
import { INFINITY, type Score } from '../model.ts';

export function parseScore(text: string): Score | undefined {
  const t = text.trim();
  if (/^[+]?INFINITY$/i.test(t)) return INFINITY;
  if (/^-INFINITY$/i.test(t)) return -INFINITY;
  if (!/^[+-]?\d+$/.test(t)) return undefined;
  const n = Number.parseInt(t, 10);
  return Math.max(-INFINITY, Math.min(INFINITY, n));
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
  '': 1000, ms: 1, msec: 1, us: 0.001, usec: 0.001,
  s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hr: 3_600_000,
};

/** A configured duration ("10", "10s", "500ms", "2min", "PT10S"); bare numbers are seconds. */
export function parseDurationMs(text: string): number | undefined {
  const t = text.trim();
  if (/^P/i.test(t)) return parseIsoDurationMs(t);
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(t);
  if (!m) return undefined;
  const unit = UNIT_MS[m[2]!.toLowerCase()];
  if (unit === undefined) return undefined;
  return Math.round(Number(m[1]) * unit);
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

function datePartToUtcMs(date: string): number | undefined {
  let m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(date);
  if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  m = /^(\d{4})-?(\d{3})$/.exec(date); // ordinal date: year and day of the year
  if (m) return Date.UTC(Number(m[1]), 0, 1) + (Number(m[2]) - 1) * 86_400_000;
  m = /^(\d{4})-?W(\d{2})-?(\d)$/i.exec(date); // ISO week date
  if (m) {
    const jan4 = Date.UTC(Number(m[1]), 0, 4);
    const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
    const week1Monday = jan4 - jan4Weekday * 86_400_000;
    return week1Monday + ((Number(m[2]) - 1) * 7 + Number(m[3]) - 1) * 86_400_000;
  }
  return undefined;
}

function timePartToMs(time: string): number | undefined {
  const m = /^(\d{2}):?(\d{2})?(?::?(\d{2}))?$/.exec(time);
  if (!m) return undefined;
  return ((Number(m[1]) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

function offsetToMs(offset: string): number | undefined {
  if (offset === '' || offset.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset);
  if (!m) return undefined;
  const ms = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000;
  return m[1] === '-' ? -ms : ms;
}

/**
 * An ISO 8601 date-time ("2005-020", "2019-09-20 15:10:52 +00:00", "2005-020T11:30") in
 * seconds since the epoch. Without an offset the time is taken as UTC.
 */
export function parseDateSeconds(text: string): number | undefined {
  const m = /^(\d{4}-?(?:W\d{2}-?\d|\d{2}-?\d{2}|\d{3}))(?:[T ]([\d:]+))?\s*(Z|[+-]\d{2}:?\d{0,2})?$/i.exec(text.trim());
  if (!m) return undefined;
  const day = datePartToUtcMs(m[1]!);
  const time = m[2] === undefined ? 0 : timePartToMs(m[2]);
  const offset = offsetToMs(m[3] ?? '');
  if (day === undefined || time === undefined || offset === undefined) return undefined;
  return Math.floor((day + time - offset) / 1000);
}
