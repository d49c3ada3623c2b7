// Wire schemas of the daemon's message families (protocol.ts): registered on the transport's
// kind registry, so both the sender (before encoding) and the receiver (after decoding) check
// every body, field by field: no authenticated peer can crash a daemon with a malformed
// message (the replicated document and view: protocol-document.ts).
import type { AdminCommandType } from './control-types.ts';
import { attributeCommandSchemas } from '../attributes/command-schemas.ts';
import type { AdminBody, AdminResultBody, StateBody } from './protocol.ts';
import type { Msg as ElectionMsg, VoteRefusal } from '../election/types.ts';
import type { AgentAction, AgentOperation, AgentRef, AgentResult } from '../ocf/operation.ts';
import type { FenceAttemptInput, FenceAttemptResult } from '../machines/fence-types.ts';
import { createRegistry, nodeNameSchema, type KindRegistry } from '../transport/kinds.ts';
import { clusterDocumentSchema, clusterViewSchema } from './protocol-document.ts';
import { STATE_PART_CHARS, STATE_PARTS_MAX } from './state-parts.ts';
import { MESSAGE_BYTES_MAX } from '../transport/constants.ts';
import {
  array, boolean, describe, finite, integer, isPlainObject, jsonObject, literal, nullable, object, oneOf, string, stringRecord, tagged, type Schema,
} from '../transport/schema.ts';

// The richer helpers moved to transport/schema.ts; re-exported for their users here.
export { JSON_DEPTH_MAX, finite, jsonObject, nullable, oneOf, stringRecord, tagged } from '../transport/schema.ts';

/** Longest id, resource name, agent name or parameter name on the wire. */
export const NAME_LENGTH_MAX = 1024;
/** Longest exit reason / fence reason kept in a result (the executor truncates to this). */
export const REASON_LENGTH_MAX = 16 * 1024;
/** Longest output tail kept in a result (the executor truncates to this). */
export const OUTPUT_TAIL_LENGTH_MAX = 64 * 1024;
/** Most parameters or meta attributes in one operation. */
export const PARAMS_MAX = 1_000;

const COUNT_MAX = Number.MAX_SAFE_INTEGER;

/** A schema whose value is trusted to have type T once it is plain JSON (the coordinator's own data). */
function trusted<T>(schema: Schema<unknown>): Schema<T> {
  return schema as Schema<T>;
}

// --- shared pieces --------------------------------------------------------------------------

const name = string({ minLength: 1, maxLength: NAME_LENGTH_MAX });
const text = (maxLength: number) => string({ maxLength });
const count = integer({ min: 0, max: COUNT_MAX });
const durationMs = finite({ min: 0, max: COUNT_MAX });
const params = stringRecord({ maxEntries: PARAMS_MAX, keyLengthMax: NAME_LENGTH_MAX, valueLengthMax: MESSAGE_BYTES_MAX });
const idSchema = name;

const AGENT_ACTIONS: readonly AgentAction[] = ['start', 'stop', 'monitor', 'validate-all', 'meta-data', 'migrate_to', 'migrate_from', 'reload-agent', 'reload', 'promote', 'demote', 'notify'];
const AGENT_CLASSES: readonly AgentRef['class'][] = ['ocf', 'stonith', 'lsb', 'systemd', 'service'];
/** What an administrator may ask (`vigil fence NODE --action`): fencing only. */
const FENCE_ACTIONS: readonly FenceAttemptInput['action'][] = ['reboot', 'off'];
/** What a daemon may be asked to run on a device: fencing, and unfencing (`on`). */
const DEVICE_ACTIONS: readonly FenceAttemptInput['action'][] = [...FENCE_ACTIONS, 'on'];
const VOTE_REFUSALS: readonly VoteRefusal[] = ['already-voted', 'older-generation', 'in-lease', 'stale-epoch', 'has-coordinator'];

const agentRefSchema = object({ class: oneOf(AGENT_CLASSES), provider: name, type: name }, ['provider']);

const agentOperationShape = object({
  resource: name, agent: agentRefSchema, action: oneOf(AGENT_ACTIONS),
  intervalMs: durationMs, timeoutMs: durationMs, params, meta: params, node: nodeNameSchema,
});
export const agentOperationSchema: Schema<AgentOperation> = agentOperationShape;

/** Exactly the fields of an AgentResult (the executor checks a runner's answer with it). */
const agentResultShape = object({
  rc: integer({ min: -(2 ** 31), max: 2 ** 31 }), timedOut: boolean(), signal: nullable(text(64)), durationMs,
  exitReason: text(REASON_LENGTH_MAX), outputTail: text(OUTPUT_TAIL_LENGTH_MAX), pid: integer({ min: 0, max: COUNT_MAX }),
  forceRestart: array(name, { maxItems: PARAMS_MAX }),
  startedWith: object({ opDigest: name, restartDigest: name, forceRestart: array(name, { maxItems: PARAMS_MAX }) }, ['opDigest', 'restartDigest', 'forceRestart']),
}, ['exitReason', 'pid', 'forceRestart', 'startedWith']);
export const agentResultSchema: Schema<AgentResult> = agentResultShape;

const fenceAttemptShape = object({
  device: name, node: nodeNameSchema, agent: name, params, target: nodeNameSchema, action: oneOf(DEVICE_ACTIONS), timeoutMs: durationMs,
});
export const fenceAttemptSchema: Schema<FenceAttemptInput> = fenceAttemptShape;

const fenceAttemptResultShape = object({ ok: boolean(), reason: text(REASON_LENGTH_MAX) });
export const fenceAttemptResultSchema: Schema<FenceAttemptResult> = fenceAttemptResultShape;

// --- the families ---------------------------------------------------------------------------

const generation = object({ adminEpoch: count, epoch: count, updates: count });
const electionEnvelope = { from: nodeNameSchema, to: nodeNameSchema, epoch: count };
const electionSchema = trusted<ElectionMsg>(tagged('type', {
  'VOTE.REQUEST': object({ type: literal('VOTE.REQUEST'), ...electionEnvelope, generation }),
  'VOTE.REPLY': object({ type: literal('VOTE.REPLY'), ...electionEnvelope, granted: boolean(), refusal: oneOf(VOTE_REFUSALS) }, ['refusal']),
  'PREVOTE.REQUEST': object({ type: literal('PREVOTE.REQUEST'), ...electionEnvelope, generation }),
  'PREVOTE.REPLY': object({ type: literal('PREVOTE.REPLY'), ...electionEnvelope, granted: boolean(), refusal: oneOf(VOTE_REFUSALS) }, ['refusal']),
  'HEARTBEAT.PING': object({ type: literal('HEARTBEAT.PING'), ...electionEnvelope, sentTick: count }),
  'HEARTBEAT.ACK': object({ type: literal('HEARTBEAT.ACK'), ...electionEnvelope, sentTick: count, ok: boolean() }),
}));

const refusal = text(REASON_LENGTH_MAX);
const execSchema = object({ id: idSchema, op: agentOperationSchema });
const execResultSchema = object({ id: idSchema, result: agentResultSchema, refused: refusal }, ['refused']);
const fenceExecSchema = object({ id: idSchema, attempt: fenceAttemptSchema });
const fenceExecResultSchema = object({ id: idSchema, result: fenceAttemptResultSchema, refused: refusal }, ['refused']);

export const stateSchema = trusted<StateBody>(object({ epoch: count, coordinator: nodeNameSchema, doc: clusterDocumentSchema, view: clusterViewSchema }));

/** Each admin command's exact fields; keyed by every AdminCommandType, so a new command must be added here. */
const ADMIN_COMMANDS: Record<AdminCommandType, Schema<unknown>> = {
  'status': object({ type: literal('status') }),
  'resource.move': object({ type: literal('resource.move'), resource: name, node: name }),
  'resource.ban': object({ type: literal('resource.ban'), resource: name, node: name }, ['node']),
  'resource.clear': object({ type: literal('resource.clear'), resource: name, node: name }, ['node']),
  'resource.cleanup': object({ type: literal('resource.cleanup'), resource: name, node: name }, ['node']),
  'resource.start': object({ type: literal('resource.start'), resource: name }),
  'resource.stop': object({ type: literal('resource.stop'), resource: name }),
  'node.standby': object({ type: literal('node.standby'), node: name }),
  'node.online': object({ type: literal('node.online'), node: name }),
  'node.maintenance': object({ type: literal('node.maintenance'), node: name }),
  'fence.confirm': object({ type: literal('fence.confirm'), node: name }),
  'fence.node': object({ type: literal('fence.node'), node: name, action: oneOf(FENCE_ACTIONS) }, ['action']),
  'fence.history': object({ type: literal('fence.history') }),
  'config.show': object({ type: literal('config.show') }),
  'config.apply': object({ type: literal('config.apply'), file: text(NAME_LENGTH_MAX), text: text(MESSAGE_BYTES_MAX) }),
  'daemon.stop': object({ type: literal('daemon.stop'), leaveResources: boolean() }),
  ...attributeCommandSchemas(name),
};

const adminSchema = trusted<AdminBody>(object({ id: idSchema, command: tagged('type', ADMIN_COMMANDS) }));

/** Exactly `true` or exactly `false` (AdminResult is discriminated by a boolean). */
function flag(expected: boolean): Schema<boolean> {
  return { check: (value, path) => (value === expected ? undefined : `${path}: expected ${String(expected)}`) };
}

const adminResultOk = object({ ok: flag(true), message: text(MESSAGE_BYTES_MAX), view: jsonObject(), text: text(MESSAGE_BYTES_MAX) }, ['view', 'text']);
const adminResultFailed = object({ ok: flag(false), error: text(MESSAGE_BYTES_MAX) });
const adminResult: Schema<unknown> = {
  check(value, path) {
    if (!isPlainObject(value)) return `${path}: expected an object, got ${describe(value)}`;
    if (typeof value['ok'] !== 'boolean') return `${path}.ok: expected a boolean, got ${describe(value['ok'])}`;
    return (value['ok'] ? adminResultOk : adminResultFailed).check(value, path);
  },
};
const adminResultSchema = trusted<AdminResultBody>(object({ id: idSchema, result: adminResult }));

const leaveSchema = object({ leaveResources: boolean() });
const statePartSchema = object({
  id: idSchema, index: integer({ min: 0, max: STATE_PARTS_MAX - 1 }), count: integer({ min: 1, max: STATE_PARTS_MAX }), text: text(STATE_PART_CHARS),
});
const stateAckSchema = object({ generation });

/** Registers the schemas of every daemon message family (protocol.ts) on `registry`. */
export function registerDaemonKinds(registry: KindRegistry): KindRegistry {
  return registry
    .register('election', electionSchema)
    .register('exec', execSchema)
    .register('exec-result', execResultSchema)
    .register('fence-exec', fenceExecSchema)
    .register('fence-exec-result', fenceExecResultSchema)
    .register('state', stateSchema)
    .register('state-part', statePartSchema)
    .register('admin', adminSchema)
    .register('admin-result', adminResultSchema)
    .register('leave', leaveSchema)
    .register('state-ack', stateAckSchema);
}

/** The transport's own kinds plus the daemon's: what a daemon's mesh is built with. */
export function createDaemonRegistry(): KindRegistry {
  return registerDaemonKinds(createRegistry());
}
