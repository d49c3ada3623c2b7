// From configuration to a resource instance's input: which operations it runs, with which
// timeouts and on-fail policies. Pure; shared by the one-node runtime and the coordinator.
import type { ClusterConfig, OperationConfig } from '../config/model.ts';
import { parseDurationMs } from '../config/scalars.ts';
import type { PrimitiveInfo } from '../scheduler/resources.ts';
import type { ResourceInput, StopOnFail } from './resource-types.ts';

/** Pacemaker's default operation timeout. */
export const OPERATION_TIMEOUT_DEFAULT_MS = 20_000;

function timeoutOf(op: OperationConfig | undefined, config: ClusterConfig): number {
  if (op?.timeoutMs !== undefined) return op.timeoutMs;
  const fallback = config.operationDefaults['timeout'];
  return (fallback !== undefined ? parseDurationMs(fallback) : undefined) ?? OPERATION_TIMEOUT_DEFAULT_MS;
}

function stopOnFailOf(op: OperationConfig | undefined, config: ClusterConfig): StopOnFail {
  const configured = op?.onFail;
  if (configured === 'block' || configured === 'ignore' || configured === 'fence') return configured;
  // Without fencing, nobody can make a failed stop safe: the resource is blocked instead.
  return config.options.fencingEnabled ? 'fence' : 'block';
}

/** The recurring monitor: the first enabled monitor with an interval (role-less). */
function monitorOf(ops: OperationConfig[]): OperationConfig | undefined {
  return ops.find((o) => o.name === 'monitor' && o.intervalMs > 0 && o.enabled && !o.role);
}

export function resourceInputFor(info: PrimitiveInfo, node: string, config: ClusterConfig): ResourceInput {
  const ops = info.def.operations;
  const find = (name: string) => ops.find((o) => o.name === name && o.intervalMs === 0);
  const monitor = monitorOf(ops);
  const nodeMaintenance = config.nodes.find((n) => n.name === node)?.maintenance ?? false;
  return {
    resource: info.id,
    node,
    agent: { class: info.def.class, provider: info.def.provider, type: info.def.type },
    params: info.def.params,
    meta: { ...config.resourceDefaults, ...info.def.meta },
    monitor: monitor ? { intervalMs: monitor.intervalMs, timeoutMs: timeoutOf(monitor, config) } : null,
    probeTimeoutMs: timeoutOf(ops.find((o) => o.name === 'monitor' && o.intervalMs === 0) ?? monitor, config),
    startTimeoutMs: timeoutOf(find('start'), config),
    stopTimeoutMs: timeoutOf(find('stop'), config),
    migrateTimeoutMs: timeoutOf(find('migrate_to'), config),
    startOnFail: find('start')?.onFail ?? 'restart',
    stopOnFail: stopOnFailOf(find('stop'), config),
    validateBeforeStart: true,
    managed: info.meta.managed && !nodeMaintenance,
    monitored: !info.meta.maintenance && !nodeMaintenance,
  };
}

/**
 * An instance of ocf:heartbeat:Dummy with Pacemaker's defaults (20 s timeouts, a 10 s monitor,
 * fencing on a failed stop): the starting point for
 * tests, benchmarks and simulations, which override what they exercise.
 */
export function defaultResourceInput(resource: string, node: string, overrides: Partial<ResourceInput> = {}): ResourceInput {
  return {
    resource,
    node,
    agent: { class: 'ocf', provider: 'heartbeat', type: 'Dummy' },
    params: {},
    meta: {},
    monitor: { intervalMs: 10_000, timeoutMs: OPERATION_TIMEOUT_DEFAULT_MS },
    probeTimeoutMs: OPERATION_TIMEOUT_DEFAULT_MS,
    startTimeoutMs: OPERATION_TIMEOUT_DEFAULT_MS,
    stopTimeoutMs: OPERATION_TIMEOUT_DEFAULT_MS,
    migrateTimeoutMs: OPERATION_TIMEOUT_DEFAULT_MS,
    startOnFail: 'restart',
    stopOnFail: 'fence',
    validateBeforeStart: false,
    ...overrides,
  };
}
