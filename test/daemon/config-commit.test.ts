// A config change is acknowledged only once a majority of the configured votes hold it (chaos
// seed 2029: a coordinator left alone acknowledged one, crashed, and it was lost).
import { describe, expect, it } from 'vitest';
import { emptyConfig } from '../../src/config/defaults.ts';
import type { ClusterConfig } from '../../src/config/model.ts';
import { ConfigCommits } from '../../src/daemon/config-commit.ts';
import { SimClock } from '../../src/transport/sim-clock.ts';

const gen = (updates: number) => ({ adminEpoch: 0, epoch: 0, updates });

function setup(names: string[], twoNode = false) {
  const config: ClusterConfig = emptyConfig();
  config.nodes = names.map((name) => ({ name, attributes: {}, standby: false, maintenance: false }));
  if (twoNode) config.cluster = { name: 't', keyFile: 'k', stateDir: '.', heartbeatIntervalMs: 200, heartbeatTimeoutMs: 1000, electionTickMs: 100, twoNode: true } as ClusterConfig['cluster'];
  const clock = new SimClock();
  const commits = new ConfigCommits({ clock, config: () => config, timeoutMs: 5_000 });
  const outcome = (p: Promise<boolean>) => { const box: { value?: boolean } = {}; void p.then((v) => { box.value = v; }); return box; };
  return { clock, commits, outcome };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('config commits', () => {
  it('should acknowledge once a majority holds the generation or a newer one, not before', async () => {
    const { commits, outcome } = setup(['n1', 'n2', 'n3']);
    commits.held('n1', gen(1));
    const waiting = outcome(commits.whenCommitted(gen(1)));
    await flush();
    expect(waiting.value).toBeUndefined();
    commits.held('n3', gen(2)); // newer counts too
    await flush();
    expect(waiting.value).toBe(true);
    // Already committed: answered at once.
    const again = outcome(commits.whenCommitted(gen(1)));
    await flush();
    expect(again.value).toBe(true);
  });

  it('should report an unconfirmed change after the timeout, or when the coordinator steps down', async () => {
    const { clock, commits, outcome } = setup(['n1', 'n2', 'n3']);
    commits.held('n1', gen(1));
    const timedOut = outcome(commits.whenCommitted(gen(1)));
    clock.advance(5_000);
    await flush();
    expect(timedOut.value).toBe(false);
    const cancelled = outcome(commits.whenCommitted(gen(1)));
    commits.cancelAll();
    await flush();
    expect(cancelled.value).toBe(false);
    // An older acknowledgement changes nothing.
    commits.held('n2', gen(0));
    const still = outcome(commits.whenCommitted(gen(1)));
    await flush();
    expect(still.value).toBeUndefined();
  });

  it('should take one node of two in two-node mode, as quorum does', async () => {
    const { commits, outcome } = setup(['n1', 'n2'], true);
    commits.held('n1', gen(3));
    const lone = outcome(commits.whenCommitted(gen(3)));
    await flush();
    expect(lone.value).toBe(true);
    const plain = setup(['n1', 'n2']);
    plain.commits.held('n1', gen(3));
    const two = plain.outcome(plain.commits.whenCommitted(gen(3)));
    await flush();
    expect(two.value).toBeUndefined();
  });
});
