// The status page server with a fake daemon: it serves the page (nothing from elsewhere), the
// data behind it, the statecharts and the scheduler's explanation; it refuses every action;
// and its WebSocket pushes a changed view and the events it implies, without being asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { capture, memoryLogger } from '../cli/helpers.ts';
import { daemonCommand } from '../../src/cli/commands/daemon.ts';
import { realisticView } from '../cli/view-fixture.ts';
import { startInspection } from '../../src/inspect/attach.ts';
import { createStatusServer, type StatusServer } from '../../src/inspect/http-server.ts';
import type { LiveMessage } from '../../src/inspect/live-hub.ts';
import { fakeSource, type FakeSource } from './fake-source.ts';

let source: FakeSource;
let server: StatusServer;

beforeAll(async () => {
  source = fakeSource();
  server = await createStatusServer({ host: '127.0.0.1', port: 0, source, logger: memoryLogger().logger, inspect: false });
});
afterAll(() => server.close());

const get = (path: string) => fetch(`${server.url}${path}`);

/** Messages from /live until `until` holds for the list so far. */
function live(until: (msgs: LiveMessage[]) => boolean, act?: () => void): Promise<LiveMessage[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/live`);
    const msgs: LiveMessage[] = [];
    const timer = setTimeout(() => { ws.close(); reject(new Error(`no end: ${JSON.stringify(msgs.map((m) => m.type))}`)); }, 5_000);
    ws.on('message', (data) => {
      msgs.push(JSON.parse(String(data)) as LiveMessage);
      if (msgs.length === 3) act?.();
      if (until(msgs)) {
        clearTimeout(timer);
        ws.close();
        resolve(msgs);
      }
    });
  });
}

describe('the status page server', () => {
  it('should serve the page and its assets with nothing loaded from another origin', async () => {
    for (const path of ['/', '/page.js', '/page.css']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const text = await res.text();
      expect(text, path).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
      expect(text, path).not.toMatch(/@import|cdn|googleapis|unpkg|jsdelivr/i);
    }
    expect(await (await get('/')).text()).toContain('actions need the cluster key: use the vigil CLI');
  });

  it('should answer /api/status with the view and the actors it implies', async () => {
    const body = await (await get('/api/status')).json() as { self: string; view: { cluster: string }; actors: { id: string; state: string; active: string[] }[] };
    expect(body.self).toBe('n2');
    expect(body.view.cluster).toBe('demo');
    const node3 = body.actors.find((a) => a.id === 'node:n3')!;
    expect(node3).toMatchObject({ state: 'unclean', active: ['node', 'node.unclean'] });
    expect(body.actors.find((a) => a.id === 'resource:ping@n2')).toMatchObject({ state: 'monitor-failed', active: ['resource', 'resource.lifecycle', 'resource.lifecycle.monitor-failed'] });
  });

  it('should serve each machine\'s statechart with its states addressable for highlighting', async () => {
    const res = await get('/api/diagram/resource.svg');
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    expect(await res.text()).toContain('data-id="resource.lifecycle.monitor-failed"');
    const unknown = await get('/api/diagram/nope.svg');
    expect(unknown.status).toBe(404);
    expect((await unknown.json() as { error: string }).error).toContain('one of: resource, node');
  });

  it('should explain a resource\'s placement from the replicated status', async () => {
    const body = await (await get('/api/explain?resource=ip')).json() as { from: string; explanation: { placed: string; scores: { node: string }[] } };
    expect(body.from).toBe('view');
    expect(body.explanation.scores.map((s) => s.node).sort()).toEqual(['n1', 'n2', 'n3']);
    // n3 is unclean, n2 in standby: the fixture's config leaves n1.
    expect(body.explanation.placed).toBe('n1');
    expect((await get('/api/explain')).status).toBe(400);
    const missing = await get('/api/explain?resource=nope');
    expect(missing.status).toBe(404);
    expect((await missing.json() as { error: string }).error).toContain("no resource 'nope'");
  });

  it('should refuse every action: they need the cluster key', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await fetch(`${server.url}/api/status`, { method });
      expect(res.status).toBe(405);
      expect((await res.json() as { error: string }).error).toContain('actions need the cluster key: use the vigil CLI');
    }
    expect((await get('/inspect')).status).toBe(404);
  });

  it('should push a changed view and the events it implies over /live, without being asked', async () => {
    const before = realisticView();
    const after = realisticView();
    after.resources[0] = { ...after.resources[0]!, state: 'monitor-failed' };
    after.nodes[1] = { ...after.nodes[1]!, state: 'online', mode: 'online' };
    const msgs = await live((m) => m.some((x) => x.type === 'events' && x.events.some((e) => e.message.startsWith('ip:'))), () => source.setView(after));
    expect(msgs.slice(0, 2).map((m) => m.type)).toEqual(['hello', 'status']);
    expect(msgs[0]).toMatchObject({ type: 'hello', self: 'n2', inspector: false, readOnly: 'actions need the cluster key: use the vigil CLI' });
    const pushed = msgs.filter((m) => m.type === 'status').at(-1) as Extract<LiveMessage, { type: 'status' }>;
    expect(pushed.view?.resources[0]?.state).toBe('monitor-failed');
    const events = msgs.flatMap((m) => (m.type === 'events' ? m.events : []));
    expect(events.map((e) => e.message)).toEqual(expect.arrayContaining(['ip: started on n1 → monitor-failed on n1', 'node n2: standby → online']));
    source.setView(before);
  });

  it('should add the coordinator\'s log lines to the events, but not its debug lines', async () => {
    const msgs = await live((m) => m.some((x) => x.type === 'events' && x.events.some((e) => e.source === 'coordinator')), () => {
      source.log({ level: 'debug', message: 'dispatched start', fields: {} });
      source.log({ level: 'warn', message: 'n3 lost', fields: {} });
    });
    const events = msgs.flatMap((m) => (m.type === 'events' ? m.events : []));
    expect(events.filter((e) => e.source === 'coordinator').map((e) => e.message)).toEqual(['n3 lost']);
  });
});

describe('startInspection', () => {
  it('should start nothing without --http or --inspect', async () => {
    expect(await startInspection(fakeSource(), { inspect: false, logger: memoryLogger().logger })).toBeNull();
  });

  it('should serve the page without an inspector (no observer for the coordinator) unless asked', async () => {
    const inspection = (await startInspection(fakeSource(), { inspect: false, http: { host: '127.0.0.1', port: 0 }, logger: memoryLogger().logger }))!;
    try {
      expect(inspection.inspect).toBeUndefined();
      expect(inspection.server.relay).toBeNull();
    } finally {
      await inspection.close();
    }
  });

  it('should say clearly when the port is taken', async () => {
    const port = server.port;
    await expect(startInspection(fakeSource(), { inspect: false, http: { host: '127.0.0.1', port }, logger: memoryLogger().logger }))
      .rejects.toThrow(`--http 127.0.0.1:${port}: cannot listen`);
  });
});

describe('vigil daemon --http and --inspect', () => {
  it('should refuse a bad --http address before starting anything, saying how to write it', async () => {
    for (const [args, message] of [
      [['--node', 'n1', '--http', 'localhost'], "--http 'localhost' is not an address: write HOST:PORT"],
      [['--node', 'n1', '--http'], '--http needs a value'],
    ] as const) {
      const c = capture();
      expect(await daemonCommand.run([...args], c.ctx)).toBe(2);
      expect(c.err.join('\n')).toContain(message);
    }
    expect(daemonCommand.usage).toContain('--inspect');
  });
});

describe('events across a gap with no coordinator', () => {
  it('should tell what changed against the last view any coordinator reported', async () => {
    const src = fakeSource();
    const srv = await createStatusServer({ host: '127.0.0.1', port: 0, source: src, logger: memoryLogger().logger, inspect: false });
    try {
      const after = realisticView();
      after.resources[0] = { ...after.resources[0]!, instances: [{ ...after.resources[0]!.instances[0]!, failCount: 1 }] };
      const settle = () => new Promise((r) => setTimeout(r, 250)); // past the hub's throttle
      src.setView(null);
      await settle();
      src.setView(after);
      await settle();
      const events = (await (await fetch(`${srv.url}/api/events`)).json() as { events: { message: string }[] }).events.map((e) => e.message);
      expect(events).toEqual(['coordinator n1 (epoch 4)', 'no coordinator reports any more (no quorum, or an election is running)', 'ip on n1: fail-count 0 → 1']);
    } finally {
      await srv.close();
    }
  });
});
