// Scalar values as Pacemaker writes them: scores, booleans, durations, ISO 8601 dates.
// Each parser returns undefined for text it does not understand; callers decide whether
// that is an error (naming the element) or a warning.

export { parseBoolean, parseDurationMs, parseIsoDurationMs, parseScore } from '../scalars.ts';

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
