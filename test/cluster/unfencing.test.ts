// Unfencing on three real daemon processes: Debian's fence_dummy is each node's storage fence
// device (meta provides: unfencing; its file storage/<node> reads on while the node may write
// to the shared storage), and `shared` (fixtures/SharedDisk) fails to start on a node whose
// storage file does not read on. Before `shared` starts on node2 the coordinator has run the
// device's `on` for node2, on node2; node2 is then fenced (its topology level cuts power and
// storage: both files read off) and comes back: it is unfenced again before `shared` starts
// there again. Every daemon logs with one clock, so the order is read from their logs.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterView } from '../../src/daemon/view-types.ts';
import { freeBasePort, LocalCluster, resourceIn as where, type LogEntry } from '../../src/demo/local-cluster.ts';
import { makeOcfRoot } from '../../src/testing/cts/ocf-root.ts';
import { beganAtMs, operationsDone } from '../fencing/daemon-log.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const PORTS = [8200, 8300] as const;
const NODES = ['node1', 'node2', 'node3'];
let cluster: LocalCluster;
let dir: string;
let ocfRoot: string;

const storageOf = (node: string): string | undefined => {
  const file = join(dir, 'cluster', 'storage', node);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
};
const history = (v: ClusterView, target: string) => v.fencing.filter((f) => f.target === target).map((f) => `${f.action} ${f.result}`);
const sharedOn = (v: ClusterView, node: string) => where(v, 'shared')?.state === 'started' && where(v, 'shared')?.node === node;
const allLogs = (): LogEntry[] => NODES.flatMap((n) => cluster.log(n));
/** Every successful `on` of storage-<node>'s device for `node` (run by fence_dummy), oldest first. */
const unfencings = (node: string) => allLogs().filter((l) => l.msg === 'fence attempt done' && l.action === 'on' && l.target === node).sort((a, b) => a.time - b.time);
const sharedStarts = (node: string) => operationsDone(cluster.log(node), 'shared', 'start');

describe('unfencing on three daemons with fence_dummy', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-unfencing-'));
    // The devices' relative status_file storage/<node> is resolved against the cluster's folder.
    await mkdir(join(dir, 'cluster', 'storage'), { recursive: true });
    ocfRoot = await makeOcfRoot(join(dir, 'ocf'));
    await mkdir(join(ocfRoot, 'resource.d', 'vigiltest'));
    await symlink(join(FIXTURES, 'SharedDisk'), join(ocfRoot, 'resource.d', 'vigiltest', 'SharedDisk'));
    const source = join(dir, 'unfencing.yaml');
    await writeFile(source, (await readFile(join(FIXTURES, 'unfencing.yaml'), 'utf8')).replace('storage: STORAGE_DIR', `storage: ${join(dir, 'cluster', 'storage')}`));
    cluster = await LocalCluster.start({
      source, dir: join(dir, 'cluster'), basePort: await freeBasePort(...PORTS),
      command: (_node, argv) => [...argv, '--ocf-root', ocfRoot],
    });
  }, 30_000);

  afterAll(async () => {
    const keep = process.env['VIGIL_KEEP'] === '1';
    await cluster?.stop({ keepFiles: keep });
    if (!keep) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('should run the device\'s on for a node before a requires-unfencing resource starts there, and again after it is fenced', async () => {
    // No node has been let at the storage before the cluster unfences it.
    const up = await cluster.until('shared runs on node2', (v) => sharedOn(v, 'node2'), { timeoutMs: 60_000 });
    for (const n of NODES) expect(storageOf(n)).toBe('on');
    expect(history(up, 'node2')).toContain('on succeeded');
    // fence_dummy's on for node2 ran on node2 itself, and ended before shared's start began there.
    const first = unfencings('node2');
    expect(first.map((l) => l.device)).toEqual(['storage-node2']);
    expect(cluster.log('node2').filter((l) => l.msg === 'fence attempt done' && l.action === 'on' && l.target === 'node2')).toHaveLength(1);
    const starts = sharedStarts('node2');
    expect(starts.map((l) => l.rc)).toEqual([0]);
    expect(beganAtMs(starts[0]!)).toBeGreaterThanOrEqual(first[0]!.time);

    // node2 is lost: fenced through its level (power and storage off); shared recovers elsewhere.
    cluster.kill('node2', 'SIGKILL');
    const fenced = await cluster.until('node2 fenced and shared running elsewhere', (v) =>
      history(v, 'node2').includes('off succeeded') && where(v, 'shared')?.state === 'started' && where(v, 'shared')?.node !== 'node2', { timeoutMs: 60_000 });
    expect(storageOf('node2')).toBe('off');
    expect(fenced.nodes.find((n) => n.name === 'node2')!.attributes?.some((a) => a.name === '#node-unfenced') ?? false).toBe(false);

    // Powered back on: unfenced again (storage on) before shared moves back to node2.
    const fencedAtMs = Date.now();
    await cluster.powerCycle('node2');
    const back = await cluster.until('shared back on node2', (v) => sharedOn(v, 'node2'), { timeoutMs: 60_000 });
    expect(storageOf('node2')).toBe('on');
    expect(history(back, 'node2')).toEqual(['on succeeded', 'off succeeded', 'on succeeded']);
    const again = unfencings('node2').filter((l) => l.time >= fencedAtMs);
    expect(again).toHaveLength(1);
    const restarts = sharedStarts('node2').filter((l) => beganAtMs(l) >= fencedAtMs);
    expect(restarts.map((l) => l.rc)).toEqual([0]);
    expect(beganAtMs(restarts[0]!)).toBeGreaterThanOrEqual(again[0]!.time);
    // No start of shared failed anywhere: it never ran ahead of its node's unfencing.
    expect(allLogs().filter((l) => l.resource === 'shared' && l.op === 'start' && l.rc !== 0)).toEqual([]);
  }, 180_000);
});
