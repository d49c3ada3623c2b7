import { beforeAll, describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { machineToGraph } from '../../src/inspect/diagram/graph.ts';
import { layoutGraph, type DiagramLayout, type LayoutBox } from '../../src/inspect/diagram/layout.ts';
import { layoutToSvg, machineToSvg } from '../../src/inspect/diagram/svg.ts';
import { featureMachine, lifecycleMachine } from './fixtures.ts';

type Rect = { x: number; y: number; width: number; height: number };

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(inner: Rect, outer: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

describe('SVG diagrams', () => {
  let feature: DiagramLayout;
  let lifecycle: DiagramLayout;
  beforeAll(async () => {
    feature = await layoutGraph(machineToGraph(featureMachine));
    lifecycle = await layoutGraph(machineToGraph(lifecycleMachine));
  });

  it('should be byte-identical for the same machine', async () => {
    const again = await machineToSvg(featureMachine);
    expect(again).toBe(layoutToSvg(feature));
    expect(JSON.stringify(await layoutGraph(machineToGraph(lifecycleMachine)))).toBe(JSON.stringify(lifecycle));
  });

  it('should be a standalone document: no scripts, no external references', () => {
    const svg = layoutToSvg(lifecycle);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/<script|@import|@font-face|xlink:href|href="http/);
    expect(svg.match(/https?:\/\/[^"\s)]*/g)).toEqual(['http://www.w3.org/2000/svg']);
  });

  it('should draw every state, every transition label and the initial markers', () => {
    const svg = layoutToSvg(feature);
    for (const key of ['idle', 'busy', 'stop-failed', 'par ‖', 'left', 'right', 'two', 'done']) expect(svg).toContain(`>${key}<`);
    for (const label of ['GO [isOk]', 'after monitorIntervalMs', 'after 10s', 'error: runAgent', 'always [isBad]', 'NODE.*', 'STOP [hasQuorum &amp;&amp; !isBad]']) {
      expect(svg).toContain(`>${label}<`);
    }
    expect(svg).toContain('>H*<');
    expect(svg.match(/class="init"/g)?.length).toBe(3);
  });

  it('should nest children inside their compound state', () => {
    const byId = new Map<string, LayoutBox>(feature.boxes.map((b) => [b.id, b]));
    for (const n of machineToGraph(featureMachine).nodes) {
      if (n.parent === null) continue;
      const child = byId.get(n.id);
      const parent = byId.get(n.parent);
      expect(child && parent && inside(child, parent), `${n.id} inside ${n.parent}`).toBe(true);
    }
    expect(byId.get('feature.par.left')?.region).toBe(true);
  });

  it('should keep the ~10-state, ~40-transition machine legible: no box or label overlaps', () => {
    const leaves = lifecycle.boxes.filter((b) => !b.container);
    const labels = lifecycle.edges.flatMap((e) => (e.label ? [e.label] : []));
    expect(machineToGraph(lifecycleMachine).edges.length).toBeGreaterThanOrEqual(40);
    expect(labels.length).toBeGreaterThan(25);
    for (const [i, a] of leaves.entries()) for (const b of leaves.slice(i + 1)) expect(overlaps(a, b), `${a.id} overlaps ${b.id}`).toBe(false);
    for (const l of labels) for (const b of leaves) expect(overlaps(l, b), `label ${l.parts[0]?.head} overlaps ${b.id}`).toBe(false);
    for (const [i, a] of labels.entries()) for (const b of labels.slice(i + 1)) expect(overlaps(a, b), `labels ${a.parts[0]?.head} / ${b.parts[0]?.head}`).toBe(false);
  });

  it('should merge transitions between the same two states into one labelled arrow', () => {
    const edge = lifecycle.edges.find((e) => e.id === 'lifecycle.starting->lifecycle.stopping');
    expect(edge?.label?.parts.map((p) => [p.kind, p.head, p.detail])).toEqual([
      ['event', 'RESOURCE.STOP', []],
      ['error', 'error: runStart', ['/ countFailure,', '  reportToCoordinator']],
    ]);
    expect(edge?.kind).toBe('event');
    expect(edge?.points.length).toBeGreaterThanOrEqual(2);
  });

  it('should highlight exactly the given states without moving anything', () => {
    const plain = layoutToSvg(feature);
    // The root is always active; highlighting it would paint the whole diagram.
    const lit = layoutToSvg(feature, { highlight: ['feature', 'feature.busy', 'feature.par'] });
    expect(lit.match(/ active"/g)?.length).toBe(2);
    expect(plain).not.toContain(' active"');
    expect(lit).toMatch(/data-id="feature\.busy">.*class="box active"/);
    expect(lit).toMatch(/data-id="feature\.par">.*class="cont active"/);
    const geometry = (s: string): string[] => s.match(/(x|y|width|height|d)="[^"]*"/g) ?? [];
    expect(geometry(lit)).toEqual(geometry(plain));
  });

  it('should escape state names for XML', async () => {
    const m = createMachine({ id: 'x', initial: 'a<b>&c', states: { 'a<b>&c': { on: { 'Q"': 'd' } }, d: {} } });
    const svg = await machineToSvg(m);
    expect(svg).toContain('>a&lt;b&gt;&amp;c<');
    expect(svg).toContain('>Q&quot;<');
    expect(svg).not.toContain('a<b>');
  });
});
