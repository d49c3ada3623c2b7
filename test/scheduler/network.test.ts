import { describe, expect, it } from 'vitest';
import { addAct, addEdge, newNetwork, propagate, type Propagation } from '../../src/scheduler/network.ts';
import type { Reason } from '../../src/scheduler/types.ts';

function pair(p: Propagation, first: { required: boolean; runnable: boolean }, then: { required: boolean; runnable: boolean }) {
  const net = newNetwork();
  addAct(net, { resource: 'a', type: 'start', ...first });
  addAct(net, { resource: 'b', type: 'start', ...then });
  addEdge(net, { first: 'a:start', then: 'b:start', propagation: p, source: 'test' });
  propagate(net);
  const b = net.acts.get('b:start')!, a = net.acts.get('a:start')!;
  return { a: [a.required, a.runnable], b: [b.required, b.runnable], reason: b.reason ?? a.reason };
}

describe('ordering propagation', () => {
  const idle = { required: false, runnable: true };
  const cases: { name: string; p: Propagation; first: typeof idle; then: typeof idle; a: boolean[]; b: boolean[]; reason?: Reason }[] = [
    { name: 'mandatory: required first requires then', p: 'mandatory', first: { required: true, runnable: true }, then: idle, a: [true, true], b: [true, true], reason: { code: 'required-by-order', text: 'required a start', cause: 'a:start' } },
    { name: 'mandatory: unrunnable first blocks then', p: 'mandatory', first: { required: false, runnable: false }, then: { required: true, runnable: true }, a: [false, false], b: [true, false], reason: { code: 'unrunnable-prerequisite', text: 'unrunnable a start', cause: 'a:start' } },
    { name: 'impliesThen: no blocking', p: 'impliesThen', first: { required: false, runnable: false }, then: idle, a: [false, false], b: [false, true] },
    { name: 'inverse: required then requires first', p: 'inverse', first: idle, then: { required: true, runnable: true }, a: [true, true], b: [true, true] },
    { name: 'inverse: blocked first blocks then', p: 'inverse', first: { required: true, runnable: false }, then: { required: true, runnable: true }, a: [true, false], b: [true, false] },
  ];
  for (const c of cases) {
    it(`should propagate ${c.name}`, () => {
      const r = pair(c.p, c.first, c.then);
      expect([r.a, r.b]).toEqual([c.a, c.b]);
      // The reason is data: a code and the action it points at, with Pacemaker's words.
      if (c.reason) expect(r.reason).toEqual(c.reason);
    });
  }
});
