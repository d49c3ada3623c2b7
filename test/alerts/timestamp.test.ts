// CRM_alert_timestamp: date(1)'s conversions in local time, %N's width as digits of the second,
// and formats vigil cannot print refused by name.
import { describe, expect, it } from 'vitest';
import { formatTimestamp, timestampFormatProblem } from '../../src/alerts/timestamp.ts';

/** 2024-03-05 07:08:09.123456 local time, in microseconds since the epoch. */
const LOCAL = new Date(2024, 2, 5, 7, 8, 9, 123).getTime() * 1000 + 456;

describe('formatTimestamp', () => {
  it('should print Pacemaker\'s default format with microseconds', () => {
    expect(formatTimestamp('%H:%M:%S.%06N', LOCAL)).toBe('07:08:09.123456');
  });

  it('should give %N as many digits as its width asks (nanoseconds without one)', () => {
    expect(formatTimestamp('%01N|%3N|%N', LOCAL)).toBe('1|123|123456000');
  });

  it('should print dates, 12-hour clocks, names and composites as date(1) does in the C locale', () => {
    expect(formatTimestamp('%Y-%m-%d %y %C %j %e|%k|%I %l %p %P', LOCAL)).toBe('2024-03-05 24 20 065  5| 7|07  7 AM am');
    expect(formatTimestamp('%a %A %b %B %h %u %w', LOCAL)).toBe('Tue Tuesday Mar March Mar 2 2');
    expect(formatTimestamp('%D|%F|%T|%R|%r|%x|%X', LOCAL)).toBe('03/05/24|2024-03-05|07:08:09|07:08|07:08:09 AM|03/05/24|07:08:09');
    expect(formatTimestamp('%c', LOCAL)).toBe('Tue Mar  5 07:08:09 2024');
    expect(formatTimestamp('%-d/%-m %_H%%', LOCAL)).toBe('5/3  7%');
    expect(formatTimestamp('%s', LOCAL)).toBe(String(Math.floor(LOCAL / 1e6)));
  });

  it('should refuse conversions it does not print, naming them', () => {
    expect(timestampFormatProblem('%H:%M:%S.%06N')).toBeNull();
    expect(timestampFormatProblem('%U')).toBe('%U is not a conversion vigil formats');
    expect(timestampFormatProblem('at %')).toBe('"%" ends with an incomplete conversion');
    expect(timestampFormatProblem('%12N')).toBe('%12N asks for 12 digits of the second; 1 to 9 are possible');
    expect(() => formatTimestamp('%U', LOCAL)).toThrow('%U is not a conversion vigil formats');
  });
});
