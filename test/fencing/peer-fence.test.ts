// The two-node peer fence (daemon/peer-fence.ts) waits out each device's delay and the
// priority-fencing-delay before running the agent, with the injected randomness and timer.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FenceRequest } from '../../src/agents/fence-input.ts';
import { loadDocumentFile } from '../../src/config/load.ts';
import type { ClusterDocument, Primitive } from '../../src/config/model.ts';
import { fencePeer } from '../../src/daemon/peer-fence.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'two-node.yaml');

async function pair(params: Record<string, Record<string, string>>, options: Record<string, string> = {}): Promise<ClusterDocument> {
  const doc = await loadDocumentFile(FIXTURE);
  doc.config.resources = doc.config.resources.map((r) => (r.kind === 'primitive' && params[r.id] ? { ...r, params: { ...r.params, ...params[r.id] } } as Primitive : r));
  Object.assign(doc.config.options.other, options);
  return doc;
}

function recorder() {
  const events: string[] = [];
  return {
    events,
    runner: { run: async (req: FenceRequest) => { events.push(`run ${req.device} ${req.action} ${req.target}`); return { ok: true, reason: 'off', rc: 0 } as never; } },
    delays: { random: () => 0.5, wait: async (ms: number) => { events.push(`wait ${ms}`); } },
  };
}

describe('two-node peer fence: delays', () => {
  it('should wait the device\'s pcmk_delay_base for this target before running the agent', async () => {
    const doc = await pair({ 'fence-node1': { pcmk_delay_base: 'node1:5s;node2:0s' } });
    const r = recorder();
    const result = await fencePeer(doc, 'node2', 'node1', r.runner, r.delays);
    expect(r.events).toEqual(['wait 5000', 'run fence-node1 off node1']);
    expect(result).toMatchObject({ ok: true, devices: ['fence-node1'], delayMs: 5_000 });
    const other = recorder();
    await fencePeer(doc, 'node1', 'node2', other.runner, other.delays);
    expect(other.events).toEqual(['run fence-node2 off node2']);
  });

  it('should draw pcmk_delay_max from the injected randomness', async () => {
    const doc = await pair({ 'fence-node2': { pcmk_delay_max: '10s' } });
    const r = recorder();
    await fencePeer(doc, 'node1', 'node2', r.runner, r.delays);
    expect(r.events).toEqual(['wait 5000', 'run fence-node2 off node2']);
  });

  it('should add priority-fencing-delay when the peer runs the more important resources', async () => {
    const doc = await pair({}, { 'priority-fencing-delay': '15s' });
    doc.config.resources = doc.config.resources.map((r) => (r.kind === 'group' ? { ...r, meta: { ...r.meta, priority: '10' } } : r));
    doc.status.history = ['ip', 'web'].map((resource) => ({
      resource, node: 'node1', class: 'ocf' as const, provider: 'heartbeat', type: 'Dummy',
      operations: [{ operation: 'start', intervalMs: 0, rc: 0, status: 'done' as const, callId: 1, id: `${resource}_last_0` }],
    }));
    const towardHigh = recorder();
    await fencePeer(doc, 'node2', 'node1', towardHigh.runner, towardHigh.delays);
    expect(towardHigh.events).toEqual(['wait 15000', 'run fence-node1 off node1']);
    const towardLow = recorder();
    await fencePeer(doc, 'node1', 'node2', towardLow.runner, towardLow.delays);
    expect(towardLow.events).toEqual(['run fence-node2 off node2']);
  });
});
