// Fencing through the whole cluster, with real daemon processes, real agents and the real
// `vigil` command: a stop that fails gets its node fenced (fence_dummy writes "off") before
// the resource starts anywhere else; a node whose only device is broken is retried and its
// resources stay blocked until an administrator runs `vigil fence confirm`.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { freeBasePort, LocalCluster, resourceIn as where } from '../../src/demo/local-cluster.ts';
import type { ClusterView } from '../../src/daemon/view-types.ts';
import { beganAtMs, operationsDone } from './daemon-log.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const run = promisify(execFile);

let cluster: LocalCluster | undefined;
afterEach(async () => {
  await cluster?.stop({ keepFiles: process.env["VIGIL_KEEP"] === "1" });
  cluster = undefined;
}, 30_000);

/** The real CLI, as an administrator types it, against this cluster's config. */
async function vigil(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'bin', 'vigil.mjs'), ...args, '--config', cluster!.layout.configFile], { cwd: ROOT });
  return stdout;
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check(); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
  }
}

const fences = (v: ClusterView, target: string, result: string) => v.fencing.filter((f) => f.target === target && f.result === result);
const logOf = (node: string) => cluster!.log(node);

describe('fencing through the cluster (real daemons, real agents)', () => {
  it('fences the node where a stop failed, and starts the resource elsewhere only after the fence', async () => {
    cluster = await LocalCluster.start({ source: join(FIXTURES, 'stop-failure.yaml'), basePort: 7500 });
    await cluster.until('victim runs on node1', (v) => where(v, 'victim')?.state === 'started' && where(v, 'victim')?.node === 'node1', { timeoutMs: 60_000 });

    // Moving it asks node1 to stop it; the stop times out (1 s < op_sleep 2 s).
    expect(await vigil('resource', 'move', 'victim', 'node2')).toMatch(/victim/);
    const after = await cluster.until('node1 fenced and victim started on node2', (v) =>
      fences(v, 'node1', 'succeeded').length > 0 && where(v, 'victim')?.state === 'started' && where(v, 'victim')?.node === 'node2', { timeoutMs: 60_000 });

    expect(fences(after, 'node1', 'succeeded')[0]!.by).toBe('fence-node1');
    expect(readFileSync(cluster.layout.nodes[0]!.powerFile, 'utf8').trim()).toBe('off');
    // The stop on node1 failed (timed out), as the agent's own log line says.
    const stops = operationsDone(logOf('node1'), 'victim', 'stop');
    expect(stops.map((l) => [l.rc, l.timedOut])).toEqual([[1, true]]);
    // The fence completed before node2's start of victim began (one clock for every daemon).
    // When node1 was also the coordinator, its successor may fence node1 again (the first
    // result died with node1): wasteful but safe, so only the first success is the witness.
    const fenced = ['node2', 'node3'].flatMap((n) => logOf(n)).filter((l) => l.msg === 'fence attempt done' && l.target === 'node1' && l.ok === true);
    expect(fenced.length).toBeGreaterThan(0);
    const fencedAtMs = Math.min(...fenced.map((l) => l.time));
    const starts = operationsDone(logOf('node2'), 'victim', 'start');
    expect(starts.length).toBeGreaterThan(0);
    // node2 never started it before the fence: every start there came after.
    expect(starts.map(beganAtMs).filter((t) => t < fencedAtMs)).toEqual([]);

    // Fencing by hand: `vigil fence node3` powers node3 off through its device on node2 (and
    // leaves node2 alone without quorum, so the power file is the witness, not the status).
    const node3Power = cluster.layout.nodes[2]!.powerFile;
    expect(readFileSync(node3Power, 'utf8').trim()).toBe('on');
    await vigil('fence', 'node3');
    await until(() => readFileSync(node3Power, 'utf8').trim() === 'off', 'node3 powered off by hand');
  }, 120_000);

  it('lets a lone node of a two-node pair act only after it fenced its peer', async () => {
    cluster = await LocalCluster.start({ source: join(FIXTURES, 'two-node.yaml'), basePort: await freeBasePort(7440, 7500, 2) });
    const appOn = (v: ClusterView, node: string) => ['ip', 'web'].every((id) => where(v, id)?.state === 'started' && where(v, id)?.node === node);
    const before = await cluster.until('app runs', (v) => appOn(v, 'node1') || appOn(v, 'node2'), { timeoutMs: 60_000 });
    // Kill the coordinator: the survivor must win the election alone, which two-node mode allows
    // only once it has fenced its peer.
    const victim = before.coordinator!;
    const survivor = victim === 'node1' ? 'node2' : 'node1';
    cluster.kill(victim, 'SIGKILL');
    const after = await cluster.until(`${survivor} alone runs app`, (v) => v.coordinator === survivor && appOn(v, survivor) && v.quorum, { timeoutMs: 60_000 });
    // Its peer's power is off, by the survivor's own fence before it acted alone.
    expect(readFileSync(cluster.node(victim).powerFile, 'utf8').trim()).toBe('off');
    const fenced = fences(after, victim, 'succeeded');
    expect(fenced.length).toBeGreaterThan(0);
    // Fenced by the survivor's daemon after it won alone, before it started anything.
    const log = logOf(survivor);
    const alone = log.filter((l) => l.msg === 'two-node: fenced the peer before acting alone' && l.target === victim);
    expect(alone.length).toBeGreaterThan(0);
    expect(after.coordinator).toBe(survivor);
    const starts = operationsDone(log, 'ip', 'start').filter((l) => beganAtMs(l) > before.updatedAtMs);
    expect(starts.map(beganAtMs).filter((t) => t < alone[0]!.time)).toEqual([]);
    if (where(before, 'ip')!.node === victim) expect(starts.length).toBeGreaterThan(0);
  }, 120_000);

  it('retries a broken device, keeps the group blocked, and lets `vigil fence confirm` release it', async () => {
    cluster = await LocalCluster.start({ source: join(FIXTURES, 'broken-device.yaml'), basePort: 7520 });
    const appOn = (v: ClusterView, node: string) => ['ip', 'web'].every((id) => where(v, id)?.state === 'started' && where(v, id)?.node === node);
    await cluster.until('app runs on node3', (v) => appOn(v, 'node3'), { timeoutMs: 60_000 });

    cluster.kill('node3', 'SIGKILL');
    // Two failed attempts at least: fencing is retried, and meanwhile app starts nowhere.
    const blocked = await cluster.until('two failed fences of node3', (v) => fences(v, 'node3', 'failed').length >= 2, { timeoutMs: 60_000 });
    expect(blocked.nodes.find((n) => n.name === 'node3')!.recoveryBlocked).toBe('awaiting-fence');
    for (const id of ['ip', 'web']) expect(where(blocked, id)!.node === 'node1' || where(blocked, id)!.node === 'node2').toBe(false);
    for (const node of ['node1', 'node2']) expect(operationsDone(logOf(node), 'ip', 'start')).toEqual([]);

    expect(await vigil('fence', 'confirm', 'node3')).toMatch(/node3/);
    const released = await cluster.until('app runs on a survivor', (v) => appOn(v, 'node1') || appOn(v, 'node2'), { timeoutMs: 60_000 });
    expect(fences(released, 'node3', 'confirmed')).toHaveLength(1);
    expect(released.nodes.find((n) => n.name === 'node3')!.recoveryBlocked).toBeNull();
    // Nothing was started on a survivor before the administrator's word.
    const confirmedAt = fences(released, 'node3', 'confirmed')[0]!.atMs;
    const starts = ['node1', 'node2'].flatMap((n) => operationsDone(logOf(n), 'ip', 'start'));
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.every((l) => beganAtMs(l) >= confirmedAt)).toBe(true);
    // `vigil fence history` tells the story: the failed attempts, then the confirmation.
    const history = await vigil('fence', 'history');
    expect(history).toMatch(/off node3 failed(?: from node\d)? \(epoch \d+\): every fencing level failed for node3 \(level 1: fence-node3: .*Timed out waiting to power OFF\)/);
    expect(history).toMatch(/off node3 confirmed by administrator/);
  }, 120_000);
});
