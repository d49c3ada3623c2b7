import { describe, expect, it } from 'vitest';
import { appliedParams, LIFECYCLE_ACTIONS } from '../../src/daemon/ledger-record.ts';
import type { AgentOperation, AgentResult } from '../../src/ocf/operation.ts';
import { opDigest } from '../../src/scheduler/digest.ts';

const op = (action: AgentOperation['action']): AgentOperation => ({
  resource: 'r', agent: { class: 'ocf', provider: 'heartbeat', type: 'Dummy' }, action, intervalMs: 0, timeoutMs: 20_000,
  params: { fake: 'b', state: '/run/r.state' }, meta: {}, node: 'n1',
});
const result = (rc: number): AgentResult => ({ rc, timedOut: false, signal: null, durationMs: 1, outputTail: '' });

describe('the ledger records the parameters an agent runs with', () => {
  it('should record the parameters digest after a start or reload that succeeded, and only then', () => {
    expect(appliedParams(op('start'), result(0))).toEqual({ paramsDigest: opDigest({ state: '/run/r.state', fake: 'b' }) });
    expect(appliedParams(op('reload-agent'), result(0)).paramsDigest).toBe(opDigest(op('start').params));
    expect(appliedParams(op('start'), result(1))).toEqual({});
    expect(appliedParams(op('monitor'), result(0))).toEqual({});
    expect(appliedParams(op('stop'), result(0))).toEqual({});
  });

  it('should record reloads among the lifecycle operations', () => {
    expect(LIFECYCLE_ACTIONS.has('reload-agent') && LIFECYCLE_ACTIONS.has('reload')).toBe(true);
  });
});
