// A standalone SVG (no scripts, no external fonts) from a laid-out diagram. Drawing is
// synchronous and cheap, so a live page lays a machine out once (layoutGraph) and redraws with
// a new `highlight` on every state change; the layout never depends on the highlight.
import type { AnyStateMachine } from 'xstate';
import { machineToGraph } from './graph.ts';
import { layoutGraph, type DiagramLayout, type LayoutBox, type LayoutEdge } from './layout.ts';
import { FONT_FAMILY, METRICS } from './metrics.ts';

export interface SvgOptions {
  /** Node ids (graph ids, e.g. `resource.started`) to draw highlighted: the active states. */
  highlight?: readonly string[];
}

const KIND_COLORS = {
  event: '#1f2937',
  initial: '#111827',
  after: '#1d4ed8',
  always: '#7c3aed',
  done: '#047857',
  error: '#b91c1c',
  snapshot: '#475569',
} as const;

type EdgeKind = keyof typeof KIND_COLORS;

/** The machine as an SVG document: graph, layout and drawing in one call. */
export async function machineToSvg(machine: AnyStateMachine, options: SvgOptions = {}): Promise<string> {
  return layoutToSvg(await layoutGraph(machineToGraph(machine)), options);
}

export function layoutToSvg(layout: DiagramLayout, options: SvgOptions = {}): string {
  const active = new Set(options.highlight ?? []);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="${esc(FONT_FAMILY)}">`,
    `<title>${esc(layout.machineId)} statechart</title>`,
    styleBlock(),
    markers(),
    `<rect class="bg" x="0" y="0" width="${layout.width}" height="${layout.height}"/>`,
  ];
  for (const b of layout.boxes) if (b.container) out.push(containerSvg(b, active.has(b.id)));
  for (const e of layout.edges) out.push(edgePathSvg(e));
  for (const b of layout.boxes) if (!b.container) out.push(leafSvg(b, active.has(b.id)));
  for (const e of layout.edges) if (e.label) out.push(labelSvg(e));
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function styleBlock(): string {
  const kinds = (Object.keys(KIND_COLORS) as EdgeKind[])
    .map((k) => `.e-${k}{stroke:${KIND_COLORS[k]}}.t-${k}{fill:${KIND_COLORS[k]}}`)
    .join('');
  return [
    '<style>',
    '.bg{fill:#ffffff}',
    '.box{fill:#eff6ff;stroke:#2563eb;stroke-width:1.5}',
    '.box.final{fill:#f0fdf4;stroke:#15803d}',
    '.box.hist{fill:#ffffff;stroke:#475569}',
    '.cont{fill:#f8fafc;stroke:#64748b;stroke-width:1.5}',
    '.cont.root{fill:#ffffff;stroke:#334155}',
    '.cont.region{fill:#ffffff;stroke-dasharray:6 4}',
    '.active{fill:#fef3c7;stroke:#d97706;stroke-width:3}',
    '.init{fill:#111827}',
    '.sep{stroke:#94a3b8;stroke-width:1}',
    '.title{font-size:13px;font-weight:bold;fill:#0f172a}',
    '.line{font-size:11px;fill:#475569}',
    '.edge{fill:none;stroke-width:1.3}',
    '.e-always{stroke-dasharray:5 3}',
    '.lbl{fill:#ffffff;fill-opacity:0.92}',
    '.lh{font-size:11px}',
    '.ld{font-size:10px;fill:#64748b}',
    kinds,
    '</style>',
  ].join('\n');
}

function markers(): string {
  const defs = (Object.keys(KIND_COLORS) as EdgeKind[]).map(
    (k) => `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${KIND_COLORS[k]}"/></marker>`,
  );
  return `<defs>\n${defs.join('\n')}\n</defs>`;
}

function containerSvg(b: LayoutBox, active: boolean): string {
  const cls = ['cont', b.region ? 'region' : '', b.root ? 'root' : '', active && !b.root ? 'active' : ''].filter(Boolean).join(' ');
  const out = [`<g class="state" data-id="${esc(b.id)}"><title>${esc(b.id)} (${b.type})</title>`];
  out.push(`<rect class="${cls}" x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" rx="10"/>`);
  const suffix = b.type === 'parallel' ? ' ‖' : '';
  out.push(text(b.x + METRICS.boxPadX, b.y + 17, 'title', b.title + suffix));
  b.lines.forEach((line, i) => out.push(text(b.x + METRICS.boxPadX, b.y + 17 + (i + 1) * METRICS.detailLineHeight, 'line', line)));
  out.push('</g>');
  return out.join('');
}

function leafSvg(b: LayoutBox, active: boolean): string {
  if (b.kind === 'initial') {
    const r = b.width / 2;
    return `<circle class="init" cx="${b.x + r}" cy="${b.y + r}" r="${r}"/>`;
  }
  const act = active ? ' active' : '';
  const out = [`<g class="state" data-id="${esc(b.id)}"><title>${esc(b.id)} (${b.type})</title>`];
  const cx = round1(b.x + b.width / 2);
  if (b.type === 'history') {
    const r = b.width / 2;
    out.push(`<circle class="box hist${act}" cx="${cx}" cy="${round1(b.y + r)}" r="${r}"/>`);
    out.push(text(cx, round1(b.y + r + 4), 'title', b.history === 'deep' ? 'H*' : 'H', 'middle'));
    out.push('</g>');
    return out.join('');
  }
  const final = b.type === 'final' ? ' final' : '';
  out.push(`<rect class="box${final}${act}" x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" rx="8"/>`);
  // A final state gets the double border of UML final states.
  if (final) out.push(`<rect class="box${final}${act}" x="${b.x + 3}" y="${b.y + 3}" width="${b.width - 6}" height="${b.height - 6}" rx="6"/>`);
  out.push(text(cx, b.y + 19, 'title', b.title, 'middle'));
  if (b.lines.length > 0) {
    const y = b.y + METRICS.titleLineHeight + 8;
    out.push(`<line class="sep" x1="${b.x}" y1="${y}" x2="${b.x + b.width}" y2="${y}"/>`);
    b.lines.forEach((line, i) => out.push(text(b.x + METRICS.boxPadX, y + 2 + (i + 1) * METRICS.detailLineHeight - 3, 'line', line)));
  }
  out.push('</g>');
  return out.join('');
}

function edgePathSvg(e: LayoutEdge): string {
  const d = e.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
  const title = e.label ? `<title>${esc(e.label.parts.map((p) => [p.head, ...p.detail].join(' ')).join('\n'))}</title>` : '';
  return `<path class="edge e-${e.kind}" d="${d}" marker-end="url(#arrow-${e.kind})">${title}</path>`;
}

function labelSvg(e: LayoutEdge): string {
  const l = e.label;
  if (!l) return '';
  const out = [`<g class="label"><rect class="lbl" x="${l.x}" y="${l.y}" width="${l.width}" height="${l.height}" rx="3"/>`];
  let y = l.y + 11;
  for (const p of l.parts) {
    out.push(text(l.x + 3, y, `lh t-${p.kind}`, p.head));
    y += METRICS.labelLineHeight;
    for (const d of p.detail) {
      out.push(text(l.x + 3, y, 'ld', d));
      y += METRICS.labelLineHeight;
    }
  }
  out.push('</g>');
  return out.join('');
}

function text(x: number, y: number, cls: string, content: string, anchor?: 'middle'): string {
  const a = anchor ? ` text-anchor="${anchor}"` : '';
  return `<text class="${cls}" x="${round1(x)}" y="${round1(y)}"${a} xml:space="preserve">${esc(content)}</text>`;
}

function round1(v: number): number {
  const n = Math.round(v * 10) / 10;
  return n === 0 ? 0 : n;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
