// The order a node stops everything in by itself: dependents first, by groups and order constraints.
import { describe, expect, it } from 'vitest';
import { loadYamlConfig } from '../../src/config/yaml/load.ts';
import { startDepths, stopOrder } from '../../src/scheduler/stop-order.ts';

const YAML = `
cluster: { name: t, key-file: k }
nodes: [{ name: n1, address: "127.0.0.1:7401" }]
resources:
  - group: app
    resources:
      - { primitive: a, agent: "ocf:heartbeat:Dummy" }
      - { primitive: b, agent: "ocf:heartbeat:Dummy" }
      - { primitive: c, agent: "ocf:heartbeat:Dummy" }
  - clone: pinger
    resource: { primitive: ping, agent: "ocf:heartbeat:Dummy" }
  - { primitive: db, agent: "ocf:heartbeat:Dummy" }
  - { primitive: web, agent: "ocf:heartbeat:Dummy" }
constraints:
  - { order: pinger-then-app, first: pinger, then: app }
  - { order: app-then-web, first: c, then: web }
`;

describe('stop order', () => {
  const config = loadYamlConfig(YAML, 'stop-order.yaml').config;

  it('should give each primitive its depth in the start order, clone instances under their child id', () => {
    const depths = Object.fromEntries(startDepths(config));
    expect(depths).toEqual({ ping: 0, a: 1, b: 2, c: 3, web: 4, db: 0 });
  });

  it('should stop dependents first and keep the given (newest first) order among equals', () => {
    expect(stopOrder(config, ['db', 'a', 'ping', 'web', 'c', 'b'])).toEqual(['web', 'c', 'b', 'a', 'db', 'ping']);
    expect(stopOrder(config, ['ping', 'db'])).toEqual(['ping', 'db']);
  });

  it('should end even on an order cycle, which the scheduler itself would refuse', () => {
    const cyclic = loadYamlConfig(`${YAML}  - { order: loop, first: web, then: pinger }\n`, 'loop.yaml').config;
    expect(stopOrder(cyclic, ['a', 'web']).sort()).toEqual(['a', 'web']);
  });
});
