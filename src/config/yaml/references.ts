// Cross-reference checks, run once every section is read: ids are unique, and every
// constraint and fencing level names something that exists (and not itself).
import type { ClusterConfig, Constraint, Primitive, Resource } from '../model.ts';
import { originOf, report, type Reader } from './reader.ts';
import { suggestKey } from './suggest.ts';

/** Every resource id in the tree, with what contains it (for clone members). */
export interface ResourceIndex {
  all: Map<string, Resource>;
  /** Primitive or group id inside a clone → the clone's id. */
  clonedBy: Map<string, string>;
  primitives: Map<string, Primitive>;
}

export function indexResources(resources: Resource[]): ResourceIndex {
  const index: ResourceIndex = { all: new Map(), clonedBy: new Map(), primitives: new Map() };
  const visit = (resource: Resource, clone: string | undefined): void => {
    if (!index.all.has(resource.id)) index.all.set(resource.id, resource);
    if (clone !== undefined) index.clonedBy.set(resource.id, clone);
    if (resource.kind === 'primitive' && !index.primitives.has(resource.id)) index.primitives.set(resource.id, resource);
    if (resource.kind === 'group') resource.children.forEach((child) => visit(child, clone));
    if (resource.kind === 'clone') visit(resource.child, resource.id);
  };
  resources.forEach((resource) => visit(resource, undefined));
  return index;
}

export function checkReferences(r: Reader, config: ClusterConfig): void {
  checkUniqueNames(r, config);
  const index = indexResources(config.resources);
  const nodes = new Set(config.nodes.map((node) => node.name));
  for (const constraint of config.constraints) checkConstraint(r, constraint, index, nodes);
  for (const level of config.fencingLevels) {
    if (!nodes.has(level.target)) missing(r, level, 'target', 'node', level.target, [...nodes]);
    level.devices.forEach((device, i) => {
      const found = index.primitives.get(device);
      if (found?.class === 'stonith') return;
      const devices = [...index.primitives.values()].filter((p) => p.class === 'stonith').map((p) => p.id);
      const field = originOf(r, level, 'devices');
      const path = `${field?.path ?? ''}[${i}]`;
      const guess = suggestKey(device, devices);
      report(r, field?.node, path, found ? `"${device}" is not a fence device (its class is ${found.class})` : `no fence device is called "${device}"`,
        guess ? `did you mean ${guess}? write ${guess}` : devices.length > 0 ? `use one of ${devices.join(', ')}` : `add - fence-device: ${device} to resources`);
    });
  }
}

function checkUniqueNames(r: Reader, config: ClusterConfig): void {
  const seenNodes = new Set<string>();
  for (const node of config.nodes) {
    if (seenNodes.has(node.name)) duplicate(r, node, 'name', `node ${node.name}`);
    seenNodes.add(node.name);
  }
  const ids = new Set<string>();
  const visit = (resource: Resource): void => {
    if (ids.has(resource.id)) duplicate(r, resource, resource.kind === 'primitive' && resource.class === 'stonith' && isFenceEntry(r, resource) ? 'fence-device' : resource.kind, `id ${resource.id}`);
    ids.add(resource.id);
    if (resource.kind === 'group') resource.children.forEach(visit);
    if (resource.kind === 'clone') visit(resource.child);
  };
  config.resources.forEach(visit);
  for (const constraint of config.constraints) {
    if (ids.has(constraint.id)) duplicate(r, constraint, constraint.kind, `id ${constraint.id}`);
    ids.add(constraint.id);
  }
}

function isFenceEntry(r: Reader, resource: Resource): boolean {
  return originOf(r, resource, 'fence-device')?.name === 'fence-device';
}

function duplicate(r: Reader, value: object, key: string, what: string): void {
  const field = originOf(r, value, key);
  report(r, field?.node, field?.path ?? '', `${what} is used twice`, 'give each one a different name');
}

function missing(r: Reader, value: object, key: string, what: string, name: string, known: string[]): void {
  const field = originOf(r, value, key);
  const guess = suggestKey(name, known);
  const fix = guess !== undefined ? `did you mean ${guess}? write ${key}: ${guess}`
    : known.length > 0 ? `name one of the configured ${what}s: ${known.slice(0, 12).join(', ')}` : `add the ${what} ${name} to the configuration`;
  report(r, field?.node, field?.path ?? '', `no ${what} is called "${name}"`, fix);
}

function checkResourceRef(r: Reader, constraint: Constraint, key: string, name: string, index: ResourceIndex): void {
  const clone = index.clonedBy.get(name);
  if (clone !== undefined) {
    const field = originOf(r, constraint, key);
    report(r, field?.node, field?.path ?? '', `"${name}" is inside clone ${clone}; constraints name the clone, not its member`,
      `write ${key}: ${clone}`);
    return;
  }
  if (!index.all.has(name)) missing(r, constraint, key, 'resource', name, [...index.all.keys()]);
}

function checkConstraint(r: Reader, constraint: Constraint, index: ResourceIndex, nodes: Set<string>): void {
  if (constraint.kind === 'location') {
    checkResourceRef(r, constraint, 'resource', constraint.resource, index);
    if (constraint.node !== undefined && !nodes.has(constraint.node)) missing(r, constraint, 'node', 'node', constraint.node, [...nodes]);
    return;
  }
  const [a, b, keyA, keyB] = constraint.kind === 'order'
    ? [constraint.first, constraint.then, 'first', 'then']
    : [constraint.resource, constraint.with, 'resource', 'with'];
  checkResourceRef(r, constraint, keyA, a, index);
  checkResourceRef(r, constraint, keyB, b, index);
  if (a === b) {
    const field = originOf(r, constraint, keyB);
    report(r, field?.node, field?.path ?? '', `${constraint.kind} constraint ${constraint.id} relates ${a} to itself`,
      `name two different resources in ${keyA} and ${keyB}`);
  }
}
