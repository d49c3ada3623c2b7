// The page /inspect serves: the Stately inspector in an iframe, fed from this daemon's relay.
// Apart from stately-inspector.ts so the status page serves it without loading @statelyai/inspect.
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
