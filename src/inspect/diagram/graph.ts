// An XState v5 machine as a plain, deterministic graph: the one model that the Mermaid and SVG
// renderers (and the live status page) draw from. Pure: no I/O. Nodes come in document order
// (pre-order, children in definition order); edges in document order of their source, and
// within one source in a fixed order: `on` (config order), state onDone, invoke
// onDone/onError/onSnapshot (invoke order), `after`, `always`.
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { assert } from '../../assert.ts';
import { actionLabel, delayLabel, guardLabel } from './labels.ts';

export type DiagramStateType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface DiagramNode {
  /** `machineId.path.to.state`: unique, and equal to xstate's own id for states without a custom id. */
  id: string;
  /** The key relative to the parent; the machine's id for the root. */
  key: string;
  path: string[];
  type: DiagramStateType;
  /** The parent's id; null for the root. */
  parent: string | null;
  /** Child ids, in definition order. */
  children: string[];
  /** The initial child's id (compound states only). */
  initial: string | null;
  history: 'shallow' | 'deep' | null;
  entry: string[];
  exit: string[];
  /** What each invoked actor runs (its `src` name). */
  invoke: string[];
  tags: string[];
  description: string | null;
}

export type DiagramEdgeKind = 'event' | 'after' | 'always' | 'done' | 'error' | 'snapshot';

export interface DiagramEdge {
  /** `sourceId#n`, n counting this source's transitions from 0 in the documented order. */
  id: string;
  source: string;
  /** Target node ids; empty for a targetless (internal) transition. */
  targets: string[];
  kind: DiagramEdgeKind;
  /** The raw event descriptor (`RESOURCE.START`, `*`, `xstate.after.1000.m.s`, '' for always). */
  event: string;
  /** What a reader sees: `RESOURCE.START`, `after 10s`, `always`, `done: runAgent`. */
  label: string;
  guard: string | null;
  actions: string[];
  /** The delay's name or milliseconds (after transitions only). */
  delay: string | number | null;
  reenter: boolean;
}

export interface DiagramGraph {
  machineId: string;
  /** Every node, the root first, in document order. */
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

/** Turns a machine into its graph model. */
export function machineToGraph(machine: AnyStateMachine): DiagramGraph {
  const root: AnyStateNode = machine.root;
  assert(typeof machine.id === 'string' && machine.id.length > 0, 'machine must have an id');
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const idOf = (n: AnyStateNode): string => nodeId(machine.id, n.path);
  const visit = (n: AnyStateNode, parent: string | null): void => {
    nodes.push(toNode(n, parent, idOf));
    edges.push(...nodeEdges(n, idOf));
    for (const child of childNodes(n)) visit(child, idOf(n));
  };
  visit(root, null);
  const ids = new Set(nodes.map((n) => n.id));
  assert(ids.size === nodes.length, `machine '${machine.id}': state ids are not unique`);
  for (const e of edges) for (const t of e.targets) assert(ids.has(t), `edge ${e.id}: unknown target ${t}`);
  return { machineId: machine.id, nodes, edges };
}

/** A node's id from its path: the same rule as machineToGraph. */
export function nodeId(machineId: string, path: readonly string[]): string {
  return [machineId, ...path].join('.');
}

/**
 * Every active node id (the root included) for a snapshot's state value: what a status page
 * passes as `highlight` to the SVG renderer.
 */
export function activeNodeIds(machineId: string, value: unknown): string[] {
  const out = [machineId];
  const walk = (v: unknown, path: string[]): void => {
    if (typeof v === 'string') {
      out.push(nodeId(machineId, [...path, v]));
      return;
    }
    assert(v !== null && typeof v === 'object', `state value must be a string or an object, got ${String(v)}`);
    for (const [key, sub] of Object.entries(v as Record<string, unknown>)) {
      out.push(nodeId(machineId, [...path, key]));
      if (sub !== undefined) walk(sub, [...path, key]);
    }
  };
  walk(value, []);
  return out;
}

function childNodes(n: AnyStateNode): AnyStateNode[] {
  // Object key order of `states` is the definition order (state keys are never integer-like in practice).
  return Object.values(n.states as Record<string, AnyStateNode>);
}

function toNode(n: AnyStateNode, parent: string | null, idOf: (n: AnyStateNode) => string): DiagramNode {
  const config = n.config as { entry?: unknown; exit?: unknown; description?: string };
  const initialTarget = n.type === 'compound' ? n.initial.target[0] : undefined;
  return {
    id: idOf(n),
    key: parent === null ? n.machine.id : n.key,
    path: [...n.path],
    type: n.type,
    parent,
    children: childNodes(n).map(idOf),
    initial: initialTarget ? idOf(initialTarget) : null,
    history: n.type === 'history' ? (n.history || 'shallow') : null,
    entry: toArray(config.entry).map(actionLabel),
    exit: toArray(config.exit).map(actionLabel),
    invoke: n.invoke.map((inv) => invokeName(inv)),
    tags: [...n.tags],
    description: n.description ?? null,
  };
}

type Invoke = AnyStateNode['invoke'][number];

function invokeName(inv: Invoke): string {
  if (typeof inv.src === 'string') return inv.src;
  // An inline logic object has no name; a user-given id is the next best thing.
  return isGeneratedInvokeId(inv.id) ? 'inline actor' : inv.id;
}

/** xstate names unnamed invocations `<index>.<state id>`. */
function isGeneratedInvokeId(id: string): boolean {
  return /^\d+\./.test(id);
}

function nodeEdges(n: AnyStateNode, idOf: (n: AnyStateNode) => string): DiagramEdge[] {
  const out: Omit<DiagramEdge, 'id'>[] = [];
  const add = (defs: readonly AnyTransitionDefinition[] | undefined, kind: DiagramEdgeKind, label: (t: AnyTransitionDefinition) => string): void => {
    for (const t of defs ?? []) out.push(toEdge(t, kind, label(t), idOf));
  };
  const config = n.config as { on?: Record<string, unknown>; onDone?: unknown };
  for (const descriptor of Object.keys(config.on ?? {})) add(n.transitions.get(descriptor), 'event', () => descriptor);
  if (config.onDone) add(n.transitions.get(`xstate.done.state.${n.id}`), 'done', () => 'done');
  for (const inv of n.invoke) {
    const name = invokeName(inv);
    add(n.transitions.get(`xstate.done.actor.${inv.id}`), 'done', () => `done: ${name}`);
    add(n.transitions.get(`xstate.error.actor.${inv.id}`), 'error', () => `error: ${name}`);
    add(n.transitions.get(`xstate.snapshot.${inv.id}`), 'snapshot', () => `snapshot: ${name}`);
  }
  add(n.after, 'after', (t) => `after ${delayLabel(delayOf(t))}`);
  add(n.always, 'always', () => 'always');
  const source = idOf(n);
  return out.map((e, i) => ({ id: `${source}#${i}`, ...e }));
}

function toEdge(t: AnyTransitionDefinition, kind: DiagramEdgeKind, label: string, idOf: (n: AnyStateNode) => string): Omit<DiagramEdge, 'id'> {
  const delay = kind === 'after' ? delayOf(t) : null;
  return {
    source: idOf(t.source),
    targets: (t.target ?? []).map(idOf),
    kind,
    event: kind === 'always' ? '' : t.eventType,
    label,
    guard: t.guard === undefined ? null : guardLabel(t.guard),
    actions: t.actions.map(actionLabel),
    delay: typeof delay === 'string' || typeof delay === 'number' ? delay : null,
    reenter: t.reenter,
  };
}

/** The delay of an `after` transition: its name, milliseconds, or an expression. */
function delayOf(t: AnyTransitionDefinition): unknown {
  return (t as unknown as { delay?: unknown }).delay;
}

function toArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}
