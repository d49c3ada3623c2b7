// One node's Transport on the simulated network: the same contract as the mesh (send to a
// peer that is not connected is dropped; a peer silent past the timeout goes down), with
// liveness judged per direction, on what this node hears.
import type { Logger } from 'pino';
import { assert } from '../assert.ts';
import { decodeMessage, encodeMessage, makeMessage } from './codec.ts';
import type { KindRegistry } from './kinds.ts';
import { TRANSPORT_KINDS, type HeartbeatOptions, type Message, type MessageHandler, type PeerHandler, type Transport, type TransportClock } from './types.ts';

/** What a SimTransport needs from the network it lives on. */
export interface SimWire {
  readonly clock: TransportClock;
  readonly registry: KindRegistry;
  readonly heartbeat: HeartbeatOptions;
  readonly logger: Logger | undefined;
  readonly nodes: readonly string[];
  /** Puts an encoded frame on the link from → to (faults apply), from the sender's incarnation. */
  transmit(from: string, to: string, kind: string, text: string, incarnation?: number): void;
  /** Records a send that never reached the wire. */
  dropped(from: string, to: string, kind: string, reason: string): void;
  /** Tells peers this node closed its connections (like a TCP FIN), or not at all (crash). */
  detached(node: string, notifyPeers: boolean): void;
}

export class SimTransport implements Transport {
  private readonly lastHeardMs = new Map<string, number>();
  private readonly up = new Set<string>();
  private readonly messageHandlers: MessageHandler[] = [];
  private readonly peerHandlers: PeerHandler[] = [];
  private heartbeatSeq = 0;
  private timer: unknown;
  private closed = false;
  /** The newest incarnation heard from each peer (a restarted node is a new one). */
  private readonly peerIncarnation = new Map<string, number>();

  /** `incarnation` grows with each transport a node has had: frames say which one sent them. */
  constructor(readonly self: string, private readonly wire: SimWire, readonly incarnation = 0) {
    this.timer = wire.clock.setTimeout(() => this.tick(), wire.heartbeat.intervalMs);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(to: string, msg: Message): void {
    assert(msg.from === this.self, `message from '${msg.from}' sent by node '${this.self}'`);
    assert(this.wire.nodes.includes(to) && to !== this.self, `send to '${to}', which is not a peer of '${this.self}'`);
    const text = encodeMessage(msg, this.wire.registry);
    if (this.closed) return;
    if (!this.up.has(to)) return this.wire.dropped(this.self, to, msg.kind, 'not-connected');
    this.wire.transmit(this.self, to, msg.kind, text, this.incarnation);
  }

  broadcast(msg: Message): void {
    for (const peer of this.peers()) this.send(peer, msg);
  }

  onMessage(handler: MessageHandler): void {
    this.messageHandlers.push(handler);
  }

  onPeer(handler: PeerHandler): void {
    this.peerHandlers.push(handler);
  }

  peers(): string[] {
    return [...this.up].sort();
  }

  close(): Promise<void> {
    this.stop(true);
    return Promise.resolve();
  }

  /** Dies without telling anyone (power loss): peers notice by the heartbeat timeout. */
  crash(): void {
    this.stop(false);
  }

  /** A frame arrives from `from` (called by the network at delivery time). */
  receive(from: string, text: string, incarnation?: number): void {
    if (this.closed) return;
    if (incarnation !== undefined) {
      const known = this.peerIncarnation.get(from);
      // A frame of a dead incarnation: its connection is gone with it.
      if (known !== undefined && incarnation < known) return;
      // The peer restarted: its old connection ended, as a mesh link would (down, then up).
      if (known !== undefined && incarnation > known) this.markDown(from);
      this.peerIncarnation.set(from, incarnation);
    }
    const result = decodeMessage(text, this.wire.registry);
    if (!result.ok) {
      this.wire.logger?.warn({ node: this.self, peer: from, reason: result.error.reason, detail: result.error.detail }, 'dropped malformed message');
      return;
    }
    const msg = result.message;
    if (msg.from !== from) {
      this.wire.logger?.warn({ node: this.self, peer: from, claimed: msg.from }, 'dropped message: sender is not the authenticated peer');
      return;
    }
    this.lastHeardMs.set(from, this.wire.clock.now());
    this.markUp(from);
    if (!TRANSPORT_KINDS.has(msg.kind)) for (const handler of this.messageHandlers) handler(from, msg);
  }

  /** The peer closed its side (its FIN arrived). */
  peerClosed(peer: string): void {
    if (!this.closed) this.markDown(peer);
  }

  private stop(notifyPeers: boolean): void {
    if (this.closed) return;
    this.closed = true;
    this.wire.clock.clearTimeout(this.timer);
    this.up.clear();
    this.wire.detached(this.self, notifyPeers);
  }

  private markUp(peer: string): void {
    if (this.up.has(peer)) return;
    this.up.add(peer);
    for (const handler of this.peerHandlers) handler(peer, true);
  }

  private markDown(peer: string): void {
    if (!this.up.delete(peer)) return;
    for (const handler of this.peerHandlers) handler(peer, false);
  }

  private tick(): void {
    if (this.closed) return;
    const nowMs = this.wire.clock.now();
    for (const peer of this.peers()) {
      if (nowMs - (this.lastHeardMs.get(peer) ?? nowMs) > this.wire.heartbeat.timeoutMs) this.markDown(peer);
    }
    const beat = encodeMessage(makeMessage(this.self, 'heartbeat', { seq: this.heartbeatSeq++, sentAtMs: nowMs }), this.wire.registry);
    for (const peer of this.wire.nodes) if (peer !== this.self) this.wire.transmit(this.self, peer, 'heartbeat', beat, this.incarnation);
    this.timer = this.wire.clock.setTimeout(() => this.tick(), this.wire.heartbeat.intervalMs);
  }
}
