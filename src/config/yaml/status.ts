// The `status:` section: observed state in a compact form, turned into the model's raw
// operation history (history.ts) and node flags. Configured nodes missing here are online.
import { withTypedFailCounts } from '../fail-counts.ts';
import { isScalar } from 'yaml';
import type { ClusterConfig, ClusterStatus, NodeStatus, Primitive } from '../model.ts';
import { RESOURCE_STATES, synthesize, type FailureEntry, type ResourceStateEntry } from './history.ts';
import { readEntries, readList, readMap, report, type Field, type Reader } from './reader.ts';
import { indexResources, type ResourceIndex } from './references.ts';
import { suggestKey } from './suggest.ts';
import {
  readBoolean, readDurationMs, readEnum, readInteger, readRaw, readScore, readString, readStringMap, readTimeSeconds,
} from './values.ts';

export const NODE_STATES = ['online', 'offline', 'unclean', 'shutdown'] as const;
type NodeState = (typeof NODE_STATES)[number];

export function nodeStatusFor(name: string, state: NodeState, attributes: Record<string, string>): NodeStatus {
  return {
    name,
    online: state === 'online' || state === 'shutdown',
    unclean: state === 'unclean',
    shutdown: state === 'shutdown',
    attributes,
  };
}

export function readStatus(r: Reader, field: Field | undefined, config: ClusterConfig): ClusterStatus {
  const nodes = new Map(config.nodes.map((node) => [node.name, nodeStatusFor(node.name, 'online', {})]));
  const status: ClusterStatus = { nodes: [...nodes.values()], history: [], quorum: true };
  if (field === undefined) return status;
  const fields = readMap(r, field, { keys: ['quorum', 'now', 'coordinator', 'nodes', 'resources'] }, 'the status');
  if (fields === undefined) return status;
  const quorum = fields.get('quorum');
  if (quorum !== undefined) status.quorum = readBoolean(r, quorum) ?? true;
  const now = fields.get('now');
  if (now !== undefined) status.now = readTimeSeconds(r, now);
  if (status.now === undefined) delete status.now;
  const coordinator = fields.get('coordinator');
  if (coordinator !== undefined) {
    const name = readString(r, coordinator, 'node1');
    if (name !== undefined && !nodes.has(name)) unknownNode(r, coordinator, name, nodes);
    if (name !== undefined) status.coordinator = name;
  }
  const nodeEntries = fields.get('nodes');
  if (nodeEntries !== undefined) readNodeStates(r, nodeEntries, nodes);
  const resources = fields.get('resources');
  if (resources !== undefined) readResourceStates(r, resources, config, status, nodes);
  status.nodes = [...nodes.values()];
  // Fail-counts written or synthesized as Pacemaker's attributes become typed data here.
  return withTypedFailCounts(status);
}

function unknownNode(r: Reader, field: Field, name: string, nodes: Map<string, NodeStatus>): void {
  const guess = suggestKey(name, [...nodes.keys()]);
  report(r, field.key ?? field.node, field.path, `node "${name}" is not configured`,
    `add - name: ${name} to nodes:, or remove it from the status${guess === undefined ? '' : ` (did you mean ${guess}?)`}`);
}

function readNodeStates(r: Reader, field: Field, nodes: Map<string, NodeStatus>): void {
  for (const [name, value] of readEntries(r, field, 'node states', 'write nodes: { node1: online }') ?? []) {
    if (!nodes.has(name)) {
      unknownNode(r, value, name, nodes);
      continue;
    }
    if (isScalar(value.node) && value.node.value !== null) {
      const state = readEnum(r, value, NODE_STATES);
      if (state !== undefined) nodes.set(name, nodeStatusFor(name, state, {}));
      continue;
    }
    const parts = readMap(r, value, { keys: ['state', 'attributes'] }, 'a node state');
    const stateField = parts?.get('state');
    const state = stateField === undefined ? 'online' : readEnum(r, stateField, NODE_STATES);
    const attributes = parts?.get('attributes');
    if (state !== undefined) {
      nodes.set(name, nodeStatusFor(name, state, attributes === undefined ? {} : readStringMap(r, attributes, 'node attributes')));
    }
  }
}

/** The primitive a status key names: its id, or id:N for an instance of a cloned primitive. */
function primitiveFor(r: Reader, key: string, field: Field, index: ResourceIndex): Primitive | undefined {
  const instance = /^(.+):(\d+)$/.exec(key);
  const base = instance !== null && index.clonedBy.has(instance[1] ?? '') ? (instance[1] ?? key) : key;
  const found = index.all.get(base);
  if (found?.kind === 'primitive') return found;
  const fix = found?.kind === 'group'
    ? `list the members of group ${base} (${found.children.map((c) => c.id).join(', ')}) instead`
    : found?.kind === 'clone'
      ? `list the cloned primitive${found.child.kind === 'group' ? 's' : ''} inside ${base} instead`
      : suggestKey(base, [...index.primitives.keys()]) !== undefined
        ? `did you mean ${suggestKey(base, [...index.primitives.keys()])}?` : 'name a configured primitive';
  report(r, field.key ?? field.node, field.path,
    found === undefined ? `no resource is called "${base}"` : `the status lists primitives, and ${base} is a ${found.kind}`, fix);
  return undefined;
}

function readResourceStates(r: Reader, field: Field, config: ClusterConfig, status: ClusterStatus, nodes: Map<string, NodeStatus>): void {
  const index = indexResources(config.resources);
  const callIds = new Map<string, number>();
  const nextCallId = (node: string) => (): number => {
    const id = (callIds.get(node) ?? 0) + 1;
    callIds.set(node, id);
    return id;
  };
  for (const [resource, perNode] of readEntries(r, field, 'resource states', 'write resources: { web: { node1: started } }') ?? []) {
    const primitive = primitiveFor(r, resource, perNode, index);
    for (const [node, value] of readEntries(r, perNode, 'states per node', `write ${resource}: { node1: started }`) ?? []) {
      const entry = readStateEntry(r, value, primitive);
      const nodeStatus = nodes.get(node);
      if (nodeStatus === undefined) unknownNode(r, value, node, nodes);
      if (entry === undefined || primitive === undefined || nodeStatus === undefined) continue;
      const made = synthesize(resource, node, primitive, entry, config.options, nextCallId(node), status.now);
      if (made.history !== undefined) status.history.push(made.history);
      Object.assign(nodeStatus.attributes, made.attributes);
    }
  }
}

const ENTRY_KEYS = ['state', 'via', 'fail-count', 'failures'];

function readStateEntry(r: Reader, field: Field, primitive: Primitive | undefined): ResourceStateEntry | undefined {
  if (isScalar(field.node) && field.node.value !== null) {
    const state = readEnum(r, field, RESOURCE_STATES);
    return state === undefined ? undefined : checkEntry(r, field, { state, failures: [] }, primitive);
  }
  const fields = readMap(r, field, { keys: ENTRY_KEYS, required: ['state'], examples: { state: 'state: started' } }, 'a resource state');
  const stateField = fields?.get('state');
  const state = stateField === undefined ? undefined : readEnum(r, stateField, RESOURCE_STATES);
  if (fields === undefined || state === undefined) return undefined;
  const entry: ResourceStateEntry = { state, failures: [] };
  const via = fields.get('via');
  if (via !== undefined) {
    entry.via = readEnum(r, via, ['probe', 'stop'] as const);
    if (state !== 'stopped') report(r, via.key ?? via.node, via.path, `via applies only to state stopped, not ${state}`, 'remove via:');
  }
  const failCount = fields.get('fail-count');
  if (failCount !== undefined) {
    const count = readScore(r, failCount);
    if (count === undefined) return undefined;
    if (count < 0) {
      report(r, failCount.node, failCount.path, `expected a fail-count of 0 or more, found ${count}`, 'write fail-count: 1');
      return undefined;
    }
    entry.failCount = count;
  }
  const failures = fields.get('failures');
  for (const item of failures === undefined ? [] : readList(r, failures, 'failures', 'write failures: [ { operation: monitor, interval: 10s, rc: 7 } ]') ?? []) {
    const failure = readFailure(r, item);
    if (failure !== undefined) entry.failures.push(failure);
  }
  if (entry.via === undefined) delete entry.via;
  if (entry.failCount === undefined) delete entry.failCount;
  return checkEntry(r, field, entry, primitive);
}

function checkEntry(r: Reader, field: Field, entry: ResourceStateEntry, primitive: Primitive | undefined): ResourceStateEntry | undefined {
  if (entry.state !== 'failed' || primitive === undefined) return entry;
  const first = entry.failures[0];
  const hasMonitor = (first?.operation === 'monitor' && first.intervalMs > 0)
    || primitive.operations.some((op) => op.name === 'monitor' && op.intervalMs > 0 && op.enabled);
  if (hasMonitor) return entry;
  report(r, field.node, field.path, `state failed means a recurring monitor failed, but ${primitive.id} has none`,
    `add a monitor to ${primitive.id}'s operations, give failures: [ { operation: monitor, interval: 10s } ], or use start-failed`);
  return undefined;
}

function readFailure(r: Reader, item: Field): FailureEntry | undefined {
  const fields = readMap(r, item, { keys: ['operation', 'interval', 'rc', 'at'], required: ['operation'], examples: { operation: 'operation: monitor' } }, 'a failure');
  const operationField = fields?.get('operation');
  const operation = operationField === undefined ? undefined : readRaw(r, operationField, 'monitor');
  if (fields === undefined || operation === undefined) return undefined;
  const failure: FailureEntry = { operation, intervalMs: 0 };
  const interval = fields.get('interval');
  const rc = fields.get('rc');
  const at = fields.get('at');
  if (interval !== undefined) failure.intervalMs = readDurationMs(r, interval) ?? 0;
  if (rc !== undefined) {
    const code = readInteger(r, rc, 0, '7');
    if (code !== undefined) failure.rc = code;
  }
  if (at !== undefined) {
    const time = readTimeSeconds(r, at);
    if (time !== undefined) failure.at = time;
  }
  return failure;
}
