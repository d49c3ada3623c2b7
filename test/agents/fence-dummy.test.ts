// Debian's real fence_dummy (fence-agents): type=file keeps the power state in status_file,
// type=fail never reaches the asked state, random_sleep_range=N sleeps 1..N seconds first.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFenceAgent, type FenceRequest } from '../../src/agents/fence.ts';
import { makeTempDir, pollFor } from './helpers.ts';

const AGENT = '/usr/sbin/fence_dummy';
const tmp = makeTempDir('fence-dummy');
afterAll(() => tmp.cleanup());
const statusFile = join(tmp.dir, 'power.status');

const request = (action: FenceRequest['action'], params: Record<string, string> = {}, timeoutMs = 20_000): FenceRequest => ({
  device: 'dummy1', agent: 'fence_dummy', action, target: 'node2', timeoutMs,
  // fence_dummy has no port parameter: pcmk_host_argument=none keeps it from warning about one.
  params: { type: 'file', status_file: statusFile, pcmk_host_argument: 'none', ...params },
});

/** Whether any process of the group is left (signal 0 only checks). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('fence_dummy (real agent)', () => {
  it('should be installed', () => {
    expect(existsSync(AGENT)).toBe(true);
  });

  it('should power off, then report off', async () => {
    writeFileSync(statusFile, 'on'); // a missing file reads as off, and "already off" writes nothing
    expect(await runFenceAgent(request('off'))).toMatchObject({ ok: true, rc: 0, timedOut: false });
    expect(readFileSync(statusFile, 'utf8')).toBe('off');
    const status = await runFenceAgent(request('status'));
    expect(status).toMatchObject({ ok: true, rc: 2, powerState: 'off', reason: 'fence device dummy1 (fence_dummy): status of node2: power is off' });
    expect(status.outputTail).toContain('Status: OFF');
  });

  it('should power on, then report on', async () => {
    writeFileSync(statusFile, 'off');
    expect(await runFenceAgent(request('on'))).toMatchObject({ ok: true, rc: 0 });
    expect(readFileSync(statusFile, 'utf8')).toBe('on');
    expect(await runFenceAgent(request('status'))).toMatchObject({ ok: true, rc: 0, powerState: 'on' });
  });

  it('should reboot and end powered on', async () => {
    writeFileSync(statusFile, 'on');
    const r = await runFenceAgent(request('reboot'));
    expect(r).toMatchObject({ ok: true, rc: 0, reason: 'fence device dummy1 (fence_dummy): reboot of node2 succeeded' });
    expect(r.outputTail).toContain('Success: Rebooted');
    expect(readFileSync(statusFile, 'utf8')).toBe('on');
  });

  it('should answer monitor', async () => {
    const { target: _t, ...monitor } = request('monitor');
    expect(await runFenceAgent(monitor)).toMatchObject({ ok: true, rc: 0 });
  });

  it('should fail with type=fail once power_timeout runs out, by itself', async () => {
    const r = await runFenceAgent(request('off', { type: 'fail', power_timeout: '1' }));
    expect(r).toMatchObject({ ok: false, rc: 1, timedOut: false, signal: null });
    expect(r.reason).toBe('fence device dummy1 (fence_dummy): off of node2 failed with exit code 1; agent said: Failed: Timed out waiting to power OFF');
  });

  it('should report a device without a list action as failing it', async () => {
    const { target: _t, ...list } = request('list');
    const r = await runFenceAgent(list);
    expect(r).toMatchObject({ ok: false, rc: 1 });
    expect(r.reason).toContain("agent said: Failed: Unrecognised action 'list'");
  });

  it('should redact a password the real agent echoes in its warning about an unknown option', async () => {
    // fence_dummy takes no password: it logs "Ignoring unknown option 'passwd=...'" on stderr.
    const r = await runFenceAgent(request('status', { passwd: 's3cr3t-pw' }));
    expect(r.ok).toBe(true);
    expect(r.outputTail).toContain("Ignoring unknown option 'passwd=[redacted]'");
    expect(r.outputTail).not.toContain('s3cr3t-pw');
  });

  it('should kill the whole group when the agent sleeps past the timeout', async () => {
    let pgid = 0;
    // random_sleep_range=1 sleeps exactly 1 s (randint(1, 1)), well past 300 ms.
    const r = await runFenceAgent(request('off', { random_sleep_range: '1' }, 300), { killGraceMs: 200, onSpawn: (pid) => { pgid = pid; } });
    expect(r).toMatchObject({ ok: false, timedOut: true, rc: null });
    expect(r.reason).toContain('off of node2 timed out after 300 ms; its process group was killed');
    expect(pgid).toBeGreaterThan(1);
    expect(await pollFor(() => (groupAlive(pgid) ? undefined : true))).toBe(true);
  });
});
