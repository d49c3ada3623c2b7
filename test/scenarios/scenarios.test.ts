// Scenario tests: config + status in, Transition Summary (and explanation facts) out.
// One runner for every table of scenarios (scenarios.ts, clones.ts).
import { describe, expect, it } from 'vitest';
import { formatSummary, schedule } from '../../src/scheduler/index.ts';
import { NOW_S, SCENARIOS, type Scenario } from './scenarios.ts';
import { CLONE_SCENARIOS } from './clones.ts';
import { FIDELITY_SCENARIOS, SAFETY_SCENARIOS } from './fidelity.ts';
import { PROMOTABLE_SCENARIOS } from './promotable.ts';

const norm = (lines: string[]): string[] => lines.map((l) => l.replace(/\s+/g, ' ').trim()).sort();

const TABLES: { title: string; scenarios: Scenario[]; atLeast: number }[] = [
  { title: 'scheduler scenarios', scenarios: SCENARIOS, atLeast: 40 },
  { title: 'clone scenarios', scenarios: CLONE_SCENARIOS, atLeast: 15 },
  { title: 'fidelity scenarios', scenarios: FIDELITY_SCENARIOS, atLeast: 12 },
  { title: 'safety scenarios', scenarios: SAFETY_SCENARIOS, atLeast: 7 },
  { title: 'promotable scenarios', scenarios: PROMOTABLE_SCENARIOS, atLeast: 6 },
];

for (const { title, scenarios, atLeast } of TABLES) {
  describe(title, () => {
    it(`has at least ${atLeast} uniquely named scenarios`, () => {
      expect(scenarios.length).toBeGreaterThanOrEqual(atLeast);
      expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
    });
    for (const s of scenarios) {
      it(`${s.name}: ${s.checks}`, () => {
        const graph = schedule(s.build().doc, { now: NOW_S });
        expect(norm(formatSummary(graph))).toEqual(norm(s.summary));
        s.explain?.(graph.explanation);
        s.graph?.(graph);
      });
    }
  });
}
