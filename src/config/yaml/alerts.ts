// The `alerts:` section: alert agents the daemons run on cluster events, as Pacemaker's
// <alerts> (see docs/config.md, alerts, and src/alerts/README.md):
//
//   alerts:
//     - alert: to-file
//       path: /usr/local/lib/vigil/alert_file.sh      # relative: against this file's folder
//       recipients: [/var/log/cluster-alerts.log]     # or { value, timeout, timestamp-format, params }
//       select: [node, fencing, resource]             # default; attribute events only when selected
//       attributes: [standby]                         # with select attribute: only these names
//       timeout: 30s
//       timestamp-format: "%H:%M:%S.%06N"
//       params: { debug_exec_order: "false" }         # environment variables of the agent
import { isScalar } from 'yaml';
import {
  ALERT_KINDS, ALERT_KINDS_DEFAULT, ALERT_TIMEOUT_DEFAULT_MS, ALERT_TIMESTAMP_FORMAT_DEFAULT,
  type AlertConfig, type AlertKind, type AlertRecipient,
} from '../model.ts';
import { alertParamProblem, alertPathProblem, alertTimestampProblem, type AlertProblem } from '../alert-checks.ts';
import { resolveConfigPath } from './cluster.ts';
import { readList, readMap, remember, report, type Field, type Reader } from './reader.ts';
import { readDurationMs, readEnum, readId, readString, readStringMap, writeFix } from './values.ts';

const ALERT_KEYS = ['alert', 'path', 'recipients', 'select', 'attributes', 'timeout', 'timestamp-format', 'params'] as const;
const RECIPIENT_KEYS = ['value', 'timeout', 'timestamp-format', 'params'] as const;

export function readAlerts(r: Reader, field: Field | undefined): AlertConfig[] | undefined {
  if (field === undefined) return undefined;
  const items = readList(r, field, 'alerts', 'write alerts: as a list, e.g. - { alert: to-file, path: /usr/local/lib/vigil/alert_file.sh, recipients: [/var/log/alerts.log] }') ?? [];
  const alerts: AlertConfig[] = [];
  const ids = new Set<string>();
  for (const item of items) {
    const alert = readAlert(r, item);
    if (alert === undefined) continue;
    if (ids.has(alert.id)) {
      report(r, item.node, item.path, `a second alert named ${alert.id}`, 'give each alert its own name');
      continue;
    }
    ids.add(alert.id);
    alerts.push(remember(r, alert, item));
  }
  return alerts;
}

function readAlert(r: Reader, item: Field): AlertConfig | undefined {
  const fields = readMap(r, item, {
    keys: ALERT_KEYS, required: ['alert', 'path'],
    examples: { alert: 'alert: to-file', path: 'path: /usr/local/lib/vigil/alert_file.sh' },
  }, 'an alert');
  if (fields === undefined) return undefined;
  const alert: AlertConfig = {
    id: '', path: '', recipients: [], select: [...ALERT_KINDS_DEFAULT], attributes: [],
    timeoutMs: ALERT_TIMEOUT_DEFAULT_MS, timestampFormat: ALERT_TIMESTAMP_FORMAT_DEFAULT, params: {},
  };
  let ok = fields.has('alert') && fields.has('path');
  const set = <T>(value: T | undefined, apply: (v: T) => void): void => {
    if (value === undefined) ok = false;
    else apply(value);
  };
  for (const [key, value] of fields) {
    if (key === 'alert') set(readId(r, value, 'to-file'), (id) => { alert.id = id; });
    else if (key === 'path') set(readPath(r, value), (path) => { alert.path = path; });
    else if (key === 'recipients') set(readRecipients(r, value), (list) => { alert.recipients = list; });
    else if (key === 'select') set(readSelect(r, value), (kinds) => { alert.select = kinds; });
    else if (key === 'attributes') set(readAttributeNames(r, value), (names) => { alert.attributes = names; });
    else if (key === 'timeout') set(readTimeout(r, value), (ms) => { alert.timeoutMs = ms; });
    else if (key === 'timestamp-format') set(readTimestampFormat(r, value), (f) => { alert.timestampFormat = f; });
    else if (key === 'params') set(readParams(r, value), (params) => { alert.params = params; });
  }
  const attributes = fields.get('attributes');
  if (attributes !== undefined && alert.attributes.length > 0 && !alert.select.includes('attribute')) {
    report(r, attributes.node, attributes.path, 'attributes: names the node attributes whose changes this alert receives, but its select leaves attribute events out',
      'add attribute to select, e.g. select: [node, fencing, resource, attribute], or remove attributes:');
    ok = false;
  }
  return ok ? alert : undefined;
}

function reportProblem(r: Reader, field: Field, problem: AlertProblem | null): boolean {
  if (problem !== null) report(r, field.node, field.path, problem.message, problem.fix);
  return problem === null;
}

function readPath(r: Reader, field: Field): string | undefined {
  const text = readString(r, field, '/usr/local/lib/vigil/alert_file.sh');
  if (text === undefined) return undefined;
  const path = resolveConfigPath(r.file, text);
  return reportProblem(r, field, alertPathProblem(path)) ? path : undefined;
}

function readTimeout(r: Reader, field: Field): number | undefined {
  const ms = readDurationMs(r, field);
  if (ms === undefined || ms > 0) return ms;
  report(r, field.node, field.path, 'an alert\'s timeout must be above zero: the agent would be killed before it ran', writeFix(field, '30s'));
  return undefined;
}

function readTimestampFormat(r: Reader, field: Field): string | undefined {
  const format = readString(r, field, '"%H:%M:%S.%06N"');
  return format !== undefined && reportProblem(r, field, alertTimestampProblem(format)) ? format : undefined;
}

function readParams(r: Reader, field: Field): Record<string, string> | undefined {
  const params = readStringMap(r, field, 'alert parameters');
  let ok = true;
  for (const [name, value] of Object.entries(params)) {
    const problem = alertParamProblem(name, value);
    if (problem !== null) {
      report(r, field.node, `${field.path}.${name}`, problem.message, problem.fix);
      ok = false;
    }
  }
  return ok ? params : undefined;
}

function readSelect(r: Reader, field: Field): AlertKind[] | undefined {
  const items = readList(r, field, 'the kinds of events to select', `write select: [${ALERT_KINDS.join(', ')}] (any of them)`);
  if (items === undefined) return undefined;
  if (items.length === 0) {
    report(r, field.node, field.path, 'select: [] selects no events, so the alert would never run',
      `list the kinds of events it receives (${ALERT_KINDS.join(', ')}), or remove select: for node, fencing and resource events`);
    return undefined;
  }
  const kinds = new Set<AlertKind>();
  for (const item of items) {
    const kind = readEnum(r, item, ALERT_KINDS);
    if (kind === undefined) return undefined;
    if (kinds.has(kind)) report(r, item.node, item.path, `${kind} is selected twice`, `keep one ${kind}`);
    kinds.add(kind);
  }
  return ALERT_KINDS.filter((k) => kinds.has(k));
}

function readAttributeNames(r: Reader, field: Field): string[] | undefined {
  const items = readList(r, field, 'node attribute names', 'write attributes: [standby, shutdown]');
  if (items === undefined) return undefined;
  const names = items.map((item) => readString(r, item, 'standby'));
  return names.every((n) => n !== undefined) ? names : undefined;
}

function readRecipients(r: Reader, field: Field): AlertRecipient[] | undefined {
  const items = readList(r, field, 'recipients', 'write recipients: [/var/log/alerts.log] (one agent run per recipient)');
  if (items === undefined) return undefined;
  const recipients = items.map((item) => readRecipient(r, item));
  return recipients.every((x) => x !== undefined) ? recipients : undefined;
}

function readRecipient(r: Reader, item: Field): AlertRecipient | undefined {
  if (isScalar(item.node) && item.node.value !== null) {
    const value = readString(r, item, '/var/log/alerts.log');
    return value === undefined ? undefined : { value };
  }
  const fields = readMap(r, item, { keys: RECIPIENT_KEYS, required: ['value'], examples: { value: 'value: /var/log/alerts.log' } }, 'a recipient');
  if (fields === undefined) return undefined;
  const recipient: AlertRecipient = { value: '' };
  let ok = fields.has('value');
  for (const [key, value] of fields) {
    if (key === 'value') {
      const text = readString(r, value, '/var/log/alerts.log');
      if (text === undefined) ok = false;
      else recipient.value = text;
    } else if (key === 'timeout') {
      const ms = readTimeout(r, value);
      if (ms === undefined) ok = false;
      else recipient.timeoutMs = ms;
    } else if (key === 'timestamp-format') {
      const format = readTimestampFormat(r, value);
      if (format === undefined) ok = false;
      else recipient.timestampFormat = format;
    } else if (key === 'params') {
      const params = readParams(r, value);
      if (params === undefined) ok = false;
      else recipient.params = params;
    }
  }
  return ok ? recipient : undefined;
}
