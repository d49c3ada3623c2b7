import { describe, expect, it } from 'vitest';
import { addAct, addEdge, newNetwork, propagate, resetNetwork, snapshotNetwork, type Network } from '../../src/scheduler/network.ts';

// A stop that is required on its own (node going away), ordered before a dependent's stop and
// start, plus an anyRunnable milestone: enough for migration flags and counters to matter.
function build(migrating: boolean): Network {
  const net = newNetwork();
  addAct(net, { resource: 'a', type: 'stop', node: 'n1', required: true, runnable: true, reason: { code: 'node-availability', text: 'node availability' }, migrating });
  addAct(net, { resource: 'a', type: 'start', required: true, runnable: true, migrating });
  addAct(net, { resource: 'b', type: 'stop', node: 'n1', required: false, runnable: true });
  addAct(net, { resource: 'b', type: 'start', required: false, runnable: true });
  addAct(net, { resource: 'c', type: 'start', required: false, runnable: false, reason: { code: 'no-quorum', text: 'no quorum' } });
  addAct(net, { resource: 'm', type: 'running', required: false, runnable: true });
  addEdge(net, { first: 'a:stop@n1', then: 'a:start', propagation: 'restart', source: 'stop before start' });
  addEdge(net, { first: 'a:stop@n1', then: 'b:stop@n1', propagation: 'impliesThen', source: 'o1' });
  addEdge(net, { first: 'a:start', then: 'b:start', propagation: 'mandatory', source: 'o2' });
  addEdge(net, { first: 'c:start', then: 'm:running', propagation: 'anyRunnable', source: 'o3' });
  return net;
}

const facts = (net: Network) => [...net.acts.values()].map((a) => [a.key, a.required, a.runnable, a.reason ?? null, a.migrating]);

describe('resetNetwork', () => {
  it('should make a rerun of propagation match a network built with the new flags', () => {
    const net = build(true);
    const start = snapshotNetwork(net);
    propagate(net);
    const migratingRun = facts(net);
    resetNetwork(net, start, () => false);
    propagate(net);
    const fresh = build(false);
    propagate(fresh);
    expect(facts(net)).toEqual(facts(fresh));
    expect(facts(net)).not.toEqual(migratingRun);
    expect(net.liveInputs).toEqual(fresh.liveInputs);
  });
});
