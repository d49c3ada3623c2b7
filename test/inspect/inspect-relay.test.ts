// The inspector's relay on its own: the producer (with the token) feeds it; a viewer that
// connects late gets each live actor once, with its latest snapshot, then recent events; an
// actor that ended is not replayed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createInspectRelay, type InspectRelay } from '../../src/inspect/inspect-relay.ts';

let relay: InspectRelay;
let server: Server;
let base: string;

beforeAll(async () => {
  relay = createInspectRelay();
  server = createServer();
  server.on('upgrade', (req, socket, head) => relay.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/inspect/ws`;
});
afterAll(async () => {
  relay.close();
  await new Promise((resolve) => server.close(resolve));
});

const opened = (ws: WebSocket) => new Promise((resolve) => ws.on('open', resolve));

describe('the inspector relay', () => {
  it('should replay live actors with their latest snapshot, skip ended ones, then recent events', async () => {
    const producer = new WebSocket(`${base}?${relay.producerQuery}`);
    await opened(producer);
    const send = (m: object) => producer.send(JSON.stringify(m));
    send({ type: '@xstate.actor', name: 'coordinator', sessionId: 'x:0', snapshot: { status: 'active', value: 'idle' } });
    send({ type: '@xstate.actor', name: 'runAgent', sessionId: 'x:1', snapshot: { status: 'active' } });
    send({ type: '@xstate.event', sessionId: 'x:0', event: { type: 'MEMBER.UP' } });
    send({ type: '@xstate.snapshot', sessionId: 'x:0', snapshot: { status: 'active', value: 'settling' } });
    send({ type: '@xstate.snapshot', sessionId: 'x:1', snapshot: { status: 'done' } });
    send({ type: 'not-inspection' });
    const deadline = Date.now() + 5_000;
    while (relay.stats().recent < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(relay.stats()).toMatchObject({ actors: 1, recent: 3, producers: 1 });

    const viewer = new WebSocket(base);
    const got: { type: string; sessionId: string; snapshot?: { value?: string } }[] = [];
    await new Promise<void>((resolve) => viewer.on('message', (d) => {
      got.push(JSON.parse(String(d)));
      if (got.length === 4) resolve();
    }));
    expect(got.map((m) => `${m.type} ${m.sessionId}`)).toEqual(['@xstate.actor x:0', '@xstate.event x:0', '@xstate.snapshot x:0', '@xstate.snapshot x:1']);
    expect(got[0]!.snapshot?.value).toBe('settling');
    // What the producer sends next reaches the viewer as it comes.
    const next = new Promise((resolve) => viewer.once('message', (d) => resolve(JSON.parse(String(d)))));
    send({ type: '@xstate.event', sessionId: 'x:0', event: { type: 'COORDINATOR.SCHEDULE' } });
    expect(await next).toMatchObject({ event: { type: 'COORDINATOR.SCHEDULE' } });
    expect(relay.stats().viewers).toBe(1);
    producer.close();
    viewer.close();
  });
});
