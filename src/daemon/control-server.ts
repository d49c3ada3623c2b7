// The control channel: how an administrator's `vigil` command reaches a daemon. An HTTPS server
// with TLS-PSK (the cluster key, PSK identity `vigil-cli`; any other identity fails the
// handshake) serving one WebSocket path. Each text frame is a ControlRequest, answered by a
// ControlResponse with the same id. A malformed frame is logged and answered with an error; the
// connection stays open and the daemon never throws because of what a client sent.
import { LogLimit } from '../transport/log-limit.ts';
import { createServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { assert } from '../assert.ts';
import type { NodeAddressConfig } from '../config/model.ts';
import { attributeCommandSchemas } from '../attributes/command-schemas.ts';
import { boolean, isPlainObject, literal, object, string, type Schema } from '../transport/schema.ts';
import { serverPskOptions } from '../transport/tls-psk.ts';
import type { AdminCommand, AdminCommandType, AdminResult, ControlHandler, ControlRequest, ControlResponse } from './control-types.ts';

/** The URL path of the control endpoint (versioned with the protocol). */
export const CONTROL_PATH = '/vigil/control/v1';
/** The PSK identity every administrator's client presents. */
export const CONTROL_IDENTITY = 'vigil-cli';
/** Largest request frame (a config.apply carries a whole config). */
export const CONTROL_REQUEST_BYTES_MAX = 4 * 1024 * 1024;
/** Requests one connection may have in flight; more are answered "busy" at once. */
export const CONTROL_IN_FLIGHT_MAX = 16;
/** How long close() lets clients receive their last answers before cutting them off. */
const CLOSE_GRACE_MS = 1_000;

assert(CONTROL_IN_FLIGHT_MAX > 0, 'a connection must be able to ask something');

/** The daemon's control port: one above its mesh port, on the same host. */
export function controlPortOf(address: NodeAddressConfig): number {
  assert(Number.isInteger(address.port) && address.port >= 1 && address.port < 65535, `mesh port ${address.port} leaves no room for the control port (port + 1)`);
  return address.port + 1;
}

// ---------------------------------------------------------------------------------------------
// Request validation (exact objects: unknown fields are refused).

// Names are only bounded here: an unknown or misspelled one gets the coordinator's answer,
// which names it and suggests the likely one.
const resourceId = string({ minLength: 1, maxLength: 1024 });
const node = string({ minLength: 1, maxLength: 1024 });
const fenceAction: Schema<'reboot' | 'off'> = {
  check: (value, path) => (value === 'reboot' || value === 'off' ? undefined : `${path}: expected "reboot" or "off"`),
};

const COMMAND_SCHEMAS: Record<AdminCommandType, Schema<unknown>> = {
  'status': object({ type: literal('status') }),
  'resource.move': object({ type: literal('resource.move'), resource: resourceId, node }),
  'resource.ban': object({ type: literal('resource.ban'), resource: resourceId, node }, ['node']),
  'resource.clear': object({ type: literal('resource.clear'), resource: resourceId, node }, ['node']),
  'resource.cleanup': object({ type: literal('resource.cleanup'), resource: resourceId, node }, ['node']),
  'resource.start': object({ type: literal('resource.start'), resource: resourceId }),
  'resource.stop': object({ type: literal('resource.stop'), resource: resourceId }),
  'node.standby': object({ type: literal('node.standby'), node }),
  'node.online': object({ type: literal('node.online'), node }),
  'node.maintenance': object({ type: literal('node.maintenance'), node }),
  'fence.confirm': object({ type: literal('fence.confirm'), node }),
  'fence.node': object({ type: literal('fence.node'), node, action: fenceAction }, ['action']),
  'fence.history': object({ type: literal('fence.history') }),
  'config.show': object({ type: literal('config.show') }),
  'config.apply': object({ type: literal('config.apply'), file: string({ minLength: 1, maxLength: 4096 }), text: string({ maxLength: CONTROL_REQUEST_BYTES_MAX }) }),
  'daemon.stop': object({ type: literal('daemon.stop'), leaveResources: boolean() }),
  ...attributeCommandSchemas(node),
};

/** Every command type the channel accepts. */
export const ADMIN_COMMAND_TYPES = Object.keys(COMMAND_SCHEMAS) as AdminCommandType[];

/** Checks an AdminCommand received from outside: the first problem as "path: what", or undefined. */
export function checkAdminCommand(value: unknown, path = 'command'): string | undefined {
  if (!isPlainObject(value)) return `${path}: expected an object`;
  const type = value['type'];
  if (typeof type !== 'string' || !Object.hasOwn(COMMAND_SCHEMAS, type)) {
    return `${path}.type: expected one of ${ADMIN_COMMAND_TYPES.join(', ')}, got ${JSON.stringify(type)?.slice(0, 60)}`;
  }
  return COMMAND_SCHEMAS[type as AdminCommandType].check(value, path);
}

const REQUEST_ID = string({ minLength: 1, maxLength: 128 });

export type ParsedRequest = { ok: true; request: ControlRequest } | { ok: false; id: string; error: string };

/** Decodes one text frame; on failure the id is echoed when it could be read, else ''. */
export function parseControlRequest(text: string): ParsedRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, id: '', error: `malformed control request: not JSON (${(error as Error).message})` };
  }
  const id = isPlainObject(value) && REQUEST_ID.check(value['id'], 'id') === undefined ? (value['id'] as string) : '';
  const problem = object({ id: REQUEST_ID, command: { check: checkAdminCommand } }).check(value, 'request');
  if (problem !== undefined) return { ok: false, id, error: `malformed control request: ${problem}` };
  return { ok: true, request: value as unknown as ControlRequest };
}

// ---------------------------------------------------------------------------------------------
// The server.

export interface ControlServerOptions {
  host: string;
  /** 0: an ephemeral port (read it back from the result). */
  port: number;
  key: Buffer;
  handler: ControlHandler;
  logger: Logger;
}

export interface ControlServer {
  port: number;
  close(): Promise<void>;
}

function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Starts listening; resolves once the port is bound. */
export async function createControlServer(opts: ControlServerOptions): Promise<ControlServer> {
  assert(opts.key.length > 0, 'the control channel needs the cluster key');
  const logger = opts.logger.child({ component: 'control' });
  const identities = new WeakMap<TLSSocket, string>();
  // Failed handshakes can come as a flood: the log says how many it left out.
  const refusedLog = new LogLimit();
  const psk = serverPskOptions(opts.key, (id) => id === CONTROL_IDENTITY, (socket, id) => identities.set(socket, id));
  const server = createServer(psk, (_req, res) => res.writeHead(426, { 'content-type': 'text/plain' }).end('vigil control: WebSocket only\n'));
  server.on('tlsClientError', (error: Error & { code?: string }, socket: TLSSocket) => {
    const identity = identities.get(socket);
    const reason = identity === undefined ? 'no pre-shared key offered' : identity === CONTROL_IDENTITY ? 'wrong cluster key' : `identity '${identity}' is not '${CONTROL_IDENTITY}'`;
    const admitted = refusedLog.admit();
    if (admitted.log) logger.warn({ identity, remote: socket.remoteAddress, code: error.code, reason, ...LogLimit.fields(admitted) }, 'refused control client during TLS handshake');
  });
  const wss = new WebSocketServer({ server, path: CONTROL_PATH, maxPayload: CONTROL_REQUEST_BYTES_MAX, perMessageDeflate: false });
  let closing = false;
  wss.on('connection', (ws, req) => {
    if (closing) return void ws.close(1001, 'daemon stopping');
    serveConnection(ws, req.socket.remoteAddress ?? '?', opts.handler, logger);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  assert(address !== null && typeof address === 'object', 'a TCP server has an address object');
  logger.info({ host: opts.host, port: address.port }, 'control channel listening');
  return {
    port: address.port,
    async close() {
      if (closing) return;
      closing = true;
      await closeGracefully([...wss.clients]);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      logger.info('control channel closed');
    },
  };
}

/** Close frames go out after queued answers, so a `daemon stop` caller still hears back. */
async function closeGracefully(clients: WebSocket[]): Promise<void> {
  await Promise.all(clients.map((ws) => new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      ws.terminate();
      resolve();
    }, CLOSE_GRACE_MS);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close(1001, 'daemon stopping');
  })));
}

function serveConnection(ws: WebSocket, remote: string, handler: ControlHandler, logger: Logger): void {
  let inFlight = 0;
  const answer = (response: ControlResponse): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(response));
  };
  ws.on('error', (error) => logger.debug({ remote, err: error.message }, 'control socket error'));
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      logger.warn({ remote, reason: 'binary-frame' }, 'malformed control request');
      return answer({ id: '', result: { ok: false, error: 'malformed control request: binary frame (send JSON text)' } });
    }
    const parsed = parseControlRequest(frameText(data));
    if (!parsed.ok) {
      logger.warn({ remote, id: parsed.id, reason: parsed.error }, 'malformed control request');
      return answer({ id: parsed.id, result: { ok: false, error: parsed.error } });
    }
    const { id, command } = parsed.request;
    if (inFlight >= CONTROL_IN_FLIGHT_MAX) {
      logger.warn({ remote, id, inFlight }, 'control request refused: too many in flight');
      return answer({ id, result: { ok: false, error: `busy: ${inFlight} requests in flight on this connection; wait for their answers` } });
    }
    inFlight += 1;
    void runHandler(handler, command, logger).then((result) => {
      inFlight -= 1;
      answer({ id, result });
    });
  });
}

/** The handler's answer; a throw (a daemon bug) becomes an error answer and a log line. */
async function runHandler(handler: ControlHandler, command: AdminCommand, logger: Logger): Promise<AdminResult> {
  logger.info({ command: command.type }, 'admin command');
  try {
    return await handler.handle(command);
  } catch (error) {
    logger.error({ command: command.type, err: (error as Error).message }, 'admin command handler failed');
    return { ok: false, error: `the daemon failed to handle ${command.type}: ${(error as Error).message}` };
  }
}
