// A location rule's date_spec, as the CIB reader records it (date_spec.<field> keys), must be
// read by the scheduler: office hours hold at 10:00 and not at 20:00.
import { describe, expect, it } from 'vitest';
import type { DateExpression } from '../../src/config/model.ts';
import { evalDate } from '../../src/scheduler/rules.ts';

const officeHours: DateExpression = {
  kind: 'date', operation: 'date_spec',
  raw: { id: 'office', operation: 'date_spec', 'date_spec.hours': '9-16', 'date_spec.weekdays': '1-5' },
};
const at = (iso: string) => Date.parse(iso) / 1000;

describe('date_spec in location rules', () => {
  it('should hold inside the spec and not outside it', () => {
    expect(evalDate(officeHours, at('2026-11-18T10:00:00Z'))).toBe(true); // a Wednesday
    expect(evalDate(officeHours, at('2026-11-18T20:00:00Z'))).toBe(false);
    expect(evalDate(officeHours, at('2026-11-21T10:00:00Z'))).toBe(false); // a Saturday
  });
});
