// The `options:` section: cluster-wide settings, defaults from defaults.ts. Pacemaker cluster
// properties vigil does not interpret are kept raw in `other`, either by their own name (when
// Pacemaker knows it) or under `other:` (anything at all, e.g. from an imported CIB).
import { defaultOptions } from '../defaults.ts';
import type { ClusterOptions } from '../model.ts';
import { configuredNodeActionLimit } from '../../machines/node-action-limit.ts';
import { readEntries, readMap, report, type Field, type Reader } from './reader.ts';
import { readBoolean, readEnum, readRaw, readScore } from './values.ts';

/**
 * Pacemaker cluster properties kept raw in `other`; the few vigil acts on are read where they act
 * (concurrent-fencing, priority-fencing-delay, node-action-limit, shutdown-lock, ...).
 */
export const PACEMAKER_PROPERTIES = [
  'batch-limit', 'cluster-delay', 'cluster-infrastructure', 'cluster-ipc-limit', 'cluster-name',
  'cluster-recheck-interval', 'concurrent-fencing', 'dc-deadtime', 'dc-version', 'election-timeout',
  'enable-acl', 'enable-startup-probes', 'fence-reaction', 'have-watchdog', 'join-finalization-timeout',
  'join-integration-timeout', 'last-lrm-refresh', 'load-threshold', 'migration-limit', 'node-action-limit',
  'node-health-base', 'node-health-green', 'node-health-red', 'node-health-strategy', 'node-health-yellow',
  'pe-error-series-max', 'pe-input-series-max', 'pe-warn-series-max', 'placement-strategy',
  'priority-fencing-delay', 'remove-after-stop', 'shutdown-escalation', 'shutdown-lock', 'shutdown-lock-limit',
  'startup-fencing', 'stonith-max-attempts', 'stonith-timeout', 'stonith-watchdog-timeout',
  'stop-orphan-actions', 'stop-orphan-resources', 'transition-delay',
] as const;

type BooleanOption = 'fencingEnabled' | 'symmetricCluster' | 'startFailureIsFatal' | 'maintenanceMode'
  | 'stopAllResources' | 'alwaysFenceFailedNodes';

/** YAML key → model field, for the boolean options. */
export const BOOLEAN_OPTIONS: Readonly<Record<string, BooleanOption>> = {
  'fencing-enabled': 'fencingEnabled',
  'symmetric-cluster': 'symmetricCluster',
  'start-failure-is-fatal': 'startFailureIsFatal',
  'maintenance-mode': 'maintenanceMode',
  'stop-all-resources': 'stopAllResources',
  'always-fence-failed-nodes': 'alwaysFenceFailedNodes',
};

const TYPED_KEYS = [...Object.keys(BOOLEAN_OPTIONS), 'fencing-action', 'no-quorum-policy', 'default-resource-stickiness'];

export function readOptions(r: Reader, field: Field | undefined): ClusterOptions {
  const options = defaultOptions();
  if (field === undefined) return options;
  const fields = readMap(r, field, {
    keys: [...TYPED_KEYS, ...PACEMAKER_PROPERTIES, 'other'],
    aliases: { 'stonith-enabled': 'fencing-enabled', 'stonith-action': 'fencing-action' },
  }, 'options');
  if (fields === undefined) return options;
  for (const [key, value] of fields) {
    const flag = BOOLEAN_OPTIONS[key];
    if (flag !== undefined) {
      options[flag] = readBoolean(r, value) ?? options[flag];
    } else if (key === 'fencing-action') {
      options.fencingAction = readEnum(r, value, ['reboot', 'off'] as const) ?? options.fencingAction;
    } else if (key === 'no-quorum-policy') {
      options.noQuorumPolicy = readEnum(r, value, ['stop', 'ignore', 'freeze', 'demote', 'suicide'] as const)
        ?? options.noQuorumPolicy;
    } else if (key === 'default-resource-stickiness') {
      options.defaultResourceStickiness = readScore(r, value) ?? options.defaultResourceStickiness;
    } else if (key === 'other') {
      for (const [name, raw] of readEntries(r, value, 'other options', 'write other: { name: value }') ?? []) {
        const text = readRaw(r, raw, 'value');
        if (text !== undefined) options.other[name] = text;
      }
    } else {
      const text = readRaw(r, value, 'value');
      if (text !== undefined) options.other[key] = text;
    }
  }
  try {
    configuredNodeActionLimit(options);
  } catch (error) {
    const at = fields.get('node-action-limit');
    report(r, at?.node ?? null, at?.path ?? 'options.node-action-limit', (error as Error).message, 'write a whole number such as 8, or 0 for twice the CPU cores');
  }
  return options;
}
