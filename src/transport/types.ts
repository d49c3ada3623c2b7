// The transport port: how a node talks to its peers. Two implementations share it:
// ws-mesh.ts (real TLS-PSK WebSockets) and sim-network.ts (in memory, simulated clock, faults).
import type { PROTOCOL_VERSION } from './constants.ts';

/**
 * Message bodies by kind. The union is open: a later module adds a family with
 *   declare module '../transport/types.ts' { interface MessageBodies { vote: VoteBody } }
 * and registers its validator with `registry.register('vote', schema)` (see kinds.ts).
 * Expected families: heartbeat, vote-request, vote, lease, command, command-result, config, status.
 */
export interface MessageBodies {
  /** Link liveness; sent and consumed by the transport itself, never delivered to handlers. */
  heartbeat: HeartbeatBody;
  /** The first frame each side sends on a new connection; consumed by the mesh. */
  hello: HelloBody;
}

export interface HeartbeatBody {
  /** Per-link counter, starting at 0 for each connection. */
  seq: number;
  /** The sender's clock when sent (diagnostics only: clocks are not synchronized). */
  sentAtMs: number;
}

export interface HelloBody {
  /** The node the sender believes it is talking to (catches a wrong address in the config). */
  to: string;
}

export type MessageKind = keyof MessageBodies;

/** The versioned envelope. `epoch` is the coordinator's fencing token on commands. */
export type Envelope<K extends MessageKind> = {
  v: typeof PROTOCOL_VERSION;
  kind: K;
  from: string;
  epoch?: number;
  body: MessageBodies[K];
};

/** Every message, discriminated by `kind`. */
export type Message = { [K in MessageKind]: Envelope<K> }[MessageKind];

/** Kinds handled by the transport itself and never passed to onMessage handlers. */
export const TRANSPORT_KINDS: ReadonlySet<string> = new Set<MessageKind>(['heartbeat', 'hello']);

export type MessageHandler = (from: string, msg: Message) => void;
export type PeerHandler = (peer: string, up: boolean) => void;

/**
 * Unreliable, unordered-across-peers datagrams between named nodes (ordered per link in the
 * mesh, like TCP). A send to a peer that is not connected is dropped, never queued.
 */
export interface Transport {
  readonly self: string;
  /** Sends to one peer; `msg.from` must be `self` (asserted). Dropped if the peer is down. */
  send(to: string, msg: Message): void;
  /** Sends to every currently connected peer. */
  broadcast(msg: Message): void;
  onMessage(handler: MessageHandler): void;
  /** `up` is true when a peer becomes reachable, false when it closes or is silent past the timeout. */
  onPeer(handler: PeerHandler): void;
  /** Peers currently connected, sorted by name. */
  peers(): string[];
  /** Stops everything; no handler is called afterwards. */
  close(): Promise<void>;
}

/** The only way the transport reads time; defaults to the real clock (clock.ts). */
export interface TransportClock {
  now(): number;
  setTimeout(fn: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface HeartbeatOptions {
  intervalMs: number;
  /** A peer silent for longer than this is reported down. */
  timeoutMs: number;
}
