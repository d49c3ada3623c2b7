// The control channel over real TLS-PSK sockets on 127.0.0.1 with ephemeral ports: a fake
// ControlHandler on the daemon side, sendControl (or a raw WebSocket) on the other.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ControlError, sendControl, type ControlAddress } from '../../src/cli/control-client.ts';
import { CONTROL_IDENTITY, CONTROL_PATH, controlPortOf, createControlServer, parseControlRequest, type ControlServer } from '../../src/daemon/control-server.ts';
import type { AdminCommand, AdminResult, ControlHandler } from '../../src/daemon/control-types.ts';
import { clientPskOptions } from '../../src/transport/tls-psk.ts';
import { memoryLogger, newKey, type LogLine } from './helpers.ts';

const servers: ControlServer[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A handler that records commands and answers status with a tiny message naming its node. */
function recordingHandler(name: string): ControlHandler & { seen: AdminCommand[] } {
  const seen: AdminCommand[] = [];
  return {
    seen,
    async handle(command) {
      seen.push(command);
      if (command.type === 'resource.move') return { ok: false, error: `no resource '${command.resource}'` };
      return { ok: true, message: `${command.type} handled by ${name}` };
    },
  };
}

async function start(handler: ControlHandler, key: Buffer): Promise<{ server: ControlServer; lines: LogLine[] }> {
  const { logger, lines } = memoryLogger();
  const server = await createControlServer({ host: '127.0.0.1', port: 0, key, handler, logger });
  servers.push(server);
  return { server, lines };
}

const at = (name: string, port: number): ControlAddress => ({ name, host: '127.0.0.1', port });

/** A port nothing listens on: bound once, then closed. */
async function deadPort(): Promise<number> {
  const { server } = await start({ handle: async () => ({ ok: true, message: '' }) }, newKey());
  servers.pop();
  await server.close();
  return server.port;
}

async function rawClient(port: number, key: Buffer, identity = CONTROL_IDENTITY): Promise<WebSocket> {
  const ws = new WebSocket(`wss://127.0.0.1:${port}${CONTROL_PATH}`, { ...clientPskOptions(key, identity), perMessageDeflate: false });
  sockets.push(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

function nextFrame(ws: WebSocket): Promise<{ id: string; result: AdminResult }> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as { id: string; result: AdminResult })));
}

describe('control channel', () => {
  it('should answer a command over TLS-PSK and pass the command through unchanged', async () => {
    const key = newKey();
    const handler = recordingHandler('n1');
    const { server } = await start(handler, key);
    const answer = await sendControl({ addresses: [at('n1', server.port)], key, command: { type: 'resource.ban', resource: 'web', node: 'n2' } });
    expect(answer).toEqual({ node: 'n1', result: { ok: true, message: 'resource.ban handled by n1' } });
    expect(handler.seen).toEqual([{ type: 'resource.ban', resource: 'web', node: 'n2' }]);
    const refused = await sendControl({ addresses: [at('n1', server.port)], key, command: { type: 'resource.move', resource: 'x', node: 'n2' } });
    expect(refused.result).toEqual({ ok: false, error: "no resource 'x'" });
  });

  it('should refuse a client with the wrong key in the handshake, and the client should say so', async () => {
    const handler = recordingHandler('n1');
    const { server, lines } = await start(handler, newKey());
    const error = await sendControl({ addresses: [at('n1', server.port)], key: newKey(), command: { type: 'status' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlError);
    expect((error as ControlError).attempts).toHaveLength(1);
    expect((error as ControlError).attempts[0]!.reason).toMatch(/TLS handshake: wrong cluster key/);
    expect((error as Error).message).toContain(`n1 at 127.0.0.1:${server.port}`);
    expect(handler.seen).toEqual([]);
    expect(lines.some((l) => l.msg === 'refused control client during TLS handshake' && l['reason'] === 'wrong cluster key')).toBe(true);
  });

  it('should refuse a client that presents another PSK identity (a mesh peer name)', async () => {
    const key = newKey();
    const handler = recordingHandler('n1');
    const { server, lines } = await start(handler, key);
    await expect(rawClient(server.port, key, 'n2')).rejects.toThrow();
    expect(handler.seen).toEqual([]);
    expect(lines.some((l) => l.msg === 'refused control client during TLS handshake' && l['reason'] === `identity 'n2' is not '${CONTROL_IDENTITY}'`)).toBe(true);
  });

  it('should answer malformed frames with an error, log them, and keep serving the connection', async () => {
    const key = newKey();
    const handler = recordingHandler('n1');
    const { server, lines } = await start(handler, key);
    const ws = await rawClient(server.port, key);
    const bad = [
      'not json',
      JSON.stringify({ id: 'a1', command: { type: 'resource.move', resource: 'web' } }),
      JSON.stringify({ id: 'a2', command: { type: 'reboot-everything' } }),
      JSON.stringify({ id: 'a3', command: { type: 'status' }, extra: 1 }),
    ];
    const answers = [];
    for (const frame of bad) {
      const answered = nextFrame(ws);
      ws.send(frame);
      answers.push(await answered);
    }
    expect(answers.map((a) => a.id)).toEqual(['', 'a1', 'a2', 'a3']);
    expect(answers.every((a) => !a.result.ok)).toBe(true);
    expect(answers[1]!.result).toEqual({ ok: false, error: 'malformed control request: request.command.node: missing' });
    expect(lines.filter((l) => l.msg === 'malformed control request')).toHaveLength(4);
    const good = nextFrame(ws);
    ws.send(JSON.stringify({ id: 'ok1', command: { type: 'status' } }));
    expect(await good).toEqual({ id: 'ok1', result: { ok: true, message: 'status handled by n1' } });
    expect(handler.seen).toEqual([{ type: 'status' }]);
  });

  it('should answer with an error when the handler throws, and stay up', async () => {
    const key = newKey();
    let calls = 0;
    const { server, lines } = await start({ async handle() { calls += 1; if (calls === 1) throw new Error('boom'); return { ok: true, message: 'fine' }; } }, key);
    const first = await sendControl({ addresses: [at('n1', server.port)], key, command: { type: 'status' } });
    expect(first.result).toEqual({ ok: false, error: 'the daemon failed to handle status: boom' });
    expect(lines.some((l) => l.msg === 'admin command handler failed')).toBe(true);
    const second = await sendControl({ addresses: [at('n1', server.port)], key, command: { type: 'status' } });
    expect(second.result).toEqual({ ok: true, message: 'fine' });
  });

  it('should fail over to the next daemon when the first is down', async () => {
    const key = newKey();
    const handler = recordingHandler('n2');
    const { server } = await start(handler, key);
    const down = await deadPort();
    const answer = await sendControl({ addresses: [at('n1', down), at('n2', server.port)], key, command: { type: 'status' } });
    expect(answer.node).toBe('n2');
    expect(answer.result).toEqual({ ok: true, message: 'status handled by n2' });
  });

  it('should list every daemon tried and why each failed when none answers', async () => {
    const key = newKey();
    const [a, b] = [await deadPort(), await deadPort()];
    const error = await sendControl({ addresses: [at('n1', a), at('n2', b)], key, command: { type: 'status' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlError);
    const message = (error as Error).message;
    expect(message).toContain(`n1 at 127.0.0.1:${a}: connection refused`);
    expect(message).toContain(`n2 at 127.0.0.1:${b}: connection refused`);
    expect(message).toContain('fix: start the daemons');
  });

  it('should not resend a changing command to another daemon once it was delivered', async () => {
    const key = newKey();
    const silent = await start({ handle: () => new Promise<AdminResult>(() => undefined) }, key);
    const other = recordingHandler('n2');
    const second = await start(other, key);
    const addresses = [at('n1', silent.server.port), at('n2', second.server.port)];
    const error = await sendControl({ addresses, key, command: { type: 'fence.node', node: 'n3' }, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlError);
    expect((error as Error).message).toContain('no answer within 200 ms');
    expect((error as Error).message).toContain('may or may not have taken effect');
    expect(other.seen).toEqual([]);
    const status = await sendControl({ addresses, key, command: { type: 'status' }, timeoutMs: 200 });
    expect(status.node).toBe('n2');
  });

  it('should place the control port one above the mesh port', () => {
    expect(controlPortOf({ host: 'h', port: 7100 })).toBe(7101);
    expect(() => controlPortOf({ host: 'h', port: 65535 })).toThrow(/no room/);
  });

  it('should validate requests exactly', () => {
    expect(parseControlRequest(JSON.stringify({ id: 'x', command: { type: 'fence.node', node: 'n1', action: 'off' } }))).toEqual({ ok: true, request: { id: 'x', command: { type: 'fence.node', node: 'n1', action: 'off' } } });
    expect(parseControlRequest(JSON.stringify({ id: 'x', command: { type: 'fence.node', node: 'n1', action: 'explode' } }))).toEqual({ ok: false, id: 'x', error: 'malformed control request: request.command.action: expected "reboot" or "off"' });
    expect(parseControlRequest(JSON.stringify({ id: 'x', command: { type: 'daemon.stop' } }))).toMatchObject({ ok: false, error: 'malformed control request: request.command.leaveResources: missing' });
    expect(parseControlRequest(JSON.stringify([1]))).toMatchObject({ ok: false, id: '' });
  });
});
