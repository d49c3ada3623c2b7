import { describe, expect, it } from 'vitest';
import { schedule } from '../../src/scheduler/index.ts';
import { cluster, type ClusterBuilder } from '../scenarios/builder.ts';

function placed(b: ClusterBuilder): Record<string, string | null> {
  const g = schedule(b.doc, { now: 0 });
  return Object.fromEntries(g.explanation.resources.map((r) => [r.resource, r.placed]));
}

describe('placement', () => {
  const cases: { name: string; build: () => ClusterBuilder; want: Record<string, string | null> }[] = [
    { name: 'ties go to the lower node name', build: () => cluster('b', 'a').primitive('r'), want: { r: 'a' } },
    { name: 'ties spread resources', build: () => cluster('n1', 'n2', 'n3').primitive('x').primitive('y').primitive('z'), want: { x: 'n1', y: 'n2', z: 'n3' } },
    { name: 'a positive score keeps a resource on its current node', build: () => cluster('n1', 'n2').primitive('x', { meta: { 'resource-stickiness': '1' } }).running('x', 'n2'), want: { x: 'n2' } },
    { name: 'advisory colocation adds to the primary node', build: () => cluster('n1', 'n2').primitive('a').primitive('b').location('a', 'n2', 10).location('b', 'n1', 20).colocation('b', 'a', 50), want: { a: 'n2', b: 'n2' } },
    { name: 'advisory colocation loses to a stronger location', build: () => cluster('n1', 'n2').primitive('a').primitive('b').location('a', 'n2', 100).location('b', 'n1', 80).colocation('b', 'a', 50), want: { a: 'n2', b: 'n1' } },
    { name: 'a chain of mandatory colocations', build: () => cluster('n1', 'n2').primitive('a').primitive('b').primitive('c').location('c', 'n2', 10).colocation('b', 'a', 1_000_000).colocation('c', 'b', 1_000_000), want: { a: 'n2', b: 'n2', c: 'n2' } },
    { name: 'group stickiness is the sum of its members', build: () => cluster('n1', 'n2').group('g', ['a', 'b'], { 'resource-stickiness': '60' }).running('a', 'n1').running('b', 'n1').location('a', 'n2', 100), want: { a: 'n1', b: 'n1' } },
    { name: 'a standby node is never chosen', build: () => cluster('n1', 'n2').primitive('x').location('x', 'n1', 1_000_000).node('n1', { standby: true }), want: { x: 'n2' } },
  ];
  for (const c of cases) it(`should place: ${c.name}`, () => expect(placed(c.build())).toEqual(c.want));
});
