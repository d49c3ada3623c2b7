// The page's data on the daemon that hosts the coordinator: actor states read from the live
// actors (exact, nested ones included), the explanation from the coordinator's own context,
// and the coordinator's log lines in the event stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorState } from '../../src/inspect/actors.ts';
import type { PageEvent } from '../../src/inspect/events.ts';
import { startOneDaemon, type OneDaemon } from './one-daemon.ts';

let one: OneDaemon;

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

describe('the status page on the coordinator\'s daemon', () => {
  beforeAll(async () => {
    one = await startOneDaemon({ port: 7796, inspect: false });
  });
  afterAll(() => one.stop());

  it('should read every actor\'s state from the live actors, nested ones included', async () => {
    const read = async () => (await (await fetch(`${one.url}/api/status`)).json() as { actors: ActorState[] }).actors;
    const actors = await until('web started', read, (a) => a.some((x) => x.id === 'resource:web@node1' && /lifecycle\.(started|monitoring)/.test(x.state)));
    expect(actors.map((a) => a.id)).toEqual(expect.arrayContaining(['coordinator', 'node:node1', 'resource:web@node1', 'fence:ipmi@node1', 'fence:ipmi@node1/lifecycle']));
    expect(actors.every((a) => a.exact)).toBe(true);
    expect(actors.find((a) => a.id === 'node:node1')).toMatchObject({ machine: 'node', state: 'online', active: ['node', 'node.online'] });
    const fence = actors.find((a) => a.id === 'fence:ipmi@node1')!;
    expect(fence.active).toEqual(['fence', 'fence.device', 'fence.device.running', 'fence.requests', 'fence.requests.idle']);
  });

  it('should explain from the coordinator\'s own context', async () => {
    const body = await (await fetch(`${one.url}/api/explain?resource=web`)).json() as { from: string; explanation: { placed: string } };
    expect(body).toMatchObject({ from: 'coordinator', explanation: { placed: 'node1' } });
  });

  it('should carry the coordinator\'s log lines in the events, a failed monitor among them', async () => {
    one.failNextMonitor('web');
    const read = async () => (await (await fetch(`${one.url}/api/events`)).json() as { events: PageEvent[] }).events;
    const events = await until('the failure and its fail-count', read, (es) => es.some((e) => e.message === 'web on node1: fail-count 0 → 1'));
    const lines = events.filter((e) => e.source === 'coordinator');
    expect(lines.map((e) => e.message)).toEqual(expect.arrayContaining(['coordinator of epoch 1 started']));
    expect(lines.find((e) => e.message.startsWith('monitor_500 of web on node1 failed: rc 7'))?.level).toBe('warn');
  });
});
