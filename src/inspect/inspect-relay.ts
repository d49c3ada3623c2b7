// The Stately inspector's WebSocket endpoint: the coordinator's inspector (stately-inspector.ts,
// @statelyai/inspect's createWebSocketInspector) connects as the one producer, with a secret
// token; every other client is a viewer and gets each message as it comes. Unlike
// @statelyai/inspect/server, a viewer that connects late still sees every live actor: the relay
// keeps each actor's registration with its latest snapshot, and replays those first, then the
// most recent events. Messages from viewers are ignored. Bounded in count and bytes.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { assert } from '../assert.ts';

/** Live actors remembered for late viewers (the oldest registration drops out first). */
export const RELAY_ACTORS_MAX = 5_000;
/** Recent events and snapshots replayed to a late viewer, at most this many ... */
export const RELAY_RECENT_MAX = 1_000;
/** ... and at most this many bytes. */
export const RELAY_RECENT_BYTES_MAX = 4 * 1024 * 1024;

interface Inspected {
  type: string;
  sessionId?: string;
  snapshot?: { status?: string };
  [field: string]: unknown;
}

export interface InspectRelay {
  /** The query the producer adds to the endpoint's URL (`?producer=TOKEN`). */
  readonly producerQuery: string;
  /** Takes over an HTTP upgrade request for the endpoint. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  stats(): { actors: number; recent: number; viewers: number; producers: number };
  close(): void;
}

export function createInspectRelay(): InspectRelay {
  const token = randomBytes(16).toString('hex');
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const actors = new Map<string, Inspected>();
  const recent: string[] = [];
  let recentBytes = 0;
  const viewers = new Set<WebSocket>();
  let producers = 0;

  const remember = (raw: string): void => {
    let msg: Inspected;
    try {
      msg = JSON.parse(raw) as Inspected;
    } catch {
      return; // not JSON: not from the inspector; nothing to relay
    }
    if (typeof msg.sessionId !== 'string') return;
    if (msg.type === '@xstate.actor') {
      actors.delete(msg.sessionId);
      actors.set(msg.sessionId, msg);
      if (actors.size > RELAY_ACTORS_MAX) actors.delete(actors.keys().next().value!);
    } else if (msg.type === '@xstate.snapshot') {
      const actor = actors.get(msg.sessionId);
      const ended = ['done', 'error', 'stopped'].includes(msg.snapshot?.status ?? '');
      if (actor && ended) actors.delete(msg.sessionId);
      else if (actor) actor.snapshot = msg.snapshot; // a late viewer sees the latest
    }
    if (msg.type === '@xstate.event' || msg.type === '@xstate.snapshot') {
      recent.push(raw);
      recentBytes += raw.length;
      while (recent.length > RELAY_RECENT_MAX || recentBytes > RELAY_RECENT_BYTES_MAX) recentBytes -= recent.shift()!.length;
    }
    assert(actors.size <= RELAY_ACTORS_MAX && recent.length <= RELAY_RECENT_MAX, 'the inspector relay outgrew its bounds');
  };

  const fromProducer = (data: RawData): void => {
    const raw = data.toString();
    remember(raw);
    for (const viewer of viewers) if (viewer.readyState === WebSocket.OPEN) viewer.send(raw);
  };

  const welcome = (viewer: WebSocket): void => {
    for (const actor of actors.values()) viewer.send(JSON.stringify(actor));
    for (const raw of recent) viewer.send(raw);
    viewers.add(viewer);
    viewer.on('close', () => viewers.delete(viewer));
  };

  return {
    producerQuery: `producer=${token}`,
    handleUpgrade(req, socket, head) {
      const producer = new URL(req.url ?? '/', 'http://x').searchParams.get('producer') === token;
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('error', () => ws.terminate());
        if (!producer) return welcome(ws);
        producers++;
        ws.on('message', fromProducer);
        ws.on('close', () => { producers--; });
      });
    },
    stats: () => ({ actors: actors.size, recent: recent.length, viewers: viewers.size, producers }),
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
