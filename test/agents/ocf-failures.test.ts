// Agents that cannot run or misbehave: every case is a failed operation with a clear reason,
// never an exception.
import { afterAll, describe, expect, it } from 'vitest';
import { runOcfOperation } from '../../src/agents/ocf.ts';
import { classify, classifyProbe } from '../../src/ocf/exit-codes.ts';
import type { AgentRef } from '../../src/ocf/operation.ts';
import { makeOp, makeTempDir, writeAgent } from './helpers.ts';

const tmp = makeTempDir('ocf-failures');
afterAll(() => tmp.cleanup());
const ocfRoot = tmp.dir;
const testAgent = (type: string): AgentRef => ({ class: 'ocf', provider: 'test', type });

describe('runOcfOperation with a missing or unusable agent', () => {
  it('should report a missing agent as ERR_INSTALLED naming the file, the package and the likely typo', async () => {
    const r = await runOcfOperation(makeOp({ agent: { class: 'ocf', provider: 'heartbeat', type: 'Dumy' }, action: 'start' }));
    expect(r.rc).toBe(5);
    expect(r.timedOut).toBe(false);
    expect(r.exitReason).toContain('/usr/lib/ocf/resource.d/heartbeat/Dumy does not exist');
    expect(r.exitReason).toContain('apt-get install resource-agents');
    expect(r.exitReason).toContain('did you mean ocf:heartbeat:Dummy?');
    expect(r.pid).toBeUndefined();
    expect(classify(r.rc, r.timedOut)).toEqual({ kind: 'failed', severity: 'hard' });
    expect(classifyProbe(r.rc, r.timedOut)).toEqual({ kind: 'notRunning' });
  });

  it('should suggest the provider when the provider is misspelt', async () => {
    const r = await runOcfOperation(makeOp({ agent: { class: 'ocf', provider: 'heartbaet', type: 'Dummy' } }));
    expect(r.rc).toBe(5);
    expect(r.exitReason).toContain('did you mean ocf:heartbeat:Dummy?');
    expect(r.exitReason).toContain('no Debian package is known for provider');
  });

  it('should report a file that is not executable as ERR_INSTALLED with the chmod fix', async () => {
    const file = writeAgent(ocfRoot, 'noexec', '#!/bin/sh\nexit 0\n', 0o644);
    const r = await runOcfOperation(makeOp({ agent: testAgent('noexec') }), { ocfRoot });
    expect(r.rc).toBe(5);
    expect(r.exitReason).toContain(`${file} is not executable; fix with chmod +x ${file}`);
  });

  it('should report a missing interpreter as ERR_INSTALLED', async () => {
    const file = writeAgent(ocfRoot, 'nointerp', '#!/nonexistent/shell\nexit 0\n');
    const r = await runOcfOperation(makeOp({ agent: testAgent('nointerp') }), { ocfRoot });
    expect(r.rc).toBe(5);
    expect(r.exitReason).toContain(`cannot run ${file}: its interpreter (the #! line) is missing`);
  });

  it('should refuse agent names that would escape the provider directory', async () => {
    const r = await runOcfOperation(makeOp({ agent: { class: 'ocf', provider: 'heartbeat', type: '../../../../bin/true' } }));
    expect(r.rc).toBe(5);
    expect(r.exitReason).toContain('is not a valid agent type name');
  });

  it('should refuse classes other than ocf and an ocf agent without provider', async () => {
    const stonith = await runOcfOperation(makeOp({ agent: { class: 'stonith', type: 'fence_dummy' } }));
    expect(stonith.rc).toBe(5);
    expect(stonith.exitReason).toContain('the OCF runner runs only class ocf');
    const noProvider = await runOcfOperation(makeOp({ agent: { class: 'ocf', type: 'Dummy' } }));
    expect(noProvider.rc).toBe(5);
    expect(noProvider.exitReason).toContain('write it as ocf:PROVIDER:TYPE');
  });

  it('should refuse a parameter name that cannot be an environment variable', async () => {
    const r = await runOcfOperation(makeOp({ resource: 'web', params: { 'a=b': 'x' } }));
    expect(r.rc).toBe(6);
    expect(r.exitReason).toBe("resource web: parameter 'a=b' is not a valid name (use letters, digits and _; start with a letter)");
  });

  it('should refuse a non-positive timeout without running anything', async () => {
    const r = await runOcfOperation(makeOp({ timeoutMs: 0 }));
    expect(r.rc).toBe(1);
    expect(r.exitReason).toContain('timeout must be a positive number of ms, got 0');
  });

  it('should never reject, even for a malformed operation', async () => {
    const broken = { ...makeOp(), agent: undefined } as unknown as Parameters<typeof runOcfOperation>[0];
    const r = await runOcfOperation(broken);
    expect(r.rc).toBe(1);
    expect(r.exitReason).toMatch(/^vigil could not run/);
  });
});

describe('runOcfOperation with a misbehaving agent', () => {
  it('should report an agent killed by a signal as a generic failure naming the signal', async () => {
    writeAgent(ocfRoot, 'suicide', '#!/bin/sh\necho "ocf-exit-reason:about to die" >&2\nkill -KILL $$\n');
    const r = await runOcfOperation(makeOp({ resource: 'doomed', agent: testAgent('suicide'), action: 'start' }), { ocfRoot });
    expect(r).toMatchObject({ rc: 1, signal: 'SIGKILL', timedOut: false });
    expect(r.exitReason).toBe('start of doomed (ocf:test:suicide) was killed by SIGKILL; agent said: about to die');
  });

  it('should pass through a non-OCF exit code with garbage output and explain it', async () => {
    writeAgent(ocfRoot, 'garbage', '#!/bin/sh\nprintf "\\377\\376<not xml\\n" \nprintf "\\001\\002junk" >&2\nexit 42\n');
    const r = await runOcfOperation(makeOp({ resource: 'junk', agent: testAgent('garbage'), action: 'monitor' }), { ocfRoot });
    expect(r).toMatchObject({ rc: 42, signal: null, timedOut: false });
    expect(r.exitReason).toBe('monitor of junk (ocf:test:garbage) exited with 42, which is not an OCF exit code');
    expect(r.outputTail).toContain('<not xml');
    expect(classify(r.rc, r.timedOut)).toEqual({ kind: 'failed', severity: 'soft' });
  });

  it('should keep the last exit reason and a bounded output tail from a chatty agent', async () => {
    writeAgent(ocfRoot, 'chatty', [
      '#!/bin/sh',
      'echo "ocf-exit-reason:first" >&2',
      'head -c 100000 /dev/zero | tr "\\0" y',
      'echo "ocf-exit-reason:  second  " >&2',
      'exit 6',
    ].join('\n'));
    const r = await runOcfOperation(makeOp({ agent: testAgent('chatty') }), { ocfRoot });
    expect(r.rc).toBe(6);
    expect(r.exitReason).toBe('second');
    expect(Buffer.byteLength(r.outputTail)).toBeLessThan(9 * 1024);
    expect(r.outputTail).toContain('[stderr]\nocf-exit-reason:first');
  });

  it('should time out an agent that ignores SIGTERM, with SIGKILL after the grace period', async () => {
    writeAgent(ocfRoot, 'deaf', "#!/bin/sh\ntrap '' TERM\nsleep 60\n");
    const r = await runOcfOperation(makeOp({ resource: 'deaf', agent: testAgent('deaf'), timeoutMs: 200 }), { ocfRoot, killGraceMs: 100 });
    expect(r).toMatchObject({ rc: 1, timedOut: true, signal: 'SIGKILL' });
    expect(r.exitReason).toBe('monitor of deaf (ocf:test:deaf) timed out after 200 ms; its process group was killed (it ended by SIGKILL)');
  });
});
