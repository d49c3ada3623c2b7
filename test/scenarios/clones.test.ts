// Clone scenarios: config + status in, Transition Summary out (see clones.ts).
import { describe, expect, it } from 'vitest';
import { formatSummary, schedule } from '../../src/scheduler/index.ts';
import { NOW_S } from './scenarios.ts';
import { CLONE_SCENARIOS } from './clones.ts';

const norm = (lines: string[]): string[] => lines.map((l) => l.replace(/\s+/g, ' ').trim()).sort();

describe('clone scenarios', () => {
  it('has uniquely named scenarios', () => {
    expect(CLONE_SCENARIOS.length).toBeGreaterThanOrEqual(15);
    expect(new Set(CLONE_SCENARIOS.map((s) => s.name)).size).toBe(CLONE_SCENARIOS.length);
  });
  for (const s of CLONE_SCENARIOS) {
    it(`${s.name}: ${s.checks}`, () => {
      const graph = schedule(s.build().doc, { now: NOW_S });
      expect(norm(formatSummary(graph))).toEqual(norm(s.summary));
    });
  }
});
