// The two-node fence race, repeated: `node bin/run-ts.mjs scripts/two-node-split.ts [--repeats N]
// [--delays base,priority,none]` (root: network namespaces). Each repeat is a fresh pair in its
// own namespaces (src/testing/cts/two-node-split.ts), cut apart; the tally says how often exactly
// one node lost power and the survivor ran everything, and how often both lost power.
import { join } from 'node:path';
import { netnsUnavailable } from '../src/testing/cts/netns.ts';
import { runTwoNodeSplit, type SplitDelays, type TwoNodeSplitOutcome } from '../src/testing/cts/two-node-split.ts';

const SOURCE = join(import.meta.dirname, '..', 'test', 'fencing', 'fixtures', 'two-node-split.yaml');
const BASE_PORT = 8210;

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
}

const repeats = Number(arg('--repeats', '20'));
const kinds = arg('--delays', 'base,priority,none').split(',') as SplitDelays[];
const unavailable = await netnsUnavailable();
if (unavailable !== undefined) {
  console.error(`two-node split: ${unavailable}`);
  process.exit(2);
}
for (const delays of kinds) {
  const outcomes: TwoNodeSplitOutcome[] = [];
  for (let i = 1; i <= repeats; i++) {
    try {
      // With priority-fencing-delay the group alternates between the nodes: the survivor must follow it.
      const appOn = delays === 'priority' ? (i % 2 === 0 ? 'node2' : 'node1') : undefined;
      const o = await runTwoNodeSplit({ source: SOURCE, delays, basePort: BASE_PORT, tag: 'vfensplit', subnet: '10.78.21', ...(appOn ? { appOn } : {}) });
      outcomes.push(o);
      console.log(`${delays} #${i}: off ${o.poweredOff.join('+') || 'none'}, survivor ${o.survivor ?? '-'}${o.expected ? ` (expected ${o.expected})` : ''}, runs all: ${o.survivorRunsAll}, ${(o.raceMs / 1000).toFixed(1)} s${o.note ? ` (${o.note})` : ''}`);
    } catch (error) {
      console.log(`${delays} #${i}: error ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`);
    }
  }
  const one = outcomes.filter((o) => o.poweredOff.length === 1 && o.survivorRunsAll);
  const right = one.filter((o) => o.expected === null || o.survivor === o.expected);
  const both = outcomes.filter((o) => o.poweredOff.length === 2);
  console.log(`== ${delays}: ${repeats} splits, ${outcomes.length} ran; exactly one powered off and the survivor runs everything: ${one.length}; the expected survivor: ${right.length}; both powered off: ${both.length}`);
}
