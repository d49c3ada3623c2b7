// A two-node split with real daemons, each in its own network namespace, and fence_dummy power
// files (src/testing/cts/two-node-split.ts). With pcmk_delay_base on node1's device, node1
// survives; with priority-fencing-delay, the node running the higher-priority group survives;
// either way exactly one node loses power and the survivor runs everything. Root only; the
// 20-repeat numbers come from scripts/two-node-split.ts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { netnsUnavailable } from '../../src/testing/cts/netns.ts';
import { runTwoNodeSplit } from '../../src/testing/cts/two-node-split.ts';

const SOURCE = join(import.meta.dirname, 'fixtures', 'two-node-split.yaml');
const NET = { basePort: 8230, tag: 'vfentest', subnet: '10.78.23' };
const unavailable = await netnsUnavailable();

describe.skipIf(unavailable !== undefined)('two-node split: the fence race decided by delays', () => {
  it('keeps node1 when its device has pcmk_delay_base', async () => {
    const o = await runTwoNodeSplit({ source: SOURCE, delays: 'base', ...NET });
    expect({ off: o.poweredOff, survivor: o.survivor, runsAll: o.survivorRunsAll }).toEqual({ off: ['node2'], survivor: 'node1', runsAll: true });
  }, 180_000);

  it('keeps the node running the higher-priority group with priority-fencing-delay', async () => {
    const o = await runTwoNodeSplit({ source: SOURCE, delays: 'priority', appOn: 'node2', ...NET });
    expect(o.expected).toBe('node2');
    expect({ off: o.poweredOff, survivor: o.survivor, runsAll: o.survivorRunsAll }).toEqual({ off: ['node1'], survivor: 'node2', runsAll: true });
  }, 180_000);
});
