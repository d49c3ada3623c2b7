import { afterAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../src/agents/process.ts';
import { TailBuffer } from '../../src/agents/tail-buffer.ts';
import { killGroupQuietly, liveGroupMembers, makeTempDir, pollFor, waitGroupGone, writeAgent } from './helpers.ts';

const tmp = makeTempDir('process');
afterAll(() => tmp.cleanup());
const ENV = { PATH: '/usr/bin:/bin' };

describe('runProcess', () => {
  it('should capture stdout and stderr, pass stdin and report the exit code', async () => {
    const r = await runProcess({
      command: '/bin/sh',
      args: ['-c', 'read line; echo "got $line"; echo oops >&2; exit 3'],
      env: ENV,
      stdinText: 'hello\n',
      timeoutMs: 10_000,
    });
    expect(r).toMatchObject({ code: 3, signal: null, timedOut: false, spawnError: null, stdoutTail: 'got hello\n', stderrTail: 'oops\n' });
    expect(r.pid).toBeGreaterThan(1);
  });

  it('should run the child in its own process group', async () => {
    const r = await runProcess({ command: '/bin/sh', args: ['-c', 'ps -o pgid= -p $$'], env: ENV, timeoutMs: 10_000 });
    expect(Number(r.stdoutTail.trim())).toBe(r.pid);
    expect(r.pid).not.toBe(process.pid);
  });

  it('should pass exactly the given environment', async () => {
    const r = await runProcess({ command: '/usr/bin/env', args: [], env: { PATH: '/bin', ONLY: 'me' }, timeoutMs: 10_000 });
    expect(r.stdoutTail.trim().split('\n').sort()).toEqual(['ONLY=me', 'PATH=/bin']);
  });

  it('should report a missing command as a spawn error without throwing', async () => {
    const r = await runProcess({ command: '/nonexistent/agent', args: [], env: ENV, timeoutMs: 10_000 });
    expect(r.spawnError?.code).toBe('ENOENT');
    expect(r).toMatchObject({ pid: null, code: null, signal: null, timedOut: false });
  });

  it('should report arguments Node refuses as a spawn error without throwing', async () => {
    const r = await runProcess({ command: '/bin/true', args: [], env: { BAD: 'a\0b' }, timeoutMs: 10_000 });
    expect(r.spawnError?.code).toMatch(/^ERR_/);
  });

  it('should keep only the newest bytes of a large output', async () => {
    const r = await runProcess({
      command: '/bin/sh',
      args: ['-c', 'head -c 300000 /dev/zero | tr "\\0" x; echo END'],
      env: ENV,
      timeoutMs: 10_000,
      outputCapBytes: 10_000,
    });
    expect(r.code).toBe(0);
    expect(Buffer.byteLength(r.stdoutTail)).toBe(10_000);
    expect(r.stdoutTail.endsWith('xxxEND\n')).toBe(true);
    expect(r.stdoutTruncatedBytes).toBe(300_004 - 10_000);
  });

  it('should kill the whole group on timeout, with SIGKILL when SIGTERM is ignored', async () => {
    // Both the shell and its child ignore TERM (an ignored signal is inherited across exec).
    const script = writeAgent(tmp.dir, 'stubborn', "#!/bin/sh\ntrap '' TERM\nsleep 60 &\nsleep 61\n");
    let pgid = 0;
    let sawChildren = 0;
    const r = await runProcess({
      command: script, args: [], env: ENV, timeoutMs: 300, killGraceMs: 200,
      onSpawn: (pid) => { pgid = pid; void pollFor(() => { sawChildren = Math.max(sawChildren, liveGroupMembers(pid).length); return sawChildren >= 3 ? true : undefined; }); },
    });
    expect(sawChildren).toBeGreaterThanOrEqual(3); // sh + two sleeps were in the group
    expect(r).toMatchObject({ timedOut: true, signal: 'SIGKILL', code: null });
    expect(await waitGroupGone(pgid)).toEqual([]);
  });

  it('should leave the group alone after a normal exit and not wait for pipes held by a grandchild', async () => {
    // The background sleep keeps stdout open; a normal start may leave a service running.
    const r = await runProcess({ command: '/bin/sh', args: ['-c', 'sleep 30 & echo started'], env: ENV, timeoutMs: 10_000, drainMs: 100 });
    try {
      expect(r).toMatchObject({ code: 0, timedOut: false, stdoutTail: 'started\n' });
      const survivors = liveGroupMembers(r.pid ?? 0);
      expect(survivors.map((p) => p.comm)).toEqual(['sleep']);
    } finally {
      killGroupQuietly(r.pid ?? 0);
    }
  });

  it('should measure duration with the injected clock', async () => {
    const ticks = [1000, 1250];
    const r = await runProcess({ command: '/bin/true', args: [], env: ENV, timeoutMs: 10_000, clockNow: () => ticks.shift() ?? 9999 });
    expect(r.durationMs).toBe(250);
  });
});

describe('TailBuffer', () => {
  it('should keep the newest bytes across chunks and count the dropped ones', () => {
    const b = new TailBuffer(5);
    for (const s of ['abc', 'def', 'gh']) b.push(Buffer.from(s));
    expect(b.text()).toBe('defgh');
    expect(b.truncatedBytes()).toBe(3);
  });

  it('should drop a multi-byte character cut at the front', () => {
    const b = new TailBuffer(5);
    b.push(Buffer.from('ééé')); // 6 bytes; the newest 5 start inside the first é
    expect(b.text()).toBe('éé');
  });
});
