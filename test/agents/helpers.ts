// Shared helpers for the agent tests: temporary OCF roots with script agents, operations with
// defaults, and a look at which processes of a process group are still alive.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentOperation } from '../../src/ocf/operation.ts';

export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `vigil-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes $root/resource.d/test/<type> with the given script body and mode. */
export function writeAgent(root: string, type: string, script: string, mode = 0o755): string {
  const dir = join(root, 'resource.d', 'test');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, type);
  writeFileSync(file, script);
  chmodSync(file, mode);
  return file;
}

export function makeOp(overrides: Partial<AgentOperation> = {}): AgentOperation {
  return {
    resource: 'r1',
    agent: { class: 'ocf', provider: 'heartbeat', type: 'Dummy' },
    action: 'monitor',
    intervalMs: 0,
    timeoutMs: 20_000,
    params: {},
    meta: {},
    node: 'node1',
    ...overrides,
  };
}

export interface ProcInfo {
  pid: number;
  comm: string;
  state: string;
}

/** Processes whose process group is `pgid`, zombies excluded (a zombie has already ended). */
export function liveGroupMembers(pgid: number): ProcInfo[] {
  const members: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const [state, _ppid, pgrp] = stat.slice(close + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') members.push({ pid: Number(entry), comm, state: state ?? '?' });
  }
  return members;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls until `check` returns a non-undefined value, at most `limitMs` (reaping of orphans by
 * PID 1 can lag ~2 s here). Returns the last value seen, or undefined when it never came.
 */
export async function pollFor<T>(check: () => T | undefined, limitMs = 5_000, stepMs = 50): Promise<T | undefined> {
  for (let waitedMs = 0; waitedMs <= limitMs; waitedMs += stepMs) {
    const value = check();
    if (value !== undefined) return value;
    await sleep(stepMs);
  }
  return undefined;
}

/** Waits until no live process is left in the group; returns the survivors if any remain. */
export async function waitGroupGone(pgid: number, limitMs = 5_000): Promise<ProcInfo[]> {
  const gone = await pollFor(() => (liveGroupMembers(pgid).length === 0 ? true : undefined), limitMs);
  return gone ? [] : liveGroupMembers(pgid);
}

/** Kills a group we started on purpose and left running (cleanup after a test). */
export function killGroupQuietly(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}
