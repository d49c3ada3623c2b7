// The `constraints:` section: location (node + score, or rules), order and colocation. Each
// entry names its kind by its first key, like resources. References are checked later, in
// references.ts, once every id is known.
import { isMap, isScalar } from 'yaml';
import type {
  ColocationConstraint, Constraint, LocationConstraint, OrderConstraint, ResourceAction,
} from '../model.ts';
import { ROLES } from './operations.ts';
import { describe, readList, readMap, remember, report, type Field, type Fields, type Reader } from './reader.ts';
import { readRules } from './rules.ts';
import { readBoolean, readEnum, readId, readScore, readString } from './values.ts';

export const CONSTRAINT_KINDS = ['location', 'order', 'colocation'] as const;
type Kind = (typeof CONSTRAINT_KINDS)[number];

const KEYS: Readonly<Record<Kind, readonly string[]>> = {
  location: ['location', 'resource', 'node', 'score', 'rules', 'role', 'resource-discovery'],
  order: ['order', 'first', 'then', 'first-action', 'then-action', 'kind', 'symmetrical', 'one-or-more'],
  colocation: ['colocation', 'resource', 'with', 'score', 'resource-role', 'with-role'],
};

const REQUIRED: Readonly<Record<Kind, readonly string[]>> = {
  location: ['location', 'resource'],
  order: ['order', 'first', 'then'],
  colocation: ['colocation', 'resource', 'with', 'score'],
};

const EXAMPLES = {
  resource: 'resource: web', first: 'first: db', then: 'then: web', with: 'with: db', score: 'score: INFINITY',
};

const ACTIONS: readonly ResourceAction[] = ['start', 'stop', 'promote', 'demote'];

export function readConstraints(r: Reader, field: Field | undefined): Constraint[] {
  if (field === undefined) return [];
  const items = readList(r, field, 'constraints', 'write constraints: as a list, e.g. - location: loc1') ?? [];
  const constraints: Constraint[] = [];
  for (const item of items) {
    const kind = kindOf(r, item);
    if (kind === undefined) continue;
    const fields = readMap(r, item, { keys: KEYS[kind], required: REQUIRED[kind], examples: EXAMPLES }, `a ${kind} constraint`);
    const idField = fields?.get(kind);
    const id = idField === undefined ? undefined : readId(r, idField, `${kind}-1`);
    if (fields === undefined || id === undefined) continue;
    const constraint = kind === 'location' ? readLocation(r, item, fields, id)
      : kind === 'order' ? readOrder(r, fields, id)
      : readColocation(r, fields, id);
    if (constraint !== undefined) constraints.push(remember(r, constraint, item));
  }
  return constraints;
}

function kindOf(r: Reader, item: Field): Kind | undefined {
  const keys = isMap(item.node) ? item.node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '')) : [];
  const kinds = CONSTRAINT_KINDS.filter((kind) => keys.includes(kind));
  if (kinds.length === 1) return kinds[0];
  const found = isMap(item.node) ? (kinds.length === 0 ? 'a mapping without a kind' : `${kinds.join(' and ')} together`) : describe(item.node);
  report(r, item.node, item.path, `expected a constraint starting with location:, order: or colocation:, found ${found}`,
    'start the entry with exactly one of location: ID, order: ID or colocation: ID');
  return undefined;
}

/** Reads the named fields that are present; undefined marks a field that was present but wrong. */
function ref(r: Reader, fields: Fields, key: string): string | undefined {
  const field = fields.get(key);
  return field === undefined ? undefined : readString(r, field, key === 'node' ? 'node1' : 'web');
}

function readLocation(r: Reader, item: Field, fields: Fields, id: string): LocationConstraint | undefined {
  const resource = ref(r, fields, 'resource');
  const location: LocationConstraint = { kind: 'location', id, resource: resource ?? '' };
  const node = fields.get('node');
  const score = fields.get('score');
  const rules = fields.get('rules');
  if (rules !== undefined && (node !== undefined || score !== undefined)) {
    report(r, item.node, item.path, 'a location constraint has either node and score, or rules, not both',
      'remove node: and score:, or remove rules:');
    return undefined;
  }
  if (rules === undefined && (node === undefined || score === undefined)) {
    report(r, item.node, item.path, `location constraint ${id} needs a node and a score, or rules`,
      `add ${node === undefined ? 'node: node1' : ''}${node === undefined && score === undefined ? ' and ' : ''}${score === undefined ? 'score: INFINITY' : ''}`);
    return undefined;
  }
  let ok = resource !== undefined;
  if (node !== undefined) {
    const name = readString(r, node, 'node1');
    const value = score === undefined ? undefined : readScore(r, score);
    if (name === undefined || value === undefined) ok = false;
    else Object.assign(location, { node: name, score: value });
  }
  if (rules !== undefined) {
    const read = readRules(r, rules, id);
    if (read === undefined) ok = false;
    else location.rules = read;
  }
  const role = fields.get('role');
  if (role !== undefined) location.role = readEnum(r, role, ROLES) ?? '';
  const discovery = fields.get('resource-discovery');
  if (discovery !== undefined) {
    const value = readEnum(r, discovery, ['always', 'never', 'exclusive'] as const);
    if (value !== undefined) location.resourceDiscovery = value;
  }
  return ok ? location : undefined;
}

function readOrder(r: Reader, fields: Fields, id: string): OrderConstraint | undefined {
  const first = ref(r, fields, 'first');
  const then = ref(r, fields, 'then');
  const action = (key: string): ResourceAction | undefined => {
    const field = fields.get(key);
    return field === undefined ? undefined : readEnum(r, field, ACTIONS);
  };
  const firstAction = action('first-action') ?? 'start';
  const kindField = fields.get('kind');
  const orderKind = kindField === undefined ? 'Mandatory'
    : readEnum(r, kindField, ['Mandatory', 'Optional', 'Serialize'] as const) ?? 'Mandatory';
  const symmetricalField = fields.get('symmetrical');
  const symmetrical = symmetricalField === undefined ? orderKind !== 'Serialize' : readBoolean(r, symmetricalField);
  if (first === undefined || then === undefined || symmetrical === undefined) return undefined;
  const order: OrderConstraint = {
    kind: 'order', id, first, then, firstAction, thenAction: action('then-action') ?? firstAction, orderKind, symmetrical,
  };
  const oneOrMore = fields.get('one-or-more');
  if (oneOrMore !== undefined) {
    const name = ref(r, fields, 'one-or-more');
    if (name === undefined) return undefined;
    order.oneOrMore = name;
  }
  return order;
}

function readColocation(r: Reader, fields: Fields, id: string): ColocationConstraint | undefined {
  const resource = ref(r, fields, 'resource');
  const withResource = ref(r, fields, 'with');
  const scoreField = fields.get('score');
  const score = scoreField === undefined ? undefined : readScore(r, scoreField);
  if (resource === undefined || withResource === undefined || score === undefined) return undefined;
  const colocation: ColocationConstraint = { kind: 'colocation', id, resource, with: withResource, score };
  const resourceRole = fields.get('resource-role');
  if (resourceRole !== undefined) colocation.resourceRole = readEnum(r, resourceRole, ROLES) ?? '';
  const withRole = fields.get('with-role');
  if (withRole !== undefined) colocation.withRole = readEnum(r, withRole, ROLES) ?? '';
  return colocation;
}
