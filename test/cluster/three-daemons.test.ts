// Three real daemon processes on loopback, with real agents (ocf:heartbeat:Dummy,
// ocf:pacemaker:Dummy, fence_dummy): the cluster forms and starts everything; a daemon with the
// wrong cluster key is refused in the TLS handshake; malformed messages are logged and dropped
// and leave every daemon running; SIGKILL of the daemon hosting the group gets its node fenced
// through fence_dummy and the group running on a survivor.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlError, sendControl } from '../../src/cli/control-client.ts';
import type { ClusterView } from '../../src/daemon/view-types.ts';
import { materializeDemo } from '../../src/demo/layout.ts';
import { allRunning, freeBasePort, LocalCluster, resourceIn as where, type LogEntry } from '../../src/demo/local-cluster.ts';
import { loadClusterKey } from '../../src/transport/cluster-key.ts';
import { MESSAGE_BYTES_MAX } from '../../src/transport/constants.ts';
import { closeCode, collectText, openControl, openMesh, sendFrames } from './wire.ts';
import { fencedAndRecovered } from './recovery.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PORTS = [7600, 7624] as const;
let cluster: LocalCluster;

/** What must not change when a stranger knocks: who coordinates, at which epoch, what runs where. */
const shape = (v: ClusterView) => ({
  coordinator: v.coordinator, epoch: v.epoch, fencing: v.fencing.length,
  nodes: v.nodes.map((n) => [n.name, n.state]), resources: v.resources.map((r) => [r.id, r.state, r.node]),
});
const everyoneOnline = (v: ClusterView) => allRunning(v) && v.nodes.every((n) => n.state === 'online');

/** Waits until `node`'s log has an entry since `sinceMs` that `match` accepts; returns it. */
async function logged(node: string, sinceMs: number, what: string, match: (e: LogEntry) => boolean): Promise<LogEntry> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = cluster.log(node).find((e) => e.time >= sinceMs && match(e));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`${node} never logged ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('three daemons on loopback with real agents', () => {
  beforeAll(async () => {
    cluster = await LocalCluster.start({ basePort: await freeBasePort(...PORTS) });
  }, 30_000);

  afterAll(() => cluster.stop(), 30_000);

  it('forms, elects one coordinator and starts every resource as configured', async () => {
    const v = await cluster.until('everything runs', allRunning);
    expect(v.nodes.map((n) => [n.name, n.state])).toEqual([['node1', 'online'], ['node2', 'online'], ['node3', 'online']]);
    expect(v.coordinator).toMatch(/^node[123]$/);
    expect(v.epoch).toBeGreaterThan(0);
    // The group runs on one node; the clone once per node; no device on the node it fences.
    const app = ['ip', 'db', 'web'].map((id) => where(v, id)!.node);
    expect(new Set(app).size).toBe(1);
    expect(new Set(v.resources.filter((r) => r.parent === 'pinger').map((r) => r.node))).toEqual(new Set(['node1', 'node2', 'node3']));
    for (const n of ['node1', 'node2', 'node3']) expect(where(v, `fence-${n}`)!.node).not.toBe(n);
  }, 60_000);

  it('refuses a daemon and a client with the wrong cluster key during the TLS handshake', async () => {
    const before = await cluster.until('everything runs on three online nodes', everyoneOnline);
    // An impostor: the same cluster config, node1's name on a port of its own, another key.
    const dir = await mkdtemp(join(tmpdir(), 'vigil-impostor-'));
    let impostor: ChildProcess | undefined;
    try {
      const layout = await materializeDemo({ source: join(ROOT, 'examples', 'cluster.yaml'), dir, basePort: cluster.layout.nodes[0]!.port });
      const own = cluster.layout.nodes[0]!;
      const port = await freeBasePort(...PORTS, 1);
      writeFileSync(layout.configFile, readFileSync(layout.configFile, 'utf8').replace(`address: ${own.host}:${own.port} `, `address: ${own.host}:${port} `));
      const wrongKey = await loadClusterKey(layout.keyFile);
      expect(wrongKey.equals(cluster.key)).toBe(false);
      const startedAtMs = Date.now();
      const log = join(dir, 'impostor.log');
      const out = openSync(log, 'a');
      impostor = spawn(process.execPath, [join(ROOT, 'bin', 'vigil.mjs'), 'daemon', '--config', layout.configFile, '--node', 'node1'], { stdio: ['ignore', out, out], cwd: ROOT });
      closeSync(out);
      // It dials node2 and node3 (names after its own): both refuse it in the handshake.
      for (const node of ['node2', 'node3']) {
        const refusal = await logged(node, startedAtMs, 'the impostor\'s refusal', (e) => e.msg === 'refused peer during TLS handshake' && e['identity'] === 'node1');
        expect(refusal['reason']).toBe('wrong cluster key');
      }
      // A client with that key: every control port refuses it, and each daemon says why.
      const asked = await sendControl({ addresses: cluster.layout.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port + 1 })), key: wrongKey, command: { type: 'status' }, timeoutMs: 3_000 })
        .then(() => 'answered', (error: unknown) => error);
      expect(asked).toBeInstanceOf(ControlError);
      expect((asked as ControlError).attempts.map((a) => a.reason.startsWith('refused the TLS handshake'))).toEqual([true, true, true]);
      for (const n of cluster.layout.nodes) {
        const refusal = await logged(n.name, startedAtMs, 'the client\'s refusal', (e) => e.msg === 'refused control client during TLS handshake');
        expect(refusal['reason']).toBe('wrong cluster key');
      }
      expect(impostor.exitCode).toBe(null); // it keeps trying, and keeps failing
      expect(readFileSync(log, 'utf8')).not.toContain('"peer up"');
    } finally {
      impostor?.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
    const after = await cluster.until('everything still runs', everyoneOnline);
    expect(shape(after)).toEqual(shape(before));
  }, 60_000);

  it('drops malformed messages, logs each, and every daemon keeps running', async () => {
    const before = await cluster.until('everything runs on three online nodes', everyoneOnline);
    const sinceMs = Date.now();
    const frames = [
      'this is not JSON {',
      '[1, 2, 3]',
      JSON.stringify({ v: 99, kind: 'heartbeat', from: 'node1', body: { seq: 0, sentAtMs: 0 } }),
      JSON.stringify({ v: 1, kind: 'no-such-kind', from: 'node1', body: {} }),
      JSON.stringify({ v: 1, kind: 'exec', from: 'node1', epoch: 1, body: { id: 5 } }),
      JSON.stringify({ v: 1, kind: 'heartbeat', from: 'node1', body: { seq: 0, sentAtMs: 0 }, extra: true }),
      Buffer.from([0xde, 0xad, 0xbe, 0xef]),
      // Well-formed, but from someone else, or before hello: neither may be acted on.
      JSON.stringify({ v: 1, kind: 'leave', from: 'node3', body: { leaveResources: false } }),
      JSON.stringify({ v: 1, kind: 'leave', from: 'node1', body: { leaveResources: false } }),
    ];
    // node1 dials everyone, so only node2 and node3 accept mesh connections (from node1's name).
    for (const name of ['node2', 'node3']) {
      const node = cluster.node(name);
      const link = await openMesh(node, cluster.key, 'node1');
      if (!link.ok) throw new Error(`could not connect to ${name}'s mesh port: ${link.error}`);
      await sendFrames(link.ws, frames);
      // A hello as node1, which is connected already: refused as a duplicate.
      const closed = closeCode(link.ws);
      await sendFrames(link.ws, [JSON.stringify({ v: 1, kind: 'hello', from: 'node1', body: { to: name } })]);
      expect(await closed).toBe(4009);
      // A frame over the size limit: the connection is dropped.
      const big = await openMesh(node, cluster.key, 'node1');
      if (!big.ok) throw new Error(`could not connect to ${name}'s mesh port: ${big.error}`);
      const bigClosed = closeCode(big.ws);
      big.ws.send('x'.repeat(MESSAGE_BYTES_MAX + 1));
      expect(await bigClosed).toBe(1009);
    }
    for (const name of ['node2', 'node3']) {
      const drops = async (reason: string) => (await logged(name, sinceMs, `a ${reason} drop`, (e) => e.msg === 'dropped malformed message' && e['reason'] === reason))['reason'];
      for (const reason of ['malformed-json', 'not-an-object', 'unknown-version', 'unknown-kind', 'invalid-body', 'invalid-envelope', 'binary-frame']) {
        expect(await drops(reason)).toBe(reason);
      }
      await logged(name, sinceMs, 'the spoofed sender', (e) => e.msg === 'dropped message: sender is not the authenticated peer' && e['claimed'] === 'node3');
      await logged(name, sinceMs, 'the message before hello', (e) => e.msg === 'dropped message sent before hello' && e['kind'] === 'leave');
      await logged(name, sinceMs, 'the duplicate', (e) => e.msg === 'refused peer' && String(e['reason']).includes('already connected'));
      await logged(name, sinceMs, 'the oversize frame', (e) => e.msg === 'dropped connection: the peer broke the WebSocket protocol');
    }
    // The control channel: garbage is answered with an error and logged, on every daemon.
    for (const n of cluster.layout.nodes) {
      const control = await openControl(n, cluster.key);
      if (!control.ok) throw new Error(`could not connect to ${n.name}'s control port: ${control.error}`);
      const answers = collectText(control.ws);
      await sendFrames(control.ws, ['{"id": "x", "command": {"type": "rm -rf"}}', 'not JSON', Buffer.from([1, 2, 3])]);
      await logged(n.name, sinceMs, 'the malformed control requests', (e) => e.msg === 'malformed control request' && e['reason'] === 'binary-frame');
      while (answers.length < 3) await new Promise((r) => setTimeout(r, 20));
      expect(answers.map((a) => (JSON.parse(a) as { result: { ok: boolean } }).result.ok)).toEqual([false, false, false]);
      control.ws.close();
    }
    for (const n of cluster.layout.nodes) expect([n.name, cluster.alive(n.name)]).toEqual([n.name, true]);
    const after = await cluster.until('everything still runs', everyoneOnline);
    expect(shape(after)).toEqual(shape(before));
  }, 60_000);

  it('fences the node whose daemon was SIGKILLed and recovers its group on a survivor', async () => {
    const before = await cluster.until('everything runs', allRunning);
    const victim = where(before, 'ip')!.node!;
    cluster.kill(victim, 'SIGKILL');
    const after = await cluster.until(`${victim} is fenced and app runs elsewhere`, fencedAndRecovered(victim));
    const survivors = new Set(['ip', 'db', 'web'].map((id) => where(after, id)!.node));
    expect(survivors.size).toBe(1);
    expect(cluster.poweredOn(victim)).toBe(false);
    const fence = after.fencing.find((f) => f.target === victim && f.result === 'succeeded')!;
    expect(fence.by).toBe(`fence-${victim}`);
  }, 60_000);
});
