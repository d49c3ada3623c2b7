// The simulated power switch, driven by Debian's real /usr/sbin/fence_dummy (type=file): it
// writes the bare word off or on to its status file, which watchPowerFile reads.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPowerOff, watchPowerFile } from '../../src/daemon/power-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-power-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs fence_dummy with key=value lines on stdin, as a fencer does. */
function fenceDummy(action: string, statusFile: string, extra = ''): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/sbin/fence_dummy', [], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out: out.trim() }));
    child.stdin.end(`action=${action}\ntype=file\nstatus_file=${statusFile}\n${extra}`);
  });
}

/** A watch polling every 10 ms: how many times onOff was called, and the first call. */
function watch(file: string): { offs: () => number; firstOff: Promise<void>; close: () => void } {
  let count = 0;
  let fired!: () => void;
  const firstOff = new Promise<void>((resolve) => { fired = resolve; });
  const w = watchPowerFile({ file, pollMs: 10, onOff: () => { count += 1; fired(); } });
  return { offs: () => count, firstOff, close: () => w.close() };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fence_dummy type=file', () => {
  it('should write the bare words off and on, and report a missing file as off', async () => {
    const file = join(dir, 'facts');
    expect(await fenceDummy('status', file)).toEqual({ code: 2, out: 'Status: OFF' });
    expect(await fenceDummy('on', file)).toEqual({ code: 0, out: 'Success: Powered ON' });
    expect(readFileSync(file, 'utf8')).toBe('on');
    expect(await fenceDummy('off', file)).toEqual({ code: 0, out: 'Success: Powered OFF' });
    expect(readFileSync(file, 'utf8')).toBe('off');
    expect(await fenceDummy('reboot', file)).toEqual({ code: 0, out: 'Success: Rebooted' });
    expect(readFileSync(file, 'utf8')).toBe('on');
  }, 20_000);
});

describe('watchPowerFile', () => {
  it('should call onOff once when fence_dummy powers the node off', async () => {
    const file = join(dir, 'node1');
    writeFileSync(file, 'on');
    const w = watch(file);
    await pause(50);
    expect(w.offs()).toBe(0);
    await fenceDummy('off', file);
    await w.firstOff;
    await pause(50);
    expect(w.offs()).toBe(1);
    w.close();
  }, 20_000);

  it('should count a missing, empty or unknown file as on', async () => {
    const file = join(dir, 'node2');
    const w = watch(file);
    await pause(40);
    writeFileSync(file, '');
    await pause(40);
    writeFileSync(file, 'unknown');
    await pause(40);
    expect(w.offs()).toBe(0);
    writeFileSync(file, 'OFF\n');
    await w.firstOff;
    expect(w.offs()).toBe(1);
    w.close();
  });

  it('should see a reboot when fence_dummy holds the power off for power_wait', async () => {
    const file = join(dir, 'node3');
    writeFileSync(file, 'on');
    const w = watch(file);
    const result = await fenceDummy('reboot', file, 'power_wait=1\n');
    expect(result.code).toBe(0);
    await w.firstOff;
    expect(w.offs()).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe('on');
    w.close();
  }, 20_000);

  it('should not call onOff after close', async () => {
    const file = join(dir, 'node4');
    writeFileSync(file, 'on');
    const w = watch(file);
    w.close();
    writeFileSync(file, 'off');
    await pause(60);
    expect(w.offs()).toBe(0);
  });

  it('should read off case-insensitively, ignoring surrounding blanks', () => {
    expect([isPowerOff('off'), isPowerOff(' Off\n'), isPowerOff('on'), isPowerOff(''), isPowerOff('offline')]).toEqual([true, true, false, false, false]);
  });
});
