// Agents are forked from a worker thread, not from the daemon's event loop. Node forks
// synchronously, and a fork costs the more the larger the daemon: measured here at 16 to 68 ms
// each under load, so a burst of probes held the loop for seconds, heartbeats went unanswered and
// peers fenced a healthy node. From a thread, 50 forks kept the loop's longest lag under 90 ms
// (2-3 s when forked on the loop). The built program uses the thread; run from its TypeScript
// sources (tests, tsx) there is no compiled worker to load, and processes are forked in place.
import { existsSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runProcess, type ProcessResult, type ProcessSpec } from './process.ts';
import type { SpawnerReply, SpawnerRequest } from './spawner-protocol.ts';

const WORKER_FILE = new URL('./spawn-worker.js', import.meta.url);
/** The daemon's loop runs at this nice value when it may (root), as corosync runs realtime. */
export const LOOP_NICE = -10;

/** The nice value agents run at: the process' own before the loop was raised. */
let agentNice: number | undefined;

interface Waiting {
  resolve: (result: ProcessResult) => void;
  onSpawn?: (pid: number) => void;
  startedAt: number;
}

class Spawner {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private seq = 0;

  run(spec: ProcessSpec): Promise<ProcessResult> {
    const { clockNow: _clock, onSpawn, ...rest } = spec;
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(id, { resolve, onSpawn, startedAt: performance.now() });
      this.thread().postMessage({ id, spec: rest } satisfies SpawnerRequest);
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_FILE, { workerData: { nice: agentNice } });
    worker.unref(); // a command that ran an agent (validate's metadata check) still exits
    worker.on('message', (reply: SpawnerReply) => this.onReply(reply));
    // The thread is vigil's own code: if it dies, what it was running fails, and the next run starts a new one.
    const lost = (why: string) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, w] of this.waiting) {
        this.waiting.delete(id);
        w.resolve(threadLost(why, performance.now() - w.startedAt));
      }
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`the spawner thread exited (${code})`));
    this.worker = worker;
    return worker;
  }

  private onReply(reply: SpawnerReply): void {
    const w = this.waiting.get(reply.id);
    if (!w) return;
    if ('spawned' in reply) {
      w.onSpawn?.(reply.spawned);
      return;
    }
    this.waiting.delete(reply.id);
    w.resolve(reply.result);
  }
}

function threadLost(why: string, durationMs: number): ProcessResult {
  return {
    pid: null, code: null, signal: null, timedOut: false, durationMs: Math.round(durationMs), stdoutTail: '', stderrTail: '',
    stdoutTruncatedBytes: 0, stderrTruncatedBytes: 0, spawnError: { code: 'ESPAWNER', message: `vigil's spawner thread failed: ${why}` },
  };
}

let spawner: Spawner | null | undefined;

function theSpawner(): Spawner | null {
  spawner ??= import.meta.url.endsWith('.js') && existsSync(fileURLToPath(WORKER_FILE)) ? new Spawner() : null;
  return spawner;
}

/** Runs a process from the spawner thread when the built program has one, else in place. */
export function spawnProcess(spec: ProcessSpec): Promise<ProcessResult> {
  // A test's injected clock cannot cross to a thread.
  if (spec.clockNow !== undefined) return runProcess(spec);
  const s = theSpawner();
  return s ? s.run(spec) : runProcess(spec);
}

/**
 * Raises the priority of this thread, the daemon's event loop (Linux nice is per thread), so
 * that heartbeats are answered on a loaded machine; agents keep the process' own priority, as
 * the spawner thread puts itself back before it forks them. Only where agents are forked from
 * that thread (else they would inherit the raise). Says what it did.
 */
export function raiseLoopPriority(): string {
  if (theSpawner() === null) return 'normal priority (agents are forked on the event loop: run the built program to raise it)';
  const own = getPriority();
  try {
    setPriority(LOOP_NICE);
  } catch (error) {
    return `normal priority (raising it was refused: ${(error as Error).message})`;
  }
  agentNice ??= own;
  return `event loop at nice ${LOOP_NICE}, agents at ${own}`;
}
