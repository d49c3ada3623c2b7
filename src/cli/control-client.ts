// The CLI's end of the control channel (daemon/control-server.ts): one request per connection,
// to the first daemon that answers. A daemon that cannot be reached is skipped; once a command
// that changes something has been delivered, it is never sent again to another daemon (a
// retried fence could fence twice), so a lost answer is reported as such.
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { assert } from '../assert.ts';
import { CONTROL_IDENTITY, CONTROL_PATH, checkAdminCommand } from '../daemon/control-server.ts';
import type { AdminCommand, AdminCommandType, AdminResult, ControlResponse } from '../daemon/control-types.ts';
import { isPlainObject } from '../transport/schema.ts';
import { clientPskOptions } from '../transport/tls-psk.ts';
import { ConfigError } from '../config/errors.ts';
import { ClusterKeyError } from '../transport/cluster-key.ts';
import { ClusterTargetError, DEFAULT_LOADERS, loadClusterTarget, resolveConfigPath, type ClusterLoaders, type ClusterTarget, type Env } from './config-path.ts';
import type { CliContext, Command } from './main.ts';

export interface ControlAddress {
  name: string;
  host: string;
  /** The daemon's control port (controlPortOf(node address)), not its mesh port. */
  port: number;
}

export interface SendControlOptions {
  /** Daemons to try, in order. */
  addresses: ControlAddress[];
  key: Buffer;
  command: AdminCommand;
  /** Per daemon: connecting and waiting for the answer (default 30 s; fencing can take long). */
  timeoutMs?: number;
  /** Per daemon: the TCP + TLS + WebSocket handshake (default 3 s, at most timeoutMs). */
  connectTimeoutMs?: number;
}

export interface ControlAnswer {
  node: string;
  result: AdminResult;
}

export type SendControl = (opts: SendControlOptions) => Promise<ControlAnswer>;

export interface ControlAttempt {
  node: string;
  address: string;
  reason: string;
}

/** No daemon answered: every attempt and why it failed. */
export class ControlError extends Error {
  override name = 'ControlError';
  constructor(readonly attempts: ControlAttempt[], readonly fix: string) {
    super(`no vigil daemon answered:\n${attempts.map((a) => `  ${a.node} at ${a.address}: ${a.reason}`).join('\n')}\nfix: ${fix}`);
  }
}

/** Largest answer accepted (a status view or config of a big cluster). */
export const CONTROL_RESPONSE_BYTES_MAX = 64 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
/** Commands that change nothing: safe to ask another daemon when an answer is lost. */
const READ_ONLY: ReadonlySet<AdminCommandType> = new Set(['status', 'config.show', 'fence.history', 'attribute.query']);

/** Why one daemon gave no answer; `delivered` when the request may have reached it. */
interface Failure { reason: string; delivered: boolean }

export async function sendControl(opts: SendControlOptions): Promise<ControlAnswer> {
  assert(opts.addresses.length > 0, 'sendControl needs at least one daemon address');
  assert(checkAdminCommand(opts.command) === undefined, `invalid admin command: ${checkAdminCommand(opts.command)}`);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const connectTimeoutMs = Math.min(opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, timeoutMs);
  const attempts: ControlAttempt[] = [];
  for (const target of opts.addresses) {
    const outcome = await askOne(target, opts.key, opts.command, timeoutMs, connectTimeoutMs);
    if ('result' in outcome) return { node: target.name, result: outcome.result };
    attempts.push({ node: target.name, address: `${formatHost(target.host)}:${target.port}`, reason: outcome.reason });
    if (outcome.delivered && !READ_ONLY.has(opts.command.type)) {
      throw new ControlError(attempts, `the ${opts.command.type} command may or may not have taken effect; check with 'vigil status' before repeating it`);
    }
  }
  throw new ControlError(attempts, "start the daemons ('vigil daemon --config FILE --node NAME'), or check --config, the node addresses and the cluster key");
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** One daemon: connect, send, wait for the answer with our id. Never throws. */
function askOne(target: ControlAddress, key: Buffer, command: AdminCommand, timeoutMs: number, connectTimeoutMs: number): Promise<{ result: AdminResult } | Failure> {
  const id = randomUUID();
  const ws = new WebSocket(`wss://${formatHost(target.host)}:${target.port}${CONTROL_PATH}`, {
    ...clientPskOptions(key, CONTROL_IDENTITY),
    maxPayload: CONTROL_RESPONSE_BYTES_MAX,
    perMessageDeflate: false,
    handshakeTimeout: connectTimeoutMs,
  });
  return new Promise((resolve) => {
    let delivered = false;
    let settled = false;
    const finish = (outcome: { result: AdminResult } | Failure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => undefined); // a late socket error must not become an uncaught one
      ws.terminate();
      resolve(outcome);
    };
    // The handshake has its own limit (handshakeTimeout); this timer backs it up, then bounds the wait for the answer.
    const arm = (ms: number): NodeJS.Timeout => setTimeout(() => finish({ reason: delivered ? `no answer within ${timeoutMs} ms` : `no connection within ${connectTimeoutMs} ms`, delivered }), ms);
    let timer = arm(connectTimeoutMs + 500);
    ws.on('open', () => {
      ws.send(JSON.stringify({ id, command }));
      delivered = true;
      clearTimeout(timer);
      timer = arm(timeoutMs);
    });
    ws.on('message', (data, isBinary) => {
      const result = isBinary ? undefined : readResponse(String(data), id);
      if (result === null) return; // an answer to something else; keep waiting
      finish(result === undefined ? { reason: 'answered with a malformed response (is it a vigil daemon of this version?)', delivered } : { result });
    });
    ws.on('unexpected-response', (_req, res) => finish({ reason: `answered HTTP ${res.statusCode} instead of the control channel (is ${target.port} a vigil control port?)`, delivered }));
    ws.on('error', (error) => finish({ reason: describeError(error as Error & { code?: string }), delivered }));
    ws.on('close', (code) => finish({ reason: `closed the connection (${code}) before answering`, delivered }));
  });
}

/** Our answer; null when the frame answers another id; undefined when it is not a response. */
function readResponse(text: string, id: string): AdminResult | null | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(value) || typeof value['id'] !== 'string' || !isPlainObject(value['result'])) return undefined;
  const response = value as unknown as ControlResponse;
  // The server echoes '' when it could not read our id; that answer is still ours.
  if (response.id !== id && response.id !== '') return null;
  const result = response.result;
  if (result.ok === true && typeof result.message === 'string') return result;
  if (result.ok === false && typeof result.error === 'string') return result;
  return undefined;
}

function describeError(error: Error & { code?: string }): string {
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED') return 'connection refused (is the daemon running on that node?)';
  if (code === 'ETIMEDOUT' || /handshake timed out/i.test(error.message)) return 'no connection (timed out)';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found';
  if (code === 'ECONNRESET' || code.startsWith('ERR_SSL') || /alert|handshake|ssl|tls/i.test(error.message)) {
    return `refused the TLS handshake: wrong cluster key? (${code || error.message})`;
  }
  return error.message || code || 'unknown error';
}

// ---------------------------------------------------------------------------------------------
// What every admin command shares: its injectable edges, option parsing, finding the cluster,
// sending, and printing the answer (exit 0 ok, 1 refused or unreachable, 2 usage).

export interface AdminDeps extends ClusterLoaders {
  send: SendControl;
  cwd: string;
  env: Env;
}

export function adminDeps(overrides: Partial<AdminDeps> = {}): AdminDeps {
  return { ...DEFAULT_LOADERS, send: sendControl, cwd: process.cwd(), env: process.env, ...overrides };
}

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

/** `--name VALUE`, `--name=VALUE` and `--flag`; anything else starting with '-' is refused. */
export function parseArgs(args: readonly string[], spec: { values: readonly string[]; flags: readonly string[] }): ParsedArgs | string {
  const parsed: ParsedArgs = { positionals: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (spec.flags.includes(name)) {
      if (eq > 0) return `${name} takes no value`;
      parsed.flags.add(name);
    } else if (spec.values.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) return `${name} needs a value`;
      if (parsed.values.has(name)) return `${name} is given twice`;
      parsed.values.set(name, value);
    } else {
      return `unknown option ${name}`;
    }
  }
  return parsed;
}

/** Prints a usage error (the problem, then the usage) and returns exit code 2. */
export function usageError(ctx: CliContext, name: string, problem: string, usage: string): number {
  ctx.err(`${name}: ${problem}\n${usage}`);
  return 2;
}

/** Known failures (no config, bad key, no daemon) become a message and exit 1; bugs still throw. */
export function reportFailure(ctx: CliContext, name: string, error: unknown): number {
  if (error instanceof ConfigError) ctx.err(`${name}: ${error.format()}`);
  else if (error instanceof ClusterKeyError || error instanceof ClusterTargetError || error instanceof ControlError) ctx.err(`${name}: ${error.message}`);
  else throw error;
  return 1;
}

export async function findCluster(deps: AdminDeps, configArg: string | undefined): Promise<ClusterTarget> {
  const path = resolveConfigPath(configArg === undefined ? {} : { config: configArg }, deps.cwd, deps.env);
  return loadClusterTarget(path, deps);
}

export interface AdminRun {
  /** For messages: `vigil resource`. */
  name: string;
  configArg: string | undefined;
  command: AdminCommand;
  /** Which daemons to ask (default: every node, in config order); a string is a usage error. */
  pick?: (target: ClusterTarget) => ControlAddress[] | string;
  /** Prints an ok answer (default: its message, then its text if any). */
  print?: (result: Extract<AdminResult, { ok: true }>, ctx: CliContext) => void;
  usage: string;
}

/** Finds the cluster, sends one command, prints the answer; returns the exit code. */
export async function runAdmin(ctx: CliContext, deps: AdminDeps, run: AdminRun): Promise<number> {
  let answer: ControlAnswer;
  try {
    const target = await findCluster(deps, run.configArg);
    const addresses = run.pick ? run.pick(target) : target.addresses;
    if (typeof addresses === 'string') return usageError(ctx, run.name, addresses, run.usage);
    answer = await deps.send({ addresses, key: target.key, command: run.command });
  } catch (error) {
    return reportFailure(ctx, run.name, error);
  }
  const { result } = answer;
  if (!result.ok) {
    // Multi-line errors (a refused config's problems) are printed as they came, one per line.
    ctx.err(result.error.includes('\n') ? `${run.name}: refused (answer from ${answer.node}):\n${result.error}` : `${run.name}: ${result.error}`);
    return 1;
  }
  if (run.print) run.print(result, ctx);
  else {
    if (result.message !== '') ctx.out(result.message);
    if (result.text !== undefined) ctx.out(result.text.replace(/\n$/, ''));
  }
  return 0;
}

/** A command that parses its arguments into one administrator command and sends it (node, resource). */
export function adminCommand(spec: {
  name: string;
  usage: string;
  parse: (args: string[]) => { command: AdminCommand; config: string | undefined } | string;
}, overrides: Partial<AdminDeps> = {}): Command {
  return {
    usage: spec.usage,
    async run(args, ctx) {
      const parsed = spec.parse(args);
      if (typeof parsed === 'string') return usageError(ctx, spec.name, parsed, spec.usage);
      return runAdmin(ctx, adminDeps(overrides), { name: spec.name, configArg: parsed.config, command: parsed.command, usage: spec.usage });
    },
  };
}
