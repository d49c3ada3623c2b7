// What the executor remembers of the resources it started: enough to stop them all (with what
// they run with now) and to tell a new coordinator what they were started or reloaded with.
import { describe, expect, it } from 'vitest';
import { StartedResources } from '../../src/daemon/executor-state.ts';
import type { AgentOperation, AgentResult } from '../../src/ocf/operation.ts';
import { recordedDigests } from '../../src/scheduler/digest.ts';

const op = (action: AgentOperation['action'], params: Record<string, string> = {}): AgentOperation => ({
  resource: 'r', agent: { class: 'ocf', provider: 'heartbeat', type: 'Dummy' }, action, intervalMs: 0, timeoutMs: 20_000, params, meta: {}, node: 'n1',
});
const ok = (extra: Partial<AgentResult> = {}): AgentResult => ({ rc: 0, timedOut: false, signal: null, durationMs: 1, outputTail: '', ...extra });

describe('started resources', () => {
  it('should remember what a resource was last started or reloaded with, and stop it with that', () => {
    const s = new StartedResources();
    s.record(op('start', { fake: 'a' }), ok({ forceRestart: ['state'] }));
    expect(s.startedWith('r')).toEqual(recordedDigests({ fake: 'a' }, ['state']));
    s.record(op('reload-agent', { fake: 'b' }), ok({ forceRestart: ['state'] }));
    expect(s.startedWith('r')).toEqual(recordedDigests({ fake: 'b' }, ['state']));
    expect(s.stops()).toMatchObject([{ action: 'stop', params: { fake: 'b' } }]);
    s.record(op('reload-agent', { fake: 'c' }), ok({ rc: 1 }));
    expect(s.startedWith('r')?.opDigest, 'a failed reload changed nothing known').toBe(recordedDigests({ fake: 'b' }).opDigest);
  });

  it('should forget it once stopped, or found not running', () => {
    const s = new StartedResources();
    s.record(op('start', { fake: 'a' }), ok());
    s.record(op('stop', { fake: 'a' }), ok());
    expect(s.startedWith('r')).toBeUndefined();
    s.record(op('start', { fake: 'a' }), ok());
    s.record({ ...op('monitor'), intervalMs: 0 }, ok({ rc: 7 }));
    expect(s.startedWith('r')).toBeUndefined();
    expect(s.ids()).toEqual([]);
  });
});
