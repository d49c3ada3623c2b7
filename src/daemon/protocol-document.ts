// Wire schemas of the replicated cluster document (config + status) and the status view: every
// field a daemon or a coordinator built from it reads is checked, so no peer's malformed `state`
// can crash a daemon (issue 14, item 7: `doc: {}` once did). Objects are open (openObject):
// fields a newer version adds travel along as plain JSON.
import type { ClusterDocument } from '../config/model.ts';
import type { ClusterView } from './view-types.ts';
import { nodeNameSchema } from '../transport/kinds.ts';
import { MESSAGE_BYTES_MAX } from '../transport/constants.ts';
import {
  array, boolean, finite, integer, lazy, nullable, oneOf, openObject, string, stringRecord, tagged, type Schema,
} from '../transport/schema.ts';

/** Most items in any list of the document (resources, constraints, history records, ...). */
export const DOCUMENT_ITEMS_MAX = 1_000_000;
const NAME_MAX = 1024;

const name = string({ minLength: 1, maxLength: NAME_MAX });
const text = string({ maxLength: MESSAGE_BYTES_MAX });
const count = integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const whole = integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const number = finite({ min: -Number.MAX_VALUE, max: Number.MAX_VALUE });
const strings = stringRecord({ maxEntries: DOCUMENT_ITEMS_MAX, keyLengthMax: NAME_MAX, valueLengthMax: MESSAGE_BYTES_MAX });
const list = <T>(item: Schema<T>) => array(item, { maxItems: DOCUMENT_ITEMS_MAX });

export const generationSchema = openObject({ adminEpoch: count, epoch: count, updates: count });

// --- config ---------------------------------------------------------------------------------

const options = openObject({
  fencingEnabled: boolean(), fencingAction: oneOf(['reboot', 'off']), noQuorumPolicy: oneOf(['stop', 'ignore', 'freeze', 'demote', 'suicide']),
  symmetricCluster: boolean(), startFailureIsFatal: boolean(), defaultResourceStickiness: number, maintenanceMode: boolean(),
  stopAllResources: boolean(), alwaysFenceFailedNodes: boolean(), other: strings,
});

const node = openObject({
  name: nodeNameSchema, id: text, attributes: strings, standby: boolean(), maintenance: boolean(),
  address: openObject({ host: name, port: integer({ min: 0, max: 65_535 }) }),
}, ['id', 'address']);

const cluster = openObject({
  name, keyFile: text, heartbeatIntervalMs: count, heartbeatTimeoutMs: count, electionTickMs: integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  stateDir: text, twoNode: boolean(),
});

const operation = openObject({
  name, intervalMs: count, timeoutMs: count, onFail: oneOf(['ignore', 'block', 'stop', 'restart', 'standby', 'fence', 'demote']),
  role: text, enabled: boolean(), other: strings,
}, ['timeoutMs', 'onFail', 'role']);

const primitive = openObject({
  kind: oneOf(['primitive']), id: name, class: oneOf(['ocf', 'stonith', 'lsb', 'systemd', 'service']), provider: name, type: name,
  params: strings, meta: strings, operations: list(operation),
}, ['provider']);
const group = openObject({ kind: oneOf(['group']), id: name, meta: strings, children: list(primitive) });
const clone = openObject({ kind: oneOf(['clone']), id: name, meta: strings, child: tagged('kind', { primitive, group }) });
const resource = tagged('kind', { primitive, group, clone });

const attributeExpression = openObject({
  kind: oneOf(['attribute']), attribute: name, operation: oneOf(['defined', 'not_defined', 'eq', 'ne', 'lt', 'lte', 'gt', 'gte']),
  value: text, type: oneOf(['string', 'integer', 'number', 'version']),
}, ['value', 'type']);
const dateExpression = openObject({
  kind: oneOf(['date']), operation: oneOf(['gt', 'lt', 'in_range', 'date_spec']), start: number, end: number, raw: strings,
}, ['start', 'end']);
const rule: Schema<unknown> = openObject({
  id: text, score: number, scoreAttribute: name, booleanOp: oneOf(['and', 'or']), role: text,
  // A rule nests rules (no `kind`); expressions say theirs.
  expressions: list(lazy(() => expression)),
}, ['score', 'scoreAttribute', 'role']);
const expression: Schema<unknown> = {
  check(value, path) {
    const kind = (value as { kind?: unknown } | null)?.kind;
    if (kind === 'attribute') return attributeExpression.check(value, path);
    if (kind === 'date') return dateExpression.check(value, path);
    return rule.check(value, path);
  },
};

const resourceAction = oneOf(['start', 'stop', 'promote', 'demote']);
const constraint = tagged('kind', {
  location: openObject({
    kind: oneOf(['location']), id: name, resource: name, node: name, score: number, rules: list(rule), role: text,
    resourceDiscovery: oneOf(['always', 'never', 'exclusive']),
  }, ['node', 'score', 'rules', 'role', 'resourceDiscovery']),
  order: openObject({
    kind: oneOf(['order']), id: name, first: name, then: name, firstAction: resourceAction, thenAction: resourceAction,
    orderKind: oneOf(['Mandatory', 'Optional', 'Serialize']), symmetrical: boolean(),
  }),
  colocation: openObject({
    kind: oneOf(['colocation']), id: name, resource: name, with: name, score: number, resourceRole: text, withRole: text,
  }, ['resourceRole', 'withRole']),
});

const alertRecipient = openObject({
  value: text, timeoutMs: integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), timestampFormat: text, params: strings,
}, ['timeoutMs', 'timestampFormat', 'params']);
const alert = openObject({
  id: name, path: name, recipients: list(alertRecipient), select: list(oneOf(['node', 'fencing', 'resource', 'attribute'])),
  attributes: list(name), timeoutMs: integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), timestampFormat: text, params: strings,
});

export const clusterConfigSchema = openObject({
  generation: generationSchema, options, nodes: list(node), resourceDefaults: strings, operationDefaults: strings,
  resources: list(resource), constraints: list(constraint),
  fencingLevels: list(openObject({ target: name, index: whole, devices: list(name) })), cluster, alerts: list(alert),
}, ['cluster', 'alerts']);

// --- status ---------------------------------------------------------------------------------

const nodeStatus = openObject({
  name, online: boolean(), unclean: boolean(), shutdown: boolean(), attributes: strings, unverified: boolean(),
}, ['unverified']);
const operationRecord = openObject({
  operation: name, intervalMs: count, rc: whole, status: name, callId: whole, lastRcChange: number, lastRun: number,
  execTimeMs: number, opDigest: text, restartDigest: text, forceRestart: list(name), migrateSource: text, migrateTarget: text, id: text,
}, ['lastRcChange', 'lastRun', 'execTimeMs', 'opDigest', 'restartDigest', 'forceRestart', 'migrateSource', 'migrateTarget', 'id']);
const history = openObject({
  resource: name, node: name, class: oneOf(['ocf', 'stonith', 'lsb', 'systemd', 'service']), provider: name, type: name,
  operations: list(operationRecord),
}, ['provider']);
const failCount = openObject({ resource: name, node: name, operation: text, intervalMs: count, count, lastFailureS: count });
const clusterStatus = openObject({
  nodes: list(nodeStatus), history: list(history), failCounts: list(failCount), quorum: boolean(), coordinator: name, now: number,
}, ['failCounts', 'coordinator', 'now']);

export const clusterDocumentSchema = openObject({ config: clusterConfigSchema, status: clusterStatus }) as Schema<unknown> as Schema<ClusterDocument>;

// --- the view `vigil status` shows ----------------------------------------------------------

const fenceRecord = openObject({
  target: name, action: oneOf(['reboot', 'off', 'on']), result: oneOf(['succeeded', 'failed', 'confirmed', 'requested']), reason: text,
  by: name, epoch: count, atMs: number,
}, ['by']);
const instanceView = openObject({ node: name, state: name, failCount: count, rc: nullable(whole), reason: text });

export const clusterViewSchema = openObject({
  cluster: text, generation: generationSchema, coordinator: nullable(name), epoch: count, quorum: boolean(), updatedAtMs: number,
  nodes: list(openObject({
    name, state: name, mode: oneOf(['online', 'standby', 'maintenance']), member: boolean(), reason: text,
    recoveryBlocked: nullable(oneOf(['awaiting-fence', 'awaiting-confirmation'])),
  })),
  resources: list(openObject({
    id: name, state: name, node: nullable(name), instances: list(instanceView), parent: name, targetRole: text,
  }, ['parent', 'targetRole'])),
  failures: list(openObject({
    resource: name, node: name, operation: name, intervalMs: count, rc: whole, reason: text, failCount: count, atMs: number,
  })),
  fencing: list(fenceRecord),
  transition: nullable(openObject({ id: count, actions: count, done: count, failed: count, left: count }, ['left'])),
  settled: boolean(),
}, ['settled']) as Schema<unknown> as Schema<ClusterView>;
