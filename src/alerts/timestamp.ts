// CRM_alert_timestamp: the event's time in an alert's timestamp-format, the date(1)-style format
// Pacemaker takes (default %H:%M:%S.%06N). Conversions are those of date(1) in the C locale,
// in local time, plus %N, the fraction of the second, whose width is its number of digits
// (%06N and %6N are microseconds, %3N milliseconds, %N nanoseconds). A conversion vigil does not
// format is refused when the config is read (timestampFormatProblem), never printed raw. Pure.

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Conversions that stand for a longer format (C locale). */
const COMPOSITE: Readonly<Record<string, string>> = {
  c: '%a %b %e %H:%M:%S %Y', D: '%m/%d/%y', F: '%Y-%m-%d', r: '%I:%M:%S %p', R: '%H:%M', T: '%H:%M:%S', x: '%m/%d/%y', X: '%H:%M:%S', h: '%b',
};

/** The conversions formatted, for the message that refuses another. */
export const TIMESTAMP_CONVERSIONS = '%Y %y %C %m %d %e %j %H %I %k %l %M %S %N %p %P %a %A %b %B %h %u %w %s %z %Z %c %D %F %r %R %T %x %X %n %t %%';

/** One parsed piece of a format: literal text, or a conversion with its flag and width. */
type Piece = { text: string } | { conversion: string; flag: string; width: number | undefined };

/** A format's pieces, or the text of the first problem. */
function parse(format: string): Piece[] | string {
  const pieces: Piece[] = [];
  let text = '';
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') {
      text += format[i];
      continue;
    }
    const match = /^([-_0]?)(\d*)([A-Za-z%])/.exec(format.slice(i + 1));
    if (match === null) return `"${format.slice(i)}" ends with an incomplete conversion`;
    const [whole, flag = '', digits = '', conversion = ''] = match;
    if (conversion !== '%' && conversion !== 'N' && !'YyCmdejHIklMSpPaAbBhuwszZcDFrRTxXnt'.includes(conversion)) {
      return `%${conversion} is not a conversion vigil formats`;
    }
    const width = digits === '' ? undefined : Number(digits);
    if (conversion === 'N' && width !== undefined && (width < 1 || width > 9)) return `%${digits}N asks for ${width} digits of the second; 1 to 9 are possible`;
    if (text !== '') pieces.push({ text });
    text = '';
    pieces.push({ conversion, flag, width });
    i += whole.length;
  }
  if (text !== '') pieces.push({ text });
  return pieces;
}

/** Why `format` cannot be used as a timestamp-format, or null when it can. */
export function timestampFormatProblem(format: string): string | null {
  const parsed = parse(format);
  return typeof parsed === 'string' ? parsed : null;
}

/** The parts of a local time a format reads. */
interface Clock {
  date: Date;
  /** Nanoseconds into the second (microsecond precision, as Pacemaker's). */
  nanos: number;
}

function pad(value: number, width: number, flag: string, zero: boolean): string {
  if (flag === '-') return String(value);
  const fill = flag === '_' || (!zero && flag !== '0') ? ' ' : '0';
  return String(value).padStart(width, fill);
}

function zoneOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

function zoneName(date: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName');
  return part?.value ?? zoneOffset(date);
}

function dayOfYear(date: Date): number {
  const start = new Date(date.getFullYear(), 0, 1);
  return Math.round((Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) - Date.UTC(start.getFullYear(), 0, 1)) / 86_400_000) + 1;
}

/** Numeric conversions: value and natural width (zero-padded unless said otherwise). */
function numeric(c: string, d: Date): [number, number, boolean] | undefined {
  const hour12 = d.getHours() % 12 === 0 ? 12 : d.getHours() % 12;
  switch (c) {
    case 'Y': return [d.getFullYear(), 4, true];
    case 'y': return [d.getFullYear() % 100, 2, true];
    case 'C': return [Math.floor(d.getFullYear() / 100), 2, true];
    case 'm': return [d.getMonth() + 1, 2, true];
    case 'd': return [d.getDate(), 2, true];
    case 'e': return [d.getDate(), 2, false];
    case 'j': return [dayOfYear(d), 3, true];
    case 'H': return [d.getHours(), 2, true];
    case 'k': return [d.getHours(), 2, false];
    case 'I': return [hour12, 2, true];
    case 'l': return [hour12, 2, false];
    case 'M': return [d.getMinutes(), 2, true];
    case 'S': return [d.getSeconds(), 2, true];
    case 'u': return [d.getDay() === 0 ? 7 : d.getDay(), 1, true];
    case 'w': return [d.getDay(), 1, true];
    case 's': return [Math.floor(d.getTime() / 1000), 1, true];
    default: return undefined;
  }
}

function textual(c: string, d: Date): string {
  switch (c) {
    case 'a': return DAYS[d.getDay()]!.slice(0, 3);
    case 'A': return DAYS[d.getDay()]!;
    case 'b': return MONTHS[d.getMonth()]!.slice(0, 3);
    case 'B': return MONTHS[d.getMonth()]!;
    case 'p': return d.getHours() < 12 ? 'AM' : 'PM';
    case 'P': return d.getHours() < 12 ? 'am' : 'pm';
    case 'z': return zoneOffset(d);
    case 'Z': return zoneName(d);
    case 'n': return '\n';
    case 't': return '\t';
    default: return '%';
  }
}

function convert(piece: { conversion: string; flag: string; width: number | undefined }, clock: Clock): string {
  const { conversion: c, flag, width } = piece;
  const composite = COMPOSITE[c];
  if (composite !== undefined) return format(parse(composite) as Piece[], clock);
  if (c === 'N') return String(clock.nanos).padStart(9, '0').slice(0, width ?? 9);
  const number = numeric(c, clock.date);
  if (number === undefined) return textual(c, clock.date);
  const [value, natural, zero] = number;
  return pad(value, width ?? natural, flag, zero);
}

function format(pieces: Piece[], clock: Clock): string {
  return pieces.map((p) => ('text' in p ? p.text : convert(p, clock))).join('');
}

/**
 * `timeUs` (microseconds since the epoch) in `fmt`, local time. Throws on a format that
 * timestampFormatProblem refuses: the config reader has already refused it, so reaching this
 * with one is a bug.
 */
export function formatTimestamp(fmt: string, timeUs: number): string {
  const pieces = parse(fmt);
  if (typeof pieces === 'string') throw new Error(`timestamp-format ${JSON.stringify(fmt)}: ${pieces}`);
  const ms = Math.floor(timeUs / 1000);
  return format(pieces, { date: new Date(ms), nanos: (timeUs - Math.floor(timeUs / 1_000_000) * 1_000_000) * 1000 });
}
