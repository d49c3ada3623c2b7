// One authenticated WebSocket connection to one peer: the hello exchange, heartbeats, the
// silence timeout, and decoding (a bad frame is logged and dropped, never thrown).
import type { Logger } from 'pino';
import { WebSocket, type RawData } from 'ws';
import { assert } from '../assert.ts';
import { SEND_BUFFER_BYTES_MAX } from './constants.ts';
import { decodeMessage, encodeMessage, makeMessage } from './codec.ts';
import type { KindRegistry } from './kinds.ts';
import type { HeartbeatOptions, Message, TransportClock } from './types.ts';

export type LinkDirection = 'dialed' | 'accepted';
export type LinkState = 'hello' | 'up' | 'closed';

export interface LinkContext {
  self: string;
  clock: TransportClock;
  heartbeat: HeartbeatOptions;
  registry: KindRegistry;
  logger: Logger;
  /** Called on a valid hello; a returned string refuses the link with that reason. */
  claim(link: PeerLink): string | undefined;
  up(link: PeerLink): void;
  message(link: PeerLink, msg: Message): void;
  closed(link: PeerLink, wasUp: boolean): void;
}

/** WebSocket close codes of our own (4000-4999 are for applications). */
export const CLOSE_CODES = { refused: 4009, silent: 4008, shutdown: 1001 } as const;

function frameBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export class PeerLink {
  state: LinkState = 'hello';
  private lastHeardMs: number;
  private heartbeatSeq = 0;
  private timer: unknown;
  /** When the pending tick should fire, to see when it fires late. */
  private dueAtMs = 0;
  private rechecking = false;

  constructor(readonly peer: string, readonly direction: LinkDirection, private readonly ws: WebSocket, private readonly ctx: LinkContext) {
    assert(peer !== ctx.self, `a link to ourselves (${peer})`);
    this.lastHeardMs = ctx.clock.now();
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('close', (code, reason) => this.finish(`socket closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`));
    ws.on('error', (error: Error & { code?: string }) => {
      // ws's own codes (WS_ERR_*) mean the peer broke the protocol (an oversize or invalid frame):
      // the connection is dropped, and that is worth a warning; resets and the like are not.
      if (error.code?.startsWith('WS_ERR_')) ctx.logger.warn({ peer, err: error.message, code: error.code }, 'dropped connection: the peer broke the WebSocket protocol');
      else ctx.logger.debug({ peer, err: error.message }, 'socket error');
    });
    if (direction === 'dialed') this.sendNow(makeMessage(ctx.self, 'hello', { to: peer }));
    this.schedule();
  }

  /** Sends an encoded frame; false when it was dropped (closed, or the socket is backed up). */
  sendText(text: string): boolean {
    if (this.state !== 'up' || this.ws.readyState !== WebSocket.OPEN) return false;
    if (this.ws.bufferedAmount > SEND_BUFFER_BYTES_MAX) {
      this.ctx.logger.warn({ peer: this.peer, bufferedBytes: this.ws.bufferedAmount }, 'send buffer full: message dropped');
      return false;
    }
    this.ws.send(text);
    return true;
  }

  /** Ends the link now; `code` closes the socket with that code, undefined just drops it. */
  close(reason: string, code?: number): void {
    if (this.state === 'closed') return;
    if (code === undefined) this.ws.terminate();
    else this.ws.close(code, reason.slice(0, 120));
    this.finish(reason);
  }

  private sendNow(msg: Message): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(encodeMessage(msg, this.ctx.registry));
  }

  private schedule(): void {
    this.dueAtMs = this.ctx.clock.now() + this.ctx.heartbeat.intervalMs;
    this.timer = this.ctx.clock.setTimeout(() => this.tick(), this.ctx.heartbeat.intervalMs);
  }

  private tick(): void {
    if (this.state === 'closed') return;
    const now = this.ctx.clock.now();
    const silentMs = now - this.lastHeardMs;
    // Timers run before pending socket reads: a tick that comes late because this process was
    // busy (forking agents, a long macrostep) would blame the peer for frames it has sent and
    // this node has not yet read. Judge again once those reads have been handled.
    if (silentMs > this.ctx.heartbeat.timeoutMs && now - this.dueAtMs > this.ctx.heartbeat.intervalMs && !this.rechecking) {
      this.rechecking = true;
      if (this.state === 'up') this.sendHeartbeat(now); // the peer may be judging this node the same way
      // Not 0: a timer due at once may run in this same timers phase, before any read.
      this.timer = this.ctx.clock.setTimeout(() => this.tick(), Math.min(50, this.ctx.heartbeat.intervalMs / 2));
      return;
    }
    this.rechecking = false;
    if (silentMs > this.ctx.heartbeat.timeoutMs) {
      this.ctx.logger.warn({ peer: this.peer, silentMs, state: this.state }, this.state === 'up' ? 'peer silent past the heartbeat timeout' : 'no hello before the timeout');
      this.close('silent', undefined);
      return;
    }
    if (this.state === 'up') this.sendHeartbeat(now);
    this.schedule();
  }

  private sendHeartbeat(now: number): void {
    this.sendNow(makeMessage(this.ctx.self, 'heartbeat', { seq: this.heartbeatSeq++, sentAtMs: now }));
  }

  private finish(reason: string): void {
    if (this.state === 'closed') return;
    const wasUp = this.state === 'up';
    this.state = 'closed';
    this.ctx.clock.clearTimeout(this.timer);
    this.ctx.logger.debug({ peer: this.peer, reason }, 'link closed');
    this.ctx.closed(this, wasUp);
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.state === 'closed') return;
    this.lastHeardMs = this.ctx.clock.now(); // any frame proves the peer is alive
    const log = this.ctx.logger;
    if (isBinary) {
      log.warn({ peer: this.peer, reason: 'binary-frame' }, 'dropped malformed message');
      return;
    }
    const result = decodeMessage(frameBytes(data), this.ctx.registry);
    if (!result.ok) {
      log.warn({ peer: this.peer, reason: result.error.reason, detail: result.error.detail }, 'dropped malformed message');
      return;
    }
    const msg = result.message;
    if (msg.from !== this.peer) {
      log.warn({ peer: this.peer, claimed: msg.from, kind: msg.kind }, 'dropped message: sender is not the authenticated peer');
      return;
    }
    if (msg.kind === 'hello') return this.onHello(msg.body.to);
    if (this.state !== 'up') {
      log.warn({ peer: this.peer, kind: msg.kind }, 'dropped message sent before hello');
      return;
    }
    if (msg.kind !== 'heartbeat') this.ctx.message(this, msg);
  }

  private onHello(to: string): void {
    if (this.state !== 'hello') {
      this.ctx.logger.warn({ peer: this.peer }, 'dropped repeated hello');
      return;
    }
    const refusal = to !== this.ctx.self ? `hello is addressed to '${to}', this node is '${this.ctx.self}' (check the node addresses)` : this.ctx.claim(this);
    if (refusal !== undefined) {
      this.ctx.logger.warn({ peer: this.peer, reason: refusal }, 'refused peer');
      this.close(refusal, CLOSE_CODES.refused);
      return;
    }
    if (this.direction === 'accepted') this.sendNow(makeMessage(this.ctx.self, 'hello', { to: this.peer }));
    this.state = 'up';
    this.ctx.up(this);
  }
}
