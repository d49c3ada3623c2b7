// Which resources can run at the end of a run, judged conservatively (when in doubt, a resource
// is taken as unable to run, so the convergence check never blames the cluster for it).
//
// A primitive can run on a node that is up and in neither standby nor maintenance, where no
// -INFINITY location bans it, where none of its operations failed during the run (a failure may
// have banned it there by fail-count), where no agent-fail fault was aimed at it, and (opt-in
// clusters) that a positive location or a rule names. Then, from the placement actually reached:
// a group member only where the member before it is started; a mandatory colocation's dependent
// only where its `with` is started, a -INFINITY one never where the other is; and nowhere if a
// mandatory order's `first` is started nowhere. Unmanaged, target-role Stopped and
// stop-all-resources resources are not expected to run.
import type { ColocationConstraint, LocationConstraint } from '../../config/model.ts';
import { INFINITY } from '../../config/model.ts';
import { completionUnitsOf, isBanned, nodeConfig, primitivesOf, type InstanceFacts } from './model.ts';
import { isUp } from './topology.ts';
import { instanceKey, peekState, statesOf, type World } from './world.ts';

export interface RunHistory {
  /** instanceKey(node, instance) of every instance with a failed op (or a recurring monitor finding it stopped). */
  failedOn: Set<string>;
  /** Instances an agent-fail fault was aimed at: the nodes, or 'all'. */
  agentFaults: Map<string, Set<string> | 'all'>;
}

export function placedOn(world: World, configId: string, node: string): boolean {
  return primitivesOf(world.model, configId).some((p) => peekState(world, node, p)?.started === true);
}

function agentFaulted(history: RunHistory, facts: InstanceFacts, node: string): boolean {
  return facts.owners.some((o) => {
    const f = history.agentFaults.get(o);
    return f === 'all' || (f !== undefined && f.has(node));
  });
}

function optInAllows(world: World, facts: InstanceFacts, node: string): boolean {
  if (world.model.doc.config.options.symmetricCluster) return true;
  return world.model.doc.config.constraints.some((c): c is LocationConstraint =>
    c.kind === 'location' && facts.owners.includes(c.resource) && (c.rules !== undefined || (c.node === node && (c.score ?? 0) >= 0)));
}

function baseNodes(world: World, facts: InstanceFacts, history: RunHistory): string[] {
  return world.model.nodes.filter((n) => {
    const cfg = nodeConfig(world.model, n);
    return isUp(world.topo, n) && !cfg.standby && !cfg.maintenance && isBanned(world.model, facts, n) === undefined
      && !history.failedOn.has(instanceKey(n, facts.id)) && !agentFaulted(history, facts, n) && optInAllows(world, facts, n);
  });
}

function mandatoryColocations(world: World): ColocationConstraint[] {
  return world.model.doc.config.constraints.filter((c): c is ColocationConstraint =>
    c.kind === 'colocation' && Math.abs(c.score) >= INFINITY && c.resourceRole === undefined && c.withRole === undefined);
}

function firstsStarted(world: World, facts: InstanceFacts): boolean {
  return world.model.doc.config.constraints.every((c) => {
    if (c.kind !== 'order' || c.orderKind !== 'Mandatory' || c.firstAction !== 'start' || c.thenAction !== 'start' || !facts.owners.includes(c.then)) return true;
    const units = completionUnitsOf(world.model, c.first);
    return units.includes(facts.id) || units.some((u) => statesOf(world, u).some((s) => s.started));
  });
}

/** The nodes where an instance could run given the placement reached; empty: not expected. */
export function canRunOn(world: World, facts: InstanceFacts, history: RunHistory): string[] {
  if (facts.kind === 'unknown' || !facts.managed || facts.mustStayStopped || !firstsStarted(world, facts)) return [];
  let nodes = baseNodes(world, facts, history);
  const members = facts.group?.members ?? [];
  const i = members.indexOf(facts.id);
  if (i > 0) nodes = nodes.filter((n) => peekState(world, n, members[i - 1]!)?.started === true);
  for (const c of mandatoryColocations(world)) {
    const dependent = facts.owners.includes(c.resource) && !facts.owners.includes(c.with);
    const other = dependent ? c.with : facts.owners.includes(c.with) && c.score < 0 ? c.resource : undefined;
    if (other === undefined) continue;
    nodes = nodes.filter((n) => placedOn(world, other, n) === c.score > 0);
  }
  return nodes;
}
