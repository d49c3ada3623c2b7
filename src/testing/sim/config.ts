// The cluster every simulation runs: N nodes (node1..nodeN), a group of three, a clone on every
// node, a lone primitive whose stop may fail (so its node must be fenced), and one fence device
// per node that never runs on the node it fences. Written as vigil YAML and read by the real
// loader, so the simulated daemons start from exactly what an administrator could write.
import { assert } from '../../assert.ts';
import type { ClusterDocument } from '../../config/model.ts';
import { loadYamlConfig } from '../../config/yaml/load.ts';

export const SIM_NODES_MIN = 2;
export const SIM_NODES_MAX = 7;

/** The ocf primitives of the sim config (what agent faults may hit); clone children run as `ping`. */
export const SIM_PRIMITIVES = ['a', 'b', 'c', 'db', 'ping'] as const;
/** Primitives that may run on one node only at a time (clone instances are per node). */
export const SIM_SINGLE_INSTANCE = ['a', 'b', 'c', 'db'] as const;

export function simNodeNames(count: number): string[] {
  assert(Number.isInteger(count) && count >= SIM_NODES_MIN && count <= SIM_NODES_MAX, `nodes must be ${SIM_NODES_MIN}..${SIM_NODES_MAX}, got ${count}`);
  return Array.from({ length: count }, (_, i) => `node${i + 1}`);
}

/**
 * `stickiness` varies the config for administrators' changes during a run, and with it two
 * parameters: `fake` of db, which its agent reloads, and `state` of c, which restarts it.
 */
export function simConfigText(nodes: readonly string[], stickiness = 100): string {
  const lines = [
    'cluster:',
    '  name: sim',
    '  key-file: sim.key            # never read: the simulated network needs no key',
    '  heartbeat: { interval: 200ms, timeout: 1s }',
    '  election-tick: 100ms',
    'options:',
    '  fencing-enabled: true',
    '  fencing-action: reboot',
    '  no-quorum-policy: stop',
    // A hung fence device begun just before the heal is killed, and the fence retried, well
    // inside the checker's quiet period (Pacemaker's default is 60 s).
    '  stonith-timeout: 10s',
    'nodes:',
    ...nodes.map((n, i) => `  - { name: ${n}, address: "127.0.0.1:${7401 + 2 * i}" }`),
    // Short enough that a failure begun just before the heal has expired (failure-timeout)
    // and been acted on well inside the checker's quiet period.
    'operation-defaults: { timeout: 8s }',
    'resource-defaults:',
    `  resource-stickiness: ${stickiness}`,
    '  migration-threshold: 3',
    '  failure-timeout: 20s',
    'resources:',
    '  - group: app',
    '    resources:',
    ...['a', 'b', 'c'].flatMap((id) => [
      `      - primitive: ${id}`,
      '        agent: ocf:heartbeat:Dummy',
      ...(id === 'c' ? [`        params: { state: /run/sim/c-${stickiness % 3}.state }`] : []),
      '        operations:',
      '          - { name: monitor, interval: 2s, timeout: 5s }',
    ]),
    '  - clone: pinger',
    '    resource:',
    '      primitive: ping',
    '      agent: ocf:pacemaker:Dummy',
    '      operations:',
    '        - { name: monitor, interval: 3s, timeout: 5s }',
    '  - primitive: db',
    '    agent: ocf:heartbeat:Dummy',
    `    params: { fake: f${stickiness} }`,
    '    operations:',
    '      - { name: monitor, interval: 2s, timeout: 5s }',
    '      - { name: stop, interval: 0s, timeout: 4s }',
    ...nodes.flatMap((n) => [
      `  - fence-device: fence-${n}`,
      '    agent: fence_dummy',
      `    params: { type: file, status_file: power/${n}, pcmk_host_list: ${n}, pcmk_host_argument: none }`,
      '    operations:',
      '      - { name: monitor, interval: 10s }',
    ]),
    'constraints:',
    ...nodes.map((n) => `  - { location: fence-${n}-not-on-${n}, resource: fence-${n}, node: ${n}, score: -INFINITY }`),
  ];
  return `${lines.join('\n')}\n`;
}

export function simConfig(nodes: readonly string[]): ClusterDocument {
  return loadYamlConfig(simConfigText(nodes), 'sim-cluster.yaml');
}
