// The daemon's wire schemas: one valid message of every kind passes the codec, and malformed
// ones are refused with a message naming the field.
import { describe, expect, it } from 'vitest';
import { createDaemonRegistry, jsonObject, registerDaemonKinds } from '../../src/daemon/protocol-kinds.ts';
import { decodeMessage, encodeMessage, makeMessage } from '../../src/transport/codec.ts';
import { createRegistry } from '../../src/transport/kinds.ts';
import type { Message } from '../../src/transport/types.ts';
import { agentResult, fenceAttempt, operation } from './helpers.ts';
import { simConfig } from '../../src/testing/sim/config.ts';
import type { ClusterView } from '../../src/daemon/view-types.ts';

const registry = createDaemonRegistry();
const generation = { adminEpoch: 0, epoch: 3, updates: 12 };
const doc = simConfig(['node1', 'node2', 'node3']);
const view: ClusterView = {
  cluster: 'sim', generation, coordinator: 'node1', epoch: 4, quorum: true, updatedAtMs: 5,
  nodes: [{ name: 'node1', state: 'online', mode: 'online', member: true, reason: '', recoveryBlocked: null }],
  resources: [{ id: 'a', state: 'started', node: 'node1', instances: [{ node: 'node1', state: 'started', failCount: 0, rc: 0, reason: '' }], parent: 'app' }],
  failures: [], fencing: [{ target: 'node2', action: 'reboot', result: 'succeeded', reason: 'lost', epoch: 3, atMs: 1 }], transition: null,
};

const VALID: Message[] = [
  makeMessage('node1', 'election', { type: 'VOTE.REQUEST', from: 'node1', to: 'node2', epoch: 4, generation }),
  makeMessage('node1', 'election', { type: 'VOTE.REPLY', from: 'node1', to: 'node2', epoch: 4, granted: false, refusal: 'in-lease' }),
  makeMessage('node1', 'election', { type: 'HEARTBEAT.PING', from: 'node1', to: 'node2', epoch: 4, sentTick: 9 }),
  makeMessage('node1', 'election', { type: 'PREVOTE.REQUEST', from: 'node1', to: 'node2', epoch: 5, generation }),
  makeMessage('node1', 'election', { type: 'PREVOTE.REPLY', from: 'node1', to: 'node2', epoch: 4, granted: false, refusal: 'in-lease' }),
  makeMessage('node1', 'election', { type: 'HEARTBEAT.ACK', from: 'node1', to: 'node2', epoch: 4, sentTick: 9, ok: true }),
  makeMessage('node1', 'exec', { id: 'node1:4:1', op: operation({ params: { state: '/tmp/x' }, meta: { 'recovery-left': '1' } }) }, 4),
  makeMessage('node2', 'exec-result', { id: 'node1:4:1', result: agentResult(0, { exitReason: 'fine', pid: 42 }) }),
  makeMessage('node2', 'exec-result', { id: 'node1:4:1', result: agentResult(1), refused: 'stale epoch 4 < 5' }),
  makeMessage('node1', 'fence-exec', { id: 'node1:4:2', attempt: fenceAttempt() }, 4),
  makeMessage('node2', 'fence-exec-result', { id: 'node1:4:2', result: { ok: true, reason: 'done' } }),
  makeMessage('node1', 'state', { epoch: 4, coordinator: 'node1', doc, view }, 4),
  // Fields a newer version adds travel along as plain JSON.
  makeMessage('node1', 'state', { epoch: 4, coordinator: 'node1', doc: { ...doc, later: { nested: [[1, 2.5, null, true, 'x']] } } as never, view }, 4),
  makeMessage('node2', 'admin', { id: 'a1', command: { type: 'resource.move', resource: 'r1', node: 'node3' } }),
  makeMessage('node2', 'admin', { id: 'a2', command: { type: 'resource.ban', resource: 'r1' } }),
  makeMessage('node2', 'admin', { id: 'a3', command: { type: 'fence.node', node: 'node3', action: 'reboot' } }),
  makeMessage('node2', 'admin', { id: 'a4', command: { type: 'daemon.stop', leaveResources: true } }),
  makeMessage('node2', 'admin', { id: 'a5', command: { type: 'config.apply', file: 'cluster.yaml', text: 'nodes: []\n' } }),
  makeMessage('node1', 'admin-result', { id: 'a1', result: { ok: true, message: 'moved', text: 'x' } }),
  makeMessage('node1', 'admin-result', { id: 'a1', result: { ok: false, error: 'no such resource r9' } }),
  makeMessage('node1', 'leave', { leaveResources: false }),
  makeMessage('node2', 'state-ack', { generation: { adminEpoch: 0, epoch: 1, updates: 2 } }, 7),
  makeMessage('node1', 'state-part', { id: '4:1', index: 1, count: 3, text: '{"epoch":' }, 4),
];

/** The decode problem of `msg` with `body` replaced. */
function problemOf(kind: string, body: unknown, epoch?: number): string {
  const frame = JSON.stringify({ v: 1, kind, from: 'node1', body, ...(epoch === undefined ? {} : { epoch }) });
  const decoded = decodeMessage(frame, registry);
  return decoded.ok ? 'accepted' : decoded.error.message;
}

describe('daemon message kinds', () => {
  it('should register every family of protocol.ts on top of the transport kinds', () => {
    expect(registry.kinds()).toEqual(['admin', 'admin-result', 'election', 'exec', 'exec-result', 'fence-exec', 'fence-exec-result', 'heartbeat', 'hello', 'leave', 'state', 'state-ack', 'state-part']);
    expect(registerDaemonKinds(createRegistry()).kinds()).toEqual(registry.kinds());
  });

  it('should pass a valid message of every kind through encode and decode unchanged', () => {
    expect(new Set(VALID.map((m) => m.kind)).size).toBe(11);
    for (const msg of VALID) {
      const decoded = decodeMessage(encodeMessage(msg, registry), registry);
      expect(decoded.ok ? decoded.message : decoded.error.message).toEqual(msg);
    }
  });

  it.each([
    ['election', { type: 'VOTE.GRANT', from: 'node1', to: 'node2', epoch: 1 }, 'message.body.type: expected one of VOTE.REQUEST, VOTE.REPLY, PREVOTE.REQUEST, PREVOTE.REPLY, HEARTBEAT.PING, HEARTBEAT.ACK, got "VOTE.GRANT"'],
    ['election', { type: 'VOTE.REQUEST', from: 'node1', to: 'node2', epoch: 1, generation: { adminEpoch: 0, epoch: -1, updates: 0 } }, 'message.body.generation.epoch: -1 is outside'],
    ['election', { type: 'VOTE.REPLY', from: 'node1', to: 'node2', epoch: 1, granted: false, refusal: 'tired' }, 'message.body.refusal: expected one of'],
    ['exec', { id: 'x', op: { ...operation(), action: 'explode' } }, 'message.body.op.action: expected one of start'],
    ['exec', { id: 'x', op: { ...operation(), params: { state: 7 } } }, 'message.body.op.params.state: expected a string, got a number'],
    ['exec', { id: 'x', op: { ...operation(), node: 'no/such' } }, 'message.body.op.node: does not match'],
    ['exec', { id: '', op: operation() }, 'message.body.id: shorter than 1 characters'],
    ['exec', { id: 'x', op: operation(), extra: 1 }, 'message.body.extra: unknown field'],
    ['exec-result', { id: 'x', result: { ...agentResult(0), rc: 1.5 } }, 'message.body.result.rc: expected an integer'],
    ['exec-result', { id: 'x', result: { ...agentResult(0), signal: 9 } }, 'message.body.result.signal: expected a string, got a number'],
    ['fence-exec', { id: 'x', attempt: { ...fenceAttempt(), action: 'status' } }, 'message.body.attempt.action: expected one of reboot, off, on, got "status"'],
    ['fence-exec-result', { id: 'x', result: { ok: 'yes', reason: '' } }, 'message.body.result.ok: expected a boolean, got a string'],
    ['state', { epoch: 1, coordinator: 'node1', doc: [], view }, 'message.body.doc: expected an object, got an array'],
    // Once crashed the receiving daemon (issue 14): every field a daemon reads is checked.
    ['state', { epoch: 1, coordinator: 'node1', doc: {}, view }, 'message.body.doc.config: missing'],
    ['state', { epoch: 1, coordinator: 'node1', doc: { ...doc, config: { ...doc.config, nodes: 'node1' } }, view }, 'message.body.doc.config.nodes: expected an array'],
    ['state', { epoch: 1, coordinator: 'node1', doc: { ...doc, config: { ...doc.config, generation: { epoch: 1 } } }, view }, 'message.body.doc.config.generation.adminEpoch: missing'],
    ['state', { epoch: 1, coordinator: 'node1', doc, view: { ...view, nodes: [{}] } }, 'message.body.view.nodes[0].name: missing'],
    ['admin', { id: 'a', command: { type: 'resource.explode', resource: 'r1' } }, 'message.body.command.type: expected one of status, resource.move'],
    ['admin', { id: 'a', command: { type: 'resource.move', resource: 'r1' } }, 'message.body.command.node: missing'],
    ['admin', { id: 'a', command: { type: 'resource.start', resource: 5 } }, 'message.body.command.resource: expected a string, got a number'],
    ['admin', { id: 'a', command: { type: 'daemon.stop', leaveResources: 'no' } }, 'message.body.command.leaveResources: expected a boolean'],
    ['admin-result', { id: 'a', result: { ok: true, error: 'x' } }, 'message.body.result.error: unknown field'],
    ['admin-result', { id: 'a', result: { ok: false } }, 'message.body.result.error: missing'],
    ['admin-result', { id: 'a', result: { ok: 'maybe' } }, 'message.body.result.ok: expected a boolean, got a string'],
    ['leave', {}, 'message.body.leaveResources: missing'],
    ['state-ack', { generation: { adminEpoch: 0, epoch: -1, updates: 0 } }, 'message.body.generation.epoch'],
  ])('should refuse a malformed %s body naming the field', (kind, body, expected) => {
    expect(problemOf(kind, body)).toContain(`invalid-body: ${expected}`);
  });

  it('should refuse a state document nested too deep, with the path of the offending value', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(problemOf('state', { epoch: 1, coordinator: 'node1', doc: { ...doc, a: [{ b: deep }] }, view })).toMatch(/invalid-body: message\.body\.doc\.a\[0\]\.b(\.d)+: nested deeper than 32 levels/);
  });

  it('should refuse non-JSON values in a state body when sending', () => {
    const check = (value: unknown) => jsonObject().check(value, 'doc');
    expect(check({ at: new Date(0) })).toBe('doc.at: a Date is not a plain JSON object');
    expect(check({ n: Number.NaN })).toBe('doc.n: NaN is not a JSON number');
    expect(check({ list: [1, undefined] })).toBe('doc.list[1]: undefined is not JSON');
    expect(check({ f: () => 1 })).toBe('doc.f: a function is not JSON');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(check(cyclic)).toMatch(/nested deeper than 32 levels$/);
    // An absent optional field (undefined-valued) is left out by JSON, so it is accepted.
    expect(check({ parent: undefined, ok: [{}] })).toBeUndefined();
    const bad = makeMessage('node1', 'state', { epoch: 1, coordinator: 'node1', doc: { ...doc, at: new Date(0) } as never, view });
    expect(() => encodeMessage(bad, registry)).toThrow(/refusing to send an invalid message: invalid-body: message\.body\.doc\.at/);
  });
});
