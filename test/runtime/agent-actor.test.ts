import { createActor, toPromise } from 'xstate';
import { describe, expect, it } from 'vitest';
import { agentActor } from '../../src/runtime/agent-actor.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { Writable } from 'node:stream';
import type { AgentOperation } from '../../src/ocf/operation.ts';

const op: AgentOperation = {
  resource: 'r', agent: { class: 'ocf', provider: 'heartbeat', type: 'Dummy' }, action: 'start',
  intervalMs: 0, timeoutMs: 1000, params: {}, meta: {}, node: 'n1',
};
const quiet = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) });

describe('agentActor', () => {
  it('should stamp the result with the injected clock', async () => {
    const logic = agentActor({ run: async () => ({ rc: 0, timedOut: false, signal: null, durationMs: 3, outputTail: '' }) }, quiet, () => 42);
    expect(await toPromise(createActor(logic, { input: op }).start())).toMatchObject({ rc: 0, endedAtMs: 42 });
  });

  it('should turn a runner that throws into a failed operation, not a crash', async () => {
    const logic = agentActor({ run: async () => { throw new Error('boom'); } }, quiet, () => 7);
    const result = await toPromise(createActor(logic, { input: op }).start());
    expect(result).toMatchObject({ rc: 1, timedOut: false, endedAtMs: 7 });
    expect(result.exitReason).toContain('boom');
  });
});
