// What the status page shows, kept current: the view, every actor's state, and the stream of
// recent events, pushed to every open page over a WebSocket (`/live`) when they change. It
// reads only what the daemon reports (source.ts) and accepts nothing from a page.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { ClusterView } from '../daemon/view-types.ts';
import type { CoordinatorContext } from '../machines/coordinator-types.ts';
import { liveActors, viewActors, type ActorState } from './actors.ts';
import { EventRing, viewEvents, type PageEvent } from './events.ts';
import { explainFromContext, explainFromView, type ResourceExplain } from './explain.ts';
import type { StatusSource } from './source.ts';

/** What the page says wherever an action would go. */
export const READ_ONLY_NOTE = 'actions need the cluster key: use the vigil CLI';
/** A view change is pushed at most this often ... */
export const LIVE_THROTTLE_MS = 100;
/** ... and the view is looked at this often even without a signal (quorum, a lost coordinator). */
export const LIVE_POLL_MS = 1_000;
/** Explanations kept until the status changes (any id may be asked for, so a bound). */
const EXPLAINED_MAX = 1_000;

export interface StatusPayload {
  /** The daemon serving the page. */
  self: string;
  view: ClusterView | null;
  actors: ActorState[];
}

/** Messages the page receives on `/live`. */
export type LiveMessage =
  | { type: 'hello'; self: string; inspector: boolean; readOnly: string }
  | ({ type: 'status' } & StatusPayload)
  | { type: 'events'; events: PageEvent[] };

export interface LiveHub {
  status(): StatusPayload;
  events(sinceSeq?: number): PageEvent[];
  /** The scheduler's explanation for `resource`; null before any coordinator was heard. */
  explain(resource: string): ResourceExplain | null;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

export interface LiveHubOptions {
  source: StatusSource;
  /** Whether the Stately inspector is served too (the page links to it). */
  inspector: boolean;
  now?: () => number;
  pollMs?: number;
}

export function createLiveHub(opts: LiveHubOptions): LiveHub {
  const { source } = opts;
  const now = opts.now ?? Date.now;
  const ring = new EventRing();
  const wss = new WebSocketServer({ noServer: true });
  const pages = new Set<WebSocket>();
  /** The last view any coordinator reported: changes are told against it, across a gap with none. */
  let lastView: ClusterView | null = null;
  let gap = false;
  let lastJson = '';
  let timer: NodeJS.Timeout | null = null;
  // The scheduler runs once per resource and status: a page asking again (or many pages) costs nothing.
  const explained = new Map<string, ResourceExplain | null>();

  const send = (ws: WebSocket, msg: LiveMessage): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  };
  const broadcast = (msg: LiveMessage): void => {
    for (const ws of pages) send(ws, msg);
  };
  const status = (): StatusPayload => {
    const view = source.view();
    const actor = source.coordinatorActor();
    const actors = actor ? liveActors(actor) : view ? viewActors(view, source.document()) : [];
    return { self: source.self, view, actors };
  };
  const refresh = (): void => {
    timer = null;
    const payload = status();
    const json = JSON.stringify(payload);
    if (json === lastJson) return;
    lastJson = json;
    explained.clear();
    const told = payload.view !== null || !gap ? viewEvents(lastView, payload.view) : [];
    const fresh = told.map((e) => ring.push(e, now()));
    gap = payload.view === null;
    lastView = payload.view ?? lastView;
    broadcast({ type: 'status', ...payload });
    if (fresh.length > 0) broadcast({ type: 'events', events: fresh });
  };
  const soon = (): void => {
    timer ??= setTimeout(refresh, LIVE_THROTTLE_MS);
  };
  const offView = source.onViewChange(soon);
  const offLog = source.onCoordinatorLog((e) => {
    if (e.level === 'debug') return; // every dispatched action: too many for a page
    broadcast({ type: 'events', events: [ring.push({ level: e.level, source: 'coordinator', message: e.message }, now())] });
  });
  const poll = setInterval(soon, opts.pollMs ?? LIVE_POLL_MS);
  refresh();

  return {
    status,
    events: (sinceSeq) => ring.since(sinceSeq),
    explain(resource) {
      if (explained.has(resource)) return explained.get(resource)!;
      const actor = source.coordinatorActor();
      const view = source.view();
      const result = actor ? explainFromContext(actor.getSnapshot().context as CoordinatorContext, resource)
        : view ? explainFromView(source.document(), view, resource) : null;
      if (explained.size >= EXPLAINED_MAX) explained.clear();
      explained.set(resource, result);
      return result;
    },
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        pages.add(ws);
        ws.on('close', () => pages.delete(ws));
        ws.on('error', () => ws.terminate());
        send(ws, { type: 'hello', self: source.self, inspector: opts.inspector, readOnly: READ_ONLY_NOTE });
        send(ws, { type: 'status', ...status() });
        send(ws, { type: 'events', events: ring.since() });
      });
    },
    close() {
      offView();
      offLog();
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
