// The WebSocket mesh over real TLS-PSK sockets on 127.0.0.1 with ephemeral ports.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { makeMessage } from '../../src/transport/codec.ts';
import type { WsMesh } from '../../src/transport/ws-mesh.ts';
import { closed, FAST_HEARTBEAT, fullyConnected, newKey, note, noteRegistry, noteText, rawClient, startMeshes, waitUntil, type LogLine, type MeshSet } from './helpers.ts';

const sets: MeshSet[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(sets.splice(0).map((s) => s.closeAll()));
});

async function meshes(names: string[], configured = names, key = newKey()): Promise<MeshSet> {
  const set = await startMeshes(names, { registry: noteRegistry() }, key, configured);
  sets.push(set);
  await waitUntil('a full mesh', () => fullyConnected(set, names));
  return set;
}

function inbox(mesh: WsMesh): string[] {
  const got: string[] = [];
  mesh.onMessage((from, msg) => got.push(`${from}:${noteText(msg)}`));
  return got;
}

const logged = (lines: LogLine[] | undefined, msg: string): LogLine[] => (lines ?? []).filter((l) => l.msg === msg);
const hello = (from: string, to: string): string => JSON.stringify(makeMessage(from, 'hello', { to }));

describe('ws-mesh', () => {
  it('should form a full mesh of three nodes and deliver messages in every direction', async () => {
    const set = await meshes(['a', 'b', 'c']);
    const boxes = new Map([...set.meshes].map(([name, mesh]) => [name, inbox(mesh)]));
    for (const [name, mesh] of set.meshes) mesh.broadcast(note(name, `from ${name}`));
    set.meshes.get('c')!.send('a', note('c', 'direct'));
    await waitUntil('all messages', () => [...boxes.values()].every((box) => box.length >= 2) && boxes.get('a')!.length === 3);
    expect(boxes.get('a')!.sort()).toEqual(['b:from b', 'c:direct', 'c:from c']);
    expect(boxes.get('b')!.sort()).toEqual(['a:from a', 'c:from c']);
    expect(boxes.get('c')!.sort()).toEqual(['a:from a', 'b:from b']);
    // one connection per pair: a dialed both, c dialed none
    const dialed = (name: string) => logged(set.logs.get(name), 'peer up').filter((l) => l['direction'] === 'dialed').length;
    expect([dialed('a'), dialed('b'), dialed('c')]).toEqual([2, 1, 0]);
  });

  it('should refuse a peer with the wrong key during the TLS handshake and never read from it', async () => {
    const set = await meshes(['b', 'c', 'd'], ['a', 'b', 'c', 'd']);
    const received = [...set.meshes.values()].map(inbox);
    const intruder = await startMeshes(['a'], { registry: noteRegistry(), nodes: set.addresses }, newKey(), ['a', 'b', 'c', 'd']);
    sets.push(intruder);
    const refusals = () => ['b', 'c', 'd'].flatMap((n) => logged(set.logs.get(n), 'refused peer during TLS handshake'));
    await waitUntil('refusals from every node, with a retry', () => new Set(refusals().map((l) => l['node'])).size === 3 && refusals().length >= 4);
    intruder.meshes.get('a')!.broadcast(note('a', 'let me in'));
    expect(refusals().every((l) => l['identity'] === 'a' && l['reason'] === 'wrong cluster key')).toBe(true);
    expect(intruder.meshes.get('a')!.peers()).toEqual([]);
    for (const name of ['b', 'c', 'd']) {
      expect(set.meshes.get(name)!.peers()).not.toContain('a');
      expect(logged(set.logs.get(name), 'dropped malformed message')).toEqual([]);
    }
    expect(received.flat()).toEqual([]);
  });

  it('should refuse an unknown node name and a node claiming a name it should not dial with', async () => {
    const set = await meshes(['b', 'c']);
    const port = set.meshes.get('b')!.port;
    await expect(rawClient(port, set.key, 'mallory')).rejects.toThrow();
    await expect(rawClient(port, set.key, 'c')).rejects.toThrow();
    await waitUntil('two refusals', () => logged(set.logs.get('b'), 'refused peer during TLS handshake').length === 2);
    const reasons = logged(set.logs.get('b'), 'refused peer during TLS handshake').map((l) => l['reason']);
    expect(reasons[0]).toContain("'mallory' is not a configured node");
    expect(reasons[1]).toContain("'c' sorts after 'b'");
  });

  it('should drop and log malformed frames from a keyed client and keep working', async () => {
    const set = await meshes(['b', 'c'], ['a', 'b', 'c']);
    const b = set.meshes.get('b')!;
    const box = inbox(b);
    const ws = await rawClient(b.port, set.key, 'a');
    sockets.push(ws);
    const replies: string[] = [];
    ws.on('message', (data) => replies.push(String(data)));
    ws.send('{"v":1,"kind":');
    ws.send(hello('a', 'b'));
    await waitUntil('b sees a', () => b.peers().includes('a'));
    ws.send('[]');
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send(JSON.stringify({ v: 7, kind: 'note', from: 'a', body: { text: 'v7' } }));
    ws.send(JSON.stringify(note('c', 'spoofed')));
    ws.send(JSON.stringify(note('a', 'valid')));
    await waitUntil('the valid message', () => box.length === 1);
    expect(box).toEqual(['a:valid']);
    const drops = logged(set.logs.get('b'), 'dropped malformed message').map((l) => l['reason']);
    expect(drops).toEqual(['malformed-json', 'not-an-object', 'binary-frame', 'unknown-version']);
    expect(logged(set.logs.get('b'), 'dropped message: sender is not the authenticated peer')).toHaveLength(1);
    expect(JSON.parse(replies[0]!)).toMatchObject({ kind: 'hello', from: 'b', body: { to: 'a' } });
    set.meshes.get('c')!.send('b', note('c', 'still fine'));
    await waitUntil('c to b after the garbage', () => box.length === 2);
    expect(b.peers()).toEqual(['a', 'c']);
  });

  it('should refuse a second connection under a name that is already connected', async () => {
    const set = await meshes(['b', 'c'], ['a', 'b', 'c']);
    const b = set.meshes.get('b')!;
    const first = await rawClient(b.port, set.key, 'a');
    const second = await rawClient(b.port, set.key, 'a');
    sockets.push(first, second);
    first.send(hello('a', 'b'));
    await waitUntil('b sees a', () => b.peers().includes('a'));
    second.send(hello('a', 'b'));
    expect(await closed(second)).toBe(4009);
    expect(logged(set.logs.get('b'), 'refused peer')[0]?.['reason']).toContain('already connected');
    expect(b.peers()).toEqual(['a', 'c']);
  });

  it('should report a peer that goes silent after the heartbeat timeout, and close its socket', async () => {
    const set = await meshes(['b', 'c'], ['a', 'b', 'c']);
    const b = set.meshes.get('b')!;
    const events: Array<[string, boolean, number]> = [];
    b.onPeer((peer, up) => events.push([peer, up, Date.now()]));
    const ws = await rawClient(b.port, set.key, 'a');
    sockets.push(ws);
    ws.send(hello('a', 'b'));
    await waitUntil('a up', () => events.some(([p, up]) => p === 'a' && up));
    const lastFrameMs = Date.now(); // the raw client never sends again
    const code = await closed(ws);
    await waitUntil('a down', () => events.some(([p, up]) => p === 'a' && !up));
    const downMs = events.find(([p, up]) => p === 'a' && !up)![2] - lastFrameMs;
    expect(code).toBe(1006); // dropped, not politely closed
    expect(downMs).toBeGreaterThanOrEqual(FAST_HEARTBEAT.timeoutMs - 5);
    expect(logged(set.logs.get('b'), 'peer silent past the heartbeat timeout')).toHaveLength(1);
    expect(b.peers()).toEqual(['c']);
  });

  it('should not blame a peer for its own stall: frames waiting to be read are read before the verdict', async () => {
    const set = await meshes(['a', 'b']);
    const downs: string[] = [];
    for (const [name, mesh] of set.meshes) mesh.onPeer((peer, up) => { if (!up) downs.push(`${name}-${peer}`); });
    // This process (both nodes) is busy for more than twice the timeout, as a daemon forking a
    // burst of agents once was: every timer then fires late, before any socket is read.
    for (const stopAt = Date.now() + FAST_HEARTBEAT.timeoutMs * 2.5; Date.now() < stopAt;) { /* busy */ }
    await new Promise((r) => setTimeout(r, FAST_HEARTBEAT.timeoutMs));
    expect(downs).toEqual([]);
    expect(logged(set.logs.get('a'), 'peer silent past the heartbeat timeout')).toEqual([]);
    expect(set.meshes.get('a')!.peers()).toEqual(['b']);
  });

  it('should notice a closed peer and reconnect when it comes back, on either side of the dial', async () => {
    const set = await meshes(['a', 'b', 'c']);
    const a = set.meshes.get('a')!;
    const down: string[] = [];
    a.onPeer((peer, up) => down.push(`${peer} ${up ? 'up' : 'down'}`));
    await set.meshes.get('c')!.close(); // c only accepts: a and b must redial it
    await waitUntil('c gone', () => a.peers().join() === 'b' && set.meshes.get('b')!.peers().join() === 'a');
    const again = await startMeshes(['c'], { registry: noteRegistry(), nodes: set.addresses }, set.key, ['a', 'b', 'c']);
    sets.push(again);
    set.meshes.set('c', again.meshes.get('c')!);
    await waitUntil('c back', () => fullyConnected(set, ['a', 'b', 'c']));
    expect(down).toEqual(['c down', 'c up']);
    await a.close(); // a only dials: it must come back on its own
    await waitUntil('a gone', () => set.meshes.get('b')!.peers().join() === 'c');
    const back = await startMeshes(['a'], { registry: noteRegistry(), nodes: set.addresses }, set.key, ['a', 'b', 'c']);
    sets.push(back);
    set.meshes.set('a', back.meshes.get('a')!);
    await waitUntil('a back', () => fullyConnected(set, ['a', 'b', 'c']));
    const box = inbox(set.meshes.get('c')!);
    set.meshes.get('a')!.send('c', note('a', 'after restart'));
    await waitUntil('delivery after restart', () => box.length === 1);
  });
});
