// Finding what an administrator's command names: a resource at any depth (with its ancestors)
// or a node, and errors that name the unknown one, suggest a likely typo and list the known.
import type { ClusterConfig, Resource } from './model.ts';
import { suggestKey } from './yaml/suggest.ts';

/** Known names listed in an error before "and N more". */
const KNOWN_LISTED_MAX = 10;

export interface Found {
  resource: Resource;
  /** Outermost first; empty for a top-level resource. */
  ancestors: Resource[];
}

export function childrenOf(resource: Resource): Resource[] {
  if (resource.kind === 'group') return resource.children;
  if (resource.kind === 'clone') return [resource.child];
  return [];
}

/** Every resource id, depth first, in config order. */
export function allResourceIds(resources: readonly Resource[]): string[] {
  return resources.flatMap((r) => [r.id, ...allResourceIds(childrenOf(r))]);
}

export function findResource(resources: readonly Resource[], id: string, ancestors: Resource[] = []): Found | undefined {
  for (const resource of resources) {
    if (resource.id === id) return { resource, ancestors };
    const inside = findResource(childrenOf(resource), id, [...ancestors, resource]);
    if (inside) return inside;
  }
  return undefined;
}

function listKnown(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, KNOWN_LISTED_MAX).join(', ');
  return names.length > KNOWN_LISTED_MAX ? `${shown} and ${names.length - KNOWN_LISTED_MAX} more` : shown;
}

/** "no resource 'wbe' in the config (did you mean 'web'?); known: ip, app, db, web" */
export function unknownName(what: 'resource' | 'node', name: string, known: readonly string[]): string {
  const suggestion = suggestKey(name, known);
  const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
  return `no ${what} '${name}' in the config${hint}; known ${what}s: ${listKnown(known)}`;
}

export function checkNode(config: ClusterConfig, node: string): string | undefined {
  return config.nodes.some((n) => n.name === node) ? undefined : unknownName('node', node, config.nodes.map((n) => n.name));
}

export type Lookup = { ok: true; found: Found } | { ok: false; error: string };

export function lookupResource(config: ClusterConfig, id: string): Lookup {
  const found = findResource(config.resources, id);
  return found ? { ok: true, found } : { ok: false, error: unknownName('resource', id, allResourceIds(config.resources)) };
}

/** Nodes where a resource or any of its members runs now (clone instances `id:N` included). */
export function runningNodes(resource: Resource, currentNodes: Readonly<Record<string, string[]>>): string[] {
  const ids = new Set([resource.id, ...allResourceIds(childrenOf(resource))]);
  const nodes = new Set<string>();
  for (const [key, on] of Object.entries(currentNodes)) {
    const colon = key.lastIndexOf(':');
    const base = colon > 0 && /^\d+$/.test(key.slice(colon + 1)) ? key.slice(0, colon) : key;
    if (ids.has(key) || ids.has(base)) for (const node of on) nodes.add(node);
  }
  return [...nodes].sort();
}
