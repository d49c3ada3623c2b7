// Test helpers for the transport: a logger that records JSON lines, a key, real meshes on
// 127.0.0.1 with ephemeral ports, and waiting for events instead of sleeping.
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { createRegistry, type KindRegistry } from '../../src/transport/kinds.ts';
import { object, string, type Schema } from '../../src/transport/schema.ts';
import type { Message, MessageKind } from '../../src/transport/types.ts';
import { WebSocket } from 'ws';
import { clientPskOptions } from '../../src/transport/tls-psk.ts';
import { MESH_PATH, createWsMesh, type NodeAddress, type WsMesh, type WsMeshOptions } from '../../src/transport/ws-mesh.ts';

export interface LogLine { level: number; msg: string; [key: string]: unknown }

export function memoryLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug', base: undefined }, { write: (text: string) => void lines.push(JSON.parse(text) as LogLine) });
  return { logger, lines };
}

export const FAST_HEARTBEAT = { intervalMs: 50, timeoutMs: 400 } as const;
export const FAST_BACKOFF = { initialMs: 20, maxMs: 200 } as const;

export function newKey(): Buffer {
  return randomBytes(32);
}

/** Polls `predicate` every few ms until it holds; fails with `what` after `timeoutMs`. */
export async function waitUntil(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const startMs = Date.now();
  while (!predicate()) {
    if (Date.now() - startMs > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface MeshSet {
  meshes: Map<string, WsMesh>;
  addresses: NodeAddress[];
  logs: Map<string, LogLine[]>;
  key: Buffer;
  closeAll(): Promise<void>;
}

/**
 * Starts one mesh per name, largest name first: a node only dials names after its own, so
 * each can listen on an ephemeral port and the smaller ones learn it before they start.
 * `extra` names are configured but not started (ports 0 until set).
 */
export async function startMeshes(names: string[], extra: Partial<WsMeshOptions> = {}, key = newKey(), configured: string[] = names): Promise<MeshSet> {
  const addresses: NodeAddress[] = configured.map((name) => ({ name, host: '127.0.0.1', port: 0 }));
  const meshes = new Map<string, WsMesh>();
  const logs = new Map<string, LogLine[]>();
  for (const name of [...names].sort().reverse()) {
    const { logger, lines } = memoryLogger();
    const mesh = await createWsMesh({ self: name, nodes: addresses.map((a) => ({ ...a })), key, logger, heartbeat: FAST_HEARTBEAT, backoff: FAST_BACKOFF, ...extra });
    const own = addresses.find((a) => a.name === name);
    if (own) own.port = mesh.port;
    meshes.set(name, mesh);
    logs.set(name, lines);
  }
  return {
    meshes, addresses, logs, key,
    closeAll: async () => { await Promise.all([...meshes.values()].map((m) => m.close())); },
  };
}

export function fullyConnected(set: MeshSet, names: string[]): boolean {
  return names.every((name) => {
    const expected = names.filter((n) => n !== name).sort();
    return JSON.stringify(set.meshes.get(name)?.peers()) === JSON.stringify(expected);
  });
}

// An application kind for tests, registered without widening the shared Message type.
export function noteRegistry(): KindRegistry {
  const registry = createRegistry();
  registry.register('note' as MessageKind, object({ text: string({ maxLength: 2 * 1024 * 1024 }) }) as unknown as Schema<never>);
  return registry;
}

export function note(from: string, text: string): Message {
  return { v: 1, kind: 'note', from, body: { text } } as unknown as Message;
}

export function noteText(msg: Message): string {
  return (msg.body as unknown as { text: string }).text;
}

/** A raw WebSocket client that holds a key and claims `identity`, bypassing the mesh and codec. */
export async function rawClient(port: number, key: Buffer, identity: string): Promise<WebSocket> {
  const ws = new WebSocket(`wss://127.0.0.1:${port}${MESH_PATH}`, { ...clientPskOptions(key, identity), perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

/** Resolves with the close code once `ws` closes. */
export function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) resolve(1006);
    else ws.once('close', (code) => resolve(code));
  });
}
