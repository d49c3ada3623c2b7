// The WebSocket mesh: every node holds one TLS-PSK WebSocket to every other node. The node
// with the smaller name dials (so there is one connection per pair), the other accepts.
// Refusals (wrong key, unknown or misdirected name, duplicate) happen in the TLS handshake or
// at hello and are logged; malformed frames are logged and dropped (ws-link.ts).
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { assert } from '../assert.ts';
import { realClock } from './clock.ts';
import { encodeMessage } from './codec.ts';
import { LogLimit } from './log-limit.ts';
import { MESSAGE_BYTES_MAX } from './constants.ts';
import { createRegistry, type KindRegistry } from './kinds.ts';
import { clientPskOptions, serverPskOptions } from './tls-psk.ts';
import { CLOSE_CODES, PeerLink, type LinkContext } from './ws-link.ts';
import { checkMeshOptions, type BackoffOptions, type NodeAddress, type WsMeshOptions } from './ws-mesh-options.ts';
import type { HeartbeatOptions, Message, MessageHandler, PeerHandler, Transport, TransportClock } from './types.ts';

export type { NodeAddress, WsMeshOptions } from './ws-mesh-options.ts';

/** The URL path of the mesh endpoint (versioned with the protocol). */
export const MESH_PATH = '/vigil/mesh/v1';

interface Dialer { peer: NodeAddress; attempt: number; timer: unknown; socket?: WebSocket }

/** Starts listening, then dials the peers it is responsible for; resolves once listening. */
export async function createWsMesh(opts: WsMeshOptions): Promise<WsMesh> {
  const mesh = new WsMesh(opts);
  await mesh.listen();
  mesh.dialAll();
  return mesh;
}

export class WsMesh implements Transport {
  readonly self: string;
  private readonly nodes: Map<string, NodeAddress>;
  private readonly clock: TransportClock;
  private readonly logger: Logger;
  private readonly registry: KindRegistry;
  private readonly heartbeat: HeartbeatOptions;
  private readonly backoff: BackoffOptions;
  private readonly links = new Map<string, PeerLink>();
  private readonly dialers = new Map<string, Dialer>();
  private readonly identities = new WeakMap<TLSSocket, string>();
  private readonly messageHandlers: MessageHandler[] = [];
  private readonly peerHandlers: PeerHandler[] = [];
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private closed = false;
  private listeningPort = 0;

  constructor(private readonly opts: WsMeshOptions) {
    ({ heartbeat: this.heartbeat, backoff: this.backoff } = checkMeshOptions(opts));
    this.self = opts.self;
    this.nodes = new Map(opts.nodes.map((n) => [n.name, n]));
    this.clock = opts.clock ?? realClock;
    this.registry = opts.registry ?? createRegistry();
    this.logger = opts.logger.child({ component: 'transport', node: opts.self });
    const psk = serverPskOptions(opts.key, (id) => this.admits(id) === undefined, (socket, id) => this.identities.set(socket, id));
    this.server = createServer(psk, (_req, res) => res.writeHead(426, { 'content-type': 'text/plain' }).end('vigil mesh: WebSocket only\n'));
    this.server.on('tlsClientError', (error, socket) => this.onHandshakeRefused(error, socket));
    this.wss = new WebSocketServer({ server: this.server, path: MESH_PATH, maxPayload: MESSAGE_BYTES_MAX, perMessageDeflate: false });
    this.wss.on('connection', (ws, req) => this.onAccepted(ws, req.socket as TLSSocket));
  }

  /** The port this node listens on (the ephemeral one when configured with 0). */
  get port(): number {
    return this.listeningPort;
  }

  async listen(): Promise<void> {
    const own = this.nodes.get(this.self);
    assert(own !== undefined, 'own address checked in the options');
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(own.port, own.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    assert(address !== null && typeof address === 'object', 'a TCP server has an address object');
    this.listeningPort = address.port;
    this.logger.info({ host: own.host, port: this.listeningPort }, 'mesh listening');
  }

  /** Dials every peer whose name sorts after ours (they never dial us). */
  dialAll(): void {
    for (const peer of this.nodes.values()) {
      if (this.self < peer.name) this.dial({ peer, attempt: 0, timer: undefined });
    }
  }

  send(to: string, msg: Message): void {
    assert(msg.from === this.self, `message from '${msg.from}' sent by node '${this.self}'`);
    assert(this.nodes.has(to) && to !== this.self, `send to '${to}', which is not a peer of '${this.self}'`);
    const link = this.links.get(to);
    if (link?.state !== 'up' || !link.sendText(encodeMessage(msg, this.registry))) {
      this.logger.debug({ peer: to, kind: msg.kind }, 'peer not connected: message dropped');
    }
  }

  broadcast(msg: Message): void {
    assert(msg.from === this.self, `message from '${msg.from}' broadcast by node '${this.self}'`);
    const text = encodeMessage(msg, this.registry);
    for (const link of this.links.values()) if (link.state === 'up') link.sendText(text);
  }

  onMessage(handler: MessageHandler): void {
    this.messageHandlers.push(handler);
  }

  onPeer(handler: PeerHandler): void {
    this.peerHandlers.push(handler);
  }

  peers(): string[] {
    return [...this.links.values()].filter((l) => l.state === 'up').map((l) => l.peer).sort();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const dialer of this.dialers.values()) {
      this.clock.clearTimeout(dialer.timer);
      dialer.socket?.terminate();
    }
    this.dialers.clear();
    for (const link of [...this.links.values()]) link.close('shutting down', CLOSE_CODES.shutdown);
    this.links.clear();
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.logger.info('mesh closed');
  }

  /** Unauthenticated or refused connection attempts: a flood must not flood the log. */
  private readonly refusedLog = new LogLimit();

  /** Why `identity` may not connect to us, or undefined when it may. */
  private admits(identity: string): string | undefined {
    if (this.closed) return 'this node is shutting down';
    if (identity === this.self) return `it claims this node's own name '${identity}'`;
    if (!this.nodes.has(identity)) return `'${identity}' is not a configured node`;
    if (identity > this.self) return `'${identity}' sorts after '${this.self}', so '${this.self}' dials it (are the node lists the same?)`;
    return undefined;
  }

  private onHandshakeRefused(error: Error & { code?: string }, socket: TLSSocket): void {
    const identity = this.identities.get(socket);
    const why = identity === undefined ? 'no pre-shared key offered' : (this.admits(identity) ?? 'wrong cluster key');
    const admitted = this.refusedLog.admit();
    if (admitted.log) this.logger.warn({ identity, remote: socket.remoteAddress, code: error.code, reason: why, ...LogLimit.fields(admitted) }, 'refused peer during TLS handshake');
  }

  private onAccepted(ws: WebSocket, socket: TLSSocket): void {
    const identity = this.identities.get(socket);
    const refusal = identity === undefined ? 'no identity' : this.admits(identity);
    if (identity === undefined || refusal !== undefined) {
      const admitted = this.refusedLog.admit();
      if (admitted.log) this.logger.warn({ identity, reason: refusal, ...LogLimit.fields(admitted) }, 'refused peer');
      ws.terminate();
      return;
    }
    new PeerLink(identity, 'accepted', ws, this.linkContext());
  }

  private dial(dialer: Dialer): void {
    if (this.closed) return;
    this.dialers.set(dialer.peer.name, dialer);
    const { name, host, port } = dialer.peer;
    const ws = new WebSocket(`wss://${host}:${port}${MESH_PATH}`, {
      ...clientPskOptions(this.opts.key, this.self),
      maxPayload: MESSAGE_BYTES_MAX,
      perMessageDeflate: false,
      handshakeTimeout: this.heartbeat.timeoutMs,
    });
    dialer.socket = ws;
    let opened = false;
    ws.on('open', () => {
      opened = true;
      dialer.socket = undefined;
      if (this.closed) return void ws.terminate();
      new PeerLink(name, 'dialed', ws, this.linkContext());
    });
    ws.on('error', (error) => this.logger.debug({ peer: name, err: error.message, attempt: dialer.attempt }, 'dial failed'));
    ws.on('close', () => {
      if (!opened) this.redial(dialer);
    });
  }

  private redial(dialer: Dialer): void {
    if (this.closed) return;
    const delayMs = Math.min(this.backoff.initialMs * 2 ** Math.min(dialer.attempt, 30), this.backoff.maxMs);
    dialer.attempt += 1;
    dialer.socket = undefined;
    dialer.timer = this.clock.setTimeout(() => this.dial(dialer), delayMs);
  }

  private linkContext(): LinkContext {
    return {
      self: this.self,
      clock: this.clock,
      heartbeat: this.heartbeat,
      registry: this.registry,
      logger: this.logger,
      claim: (link) => this.claim(link),
      up: (link) => this.linkUp(link),
      message: (link, msg) => {
        if (!this.closed) for (const handler of this.messageHandlers) handler(link.peer, msg);
      },
      closed: (link, wasUp) => this.linkClosed(link, wasUp),
    };
  }

  private claim(link: PeerLink): string | undefined {
    if (this.closed) return 'this node is shutting down';
    const existing = this.links.get(link.peer);
    if (existing !== undefined && existing !== link) return `'${link.peer}' is already connected (duplicate node name, or a stale connection not yet timed out)`;
    this.links.set(link.peer, link);
    return undefined;
  }

  private linkUp(link: PeerLink): void {
    const dialer = this.dialers.get(link.peer);
    if (dialer) dialer.attempt = 0;
    this.logger.info({ peer: link.peer, direction: link.direction }, 'peer up');
    if (!this.closed) for (const handler of this.peerHandlers) handler(link.peer, true);
  }

  private linkClosed(link: PeerLink, wasUp: boolean): void {
    if (this.links.get(link.peer) === link) this.links.delete(link.peer);
    if (this.closed) return;
    if (wasUp) {
      this.logger.warn({ peer: link.peer }, 'peer down');
      for (const handler of this.peerHandlers) handler(link.peer, false);
    }
    const dialer = this.dialers.get(link.peer);
    if (link.direction === 'dialed' && dialer) this.redial(dialer);
  }
}
