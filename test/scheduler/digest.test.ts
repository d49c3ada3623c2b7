// What the scheduler reads from the digests a start recorded (recordedDigests): the same
// definition, one that only a reload can apply, or one that needs a restart.
import { describe, expect, it } from 'vitest';
import type { OperationRecord, Primitive } from '../../src/config/model.ts';
import { digestStatus, recordedDigests } from '../../src/scheduler/digest.ts';

const OLD = { state: '/run/a.state', fake: 'a' };
const def = (params: Record<string, string>): Primitive => ({ kind: 'primitive', id: 'r', class: 'ocf', provider: 'heartbeat', type: 'Dummy', params, meta: {}, operations: [] });
const started = (forceRestart?: string[]): OperationRecord[] => [
  { operation: 'start', intervalMs: 0, rc: 0, status: 'done', callId: 3, id: 'r_last_0', ...recordedDigests(OLD, forceRestart) },
];

describe('digests recorded by a start', () => {
  it('should see no change when the definition is the same, whatever the order of its parameters', () => {
    expect(digestStatus(def({ fake: 'a', state: '/run/a.state' }), started(['state']))).toBe('same');
  });

  it('should reload when only parameters a reload can change changed', () => {
    expect(digestStatus(def({ ...OLD, fake: 'b' }), started(['state']))).toBe('reload');
    expect(digestStatus(def({ ...OLD, added: 'x' }), started(['state'])), 'a new parameter the agent does not name as fixed').toBe('reload');
  });

  it('should restart when a parameter a reload cannot change changed, or the agent cannot reload', () => {
    expect(digestStatus(def({ ...OLD, state: '/run/b.state' }), started(['state']))).toBe('restart');
    expect(digestStatus(def({ ...OLD, fake: 'b' }), started(undefined))).toBe('restart');
  });
});
