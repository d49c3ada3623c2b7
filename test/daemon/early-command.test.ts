// A daemon's peers may reach it as soon as its mesh is up: a command sent then (the coordinator
// unfencing or probing a node that just rejoined) must reach its executor, not be dropped while
// the daemon still sets itself up (found by test/cluster/unfencing.test.ts: the `on` for a
// rejoined node went unanswered for the whole stonith-timeout).
import { describe, expect, it } from 'vitest';
import { Daemon } from '../../src/daemon/daemon.ts';
import { simConfig } from '../../src/testing/sim/config.ts';
import { makeMessage } from '../../src/transport/codec.ts';
import type { FenceRunner } from '../../src/agents/fence.ts';
import { fenceAttempt, flush, simCluster } from './helpers.ts';

describe('daemon start: commands that arrive early', () => {
  it('should take a fence-exec sent the moment its mesh is up, while it still sets itself up', async () => {
    const { clock, t, logger, lines } = simCluster(['node1', 'node2', 'node3']);
    const doc = simConfig(['node1', 'node2', 'node3']);
    let releaseStrays: () => void = () => undefined;
    const strays = new Promise<number[]>((resolve) => { releaseStrays = () => resolve([]); });
    const fenceRunner: FenceRunner = { run: async () => ({ ok: true, rc: 0, timedOut: false, signal: null, durationMs: 1, outputTail: '', reason: 'done' }) };
    const command = makeMessage('node1', 'fence-exec', { id: 'node1:1:1', attempt: fenceAttempt({ node: 'node2', action: 'on', target: 'node2' }) }, 1);
    // node1 sends a command the moment node2's mesh is up, as a coordinator does to a node that rejoins.
    const mesh = () => {
      t('node1').send('node2', command);
      return t('node2');
    };
    const starting = Daemon.start({
      doc, node: 'node2', logger, clock, transport: mesh, control: false, fenceRunner, checkAgents: async () => undefined,
      hardState: { load: () => undefined, save: () => undefined }, configStore: { load: () => undefined, save: () => undefined },
      runner: { run: async () => ({ rc: 7, timedOut: false, signal: null, durationMs: 1, outputTail: '' }) },
      killStrays: () => strays,
    });
    // The daemon cleans up after a previous run meanwhile, and time passes.
    await flush();
    clock.advance(50);
    await flush();
    releaseStrays();
    const daemon = await starting;
    await flush();
    // The same command again once the daemon is up: its executor already holds the first (it
    // waits for node1's authority, which node2 has not heard of), so this one is a duplicate.
    t('node1').send('node2', command);
    clock.advance(50);
    await flush();
    expect(lines.filter((l) => l.msg === 'duplicate fence attempt ignored while it runs').map((l) => l['id'])).toEqual(['node1:1:1']);
    await daemon.shutdown(false);
  });
});
