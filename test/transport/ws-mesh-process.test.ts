// The mesh across real processes: three `node --import tsx` children on 127.0.0.1. A stopped
// process (SIGSTOP) is found by the heartbeat timeout; a killed one by its closed socket.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeAddress } from '../../src/transport/ws-mesh.ts';
import { FAST_HEARTBEAT, newKey, waitUntil } from './helpers.ts';

const SCRIPT = fileURLToPath(new URL('./fixtures/mesh-node.ts', import.meta.url));

interface Child { name: string; proc: ChildProcess; events: Array<Record<string, unknown> & { atMs: number }>; port: number }

const children: Child[] = [];
afterAll(() => {
  for (const child of children) if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
});

async function spawnNode(name: string, nodes: NodeAddress[], key: Buffer): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', SCRIPT, name, JSON.stringify(nodes), key.toString('hex')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const child: Child = { name, proc, events: [], port: 0 };
  createInterface({ input: proc.stdout! }).on('line', (line) => child.events.push({ ...(JSON.parse(line) as Record<string, unknown>), atMs: Date.now() }));
  children.push(child);
  await waitUntil(`${name} listening`, () => child.events.some((e) => e['event'] === 'listening'), 15_000);
  child.port = child.events.find((e) => e['event'] === 'listening')!['port'] as number;
  return child;
}

/** When `child` last reported `peer` down. */
function lastDownMs(child: Child, peer: string): number {
  const downs = child.events.filter((e) => e['event'] === 'peer' && e['peer'] === peer && !e['up']);
  return downs[downs.length - 1]!.atMs;
}

/** The peers a child currently reports up, from its event stream. */
function upPeers(child: Child): string[] {
  const up = new Set<string>();
  for (const e of child.events) {
    if (e['event'] !== 'peer') continue;
    if (e['up']) up.add(e['peer'] as string);
    else up.delete(e['peer'] as string);
  }
  return [...up].sort();
}

describe('ws-mesh across processes', () => {
  it('should connect three processes, detect a stopped one by heartbeat timeout and a killed one at once', async () => {
    const key = newKey();
    const nodes: NodeAddress[] = ['a', 'b', 'c'].map((name) => ({ name, host: '127.0.0.1', port: 0 }));
    const byName = new Map<string, Child>();
    for (const name of ['c', 'b', 'a']) { // largest first: each learns the ports it dials
      const child = await spawnNode(name, nodes, key);
      nodes.find((n) => n.name === name)!.port = child.port;
      byName.set(name, child);
    }
    const [a, b, c] = ['a', 'b', 'c'].map((n) => byName.get(n)!) as [Child, Child, Child];
    await waitUntil('full mesh', () => upPeers(a).join() === 'b,c' && upPeers(b).join() === 'a,c' && upPeers(c).join() === 'a,b', 15_000);

    a.proc.stdin!.write(JSON.stringify({ to: 'c', text: 'across processes' }) + '\n');
    await waitUntil('message at c', () => c.events.some((e) => e['event'] === 'message' && e['from'] === 'a' && e['text'] === 'across processes'));

    const stoppedAtMs = Date.now();
    b.proc.kill('SIGSTOP');
    await waitUntil('a and c see b down', () => !upPeers(a).includes('b') && !upPeers(c).includes('b'));
    const detectMs = Math.max(lastDownMs(a, 'b'), lastDownMs(c, 'b')) - stoppedAtMs;
    expect(detectMs).toBeGreaterThanOrEqual(FAST_HEARTBEAT.timeoutMs - FAST_HEARTBEAT.intervalMs);
    console.log(`heartbeat detection of a stopped process: ${detectMs} ms (interval ${FAST_HEARTBEAT.intervalMs}, timeout ${FAST_HEARTBEAT.timeoutMs})`);
    b.proc.kill('SIGCONT');
    await waitUntil('b back after SIGCONT', () => upPeers(a).join() === 'b,c' && upPeers(c).join() === 'a,b' && upPeers(b).join() === 'a,c', 15_000);

    const killedAtMs = Date.now();
    c.proc.kill('SIGKILL');
    await waitUntil('a sees c down', () => !upPeers(a).includes('c'));
    const killDetectMs = lastDownMs(a, 'c') - killedAtMs;
    console.log(`detection of a killed process: ${killDetectMs} ms`);
    expect(upPeers(a)).toEqual(['b']);
  });
});
