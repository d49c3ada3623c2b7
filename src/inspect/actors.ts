// Every actor of the coordinator's system with its machine and current state, for the status
// page's statecharts. Read exactly from the live actors on the daemon that hosts the
// coordinator; elsewhere derived from the replicated view (node and instance states only).
import { StateMachine, type AnyActorRef, type StateValue } from 'xstate';
import type { ClusterDocument } from '../config/model.ts';
import type { ClusterView } from '../daemon/view-types.ts';
import { MACHINES } from '../machines/index.ts';
import { indexResources } from '../scheduler/resources.ts';
import { activeNodeIds, machineToGraph, type DiagramGraph } from './diagram/graph.ts';

/** Actors listed at most (the coordinator keeps ~1,000 children at most). */
export const PAGE_ACTORS_MAX = 2_000;

export interface ActorState {
  /** The coordinator's systemId for it (`node:node1`, `resource:web@node1`); `/child` for a nested actor. */
  id: string;
  /** The machine it runs: a name of MACHINES (src/machines/index.ts). */
  machine: string;
  /** Its state, as a path (`started`, `device.running`; parallel regions joined with `, `). */
  state: string;
  /** Diagram node ids to highlight (see diagram/graph.ts activeNodeIds); empty when unknown. */
  active: string[];
  /** True when read from the live actor, false when derived from the view. */
  exact: boolean;
}

const MACHINE_NAMES: ReadonlySet<string> = new Set(MACHINES.map((m) => m.name));
const graphs = new Map<string, DiagramGraph>();

function graphOf(machine: string): DiagramGraph | undefined {
  const entry = MACHINES.find((m) => m.name === machine);
  if (!entry) return undefined;
  if (!graphs.has(machine)) graphs.set(machine, machineToGraph(entry.machine));
  return graphs.get(machine);
}

/** `a.b` for `{a: 'b'}`; parallel regions joined with `, `. */
export function stateText(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value).map(([key, sub]) => (sub === undefined || (typeof sub === 'object' && Object.keys(sub).length === 0) ? key : `${key}.${stateText(sub)}`)).join(', ');
}

/** The actors under the live coordinator, the coordinator first, then its children (nested ones after their parent). */
export function liveActors(coordinator: AnyActorRef): ActorState[] {
  const out: ActorState[] = [];
  const visit = (id: string, ref: AnyActorRef): void => {
    if (out.length >= PAGE_ACTORS_MAX) return;
    const logic = (ref as { logic?: unknown }).logic;
    const snapshot = ref.getSnapshot() as { value?: StateValue; status?: string; children?: Record<string, AnyActorRef> } | undefined;
    if (!(logic instanceof StateMachine) || snapshot?.value === undefined) return;
    // Instance hosts only keep the coordinator's instances apart in slices: show the instances as its own.
    if (logic.id === 'instance-host') {
      for (const [childId, child] of Object.entries(snapshot.children ?? {})) if (child) visit(childId, child);
      return;
    }
    if (!MACHINE_NAMES.has(logic.id)) return;
    out.push({ id, machine: logic.id, state: stateText(snapshot.value), active: activeNodeIds(logic.id, snapshot.value), exact: true });
    for (const [childId, child] of Object.entries(snapshot.children ?? {})) {
      if (child) visit(id === 'coordinator' ? childId : `${id}/${childId}`, child);
    }
  };
  visit('coordinator', coordinator);
  return out;
}

/** The node and id of every diagram node whose key is `name`, with its ancestors: a state named in the view. */
export function idsForStateName(machine: string, name: string): string[] {
  const graph = graphOf(machine);
  if (!graph) return [];
  const node = graph.nodes.find((n) => n.key === name && n.parent !== null);
  if (!node) return [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const out: string[] = [];
  for (let at: string | null = node.id; at !== null; at = byId.get(at)?.parent ?? null) out.unshift(at);
  return out;
}

/**
 * What a daemon that does not host the coordinator can tell from the view: every node actor's
 * state, and every instance's lifecycle (for a fence device, its nested `lifecycle` actor).
 */
export function viewActors(view: ClusterView, doc: ClusterDocument): ActorState[] {
  const out: ActorState[] = [{ id: 'coordinator', machine: 'coordinator', state: `on ${view.coordinator ?? 'no node'}`, active: [], exact: false }];
  for (const n of view.nodes) out.push({ id: `node:${n.name}`, machine: 'node', state: n.state, active: idsForStateName('node', n.state), exact: false });
  const index = indexResources(doc.config);
  const seen = new Set<string>();
  for (const r of view.resources) {
    const info = index.primitives.get(r.id);
    const actorResource = info?.clone !== undefined && !info.uniqueInstance ? r.id.replace(/:\d+$/, '') : r.id;
    const stonith = info?.def.class === 'stonith';
    for (const i of r.instances) {
      const id = stonith ? `fence:${actorResource}@${i.node}/lifecycle` : `resource:${actorResource}@${i.node}`;
      if (seen.has(id) || out.length >= PAGE_ACTORS_MAX) continue;
      seen.add(id);
      out.push({ id, machine: 'resource', state: i.state, active: idsForStateName('resource', i.state), exact: false });
    }
  }
  return out;
}
