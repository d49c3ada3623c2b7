// The runtime's acceptance: what a cluster of daemons can actually run, beyond what the readers
// check about the file itself. `vigil validate`, `vigil config apply` (on the receiving daemon
// and on the coordinator), `vigil daemon` and a daemon reading its held config all ask this one
// function, so a config one of them accepts can never break another (issue 14, item 4: an
// empty config was called valid, then killed the coordinator on "a cluster needs at least one
// vote" and crash-looped the daemon that held it).
import { NODE_NAME_LENGTH_MAX, NODES_MAX, REPLICATED_CHARS_PER_INSTANCE, REPLICATED_STATE_CHARS_MAX } from '../transport/constants.ts';
import { NODE_NAME_PATTERN } from '../transport/kinds.ts';
import { COORDINATOR_CHILDREN_MAX } from '../machines/coordinator-types.ts';
import { INSTANCES_PER_HOST_MAX } from '../machines/instance-host.ts';
import { ConfigError, type Problem } from './errors.ts';
import type { ClusterConfig, Resource } from './model.ts';

export interface RunnableContext {
  /** Names the config in every problem. */
  file: string;
  /** The node that applies or holds it: it must stay in the config to keep running. */
  node?: string;
}

/** Every reason the cluster could not run `config`; empty when it can. */
export function runnableProblems(config: ClusterConfig, ctx: RunnableContext): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string, fix: string) => problems.push({ file: ctx.file, path, message, fix });
  if (config.nodes.length === 0) {
    // Quorum is a strict majority of the configured votes, and each node has one.
    add('nodes', 'no nodes are configured, so the cluster has no votes and can never have quorum',
      'list the cluster\'s nodes, e.g. nodes: [ { name: node1, address: 192.168.1.11:7401 } ]');
  }
  if (config.cluster !== undefined) {
    meshProblems(config, add);
    sizeProblems(config, add);
  }
  supervisionProblems(config, add);
  if (ctx.node !== undefined && config.nodes.length > 0 && !config.nodes.some((n) => n.name === ctx.node)) {
    add('nodes', `node ${ctx.node}, where this config is applied, is not in it: its daemon could no longer take part in the cluster`,
      `keep ${ctx.node} in nodes:, or stop ${ctx.node}'s daemon and apply the config from a node that stays`);
  }
  return problems;
}

/** Throws a ConfigError listing every problem, if there are any. */
export function assertRunnable(config: ClusterConfig, ctx: RunnableContext): void {
  const problems = runnableProblems(config, ctx);
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * The coordinator replicates config, status and view to every daemon (in parts, up to
 * REPLICATED_STATE_CHARS_MAX): a config whose state could not fit is refused here, with the
 * numbers, rather than discovered by a coordinator that cannot replicate.
 */
function sizeProblems(config: ClusterConfig, add: (path: string, message: string, fix: string) => void): void {
  const configChars = JSON.stringify(config).length;
  const perNode = instancesPerNodeMax(config);
  const instances = perNode * Math.max(1, config.nodes.length);
  const estimate = configChars + instances * REPLICATED_CHARS_PER_INSTANCE;
  if (estimate > REPLICATED_STATE_CHARS_MAX) {
    add('resources', `${instances} resource instances (${perNode} per node on ${config.nodes.length} nodes) and a config of ${configChars} characters make a replicated state of about ${estimate} characters, more than the ${REPLICATED_STATE_CHARS_MAX} the cluster replicates`,
      'use fewer primitives or nodes, or split the cluster');
  }
}


/** What the daemons' mesh needs of the nodes (src/transport: hello and envelope schemas, mesh bound). */
function meshProblems(config: ClusterConfig, add: (path: string, message: string, fix: string) => void): void {
  if (config.nodes.length > NODES_MAX) {
    add('nodes', `${config.nodes.length} nodes, more than the ${NODES_MAX} one mesh of daemons connects`, `split the cluster, or use at most ${NODES_MAX} nodes`);
  }
  config.nodes.forEach((node, index) => {
    if (node.name.length > NODE_NAME_LENGTH_MAX || !NODE_NAME_PATTERN.test(node.name)) {
      add(`nodes[${index}].name`, `"${node.name}" cannot name a daemon on the mesh (letters, digits, '.', '_' and '-', starting with a letter or digit, at most ${NODE_NAME_LENGTH_MAX} characters)`,
        'use the host name as `hostname -s` prints it');
    }
  });
}

/**
 * At most how many instance actors one node's share of the config needs: every primitive is
 * probed on every node; an anonymous clone's instances on a node are one actor, a unique
 * clone's are clone-max.
 */
export function instancesPerNodeMax(config: ClusterConfig): number {
  const count = (r: Resource, copies: number): number => {
    if (r.kind === 'primitive') return copies;
    if (r.kind === 'group') return r.children.length * copies;
    const unique = /^(true|yes|on|1)$/i.test(r.meta['globally-unique'] ?? '');
    const cloneMax = Number.parseInt(r.meta['clone-max'] ?? '', 10);
    return count(r.child, unique ? (Number.isFinite(cloneMax) ? cloneMax : config.nodes.length) : 1);
  };
  return config.resources.reduce((sum, r) => sum + count(r, 1), 0);
}

/**
 * What the coordinator can supervise: node actors and fencers are its own children, and so is
 * one instance host per node and slice of INSTANCES_PER_HOST_MAX instances (instance-host.ts).
 */
function supervisionProblems(config: ClusterConfig, add: (path: string, message: string, fix: string) => void): void {
  const perNode = instancesPerNodeMax(config);
  const hostsPerNode = Math.max(1, Math.ceil(perNode / INSTANCES_PER_HOST_MAX));
  const children = config.nodes.length * (2 + hostsPerNode);
  if (children <= COORDINATOR_CHILDREN_MAX) return;
  add('resources', `${perNode} resource instances per node on ${config.nodes.length} nodes need ${children} supervisors under the coordinator, more than its ${COORDINATOR_CHILDREN_MAX}`,
    `use at most ${Math.floor((COORDINATOR_CHILDREN_MAX / config.nodes.length - 2)) * INSTANCES_PER_HOST_MAX} primitives (counting each unique clone's clone-max) with ${config.nodes.length} nodes, or fewer nodes`);
}
