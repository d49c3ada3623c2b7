// Speaking to a daemon's ports from a test, as a peer or a client would: the TLS-PSK
// handshake (transport/tls-psk.ts) with a given key and identity, then raw WebSocket frames.
import { WebSocket } from 'ws';
import { CONTROL_IDENTITY, CONTROL_PATH } from '../../src/daemon/control-server.ts';
import { clientPskOptions } from '../../src/transport/tls-psk.ts';
import { MESH_PATH } from '../../src/transport/ws-mesh.ts';

export type Opened = { ok: true; ws: WebSocket } | { ok: false; error: string };

/** Opens a WebSocket over TLS-PSK; resolves with the socket, or with why the handshake failed. */
export function openPsk(opts: { host: string; port: number; path: string; key: Buffer; identity: string; timeoutMs?: number }): Promise<Opened> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`wss://${opts.host}:${opts.port}${opts.path}`, {
      ...clientPskOptions(opts.key, opts.identity), perMessageDeflate: false, handshakeTimeout: opts.timeoutMs ?? 3_000,
    });
    let done = false;
    const finish = (result: Opened) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    ws.once('open', () => finish({ ok: true, ws }));
    ws.once('error', (error: Error & { code?: string }) => finish({ ok: false, error: `${error.code ?? ''} ${error.message}`.trim() }));
    ws.once('close', (code) => finish({ ok: false, error: `closed (${code}) before opening` }));
  });
}

/** A node's mesh endpoint, presenting `identity` as the PSK identity (a node name). */
export function openMesh(node: { host: string; port: number }, key: Buffer, identity: string): Promise<Opened> {
  return openPsk({ host: node.host, port: node.port, path: MESH_PATH, key, identity });
}

/** A node's control endpoint (mesh port + 1) as `vigil` does. */
export function openControl(node: { host: string; port: number }, key: Buffer): Promise<Opened> {
  return openPsk({ host: node.host, port: node.port + 1, path: CONTROL_PATH, key, identity: CONTROL_IDENTITY });
}

/** Sends frames in order and waits until they are flushed to the socket. */
export async function sendFrames(ws: WebSocket, frames: (string | Buffer)[]): Promise<void> {
  for (const frame of frames) {
    await new Promise<void>((resolve, reject) => ws.send(frame, { binary: Buffer.isBuffer(frame) }, (error) => (error ? reject(error) : resolve())));
  }
}

/** The close code the server ends the connection with (or -1 if still open after timeoutMs). */
export function closeCode(ws: WebSocket, timeoutMs = 5_000): Promise<number> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve(-2);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(-1), timeoutMs);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Every text frame received from now on. */
export function collectText(ws: WebSocket): string[] {
  const got: string[] = [];
  ws.on('message', (data, isBinary) => {
    if (!isBinary) got.push(String(data));
  });
  return got;
}
