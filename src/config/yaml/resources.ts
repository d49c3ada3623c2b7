// The `resources:` section. Each entry names its kind by its first key: primitive, group,
// clone or fence-device (a primitive of class stonith).
import { isMap, isScalar } from 'yaml';
import type { Clone, Group, Primitive, Resource, ResourceClass } from '../model.ts';
import { readOperations } from './operations.ts';
import { RESOURCE_META, readMeta } from './meta.ts';
import { describe, readList, readMap, remember, report, type Field, type Fields, type Reader } from './reader.ts';
import { readId, readRaw, readStringMap } from './values.ts';

export const RESOURCE_KINDS = ['primitive', 'group', 'clone', 'fence-device'] as const;
type Kind = (typeof RESOURCE_KINDS)[number];

const KEYS: Readonly<Record<Kind, readonly string[]>> = {
  'primitive': ['primitive', 'agent', 'params', 'meta', 'operations'],
  'fence-device': ['fence-device', 'agent', 'params', 'meta', 'operations'],
  'group': ['group', 'meta', 'resources'],
  'clone': ['clone', 'meta', 'resource'],
};

const EXAMPLES = {
  agent: 'agent: ocf:heartbeat:Dummy',
  resources: 'resources: [ { primitive: a, agent: ocf:heartbeat:Dummy } ]',
  resource: 'resource: { primitive: a, agent: ocf:heartbeat:Dummy }',
};

export function readResources(r: Reader, field: Field | undefined): Resource[] {
  if (field === undefined) return [];
  const items = readList(r, field, 'resources', 'write resources: as a list, e.g. - primitive: web') ?? [];
  const resources: Resource[] = [];
  for (const item of items) {
    const resource = readResource(r, item);
    if (resource !== undefined) resources.push(resource);
  }
  return resources;
}

/** Which kind a resource entry is, from the kind key it carries. */
function kindOf(r: Reader, item: Field): Kind | undefined {
  if (!isMap(item.node)) {
    report(r, item.node, item.path, `expected a resource (a mapping), found ${describe(item.node)}`,
      'start the entry with primitive: NAME, group: NAME, clone: NAME or fence-device: NAME');
    return undefined;
  }
  const keys = item.node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''));
  const kinds = RESOURCE_KINDS.filter((kind) => keys.includes(kind));
  if (kinds.length === 1) return kinds[0];
  const message = kinds.length === 0
    ? 'a resource must say what it is'
    : `a resource can be only one of ${kinds.join(', ')}`;
  report(r, item.node, item.path, message,
    'start the entry with exactly one of primitive: NAME, group: NAME, clone: NAME or fence-device: NAME');
  return undefined;
}

export function readResource(r: Reader, item: Field): Resource | undefined {
  const kind = kindOf(r, item);
  if (kind === undefined) return undefined;
  const required = kind === 'group' ? [kind, 'resources'] : kind === 'clone' ? [kind, 'resource'] : [kind, 'agent'];
  const fields = readMap(r, item, { keys: KEYS[kind], required, examples: EXAMPLES }, `a ${kind}`);
  if (fields === undefined) return undefined;
  const idField = fields.get(kind);
  const id = idField === undefined ? undefined : readId(r, idField, kind === 'fence-device' ? 'fd1' : 'web');
  const resource = kind === 'group' ? readGroup(r, fields, id)
    : kind === 'clone' ? readClone(r, fields, id)
    : readPrimitive(r, fields, id, kind);
  return resource === undefined ? undefined : remember(r, resource, item);
}

function readPrimitive(r: Reader, fields: Fields, id: string | undefined, kind: Kind): Primitive | undefined {
  const agentField = fields.get('agent');
  const agent = agentField === undefined ? undefined : readAgent(r, agentField, kind === 'fence-device');
  const params = fields.get('params');
  const meta = fields.get('meta');
  const primitive: Primitive = {
    kind: 'primitive',
    id: id ?? '',
    class: agent?.class ?? 'ocf',
    type: agent?.type ?? '',
    params: params === undefined ? {} : readStringMap(r, params, 'params'),
    meta: meta === undefined ? {} : readMeta(r, meta, RESOURCE_META),
    operations: readOperations(r, fields.get('operations')),
  };
  if (agent?.provider !== undefined) primitive.provider = agent.provider;
  return id === undefined || agent === undefined ? undefined : primitive;
}

interface Agent { class: ResourceClass; provider?: string; type: string }

const CLASSES: readonly ResourceClass[] = ['ocf', 'stonith', 'lsb', 'systemd', 'service'];
const NAME = /^[A-Za-z0-9_.@+-]+$/;

/** `ocf:heartbeat:Dummy`, `stonith:fence_dummy`, `lsb:foo`, `systemd:foo`; for a fence device also `fence_dummy`. */
export function parseAgent(text: string, fenceDevice: boolean): Agent | undefined {
  const parts = text.split(':');
  if (fenceDevice && parts.length === 1) parts.unshift('stonith');
  const [cls, ...rest] = parts;
  if (!CLASSES.includes(cls as ResourceClass) || !rest.every((part) => NAME.test(part))) return undefined;
  if (fenceDevice && cls !== 'stonith') return undefined;
  if (cls === 'ocf') {
    return rest.length === 2 ? { class: 'ocf', provider: rest[0], type: rest[1] ?? '' } : undefined;
  }
  return rest.length === 1 ? { class: cls as ResourceClass, type: rest[0] ?? '' } : undefined;
}

function readAgent(r: Reader, field: Field, fenceDevice: boolean): Agent | undefined {
  const text = readRaw(r, field, fenceDevice ? 'fence_dummy' : 'ocf:heartbeat:Dummy');
  if (text === undefined) return undefined;
  const agent = parseAgent(text, fenceDevice);
  if (agent !== undefined) return agent;
  const expected = fenceDevice
    ? 'a fence agent such as fence_dummy or stonith:fence_dummy'
    : 'an agent as class:provider:type (ocf:heartbeat:Dummy) or class:type (stonith:fence_dummy, lsb:foo, systemd:foo)';
  const fix = fenceDevice ? 'write agent: fence_dummy'
    : text.split(':').length === 1 ? `write agent: ocf:heartbeat:${text}` : 'write agent: ocf:heartbeat:Dummy';
  report(r, field.node, field.path, `expected ${expected}, found "${text}"`, fix);
  return undefined;
}

function readGroup(r: Reader, fields: Fields, id: string | undefined): Group | undefined {
  const meta = fields.get('meta');
  const group: Group = { kind: 'group', id: id ?? '', meta: meta === undefined ? {} : readMeta(r, meta, RESOURCE_META), children: [] };
  const list = fields.get('resources');
  const items = list === undefined ? [] : readList(r, list, 'group members', `write ${EXAMPLES.resources}`) ?? [];
  for (const item of items) {
    const child = readResource(r, item);
    if (child === undefined) continue;
    if (child.kind !== 'primitive') {
      report(r, item.node, item.path, `a group holds only primitives, found the ${child.kind} "${child.id}"`,
        `move ${child.kind} ${child.id} out of group ${group.id} (a clone of a group is written as clone: … resource: { group: … })`);
      continue;
    }
    group.children.push(child);
  }
  if (list !== undefined && items.length === 0) {
    report(r, list.node, list.path, `group ${group.id} has no members`, `add at least one primitive, e.g. ${EXAMPLES.resources}`);
    return undefined;
  }
  return id === undefined || group.children.length < items.length ? undefined : group;
}

function readClone(r: Reader, fields: Fields, id: string | undefined): Clone | undefined {
  const meta = fields.get('meta');
  const cloneMeta = meta === undefined ? {} : readMeta(r, meta, RESOURCE_META);
  const childField = fields.get('resource');
  const child = childField === undefined ? undefined : readResource(r, childField);
  if (child !== undefined && child.kind === 'clone') {
    report(r, childField?.node, childField?.path ?? '', `a clone holds a primitive or a group, found the clone "${child.id}"`,
      `clone the inner resource directly: resource: { primitive: … } or resource: { group: … }`);
    return undefined;
  }
  if (id === undefined || child === undefined) return undefined;
  return { kind: 'clone', id, meta: cloneMeta, child };
}
