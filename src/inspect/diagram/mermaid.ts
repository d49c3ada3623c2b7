// Mermaid `stateDiagram-v2` source from the graph model. Mermaid state ids are global and may
// not contain dashes or dots, so every state gets an id built from its whole path
// (`started__monitoring`) and, where that differs from its key, a quoted alias
// (`state "stop-failed" as stop_failed`). Targetless transitions of a simple state are listed
// inside it as description lines, the UML way for internal transitions.
import { assert } from '../../assert.ts';
import type { DiagramEdge, DiagramGraph, DiagramNode } from './graph.ts';
import { edgeHead } from './labels.ts';

const RESERVED = new Set(['state', 'end', 'note', 'direction', 'class', 'classdef', 'style', 'as', 'left', 'right', 'of', 'hide', 'click']);

export function graphToMermaid(graph: DiagramGraph): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const root = graph.nodes[0];
  assert(root !== undefined && root.parent === null, 'graph must start with its root');
  const ids = mermaidIds(graph.nodes);
  const scope = edgeScopes(graph, byId);
  const lines = ['stateDiagram-v2', `  %% ${graph.machineId}: generated from the machine definition by npm run visualize; do not edit`];
  // The root becomes a box of its own only when it has transitions to draw, or regions
  // (Mermaid accepts `--` only inside a box).
  const wrapRoot = root.type === 'parallel' || graph.edges.some((e) => e.source === root.id);
  const ctx: Ctx = { byId, ids, scope, lines, graph };
  if (wrapRoot) {
    emitNode(ctx, root, '  ');
    emitEdges(ctx, TOP, '  ');
  } else {
    emitBody(ctx, root, '  ');
  }
  return lines.join('\n') + '\n';
}

interface Ctx {
  byId: Map<string, DiagramNode>;
  ids: Map<string, string>;
  /** The node whose block holds each edge: the innermost composite containing both ends. */
  scope: Map<string, string>;
  lines: string[];
  graph: DiagramGraph;
}

function emitNode(ctx: Ctx, node: DiagramNode, indent: string): void {
  const id = mid(ctx, node.id);
  const label = node.type === 'history' ? `${node.key} (${node.history === 'deep' ? 'H*' : 'H'})` : node.key;
  if (label !== id) ctx.lines.push(`${indent}state "${quoteSafe(label)}" as ${id}`);
  if (node.children.length > 0) {
    ctx.lines.push(`${indent}state ${id} {`);
    emitBody(ctx, node, indent + '  ');
    ctx.lines.push(`${indent}}`);
    return;
  }
  const lines = stateLines(ctx, node);
  // A state that is neither aliased nor described is declared bare, or Mermaid would omit it.
  if (lines.length === 0 && label === id) ctx.lines.push(`${indent}${id}`);
  for (const text of lines) ctx.lines.push(`${indent}${id} : ${labelSafe(text)}`);
}

/** A composite's inside: children (regions split by `--` when parallel), initial arrow, final arrows, edges. */
function emitBody(ctx: Ctx, node: DiagramNode, indent: string): void {
  node.children.forEach((childId, i) => {
    if (node.type === 'parallel' && i > 0) ctx.lines.push(`${indent}--`);
    emitNode(ctx, need(ctx.byId, childId), indent);
  });
  if (node.initial) ctx.lines.push(`${indent}[*] --> ${mid(ctx, node.initial)}`);
  for (const childId of node.children) {
    if (need(ctx.byId, childId).type === 'final') ctx.lines.push(`${indent}${mid(ctx, childId)} --> [*]`);
  }
  emitEdges(ctx, node.id, indent);
}

/** The scope of edges that leave or enter the root's own box: outside every block. */
const TOP = '';

function emitEdges(ctx: Ctx, scopeId: string, indent: string): void {
  for (const edge of ctx.graph.edges) {
    if (ctx.scope.get(edge.id) !== scopeId) continue;
    const targets = edge.targets.length > 0 ? edge.targets : [edge.source];
    for (const t of targets) ctx.lines.push(`${indent}${mid(ctx, edge.source)} --> ${mid(ctx, t)} : ${labelSafe(edgeText(edge))}`);
  }
}

/** Description lines of a simple state: entry, exit, invoke, and its targetless transitions. */
function stateLines(ctx: Ctx, node: DiagramNode): string[] {
  const out = [
    ...node.entry.map((a) => `entry / ${a}`),
    ...node.exit.map((a) => `exit / ${a}`),
    ...node.invoke.map((s) => `invoke ${s}`),
  ];
  for (const e of ctx.graph.edges) if (e.source === node.id && e.targets.length === 0) out.push(edgeText(e));
  return out;
}

function edgeText(edge: DiagramEdge): string {
  const head = edgeHead(edge).replace(/: /g, ' ');
  return edge.actions.length > 0 ? `${head} / ${edge.actions.join(', ')}` : head;
}

function edgeScopes(graph: DiagramGraph, byId: Map<string, DiagramNode>): Map<string, string> {
  const out = new Map<string, string>();
  const root = graph.nodes[0];
  assert(root !== undefined, 'empty graph');
  for (const e of graph.edges) {
    // Targetless edges of simple states are drawn inside the state; of composites, as self-loops.
    if (e.targets.length === 0 && need(byId, e.source).children.length === 0) continue;
    const ends = [e.source, ...e.targets];
    // Mermaid cannot draw an edge inside the block of one of its own ends: climb until both
    // ends are strictly inside, or to the top level.
    let scope: string | null = need(byId, e.source).parent ?? root.id;
    while (scope !== null && !ends.every((id) => isStrictDescendant(byId, id, scope as string))) {
      scope = need(byId, scope).parent;
    }
    out.set(e.id, scope ?? TOP);
  }
  return out;
}

function isStrictDescendant(byId: Map<string, DiagramNode>, id: string, ancestor: string): boolean {
  for (let p = need(byId, id).parent; p !== null; p = need(byId, p).parent) if (p === ancestor) return true;
  return false;
}

/** Unique Mermaid ids: the path joined by `__`, anything but [A-Za-z0-9_] turned into `_`. */
function mermaidIds(nodes: DiagramNode[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const n of nodes) {
    let base = (n.path.length === 0 ? n.key : n.path.join('__')).replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z]/.test(base) || RESERVED.has(base.toLowerCase())) base = `s_${base}`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    out.set(n.id, id);
  }
  return out;
}

function mid(ctx: Ctx, id: string): string {
  const m = ctx.ids.get(id);
  assert(m !== undefined, `no mermaid id for ${id}`);
  return m;
}

function need(byId: Map<string, DiagramNode>, id: string): DiagramNode {
  const n = byId.get(id);
  assert(n !== undefined, `unknown state ${id}`);
  return n;
}

function quoteSafe(s: string): string {
  return s.replace(/"/g, "'");
}

/** Characters that end or confuse a Mermaid statement become harmless look-alikes. */
function labelSafe(s: string): string {
  return s.replace(/[;#]/g, ',').replace(/:/g, ' ').replace(/[{}]/g, (c) => (c === '{' ? '(' : ')'));
}
