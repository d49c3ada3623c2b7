// Scenario tests: config + status in, Transition Summary (and explanation facts) out.
import { describe, expect, it } from 'vitest';
import { formatSummary, schedule } from '../../src/scheduler/index.ts';
import { NOW_S, SCENARIOS } from './scenarios.ts';

const norm = (lines: string[]): string[] => lines.map((l) => l.replace(/\s+/g, ' ').trim()).sort();

describe('scheduler scenarios', () => {
  it('has at least 40 named scenarios', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(SCENARIOS.map((s) => s.name)).size).toBe(SCENARIOS.length);
  });
  for (const s of SCENARIOS) {
    it(`${s.name}: ${s.checks}`, () => {
      const graph = schedule(s.build().doc, { now: NOW_S });
      expect(norm(formatSummary(graph))).toEqual(norm(s.summary));
      s.explain?.(graph.explanation);
    });
  }
});
