// A daemon killed while an agent runs leaves the agent running (agents have their own process
// groups). The next daemon on that node kills it before it probes anything, so what its probes
// find is what is left (chaos seed 660 found a start that outlived its daemon and ran its
// resource beside a copy elsewhere). Real daemon, real agent processes.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentOwnerTag, findStrays } from '../../src/agents/strays.ts';
import { freeBasePort, LocalCluster } from '../../src/demo/local-cluster.ts';

let cluster: LocalCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
}, 30_000);

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 100))) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
  }
}

describe('agents a killed daemon left running', () => {
  it('should be killed by the next daemon on that node before it probes', async () => {
    cluster = await LocalCluster.start({ source: join(import.meta.dirname, 'fixtures', 'slow-start.yaml'), basePort: await freeBasePort(7900, 7940, 1) });
    const tag = agentOwnerTag(cluster.layout.stateDir, 'node1');
    // The slow start (30 s) is under way: its agent and the `sleep` it forks carry the daemon's
    // tag. Two equal samples 300 ms apart, so the child is not caught half-spawned (CI once saw
    // the agent alone, then the agent and its sleep).
    let previous = '';
    const agents = await until('the start of slow runs', async () => {
      const found = await findStrays(tag);
      const stable = found.length > 0 && JSON.stringify(found) === previous;
      previous = JSON.stringify(found);
      if (!stable) await new Promise((r) => setTimeout(r, 200));
      return cluster!.log('node1').some((l) => l.msg === 'became the coordinator') && stable ? found : undefined;
    });

    cluster.kill('node1', 'SIGKILL');
    await until('the daemon is gone', () => (cluster!.alive('node1') ? undefined : true));
    expect(await findStrays(tag), 'the agents outlive their daemon').toEqual(agents);

    cluster.startDaemon('node1');
    const line = await until('the new daemon killed them', () => cluster!.log('node1').find((l) => l.msg === 'killed agents a previous run of this daemon left running'));
    expect(line['pids']).toEqual(agents);
    await until('they are gone', async () => ((await findStrays(tag)).length === 0 ? true : undefined), 10_000);
    // The new daemon's own start of slow now runs, under the same tag: a fresh process.
    const fresh = await until('a new start runs', async () => {
      const found = await findStrays(tag);
      return found.length > 0 && found.every((p) => !agents.includes(p)) ? found : undefined;
    });
    expect(fresh.some((p) => agents.includes(p))).toBe(false);
  }, 90_000);
});
