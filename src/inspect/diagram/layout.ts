// Places the graph model with ELK's layered (Sugiyama) algorithm: compound states become
// nested boxes, transitions orthogonal polylines with their labels placed as obstacles so
// nothing overlaps. The result is plain JSON with absolute coordinates, computed once per
// machine; the SVG renderer (and the live status page, which only changes highlights) draws it.
import elkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK as ElkApi, ELKConstructorArguments, ElkExtendedEdge, ElkLabel, ElkNode } from 'elkjs/lib/elk-api.js';
import { assert } from '../../assert.ts';
import type { DiagramEdge, DiagramEdgeKind, DiagramGraph, DiagramNode } from './graph.ts';
import { edgeHead } from './labels.ts';
import { METRICS, textWidth } from './metrics.ts';

export interface Point {
  x: number;
  y: number;
}

export interface LayoutBox {
  /** The graph node id; `<compound id>/initial` for an initial pseudo-state. */
  id: string;
  kind: 'state' | 'initial';
  /** Display name (the state's key). */
  title: string;
  type: DiagramNode['type'];
  history: DiagramNode['history'];
  /** True for states with children: drawn as a container with a header. */
  container: boolean;
  /** True for the regions of a parallel state (drawn dashed). */
  region: boolean;
  /** True for the machine's own box (never highlighted: it is always active). */
  root: boolean;
  /** Entry/exit/invoke and targetless transitions, one per line. */
  lines: string[];
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One transition's part of a label. */
export interface LabelPart {
  kind: DiagramEdgeKind;
  /** `EVENT [guard]` */
  head: string;
  /** `/ action, action` wrapped into lines; empty when the transition has no actions. */
  detail: string[];
}

export interface LayoutLabel {
  x: number;
  y: number;
  width: number;
  height: number;
  parts: LabelPart[];
}

export interface LayoutEdge {
  /** `<source>-><target>` for transitions; `<compound id>/initial` for initial arrows. */
  id: string;
  /** The graph edges drawn as this one arrow: every transition between the same two states. */
  edgeIds: string[];
  /** The common kind of those transitions, 'event' when they differ. */
  kind: DiagramEdgeKind | 'initial';
  points: Point[];
  label: LayoutLabel | null;
}

export interface DiagramLayout {
  machineId: string;
  width: number;
  height: number;
  /** Containers before what they contain. */
  boxes: LayoutBox[];
  edges: LayoutEdge[];
}

const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.randomSeed': '1',
  // Layers follow a breadth-first walk from the first state (the initial one), so a lifecycle
  // reads top to bottom. (ELK's model-order strategies crash on nested graphs in 0.12.)
  'elk.layered.cycleBreaking.strategy': 'BFS_NODE_ORDER',
  'elk.spacing.nodeNode': '36',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.spacing.edgeNode': '18',
  'elk.spacing.edgeEdge': '14',
  'elk.layered.spacing.edgeNodeBetweenLayers': '18',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '12',
  'elk.spacing.edgeLabel': '4',
  // Labels sit on their edge (the line runs through them), so no label is far from its arrow.
  'elk.edgeLabels.inline': 'true',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.json.edgeCoords': 'ROOT',
  'elk.json.shapeCoords': 'ROOT',
};

// The bundle is CommonJS, and its typings describe an ES default export: as imported from an ES
// module, the constructor is `module.exports` (tsx, Node) or its `default` (other loaders).
type ElkCtor = new (args?: ELKConstructorArguments) => ElkApi;
const elkExports = elkBundled as unknown as ElkCtor & { default?: ElkCtor };
const ElkConstructor: ElkCtor = typeof elkExports.default === 'function' ? elkExports.default : elkExports;

/** Lays the graph out. Deterministic: the same graph gives the same numbers. */
export async function layoutGraph(graph: DiagramGraph, elkOptions: Record<string, string> = {}): Promise<DiagramLayout> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const root = graph.nodes[0];
  assert(root !== undefined && root.parent === null, 'graph must start with its root');
  const elkRoot: ElkNode = {
    id: '__canvas',
    layoutOptions: { 'elk.padding': '[top=12,left=12,bottom=12,right=12]' },
    children: [toElkNode(graph, root, byId)],
    edges: toElkEdges(graph, byId),
  };
  // Default options reach every level of the hierarchy; options on the top node alone do not.
  const elk = new ElkConstructor({ defaultLayoutOptions: { ...LAYOUT_OPTIONS, ...elkOptions } });
  const out = await elk.layout(elkRoot);
  return fromElk(graph, byId, out);
}

function toElkNode(graph: DiagramGraph, n: DiagramNode, byId: Map<string, DiagramNode>): ElkNode {
  const lines = stateLines(graph, n);
  if (n.children.length === 0) return { id: n.id, ...leafSize(n, lines) };
  const header = METRICS.titleLineHeight + lines.length * METRICS.detailLineHeight + 8;
  const minWidth = Math.max(textWidth(n.key, METRICS.titleSize), ...lines.map((l) => textWidth(l, METRICS.detailSize))) + 2 * METRICS.boxPadX;
  const children: ElkNode[] = [];
  if (n.initial) children.push({ id: `${n.id}/initial`, width: METRICS.initialSize, height: METRICS.initialSize });
  for (const c of n.children) children.push(toElkNode(graph, need(byId, c), byId));
  return {
    id: n.id,
    layoutOptions: {
      'elk.padding': `[top=${header + 10},left=16,bottom=16,right=16]`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.nodeSize.minimum': `(${Math.ceil(minWidth)}, ${header + 30})`,
    },
    children,
  };
}

function leafSize(n: DiagramNode, lines: string[]): { width: number; height: number } {
  if (n.type === 'history') return { width: METRICS.historySize, height: METRICS.historySize };
  const widths = [textWidth(n.key, METRICS.titleSize), ...lines.map((l) => textWidth(l, METRICS.detailSize))];
  const width = Math.max(METRICS.stateMinWidth, Math.ceil(Math.max(...widths)) + 2 * METRICS.boxPadX);
  const height = METRICS.titleLineHeight + 10 + (lines.length > 0 ? 6 + lines.length * METRICS.detailLineHeight : 0);
  return { width, height };
}

/** What a state box lists under its name. */
export function stateLines(graph: DiagramGraph, n: DiagramNode): string[] {
  const out = [...n.entry.map((a) => `entry / ${a}`), ...n.exit.map((a) => `exit / ${a}`), ...n.invoke.map((s) => `invoke ${s}`)];
  for (const e of graph.edges) {
    if (e.source !== n.id || e.targets.length > 0) continue;
    out.push(e.actions.length > 0 ? `${edgeHead(e)} / ${e.actions.join(', ')}` : edgeHead(e));
  }
  return out;
}

/** Transitions between the same two states, in document order of their first member. */
interface Bundle {
  id: string;
  source: string;
  target: string;
  edges: DiagramEdge[];
}

function bundles(graph: DiagramGraph): Bundle[] {
  const byKey = new Map<string, Bundle>();
  const out: Bundle[] = [];
  for (const e of graph.edges) {
    for (const target of e.targets) {
      const id = `${e.source}->${target}`;
      let b = byKey.get(id);
      if (!b) {
        b = { id, source: e.source, target, edges: [] };
        byKey.set(id, b);
        out.push(b);
      }
      b.edges.push(e);
    }
  }
  return out;
}

function toElkEdges(graph: DiagramGraph, byId: Map<string, DiagramNode>): ElkExtendedEdge[] {
  const out: ElkExtendedEdge[] = [];
  for (const n of graph.nodes) {
    if (n.initial) out.push({ id: `${n.id}/initial`, sources: [`${n.id}/initial`], targets: [n.initial] });
  }
  for (const b of bundles(graph)) {
    assert(byId.has(b.target), `edge ${b.id}: unknown target ${b.target}`);
    out.push({ id: b.id, sources: [b.source], targets: [b.target], labels: [labelSize(labelParts(b.edges))] });
  }
  return out;
}

function labelParts(edges: readonly DiagramEdge[]): LabelPart[] {
  return edges.map((e) => ({ kind: e.kind, head: edgeHead(e), detail: wrapActions(e.actions) }));
}

function labelSize(parts: readonly LabelPart[]): ElkLabel {
  const widths = parts.flatMap((p) => [textWidth(p.head, METRICS.labelSize), ...p.detail.map((d) => textWidth(d, METRICS.labelDetailSize))]);
  const lineCount = parts.reduce((sum, p) => sum + 1 + p.detail.length, 0);
  return { text: parts.map((p) => p.head).join(' | '), width: Math.ceil(Math.max(...widths)) + 6, height: METRICS.labelLineHeight * lineCount + 3 };
}

/** `/ a, b, c` broken into lines of at most ~34 characters, never inside a name. */
export function wrapActions(actions: readonly string[]): string[] {
  if (actions.length === 0) return [];
  const lines: string[] = [];
  let line = '/';
  for (const [i, a] of actions.entries()) {
    const piece = `${a}${i < actions.length - 1 ? ',' : ''}`;
    if (line.length > 1 && line.length + 1 + piece.length > METRICS.actionLineChars) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${piece}`;
  }
  lines.push(line);
  return lines;
}

function fromElk(graph: DiagramGraph, byId: Map<string, DiagramNode>, out: ElkNode): DiagramLayout {
  const boxes: LayoutBox[] = [];
  const visit = (en: ElkNode): void => {
    boxes.push(toBox(graph, byId, en));
    for (const c of en.children ?? []) visit(c);
  };
  for (const c of out.children ?? []) visit(c);
  const byBundle = new Map(bundles(graph).map((b) => [b.id, b]));
  const edges: LayoutEdge[] = (out.edges ?? []).map((ee) => {
    const ext = ee as ElkExtendedEdge;
    const section = ext.sections?.[0];
    assert(section !== undefined && ext.sections?.length === 1, `edge ${ext.id}: expected one section`);
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(round);
    const bundle = byBundle.get(ext.id);
    if (!bundle) return { id: ext.id, edgeIds: [], kind: 'initial', points, label: null };
    const kinds = new Set(bundle.edges.map((e) => e.kind));
    const kind = kinds.size === 1 ? (bundle.edges[0]?.kind ?? 'event') : 'event';
    const l = ext.labels?.[0];
    const label = l ? { x: r(l.x), y: r(l.y), width: r(l.width), height: r(l.height), parts: labelParts(bundle.edges) } : null;
    return { id: ext.id, edgeIds: bundle.edges.map((e) => e.id), kind, points, label };
  });
  return { machineId: graph.machineId, width: Math.ceil(out.width ?? 0), height: Math.ceil(out.height ?? 0), boxes, edges };
}

function toBox(graph: DiagramGraph, byId: Map<string, DiagramNode>, en: ElkNode): LayoutBox {
  const geometry = { x: r(en.x), y: r(en.y), width: r(en.width), height: r(en.height) };
  if (en.id.endsWith('/initial')) {
    return { id: en.id, kind: 'initial', title: '', type: 'atomic', history: null, container: false, region: false, root: false, lines: [], ...geometry };
  }
  const n = need(byId, en.id);
  const parent = n.parent === null ? null : need(byId, n.parent);
  return {
    id: n.id, kind: 'state', title: n.key, type: n.type, history: n.history,
    container: n.children.length > 0, region: parent?.type === 'parallel', root: parent === null,
    lines: stateLines(graph, n), ...geometry,
  };
}

function round(p: Point): Point {
  return { x: r(p.x), y: r(p.y) };
}

/** One decimal is plenty for a drawing, and keeps the output free of float noise. */
function r(v: number | undefined): number {
  const n = Math.round((v ?? 0) * 10) / 10;
  return n === 0 ? 0 : n;
}

function need(byId: Map<string, DiagramNode>, id: string): DiagramNode {
  const n = byId.get(id);
  assert(n !== undefined, `unknown state ${id}`);
  return n;
}
