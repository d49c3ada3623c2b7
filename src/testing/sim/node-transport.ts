// One daemon incarnation's transport in the simulation: the node's SimTransport, with every
// message and peer change passed through the incarnation's NodeClock gate, so a paused daemon
// hears nothing until it wakes (then everything, in order) and a dead one never hears again.
import type { SimTransport } from '../../transport/sim-transport.ts';
import type { Message, MessageHandler, PeerHandler, Transport } from '../../transport/types.ts';
import type { NodeClock } from './clock.ts';

export class GatedTransport implements Transport {
  readonly self: string;

  constructor(private readonly inner: SimTransport, private readonly clock: NodeClock) {
    this.self = inner.self;
  }

  send(to: string, msg: Message): void {
    if (this.clock.current === 'running') this.inner.send(to, msg);
  }

  broadcast(msg: Message): void {
    if (this.clock.current === 'running') this.inner.broadcast(msg);
  }

  onMessage(handler: MessageHandler): void {
    this.inner.onMessage((from, msg) => this.clock.gate(() => handler(from, msg)));
  }

  onPeer(handler: PeerHandler): void {
    this.inner.onPeer((peer, up) => this.clock.gate(() => handler(peer, up)));
  }

  peers(): string[] {
    return this.inner.peers();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Power loss: peers notice only by silence. */
  crash(): void {
    this.inner.crash();
  }
}
