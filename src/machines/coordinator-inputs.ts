// From the config to the inputs of the actors a coordinator spawns: one per node, one per
// resource instance on a node (a fence machine for stonith resources), one fencer per fencing
// operation. Pure.
import type { ClusterConfig } from '../config/model.ts';
import { parseDurationMs } from '../config/scalars.ts';
import { hashSeed } from '../election/prng.ts';
import { indexResources, type PrimitiveInfo, type ResourceIndex } from '../scheduler/resources.ts';
import { fenceDeviceInputFor } from './fence-ops.ts';
import type { FenceDeviceInput } from './fence-types.ts';
import { fencerLevelsFor } from './fencer-ops.ts';
import { FENCER_LEVEL_DEVICES_MAX, type FencerInput } from './fencer-types.ts';
import { providesUnfencing } from '../scheduler/unfencing.ts';
import type { NodeInput } from './node-types.ts';
import { resourceInputFor } from './resource-input.ts';
import type { ResourceDefinition, ResourceInput } from './resource-types.ts';

/** `resource@node`: the key of an instance, and (prefixed) its actor's id. */
export function instanceKey(resource: string, node: string): string {
  return `${resource}@${node}`;
}

export function resourceActorId(resource: string, node: string, stonith: boolean): string {
  return `${stonith ? 'fence' : 'resource'}:${instanceKey(resource, node)}`;
}

export function nodeActorId(node: string): string {
  return `node:${node}`;
}

export type InstanceInput =
  | { kind: 'resource'; input: ResourceInput }
  | { kind: 'fence'; input: FenceDeviceInput };

/** The input of `resource`'s instance on `node`; undefined if the config has no such primitive. */
/** The primitive an instance's id stands for (an anonymous clone's actor id: its first instance). */
export function primitiveInfoOf(index: ResourceIndex, resource: string): PrimitiveInfo | undefined {
  return index.primitives.get(resource) ?? index.primitives.get(`${resource}:0`);
}

/** `seed` seeds a fence device's random delays (hashed with the instance, so each device draws its own stream). */
export function instanceInputFor(config: ClusterConfig, index: ResourceIndex, resource: string, node: string, seed = 0): InstanceInput | undefined {
  const info = primitiveInfoOf(index, resource);
  if (!info) return undefined;
  const input = { ...resourceInputFor(info, node, config), resource };
  if (info.def.class !== 'stonith') return { kind: 'resource', input };
  const stonithTimeoutMs = parseDurationMs(config.options.other['stonith-timeout'] ?? '') ?? undefined;
  return { kind: 'fence', input: fenceDeviceInputFor(input, stonithTimeoutMs, hashSeed(seed, instanceKey(resource, node))) };
}

/** The parts of a resource instance's input a changed config carries to it (RESOURCE.CONFIGURE). */
export function definitionOf(input: ResourceInput): ResourceDefinition {
  const { params, meta, monitor, probeTimeoutMs, startTimeoutMs, stopTimeoutMs, migrateTimeoutMs } = input;
  return { params, meta, monitor, probeTimeoutMs, startTimeoutMs, stopTimeoutMs, migrateTimeoutMs };
}

/**
 * The event that carries a changed definition to a resource instance; null when nothing changed.
 * Fence devices are left out: their parameters are read at each fencing attempt.
 */
export function definitionEvent(before: InstanceInput | undefined, after: InstanceInput | undefined): { type: 'RESOURCE.CONFIGURE'; definition: ResourceDefinition } | null {
  if (before?.kind !== 'resource' || after?.kind !== 'resource') return null;
  const definition = definitionOf(after.input);
  if (JSON.stringify(definitionOf(before.input)) === JSON.stringify(definition)) return null;
  return { type: 'RESOURCE.CONFIGURE', definition };
}

/** What the config says of an instance's management: unmanaged (no starts, stops or recovery), unmonitored (maintenance). */
export interface Management { managed: boolean; monitored: boolean }

export function managementOf(config: ClusterConfig, index: ResourceIndex, resource: string, node: string, made = instanceInputFor(config, index, resource, node)): Management | undefined {
  if (!made) return undefined;
  const input = made.kind === 'fence' ? made.input.lifecycle : made.input;
  return { managed: input.managed !== false, monitored: input.monitored !== false };
}

/** The event that takes a running instance from one management to another; null when nothing changed. */
export function managementEvent(before: Management | undefined, after: Management | undefined): { type: 'RESOURCE.MANAGE' } | { type: 'RESOURCE.UNMANAGE'; monitored: boolean } | null {
  if (!after || (before && before.managed === after.managed && before.monitored === after.monitored)) return null;
  // Managed again: re-probed (what runs may have changed meanwhile), and monitored.
  return after.managed ? { type: 'RESOURCE.MANAGE' } : { type: 'RESOURCE.UNMANAGE', monitored: after.monitored };
}

/**
 * The id an instance's actor, agent and history use: an anonymous clone's instances are
 * interchangeable, so on each node they are the child's own id (as Pacemaker records them);
 * the scheduler's numbering (ping:0, ping:1) says only how many run.
 */
export function actorResourceOf(index: ResourceIndex, id: string): string {
  const info = index.primitives.get(id);
  return info?.clone !== undefined && !info.uniqueInstance ? id.replace(/:\d+$/, '') : id;
}

const indexes = new WeakMap<ClusterConfig, ResourceIndex>();

/** The resource index of a config, built once per config object (a config in context is never changed, only replaced). */
export function indexOf(config: ClusterConfig): ResourceIndex {
  let index = indexes.get(config);
  if (!index) {
    index = indexResources(config);
    indexes.set(config, index);
  }
  return index;
}

export function nodeInputFor(config: ClusterConfig, node: string, retry: { initialMs: number; maxMs: number }): NodeInput {
  const n = config.nodes.find((c) => c.name === node);
  return {
    node,
    fencingEnabled: config.options.fencingEnabled,
    fencingAction: config.options.fencingAction,
    alwaysFenceFailedNodes: config.options.alwaysFenceFailedNodes,
    fenceRetryInitialMs: retry.initialMs,
    fenceRetryMaxMs: retry.maxMs,
    mode: n?.maintenance ? 'maintenance' : n?.standby ? 'standby' : 'online',
  };
}

function hostNames(text: string): string[] {
  return text.split(/[\s,;]+/).filter((s) => s !== '');
}

/**
 * Whether a device can fence `target` by its static configuration: pcmk_host_list, or the keys
 * of pcmk_host_map; a device with neither is assumed able to fence any node (Pacemaker would
 * ask the device; a fence that cannot work fails and the next level is tried).
 */
export function canFenceStatically(params: Record<string, string>, target: string): boolean {
  const list = params['pcmk_host_list'];
  if (list !== undefined) return hostNames(list).includes(target);
  const map = params['pcmk_host_map'];
  if (map !== undefined) return hostNames(map).some((entry) => entry.split(':')[0] === target);
  return true;
}

/** `delayMs`: the requested delay (priority-fencing-delay, fence-delay.ts priorityDelayMs). */
export function fencerInputFor(config: ClusterConfig, index: ResourceIndex, target: string, action: FencerInput['action'], requestId: string, delayMs = 0): FencerInput {
  const capable = index.order.filter((id) => {
    const info = index.primitives.get(id)!;
    return info.def.class === 'stonith' && canFenceStatically(info.def.params, target);
  });
  return { target, action, requestId, levels: fencerLevelsFor(target, config.fencingLevels, capable), ...(delayMs > 0 ? { delayMs } : {}) };
}

/**
 * The unfencing of `target` (the devices' `on`): one level of every device its fencing could use
 * (its topology's levels, or each device able to fence it), narrowed to the devices that provide
 * unfencing when any does. All of them must succeed: whichever level fenced the node last, each
 * device that may have cut it off lets it back in.
 */
export function unfencerInputFor(config: ClusterConfig, index: ResourceIndex, target: string, requestId: string): FencerInput {
  const levels = fencerInputFor(config, index, target, 'on', requestId).levels;
  const devices = [...new Set(levels.flatMap((l) => l.devices))];
  const providing = devices.filter((id) => providesUnfencing(index.primitives.get(id)?.def.meta ?? {}));
  const chosen = (providing.length > 0 ? providing : devices).slice(0, FENCER_LEVEL_DEVICES_MAX);
  return { target, action: 'on', requestId, levels: chosen.length > 0 ? [{ index: 1, devices: chosen }] : [] };
}

/** Each resource's failure-timeout in seconds (an anonymous clone's by its child's id; 0 when none), from one index. */
export function failureTimeoutsOf(config: ClusterConfig): (resource: string) => number {
  const index = indexOf(config);
  return (resource) => primitiveInfoOf(index, resource)?.meta.failureTimeoutS ?? 0;
}

/** Every configured primitive, by the id its instances' history uses. */
export function primitiveIdsOf(config: ClusterConfig): string[] {
  const index = indexOf(config);
  return [...new Set([...index.primitives.keys()].map((id) => actorResourceOf(index, id)))];
}
