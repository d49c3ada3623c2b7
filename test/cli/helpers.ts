// Test helpers for the CLI: a recording logger, a key, a context that captures output, a fake
// transport that records what it was asked, and small cluster configs built as objects.
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { CliContext } from '../../src/cli/main.ts';
import type { ControlAnswer, SendControlOptions } from '../../src/cli/control-client.ts';
import { emptyConfig } from '../../src/config/defaults.ts';
import type { ClusterConfig, ClusterDocument, Primitive } from '../../src/config/model.ts';
import type { AdminCommand, AdminResult } from '../../src/daemon/control-types.ts';

export interface LogLine { level: number; msg: string; [key: string]: unknown }

export function memoryLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug', base: undefined }, { write: (text: string) => void lines.push(JSON.parse(text) as LogLine) });
  return { logger, lines };
}

export function newKey(): Buffer {
  return randomBytes(32);
}

export interface Captured { ctx: CliContext; out: string[]; err: string[] }

export function capture(): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return { ctx: { root: '/nonexistent', out: (l) => out.push(l), err: (l) => err.push(l) }, out, err };
}

/** A sendControl twin: records every call and answers with `answer(command)`. */
export function fakeSend(answer: (command: AdminCommand) => AdminResult = () => ({ ok: true, message: 'done' })) {
  const calls: SendControlOptions[] = [];
  const send = async (opts: SendControlOptions): Promise<ControlAnswer> => {
    calls.push(opts);
    return { node: opts.addresses[0]?.name ?? '?', result: answer(opts.command) };
  };
  return { send, calls, commands: () => calls.map((c) => c.command) };
}

export function primitive(id: string, meta: Record<string, string> = {}): Primitive {
  return { kind: 'primitive', id, class: 'ocf', provider: 'heartbeat', type: 'Dummy', params: {}, meta, operations: [] };
}

/** Three nodes on 127.0.0.1 (mesh ports 7100, 7110, 7120), a group, a clone and a primitive. */
export function clusterConfig(): ClusterConfig {
  const config = emptyConfig();
  config.generation = { adminEpoch: 2, epoch: 7, updates: 5 };
  config.nodes = ['n1', 'n2', 'n3'].map((name, i) => ({ name, attributes: {}, standby: false, maintenance: false, address: { host: '127.0.0.1', port: 7100 + 10 * i } }));
  config.resources = [
    primitive('ip'),
    { kind: 'group', id: 'app', meta: {}, children: [primitive('db'), primitive('web')] },
    { kind: 'clone', id: 'ping-clone', meta: {}, child: primitive('ping') },
  ];
  config.cluster = { name: 'demo', keyFile: '/etc/vigil/cluster.key', heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 5000, electionTickMs: 100, stateDir: '/var/lib/vigil', twoNode: false };
  return config;
}

export function clusterDocument(config = clusterConfig()): ClusterDocument {
  return { config, status: { nodes: [], history: [], quorum: true } };
}
