// runFenceAgent against small script agents: what exactly reaches the agent, secrets in its
// output, a missing agent, unwritable values and a timeout that must end the whole group.
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFenceStdin, lastAgentError, runFenceAgent, type FenceRequest } from '../../src/agents/fence.ts';
import { REDACTED } from '../../src/agents/fence-redact.ts';
import { makeTempDir, waitGroupGone } from './helpers.ts';

const tmp = makeTempDir('fence-run');
afterAll(() => tmp.cleanup());

function writeFenceAgent(name: string, body: string): void {
  const file = join(tmp.dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
}

const argvFile = join(tmp.dir, 'argv.txt');
const stdinFile = join(tmp.dir, 'stdin.txt');
writeFenceAgent('fence_dump', `echo "$# $*" > ${argvFile}\ncat > ${stdinFile}\nexit 0`);
writeFenceAgent('fence_echo', 'cat\necho "ERROR: login failed for admin with password hunter22" >&2\nexit 1');
writeFenceAgent('fence_status_rc', 'cat >/dev/null\nexit "$(cat ' + join(tmp.dir, 'rc.txt') + ')"');
writeFenceAgent('fence_stubborn', "cat >/dev/null\ntrap '' TERM\nsleep 30 &\nsleep 30");

const opts = { agentDirs: [tmp.dir] };
const request = (overrides: Partial<FenceRequest> = {}): FenceRequest => ({
  device: 'ipmi1', agent: 'fence_dump', action: 'reboot', target: 'node2', timeoutMs: 10_000,
  params: { ip: '10.0.0.9', username: 'admin', password: 'hunter22', pcmk_host_map: 'node2:vm-2', pcmk_delay_max: '5s' },
  ...overrides,
});

describe('runFenceAgent: what the agent is given', () => {
  it('should pass nothing on the command line and everything as key=value lines on stdin', async () => {
    const r = await runFenceAgent(request(), opts);
    expect(r).toMatchObject({ ok: true, rc: 0, timedOut: false, signal: null, reason: 'fence device ipmi1 (fence_dump): reboot of node2 succeeded' });
    expect(readFileSync(argvFile, 'utf8')).toBe('0 \n');
    expect(readFileSync(stdinFile, 'utf8')).toBe('action=reboot\nnodename=node2\nport=vm-2\nip=10.0.0.9\nusername=admin\npassword=hunter22\n');
  });

  it('should send the target as port when unmapped, and not override a port the device sets', () => {
    const unmapped = buildFenceStdin(request({ params: {} }));
    expect(unmapped).toEqual({ ok: true, text: 'action=reboot\nnodename=node2\nport=node2\n' });
    const own = buildFenceStdin(request({ params: { plug: '4' } }));
    expect(own).toEqual({ ok: true, text: 'action=reboot\nnodename=node2\nplug=4\n' });
  });

  it('should follow pcmk_host_argument and leave device-wide actions without a port', () => {
    expect(buildFenceStdin(request({ params: { pcmk_host_argument: 'uuid' } }))).toEqual({ ok: true, text: 'action=reboot\nnodename=node2\nuuid=node2\n' });
    expect(buildFenceStdin(request({ params: { pcmk_host_argument: 'none' } }))).toEqual({ ok: true, text: 'action=reboot\nnodename=node2\n' });
    const { target: _t, ...noTarget } = request({ action: 'list', params: { ip: 'h' } });
    expect(buildFenceStdin(noTarget)).toEqual({ ok: true, text: 'action=list\nip=h\n' });
  });

  it('should ignore the device\'s own action and nodename: the request decides', () => {
    expect(buildFenceStdin(request({ action: 'off', params: { action: 'reboot', nodename: 'x' } }))).toEqual({ ok: true, text: 'action=off\nnodename=node2\nport=node2\n' });
  });

  it('should refuse a value with a line break without running the agent or showing a secret', async () => {
    const r = await runFenceAgent(request({ params: { password: 'a\nb' } }), opts);
    expect(r).toMatchObject({ ok: false, rc: null, timedOut: false });
    expect(r.reason).toBe("fence device ipmi1: parameter 'password': its value contains a line break or NUL, which the agent's stdin protocol cannot carry; remove it");
    const named = buildFenceStdin(request({ params: { 'bad name': 'x' } }));
    expect(named.ok ? '' : named.reason).toContain("parameter name 'bad name' is not valid");
  });
});

describe('runFenceAgent: results', () => {
  it('should redact a password the agent echoes from outputTail and reason', async () => {
    const r = await runFenceAgent(request({ agent: 'fence_echo' }), opts);
    expect(r.ok).toBe(false);
    expect(r.rc).toBe(1);
    expect(r.reason).toBe(`fence device ipmi1 (fence_echo): reboot of node2 failed with exit code 1; agent said: login failed for admin with password ${REDACTED}`);
    expect(r.outputTail).toContain(`password=${REDACTED}`);
    expect(`${r.outputTail}${r.reason}`).not.toContain('hunter22');
  });

  it.each([
    [0, true, 'on'],
    [2, true, 'off'],
    [1, false, 'unknown'],
  ])('should read status rc %i as ok=%s, power %s', async (rc, ok, powerState) => {
    writeFileSync(join(tmp.dir, 'rc.txt'), String(rc));
    const r = await runFenceAgent(request({ agent: 'fence_status_rc', action: 'status' }), opts);
    expect(r).toMatchObject({ ok, rc, powerState });
  });

  it('should report a missing agent with the places searched and the package', async () => {
    const r = await runFenceAgent(request({ agent: 'fence_nosuch' }), opts);
    expect(r).toMatchObject({ ok: false, rc: null, timedOut: false, signal: null, outputTail: '' });
    expect(r.reason).toBe(`fence device ipmi1: agent fence_nosuch is not installed (no executable fence_nosuch in ${tmp.dir}); install it (Debian: apt-get install fence-agents)`);
  });

  it('should suggest an installed agent for a typo, and refuse names that are not fence agents', async () => {
    expect((await runFenceAgent(request({ agent: 'fence_dumq' }), opts)).reason).toContain('did you mean fence_dump?');
    const r = await runFenceAgent(request({ agent: '../bin/sh' }), opts);
    expect(r.reason).toBe("fence device ipmi1: '../bin/sh' is not a fence agent name (it must match fence_[A-Za-z0-9_]+, e.g. fence_ipmilan)");
  });

  it('should turn a caller\'s bug (an unknown action) into a failed result, not an exception', async () => {
    const r = await runFenceAgent(request({ action: 'explode' as FenceRequest['action'] }), opts);
    expect(r).toMatchObject({ ok: false, rc: null });
    expect(r.reason).toBe("vigil could not run fence device ipmi1 (fence_dump): explode of node2: fence request for ipmi1: unknown action 'explode'");
  });

  it('should refuse a timeout that is not positive', async () => {
    expect((await runFenceAgent(request({ timeoutMs: 0 }), opts)).reason).toBe('fence device ipmi1 (fence_dump): reboot of node2: timeout must be a positive number of ms, got 0');
  });

  it('should kill the whole process group on timeout, even children ignoring SIGTERM', async () => {
    let pgid = 0;
    const r = await runFenceAgent(request({ agent: 'fence_stubborn', timeoutMs: 300 }), { ...opts, killGraceMs: 200, onSpawn: (pid) => { pgid = pid; } });
    expect(r).toMatchObject({ ok: false, timedOut: true, signal: 'SIGKILL', rc: null });
    expect(r.reason).toContain('reboot of node2 timed out after 300 ms; its process group was killed (it ended by SIGKILL)');
    expect(pgid).toBeGreaterThan(1);
    expect(await waitGroupGone(pgid)).toEqual([]);
  });
});

describe('lastAgentError', () => {
  it('should take the last error line fence-agents log, skipping the usage hint', () => {
    const stderr = "WARNING:root:Parse error: Ignoring unknown option 'port=p1'\nERROR:root:Failed: Unrecognised action 'list'\n2026-11-21 23:57:12,529 ERROR: Please use '-h' for usage\n";
    expect(lastAgentError(stderr)).toBe("Failed: Unrecognised action 'list'");
    expect(lastAgentError('all fine\n')).toBeUndefined();
  });
});
