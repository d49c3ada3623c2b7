// Pacemaker 2.1's defaults for cluster options, shared by every reader of a config.
import type { ClusterConfig, ClusterOptions } from './model.ts';

export function defaultOptions(): ClusterOptions {
  return {
    fencingEnabled: true,
    fencingAction: 'reboot',
    noQuorumPolicy: 'stop',
    symmetricCluster: true,
    startFailureIsFatal: true,
    defaultResourceStickiness: 0,
    maintenanceMode: false,
    stopAllResources: false,
    alwaysFenceFailedNodes: false,
    other: {},
  };
}

export function emptyConfig(): ClusterConfig {
  return {
    generation: { adminEpoch: 0, epoch: 0, updates: 0 },
    options: defaultOptions(),
    nodes: [],
    resourceDefaults: {},
    operationDefaults: {},
    resources: [],
    constraints: [],
    fencingLevels: [],
  };
}
