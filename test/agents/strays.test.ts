// Agents a killed daemon left running are found by their owner tag and killed (real processes).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_OWNER_ENV, agentOwnerTag, findStrays, killStrays } from '../../src/agents/strays.ts';

/** A detached sleeper (its own process group, as agents run) carrying `tag`. */
function sleeper(tag: string): number {
  const child = spawn('/bin/sleep', ['60'], { detached: true, stdio: 'ignore', env: { PATH: '/usr/bin:/bin', [AGENT_OWNER_ENV]: tag } });
  child.unref();
  return child.pid!;
}

/** Alive, and not a zombie waiting to be reaped (PID 1 here reaps late). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('stray agents', () => {
  it('should tag each daemon by node and state directory', () => {
    expect(agentOwnerTag('/var/lib/vigil', 'node1')).toBe('node1@/var/lib/vigil');
    expect(agentOwnerTag('/var/lib/vigil', 'node1')).not.toBe(agentOwnerTag('/tmp/other', 'node1'));
  });

  it('should kill the processes carrying this daemon\'s tag, and only those', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-strays-'));
    const mine = agentOwnerTag(dir, 'node1');
    const other = agentOwnerTag(dir, 'node2');
    const strays = [sleeper(mine), sleeper(mine)];
    const bystander = sleeper(other);
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(await findStrays(mine)).toEqual([...strays].sort((a, b) => a - b));
      expect(await killStrays(mine)).toEqual([...strays].sort((a, b) => a - b));
      await expect.poll(() => strays.filter(running), { timeout: 5_000 }).toEqual([]);
      expect(running(bystander), 'another daemon\'s agent lives on').toBe(true);
      expect(await findStrays(mine)).toEqual([]);
    } finally {
      try { process.kill(bystander, 'SIGKILL'); } catch { /* gone */ }
    }
  });

  it('should read a given /proc and survive processes it cannot read or kill', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-proc-'));
    const proc = (pid: number, environ: string | null) => {
      mkdirSync(join(root, String(pid)));
      if (environ !== null) writeFileSync(join(root, String(pid), 'environ'), environ);
    };
    proc(11, `PATH=/bin\0${AGENT_OWNER_ENV}=t\0`);
    proc(12, `${AGENT_OWNER_ENV}=t2\0`);
    proc(13, null); // vanished while scanned
    mkdirSync(join(root, 'self'));
    const killed: number[] = [];
    const pids = await killStrays('t', { procRoot: root, kill: (pid) => { killed.push(pid); throw new Error('ESRCH'); } });
    expect(pids).toEqual([11]);
    expect(killed).toEqual([11]);
  });
});
