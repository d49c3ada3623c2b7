// The agent channel: how the Pacemaker tools an agent runs (crm_attribute, attrd_updater...)
// reach their node's daemon. A Unix socket only this host can reach (mode 0600), and a token
// made afresh at each daemon start that the executor puts in every agent's environment: a
// request without it is refused. One connection per request, one JSON line each way. What a
// request may do is agent-protocol.ts: read, and change attributes, nothing else.
import { randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { assert } from '../assert.ts';
import { AGENT_REQUEST_BYTES_MAX, checkAgentRequest, type AgentRequest, type AgentResponse } from './agent-protocol.ts';

/** Connections served at once; more are closed at once (the tool exits 102, as when no daemon answers). */
const CONNECTIONS_MAX = 64;
/** A tool that connects and says nothing is cut off after this. */
const IDLE_TIMEOUT_MS = 10_000;
/** Longest Unix socket path Linux takes (sun_path is 108 bytes with its NUL). */
const SOCKET_PATH_MAX = 107;

export interface AgentChannelHandler {
  handle(request: AgentRequest): Promise<AgentResponse>;
}

export interface AgentChannel {
  socketPath: string;
  /** What every agent gets in its environment to use the channel (see tools/pacemaker/lib/channel.mjs). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The socket's path: in the state folder, or in the system's temporary folder when that path is too long for a socket. */
export function agentSocketPath(stateDir: string, node: string): string {
  // Absolute: agents run in folders of their own.
  const preferred = resolve(stateDir, `${node}.agent.sock`);
  if (Buffer.byteLength(preferred) <= SOCKET_PATH_MAX) return preferred;
  const digest = createHash('sha256').update(`${stateDir}\0${node}`).digest('hex').slice(0, 16);
  return join(tmpdir(), `vigil-agent-${digest}.sock`);
}

export async function createAgentChannel(opts: { stateDir: string; node: string; handler: AgentChannelHandler; logger: Logger }): Promise<AgentChannel> {
  const logger = opts.logger.child({ component: 'agent-channel' });
  const socketPath = agentSocketPath(opts.stateDir, opts.node);
  const token = randomBytes(32).toString('hex');
  // A socket file left by an earlier run of this daemon (killed) would make listen fail.
  if (existsSync(socketPath)) unlinkSync(socketPath);
  const server = createServer((socket) => serve(socket, server, token, opts.handler, logger));
  server.maxConnections = CONNECTIONS_MAX;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(socketPath, 0o600);
  logger.info({ socket: socketPath }, 'agent channel listening');
  return {
    socketPath,
    env: { VIGIL_AGENT_SOCKET: socketPath, VIGIL_AGENT_TOKEN: token, VIGIL_LOCAL_NODE: opts.node },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (existsSync(socketPath)) unlinkSync(socketPath);
    },
  };
}

function tokenMatches(given: unknown, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

/** The answer to one request line; never throws. */
export async function answerLine(line: string, token: string, handler: AgentChannelHandler, logger: Logger): Promise<AgentResponse> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, failure: 'invalid', error: 'malformed request: not JSON' };
  }
  const envelope = typeof value === 'object' && value !== null ? value as Record<string, unknown> : {};
  if (!tokenMatches(envelope['token'], token)) {
    logger.warn('agent channel: refused a request without this daemon\'s token');
    return { ok: false, failure: 'refused', error: 'not an agent of this daemon (VIGIL_AGENT_TOKEN is missing or wrong)' };
  }
  const problem = Object.keys(envelope).some((k) => k !== 'token' && k !== 'request') ? 'unknown fields' : checkAgentRequest(envelope['request']);
  if (problem !== undefined) return { ok: false, failure: 'invalid', error: `malformed request: ${problem}` };
  try {
    return await handler.handle(envelope['request'] as AgentRequest);
  } catch (error) {
    logger.error({ err: (error as Error).message }, 'agent channel handler failed');
    return { ok: false, failure: 'unavailable', error: `the daemon failed to answer: ${(error as Error).message}` };
  }
}

function serve(socket: Socket, server: Server, token: string, handler: AgentChannelHandler, logger: Logger): void {
  assert(server.listening, 'a connection arrives on a listening server');
  let buffered = '';
  let answered = false;
  socket.setEncoding('utf8');
  socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
  socket.on('error', (error) => logger.debug({ err: error.message }, 'agent channel socket error'));
  const reply = (response: AgentResponse) => {
    answered = true;
    socket.end(`${JSON.stringify(response)}\n`);
  };
  socket.on('data', (chunk: string) => {
    if (answered) return;
    buffered += chunk;
    const end = buffered.indexOf('\n');
    if (end < 0) {
      if (buffered.length > AGENT_REQUEST_BYTES_MAX) reply({ ok: false, failure: 'invalid', error: `request longer than ${AGENT_REQUEST_BYTES_MAX} bytes` });
      return;
    }
    void answerLine(buffered.slice(0, end), token, handler, logger).then(reply);
  });
}
