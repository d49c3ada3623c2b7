// Keeps a fixed set of child processes running, as the demo's "machines": a child that exits
// without being asked to is started again after restartDelayMs (once `beforeRestart` has run:
// the demo powers the node back on there). stop() sends SIGTERM to every child, waits for all
// of them, and sends SIGKILL to any still running after timeoutMs.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { assert } from '../assert.ts';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  /** stdout and stderr are appended here. */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export type SupervisorEvent =
  | { type: 'started'; name: string; pid: number }
  /** `expected`: the supervisor asked it to stop. */
  | { type: 'exited'; name: string; pid: number; code: number | null; signal: NodeJS.Signals | null; expected: boolean }
  | { type: 'restarting'; name: string; inMs: number }
  | { type: 'spawn-failed'; name: string; error: string }
  | { type: 'killed'; name: string; pid: number };

export interface SupervisorOptions {
  children: ChildSpec[];
  restartDelayMs: number;
  /** Runs just before a child is started again (not before its first start). */
  beforeRestart?: (name: string) => Promise<void>;
  onEvent: (event: SupervisorEvent) => void;
}

export interface Supervisor {
  /** Starts every child; resolves once each has been spawned. */
  start(): Promise<void>;
  /** SIGTERM to all, wait, SIGKILL after timeoutMs; resolves when none runs. Returns who was killed. */
  stop(opts: { timeoutMs: number }): Promise<{ killed: string[] }>;
  /** The running child's pid, by name. */
  pid(name: string): number | undefined;
  /** Sends a signal to one running child (tests and the demo's second Ctrl-C). */
  signal(name: string, signal: NodeJS.Signals): boolean;
}

interface Slot {
  spec: ChildSpec;
  child?: ChildProcess;
  exited?: Promise<void>;
  restartTimer?: NodeJS.Timeout;
}

export function createSupervisor(opts: SupervisorOptions): Supervisor {
  assert(opts.restartDelayMs >= 0, 'restartDelayMs must be 0 or more');
  assert(new Set(opts.children.map((c) => c.name)).size === opts.children.length, 'children need distinct names');
  const slots = new Map<string, Slot>(opts.children.map((spec) => [spec.name, { spec }]));
  let stopping = false;

  const launch = (slot: Slot): void => {
    const out = openSync(slot.spec.logFile, 'a', 0o600);
    let child: ChildProcess;
    try {
      // detached: its own process group, so a Ctrl-C at the terminal reaches only the launcher,
      // which then stops each child exactly once.
      child = spawn(slot.spec.command, slot.spec.args, {
        stdio: ['ignore', out, out], env: slot.spec.env ?? process.env, cwd: slot.spec.cwd, detached: true,
      });
    } finally {
      closeSync(out);
    }
    slot.child = child;
    slot.exited = new Promise((resolve) => {
      let ended = false;
      const end = (event: SupervisorEvent): void => {
        if (ended) return;
        ended = true;
        slot.child = undefined;
        opts.onEvent(event);
        resolve();
        scheduleRestart(slot);
      };
      // A failed spawn (no pid) emits error and no exit; a running child's errors (a failed kill) change nothing.
      child.on('error', (error) => {
        if (child.pid === undefined) end({ type: 'spawn-failed', name: slot.spec.name, error: error.message });
      });
      child.once('exit', (code, signal) => {
        end({ type: 'exited', name: slot.spec.name, pid: child.pid!, code, signal, expected: stopping });
      });
    });
    if (child.pid !== undefined) opts.onEvent({ type: 'started', name: slot.spec.name, pid: child.pid });
  };

  const scheduleRestart = (slot: Slot): void => {
    if (stopping) return;
    opts.onEvent({ type: 'restarting', name: slot.spec.name, inMs: opts.restartDelayMs });
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = undefined;
      void restart(slot);
    }, opts.restartDelayMs);
  };

  const restart = async (slot: Slot): Promise<void> => {
    try {
      await opts.beforeRestart?.(slot.spec.name);
    } catch (error) {
      opts.onEvent({ type: 'spawn-failed', name: slot.spec.name, error: `before restart: ${(error as Error).message}` });
    }
    if (!stopping) launch(slot);
  };

  return {
    async start() {
      assert(!stopping, 'start after stop');
      for (const slot of slots.values()) launch(slot);
    },
    async stop({ timeoutMs }) {
      stopping = true;
      const running = [...slots.values()];
      for (const slot of running) {
        if (slot.restartTimer !== undefined) clearTimeout(slot.restartTimer);
        slot.child?.kill('SIGTERM');
      }
      const killed: string[] = [];
      const timer = setTimeout(() => {
        for (const slot of running) {
          if (slot.child?.pid === undefined) continue;
          killed.push(slot.spec.name);
          opts.onEvent({ type: 'killed', name: slot.spec.name, pid: slot.child.pid });
          slot.child.kill('SIGKILL');
        }
      }, timeoutMs);
      await Promise.all(running.map((slot) => (slot.child === undefined ? undefined : slot.exited)));
      clearTimeout(timer);
      return { killed };
    },
    pid(name) {
      return slots.get(name)?.child?.pid;
    },
    signal(name, signal) {
      const child = slots.get(name)?.child;
      return child?.pid === undefined ? false : child.kill(signal);
    },
  };
}
