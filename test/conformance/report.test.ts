// Every remaining difference is listed with its cause in the conformance report.
import { describe, expect, it } from 'vitest';
import { aggregate, formatReport } from '../../src/testing/conformance/report.ts';
import type { CaseResult } from '../../src/testing/conformance/run.ts';

const failed = (name: string): CaseResult => ({ name, features: [], pass: false, diff: { missing: ['Start a (n1)'], extra: [] }, expected: [], actual: [], scheduleMs: 0 });

describe('conformance report', () => {
  it('should name the cause of a known difference next to its FAIL line', () => {
    const lines = formatReport(aggregate([failed('rec-node-5')]), false);
    expect(lines[0]).toMatch(/^FAIL rec-node-5 \(on-purpose: fencing disabled: .+\)$/);
  });

  it('should say so when a failing case has no diagnosed cause', () => {
    expect(formatReport(aggregate([failed('no-such-case')]), false)[0]).toBe('FAIL no-such-case (cause not yet diagnosed)');
  });
});
