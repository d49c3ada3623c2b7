// Runs one child process for an agent (resource or fence): its own process group, a minimal
// environment chosen by the caller, a hard timeout that kills the whole group, and bounded
// capture of its output. It never throws for anything the child does; every outcome is data.
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { assert } from '../assert.ts';
import { TailBuffer } from './tail-buffer.ts';

export const OUTPUT_CAP_BYTES_DEFAULT = 64 * 1024;
/** Between SIGTERM and SIGKILL after a timeout: time for the agent to clean up. */
export const KILL_GRACE_MS_DEFAULT = 1_000;
/** After the child exits, how long to wait for its pipes to close (grandchildren may hold them). */
export const DRAIN_MS_DEFAULT = 200;
/** setTimeout fires at once for delays above 2^31-1 ms, so longer timeouts are clamped. */
export const TIMEOUT_MS_MAX = 2_147_483_647;

export interface ProcessSpec {
  command: string;
  args: readonly string[];
  /** The child's whole environment: nothing of this process's environment is inherited. */
  env: Record<string, string>;
  cwd?: string;
  /** Written to the child's stdin, which is then closed; without it stdin is /dev/null. */
  stdinText?: string;
  timeoutMs: number;
  killGraceMs?: number;
  /** Cap for each of stdout and stderr; the newest bytes are kept. */
  outputCapBytes?: number;
  drainMs?: number;
  /** Monotonic milliseconds; defaults to performance.now. */
  clockNow?: () => number;
  /** Called once the child runs; its pid is also its process group id. */
  onSpawn?: (pid: number) => void;
}

export interface SpawnFailure {
  /** The errno name: ENOENT, EACCES, E2BIG, ... or ERR_* when Node refused the arguments. */
  code: string;
  message: string;
}

export interface ProcessResult {
  /** Also the process group id; null when the child never ran. */
  pid: number | null;
  /** Exit code, null when ended by a signal or never ran. */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  durationMs: number;
  stdoutTail: string;
  stderrTail: string;
  stdoutTruncatedBytes: number;
  stderrTruncatedBytes: number;
  spawnError: SpawnFailure | null;
}

/** Sends `signal` to every process in the group; a group already gone is not an error. */
export function killProcessGroup(pgid: number, signal: NodeJS.Signals): boolean {
  assert(Number.isInteger(pgid) && pgid > 1, `refusing to signal process group ${pgid}`);
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group; EPERM: not ours to kill.
  }
}

function toSpawnFailure(err: unknown): SpawnFailure {
  const e = err as NodeJS.ErrnoException;
  return { code: typeof e?.code === 'string' ? e.code : 'EUNKNOWN', message: String(e?.message ?? err) };
}

export function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  assert(spec.command.length > 0, 'runProcess needs a command');
  assert(spec.timeoutMs > 0, `runProcess timeoutMs must be positive, got ${spec.timeoutMs}`);
  return new Promise((resolve) => new ProcessRun(spec, resolve).start());
}

/** The state of one run; `finish` is reached exactly once whatever happens. */
class ProcessRun {
  private readonly now: () => number;
  private readonly startedAt: number;
  private readonly stdout: TailBuffer;
  private readonly stderr: TailBuffer;
  private child: ChildProcess | null = null;
  private pid: number | null = null;
  private timedOut = false;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private timers: NodeJS.Timeout[] = [];
  private done = false;

  constructor(
    private readonly spec: ProcessSpec,
    private readonly resolve: (r: ProcessResult) => void,
  ) {
    this.now = spec.clockNow ?? (() => performance.now());
    this.startedAt = this.now();
    const capBytes = spec.outputCapBytes ?? OUTPUT_CAP_BYTES_DEFAULT;
    this.stdout = new TailBuffer(capBytes);
    this.stderr = new TailBuffer(capBytes);
  }

  start(): void {
    let child: ChildProcess;
    try {
      child = spawn(this.spec.command, [...this.spec.args], {
        env: this.spec.env,
        cwd: this.spec.cwd ?? '/',
        detached: true, // its own process group, so a timeout can kill everything it started
        stdio: [this.spec.stdinText === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
    } catch (err) {
      this.finish(toSpawnFailure(err)); // Node refused the arguments (e.g. NUL in env)
      return;
    }
    this.child = child;
    child.on('error', (err) => { if (this.pid === null) this.finish(toSpawnFailure(err)); });
    child.on('spawn', () => this.onSpawn(child));
    child.on('exit', (code, signal) => this.onExit(code, signal));
    child.on('close', () => this.finish(null));
    child.stdout?.on('data', (chunk: Buffer) => this.stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk));
  }

  private onSpawn(child: ChildProcess): void {
    assert(child.pid !== undefined, 'a spawned child has a pid');
    this.pid = child.pid;
    const timeoutMs = Math.min(this.spec.timeoutMs, TIMEOUT_MS_MAX);
    this.timers.push(setTimeout(() => this.onTimeout(), timeoutMs));
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // EPIPE: the child did not read its input
      child.stdin.end(this.spec.stdinText);
    }
    this.spec.onSpawn?.(child.pid);
  }

  private onTimeout(): void {
    if (this.exit !== null || this.pid === null) return;
    this.timedOut = true;
    killProcessGroup(this.pid, 'SIGTERM');
    const graceMs = this.spec.killGraceMs ?? KILL_GRACE_MS_DEFAULT;
    this.timers.push(setTimeout(() => { if (this.pid !== null) killProcessGroup(this.pid, 'SIGKILL'); }, graceMs));
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exit = { code, signal };
    // After a timeout nothing of the group may survive its leader. After a normal exit the
    // group is left alone: an agent's start may legitimately leave a service running in it.
    if (this.timedOut && this.pid !== null) killProcessGroup(this.pid, 'SIGKILL');
    const drainMs = this.spec.drainMs ?? DRAIN_MS_DEFAULT;
    this.timers.push(setTimeout(() => this.finish(null), drainMs));
  }

  private finish(spawnError: SpawnFailure | null): void {
    if (this.done) return;
    if (spawnError === null && this.exit === null) return; // 'close' before 'exit': wait for it
    this.done = true;
    for (const t of this.timers) clearTimeout(t);
    // A grandchild may still hold the pipes open; stop reading them.
    this.child?.stdout?.destroy();
    this.child?.stderr?.destroy();
    this.resolve({
      pid: this.pid,
      code: this.exit?.code ?? null,
      signal: this.exit?.signal ?? null,
      timedOut: this.timedOut,
      durationMs: Math.max(0, Math.round(this.now() - this.startedAt)),
      stdoutTail: this.stdout.text(),
      stderrTail: this.stderr.text(),
      stdoutTruncatedBytes: this.stdout.truncatedBytes(),
      stderrTruncatedBytes: this.stderr.truncatedBytes(),
      spawnError,
    });
  }
}

function tailOf(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  return bytes.subarray(bytes.length - maxBytes).toString('utf8').replace(/^\uFFFD+/, '');
}

/** The last `maxBytes` of each stream, labelled, for a result's bounded output tail. */
export function outputTailOf(p: Pick<ProcessResult, 'stdoutTail' | 'stderrTail'>, maxBytes: number): string {
  const parts: string[] = [];
  if (p.stdoutTail.trim() !== '') parts.push(`[stdout]\n${tailOf(p.stdoutTail, maxBytes)}`);
  if (p.stderrTail.trim() !== '') parts.push(`[stderr]\n${tailOf(p.stderrTail, maxBytes)}`);
  return parts.join('\n');
}
