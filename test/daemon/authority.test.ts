// Only the coordinator of the current epoch commands a daemon (issue 14, item 7). Before, any
// holder of the cluster key could have any node run agent operations: a command with a newer
// epoch was obeyed, and the epoch adopted.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Authority } from '../../src/daemon/authority.ts';
import type { ExecResultBody } from '../../src/daemon/protocol.ts';
import type { Authorization } from '../../src/election/types.ts';
import { SimCluster } from '../../src/testing/sim/cluster.ts';
import { simConfig, simNodeNames } from '../../src/testing/sim/config.ts';
import type { GatedTransport } from '../../src/testing/sim/node-transport.ts';
import { runTo } from '../../src/testing/sim/run.ts';
import { makeMessage } from '../../src/transport/codec.ts';
import { operation } from './helpers.ts';

describe('Authority', () => {
  it('should hold a command from a coordinator not heard of yet until the election knows it, and refuse it after the wait', async () => {
    let verdict: Authorization = { accepted: false, epoch: 3, reason: 'not-coordinator' };
    const authority = new Authority({ authorize: () => verdict }, 2);
    const first = authority.whenAuthorized(3, 'n2');
    authority.changed();
    verdict = { accepted: true, epoch: 3 };
    authority.changed();
    expect(await first).toEqual({ accepted: true, epoch: 3 });

    verdict = { accepted: false, epoch: 3, reason: 'not-coordinator' };
    const second = authority.whenAuthorized(3, 'n3');
    for (let i = 0; i < 3; i++) {
      await Promise.resolve();
      authority.changed();
    }
    expect(await second).toEqual(verdict);
  });

  it('should not wait on a stale epoch', async () => {
    const authority = new Authority({ authorize: () => ({ accepted: false, epoch: 5, reason: 'stale-epoch' }) });
    expect(await authority.whenAuthorized(4, 'n2')).toMatchObject({ reason: 'stale-epoch' });
  });
});

describe('a simulated cluster', () => {
  it('should refuse an agent operation from a node that is not the coordinator, whatever epoch it claims', async () => {
    const nodes = simNodeNames(3);
    const cluster = new SimCluster({ seed: 11, doc: simConfig(nodes), logger: pino({ level: 'silent' }) });
    const budget = { steps: 0 };
    for (const node of nodes) cluster.start(node);
    await runTo(cluster.clock, 10_000, budget);
    const coordinator = nodes.find((n) => cluster.daemon(n)?.status().coordinator)!;
    const [intruder, target] = nodes.filter((n) => n !== coordinator) as [string, string];
    const epoch = cluster.daemon(target)!.status().election.epoch;
    const transportOf = (n: string) => (cluster as unknown as { live: Map<string, { transport: GatedTransport }> }).live.get(n)!.transport;
    const answers: ExecResultBody[] = [];
    transportOf(intruder).onMessage((_from, msg) => { if (msg.kind === 'exec-result') answers.push(msg.body); });
    const from = cluster.ledger.entries.length;

    for (const [id, claimed] of [['forged-current', epoch], ['forged-newer', epoch + 5]] as const) {
      transportOf(intruder).send(target, makeMessage(intruder, 'exec', { id, op: operation({ resource: 'intruder', action: 'start', node: target }) }, claimed));
    }
    await runTo(cluster.clock, cluster.clock.now() + 8_000, budget);

    expect(answers.map((a) => [a.id, a.refused])).toEqual([
      ['forged-current', `${intruder} is not the coordinator of epoch ${epoch} as far as node ${target} knows (its epoch is ${epoch})`],
      ['forged-newer', `${intruder} is not the coordinator of epoch ${epoch + 5} as far as node ${target} knows (its epoch is ${epoch})`],
    ]);
    const ran = cluster.ledger.entries.slice(from).filter((e) => e.kind === 'op.invoked' && e.instance === 'intruder');
    expect(ran).toEqual([]);
    expect(cluster.daemon(target)!.status().election).toMatchObject({ epoch, coordinator });
    expect(nodes.find((n) => cluster.daemon(n)?.status().coordinator)).toBe(coordinator);
    for (const node of nodes) cluster.crash(node);
  }, 60_000);
});
