// `vigil daemon --http HOST:PORT`: the status page and its data, read-only, plain HTTP.
//
//   GET /                       the page (src/inspect/page/: HTML, JS, CSS; nothing from elsewhere)
//   GET /api/status             { self, view, actors }       GET /api/events?since=SEQ
//   GET /api/explain?resource=  the scheduler's explanation  GET /api/machines
//   GET /api/diagram/NAME.svg   a machine's statechart
//   WS  /live                   status and events as they change (live-hub.ts)
//   GET /inspect, WS /inspect/ws   the Stately inspector, with --inspect (stately-inspector.ts)
//   GET /metrics                Prometheus' text format (src/metrics/), for a daemon's --http
//
// Anything but GET is refused: actions need the cluster key, which only the vigil CLI has.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { DaemonMetrics } from '../metrics/daemon-metrics.ts';
import type { Logger } from '../runtime/logger.ts';
import { machineList, machineSvg } from './diagrams.ts';
import { createInspectRelay, type InspectRelay } from './inspect-relay.ts';
import { createLiveHub, READ_ONLY_NOTE, type LiveHub } from './live-hub.ts';
import type { StatusSource } from './source.ts';
import { inspectorBridgeHtml } from './inspector-bridge-page.ts';

export const PAGE_DIR = join(import.meta.dirname, 'page');
export const INSPECT_WS_PATH = '/inspect/ws';

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/page.js': { file: 'page.js', type: 'text/javascript; charset=utf-8' },
  '/page.css': { file: 'page.css', type: 'text/css; charset=utf-8' },
};

/** The page loads nothing from elsewhere; diagrams carry their own <style>. */
const PAGE_CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";

export interface StatusServerOptions {
  host: string;
  port: number;
  source: StatusSource;
  logger: Logger;
  /** Serve the Stately inspector's endpoint and bridge page too. */
  inspect: boolean;
  /** Serve /metrics from these. */
  metrics?: DaemonMetrics;
}

export interface StatusServer {
  /** `http://HOST:PORT` as bound (the port filled in when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  readonly hub: LiveHub;
  /** With --inspect: the relay the coordinator's inspector feeds, and the URL it connects to. */
  readonly relay: InspectRelay | null;
  readonly producerUrl: string | null;
  close(): Promise<void>;
}

export async function createStatusServer(opts: StatusServerOptions): Promise<StatusServer> {
  const hub = createLiveHub({ source: opts.source, inspector: opts.inspect });
  const relay = opts.inspect ? createInspectRelay() : null;
  const server = createServer((req, res) => {
    route(req, res, hub, relay, opts.metrics).catch((error: unknown) => {
      opts.logger.error({ err: error, url: req.url }, 'status page request failed');
      if (!res.headersSent) reply(res, 500, 'text/plain; charset=utf-8', 'internal error; see the daemon\'s log\n');
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/live') hub.handleUpgrade(req, socket, head);
    else if (path === INSPECT_WS_PATH && relay) relay.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  try {
    await listen(server, opts.host, opts.port);
  } catch (error) {
    hub.close();
    relay?.close();
    throw new Error(`--http ${opts.host}:${opts.port}: cannot listen (${(error as Error).message}); choose another port`);
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${hostForUrl(opts.host)}:${port}`;
  const producerUrl = relay ? `ws://${hostForUrl(loopbackFor(opts.host))}:${port}${INSPECT_WS_PATH}?${relay.producerQuery}` : null;
  return {
    url, port, hub, relay, producerUrl,
    close: () => {
      hub.close();
      relay?.close();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Where this process reaches its own server: a wildcard address is reached on loopback. */
function loopbackFor(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

async function route(req: IncomingMessage, res: ServerResponse, hub: LiveHub, relay: InspectRelay | null, metrics: DaemonMetrics | undefined): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: `${req.method} refused: this page is read-only; ${READ_ONLY_NOTE}` });
  const asset = ASSETS[url.pathname];
  if (asset) {
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    return reply(res, 200, asset.type, await readFile(join(PAGE_DIR, asset.file)));
  }
  switch (url.pathname) {
    case '/api/status': return json(res, 200, hub.status());
    case '/api/events': return json(res, 200, { events: hub.events(Number(url.searchParams.get('since') ?? 0) || 0) });
    case '/api/machines': return json(res, 200, { machines: machineList() });
    case '/api/explain': return explain(res, hub, url.searchParams.get('resource'));
    case '/metrics':
      if (!metrics) return reply(res, 404, 'text/plain; charset=utf-8', 'no metrics here: /metrics is served by `vigil daemon --http`\n');
      return reply(res, 200, metrics.contentType, await metrics.render());
    case '/inspect':
      if (!relay) return reply(res, 404, 'text/plain; charset=utf-8', 'the Stately inspector is off: start this daemon with --inspect\n');
      return reply(res, 200, 'text/html; charset=utf-8', inspectorBridgeHtml(INSPECT_WS_PATH, inspectorNote(hub)));
    default: break;
  }
  const diagram = /^\/api\/diagram\/([^/]+)\.svg$/.exec(url.pathname);
  if (diagram) return diagramSvg(res, diagram[1]!);
  return json(res, 404, { error: `no such page: ${url.pathname}; the status page is at /` });
}

/** Only the daemon that hosts the coordinator has actors to show: the bridge page says whose to open. */
function inspectorNote(hub: LiveHub): string {
  const { self, view } = hub.status();
  if (view?.coordinator === self) return `${self} hosts the coordinator (epoch ${view.epoch}): its actors, events and snapshots appear below, live.`;
  const where = view?.coordinator ? `; ${view.coordinator} does: open /inspect on its daemon's status page` : '; no coordinator is known yet';
  return `${self} does not host the coordinator now${where}.`;
}

async function diagramSvg(res: ServerResponse, name: string): Promise<void> {
  const svg = machineSvg(name);
  if (!svg) return json(res, 404, { error: `no machine '${name}'; one of: ${machineList().map((m) => m.name).join(', ')}` });
  try {
    reply(res, 200, 'image/svg+xml; charset=utf-8', await svg, 'public, max-age=3600');
  } catch (error) {
    json(res, 404, { error: (error as Error).message });
  }
}

function explain(res: ServerResponse, hub: LiveHub, resource: string | null): void {
  if (!resource) return json(res, 400, { error: '/api/explain needs ?resource=ID (a resource id from /api/status)' });
  const result = hub.explain(resource);
  if (result === null) return json(res, 503, { error: 'no coordinator has reported yet (no quorum, or the cluster is forming); try again' });
  if (result.explanation === null) return json(res, 404, { error: `the scheduler places no resource '${resource}'; use an id from /api/status`, ...result });
  return json(res, 200, result);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  reply(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function reply(res: ServerResponse, status: number, type: string, body: string | Buffer, cache = 'no-store'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': cache, 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}
