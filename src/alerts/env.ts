// The environment of one alert agent run, as Pacemaker's alert interface defines it: the
// CRM_alert_* variables of the event (each also as CRM_notify_*, for agents written for
// ocf:pacemaker:ClusterMon), the alert's and recipient's params, and a PATH. Nothing of the
// daemon's own environment is passed. Pure.
import type { AlertConfig, AlertRecipient } from '../config/model.ts';
import type { AlertEvent } from './events.ts';
import { formatTimestamp } from './timestamp.ts';

/**
 * CRM_alert_version: the Pacemaker release whose alert interface vigil follows. Agents only
 * check it is set (Pacemaker 1.1.15 or later); they compare it with Pacemaker versions.
 */
export const ALERT_INTERFACE_VERSION = '2.1.5';
const PATH_DEFAULT = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** What one run adds to the event: which alert and recipient, its place in order, and when. */
export interface AlertRunContext {
  alert: AlertConfig;
  /** Undefined for an alert with no recipients: one run with an empty CRM_alert_recipient. */
  recipient: AlertRecipient | undefined;
  /** CRM_alert_node_sequence: grows with every event this daemon alerts on. */
  sequence: number;
  /** When the daemon saw the event, in microseconds since the epoch. */
  timeUs: number;
}

/** Whether `alert` receives `event` (its select, and for attributes its attribute names). */
export function selects(alert: AlertConfig, event: AlertEvent): boolean {
  if (!alert.select.includes(event.kind)) return false;
  return event.kind !== 'attribute' || alert.attributes.length === 0 || alert.attributes.includes(event.name);
}

/** The variables particular to the event's kind, without prefix. */
function eventFields(event: AlertEvent): Record<string, string> {
  switch (event.kind) {
    case 'node':
      return { nodeid: event.nodeId, desc: event.desc };
    case 'fencing':
      return { task: event.task, rc: String(event.rc), desc: event.desc };
    case 'resource':
      return {
        rsc: event.resource, task: event.task, interval: String(event.intervalMs), rc: String(event.rc),
        target_rc: String(event.targetRc), status: String(event.status), desc: event.desc, exec_time: String(event.execTimeMs),
      };
    case 'attribute':
      return { nodeid: event.nodeId, attribute_name: event.name, attribute_value: event.value };
  }
}

/** The run's timeout: the recipient's, else the alert's. */
export function runTimeoutMs(ctx: Pick<AlertRunContext, 'alert' | 'recipient'>): number {
  return ctx.recipient?.timeoutMs ?? ctx.alert.timeoutMs;
}

/** The whole environment of one run. */
export function alertEnv(event: AlertEvent, ctx: AlertRunContext): Record<string, string> {
  const format = ctx.recipient?.timestampFormat ?? ctx.alert.timestampFormat;
  const fields: Record<string, string> = {
    kind: event.kind,
    version: ALERT_INTERFACE_VERSION,
    recipient: ctx.recipient?.value ?? '',
    node_sequence: String(ctx.sequence),
    timestamp: formatTimestamp(format, ctx.timeUs),
    timestamp_epoch: String(Math.floor(ctx.timeUs / 1_000_000)),
    timestamp_usec: String(ctx.timeUs % 1_000_000),
    node: event.node,
    ...eventFields(event),
  };
  // Params first: the CRM_ variables are vigil's (the readers refuse params named like them).
  const env: Record<string, string> = { PATH: PATH_DEFAULT, ...ctx.alert.params, ...ctx.recipient?.params };
  for (const [name, value] of Object.entries(fields)) {
    env[`CRM_alert_${name}`] = value;
    env[`CRM_notify_${name}`] = value;
  }
  return env;
}
