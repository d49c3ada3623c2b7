// `vigil daemon --inspect`: the coordinator's actor system, inspected with @statelyai/inspect's
// WebSocket inspector. It connects to this daemon's own relay (inspect-relay.ts), which serves
// every browser that opens the bridge page (/inspect): the Stately inspector in an iframe, fed
// from the relay. Every message is redacted (redact.ts) before it leaves the process.
// Off, nothing here runs: the coordinator is created without an `inspect` observer at all.
import { createWebSocketInspector } from '@statelyai/inspect';
import type { InspectionEvent, Observer } from 'xstate';
import { redactDeep } from './redact.ts';

/** Events held while the inspector's socket connects (a coordinator's start registers ~50 actors). */
const DEFERRED_EVENTS_MAX = 10_000;
/** The inspector's own default: deeper values are cut when serialized. */
const SERIALIZATION_DEPTH_MAX = 10;

export interface CoordinatorInspector {
  /** For createActor's `inspect` option. */
  readonly inspect: Observer<InspectionEvent>;
  stop(): void;
}

/** Inspects into the relay at `url` (its producer URL, token included). */
export function createCoordinatorInspector(url: string): CoordinatorInspector {
  const inspector = createWebSocketInspector({
    url,
    maxDeferredEvents: DEFERRED_EVENTS_MAX,
    serializationDepthLimit: SERIALIZATION_DEPTH_MAX,
    // The whole message, not only contexts and events: a promise actor's snapshot holds its input
    // (an agent operation, with the device's params).
    serialize: (event) => redactDeep(event) as typeof event,
  });
  return { inspect: inspector.inspect, stop: () => inspector.stop() };
}

/** The page a browser opens: the Stately inspector (stately.ai, so this one needs the internet), fed from the relay. */
export function inspectorBridgeHtml(wsPath: string, note: string, inspectorUrl = 'https://stately.ai/inspect'): string {
  const path = JSON.stringify(wsPath);
  const noteHtml = note.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>vigil: Stately inspector</title>
<style>html,body{margin:0;height:100%}body{display:flex;flex-direction:column;font:14px system-ui,sans-serif}
p{margin:0;padding:.4rem 1rem;background:#0f172a;color:#f8fafc}iframe{border:0;width:100%;flex:1}</style>
</head>
<body>
<p id="note">${noteHtml}</p>
<iframe id="inspector" src="${inspectorUrl}" title="Stately inspector"></iframe>
<script>
// The inspector says when it listens; until then, messages wait here.
const frame = document.getElementById('inspector');
const waiting = [];
let ready = false;
window.addEventListener('message', (e) => {
  if (!e.data || e.data.type !== '@statelyai.connected') return;
  ready = true;
  for (const m of waiting.splice(0)) frame.contentWindow.postMessage(m, '*');
});
const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + ${path});
ws.onmessage = (e) => {
  const m = JSON.parse(e.data);
  if (ready) frame.contentWindow.postMessage(m, '*'); else waiting.push(m);
};
</script>
</body>
</html>
`;
}
