// `vigil daemon --inspect`: a WebSocket client on the inspector's endpoint receives what
// @statelyai/inspect sends from the coordinator's actor system (registrations of the
// coordinator, node and resource actors, events, snapshots), redacted; a viewer that connects
// late still gets every live actor. Off, there is no endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SECRET, startOneDaemon, type OneDaemon } from './one-daemon.ts';

interface Inspected { type: string; sessionId: string; name?: string; snapshot?: { value?: unknown; context?: unknown }; event?: { type: string } }

/** Collects what a viewer receives until `done` says enough (or fails after timeoutMs). */
function watch(url: string, done: (seen: Inspected[]) => boolean, timeoutMs = 20_000): Promise<{ seen: Inspected[]; raw: string[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const seen: Inspected[] = [];
    const raw: string[] = [];
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error(`gave up after ${timeoutMs} ms; saw ${seen.length} messages: ${[...new Set(seen.map((m) => `${m.type}:${m.name ?? ''}`))].join(' ')}`));
    }, timeoutMs);
    ws.on('message', (data) => {
      raw.push(String(data));
      seen.push(JSON.parse(String(data)) as Inspected);
      if (done(seen)) {
        clearTimeout(timer);
        ws.close();
        resolve({ seen, raw });
      }
    });
    ws.on('error', reject);
  });
}

const registered = (seen: Inspected[], name: string): boolean => seen.some((m) => m.type === '@xstate.actor' && m.name === name);
const complete = (seen: Inspected[]): boolean =>
  ['coordinator', 'node:node1', 'resource:web@node1', 'fence:ipmi@node1'].every((n) => registered(seen, n))
  && seen.some((m) => m.type === '@xstate.event' && m.event?.type === 'RESOURCE.REPORT')
  && seen.some((m) => m.type === '@xstate.snapshot' && JSON.stringify(m.snapshot?.value ?? null).includes('monitoring'));

let one: OneDaemon;

describe('the Stately inspector (--inspect)', () => {
  beforeAll(async () => {
    one = await startOneDaemon({ port: 7790, inspect: true });
  });
  afterAll(() => one.stop());

  it('should stream the actors\' registrations, events and snapshots to a WebSocket client', async () => {
    const { seen } = await watch(`${one.url.replace('http', 'ws')}/inspect/ws`, complete);
    const coordinator = seen.find((m) => m.type === '@xstate.actor' && m.name === 'coordinator')!;
    expect(coordinator.snapshot?.value).toBeDefined();
    // Events and snapshots name the actor they belong to by its session id, as the Stately inspector expects.
    const sessions = new Set(seen.filter((m) => m.type === '@xstate.actor').map((m) => m.sessionId));
    expect(seen.filter((m) => m.type === '@xstate.snapshot').some((m) => sessions.has(m.sessionId))).toBe(true);
  });

  it('should replay every live actor to a viewer that connects late, with its latest snapshot', async () => {
    const { seen } = await watch(`${one.url.replace('http', 'ws')}/inspect/ws`, (s) => ['coordinator', 'node:node1', 'resource:web@node1'].every((n) => registered(s, n)), 5_000);
    const node = seen.find((m) => m.type === '@xstate.actor' && m.name === 'node:node1')!;
    expect(node.snapshot?.value).toBe('online');
  });

  it('should never send a fence device\'s password', async () => {
    const { raw } = await watch(`${one.url.replace('http', 'ws')}/inspect/ws`, complete);
    const all = raw.join('\n');
    expect(all).toContain('[redacted]');
    expect(all).not.toContain(SECRET);
  });

  it('should ignore what a viewer sends (only the daemon\'s own inspector feeds the relay)', async () => {
    const intruder = new WebSocket(`${one.url.replace('http', 'ws')}/inspect/ws`);
    await new Promise((resolve) => intruder.on('open', resolve));
    intruder.send(JSON.stringify({ type: '@xstate.actor', name: 'intruder', sessionId: 'x:1', _version: '0' }));
    intruder.close();
    const { seen } = await watch(`${one.url.replace('http', 'ws')}/inspect/ws`, (s) => registered(s, 'coordinator'), 5_000);
    expect(registered(seen, 'intruder')).toBe(false);
  });

  it('should serve the bridge page that opens the Stately inspector on this endpoint', async () => {
    const res = await fetch(`${one.url}/inspect`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('https://stately.ai/inspect');
    expect(html).toContain('"/inspect/ws"');
    expect(html).toContain('node1 hosts the coordinator (epoch 1)');
  });
});

describe('without --inspect', () => {
  let plain: OneDaemon;
  beforeAll(async () => {
    plain = await startOneDaemon({ port: 7792, inspect: false });
  });
  afterAll(() => plain.stop());

  it('should serve no inspector endpoint while the coordinator runs', async () => {
    const deadline = Date.now() + 10_000;
    while (plain.daemon.coordinatorActor() === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(plain.daemon.coordinatorActor()).not.toBeNull();
    expect((await fetch(`${plain.url}/inspect`)).status).toBe(404);
    const refused = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`${plain.url.replace('http', 'ws')}/inspect/ws`);
      ws.on('open', () => { ws.close(); resolve(false); });
      ws.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
