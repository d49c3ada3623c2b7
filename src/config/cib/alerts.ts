// <alerts> → AlertConfig[]: each <alert> with its path, recipients, <select> and the meta and
// instance attributes vigil runs it with. Meta attributes: timeout and timestamp-format (the
// alert's, overridden per recipient); enabled=false (Pacemaker 2.1.6) leaves the alert or
// recipient out, with a warning. Settings no alert agent could run with (a relative path, a
// timestamp format vigil cannot print, a parameter that is no environment name) are problems:
// `validate` refuses the CIB, as it refuses the same in YAML.
import {
  ALERT_KINDS_DEFAULT, ALERT_TIMEOUT_DEFAULT_MS, ALERT_TIMESTAMP_FORMAT_DEFAULT,
  type AlertConfig, type AlertKind, type AlertRecipient,
} from '../model.ts';
import { alertParamProblem, alertPathProblem, alertTimestampProblem, type AlertProblem } from '../alert-checks.ts';
import { problem, requireAttr, warn, type ReadContext } from './context.ts';
import { readNvSets } from './nvsets.ts';
import { parseBoolean, parseDurationMs } from './values.ts';
import { childrenNamed, describe, firstChild, type XmlElement } from './xml.ts';

/** Pacemaker's <select> children, by the kind each selects. */
const SELECT_ELEMENTS: ReadonlyArray<[string, AlertKind]> = [
  ['select_nodes', 'node'], ['select_fencing', 'fencing'], ['select_resources', 'resource'], ['select_attributes', 'attribute'],
];
const META_READ = new Set(['timeout', 'timestamp-format', 'enabled']);

/** What an alert or a recipient sets through its meta and instance attributes. */
interface Settings {
  timeoutMs?: number;
  timestampFormat?: string;
  params: Record<string, string>;
  enabled: boolean;
}

export function readAlerts(ctx: ReadContext, section: XmlElement | undefined): AlertConfig[] {
  const alerts: AlertConfig[] = [];
  for (const el of section ? childrenNamed(section, 'alert') : []) {
    const alert = readAlert(ctx, el);
    if (alert !== undefined) alerts.push(alert);
  }
  return alerts;
}

function readAlert(ctx: ReadContext, el: XmlElement): AlertConfig | undefined {
  const id = requireAttr(ctx, el, 'id');
  const path = requireAttr(ctx, el, 'path');
  const settings = readSettings(ctx, el);
  if (!settings.enabled) {
    warn(ctx, `${ctx.file}: ${describe(el)} has enabled=false: not imported, so it never runs (as in Pacemaker)`);
    return undefined;
  }
  report(ctx, el, alertPathProblem(path));
  const select = readSelect(ctx, el);
  if (select === undefined) return undefined;
  const recipients = childrenNamed(el, 'recipient').flatMap((r) => readRecipient(ctx, r) ?? []);
  return {
    id, path, recipients, ...select,
    timeoutMs: settings.timeoutMs ?? ALERT_TIMEOUT_DEFAULT_MS,
    timestampFormat: settings.timestampFormat ?? ALERT_TIMESTAMP_FORMAT_DEFAULT,
    params: settings.params,
  };
}

function readRecipient(ctx: ReadContext, el: XmlElement): AlertRecipient | undefined {
  const value = requireAttr(ctx, el, 'value');
  const settings = readSettings(ctx, el);
  if (!settings.enabled) {
    warn(ctx, `${ctx.file}: ${describe(el)} has enabled=false: not imported, so the alert does not run for it`);
    return undefined;
  }
  const recipient: AlertRecipient = { value };
  if (settings.timeoutMs !== undefined) recipient.timeoutMs = settings.timeoutMs;
  if (settings.timestampFormat !== undefined) recipient.timestampFormat = settings.timestampFormat;
  if (Object.keys(settings.params).length > 0) recipient.params = settings.params;
  return recipient;
}

/** No <select>: node, fencing and resource events; with one, exactly the kinds it lists (none: undefined). */
function readSelect(ctx: ReadContext, el: XmlElement): { select: AlertKind[]; attributes: string[] } | undefined {
  const select = firstChild(el, 'select');
  if (select === undefined) return { select: [...ALERT_KINDS_DEFAULT], attributes: [] };
  const kinds = SELECT_ELEMENTS.filter(([name]) => firstChild(select, name) !== undefined).map(([, kind]) => kind);
  if (kinds.length === 0) {
    warn(ctx, `${ctx.file}: ${describe(el)} has an empty <select>: it selects no events and never runs; not imported`);
    return undefined;
  }
  const attributesEl = firstChild(select, 'select_attributes');
  const attributes = attributesEl ? childrenNamed(attributesEl, 'attribute').map((a) => requireAttr(ctx, a, 'name')) : [];
  return { select: kinds, attributes };
}

function readSettings(ctx: ReadContext, el: XmlElement): Settings {
  const onUnknown = (set: string) => warn(ctx, `${ctx.file}: ${describe(el)}: the rule of set '${set}' cannot be evaluated for an alert; the set is ignored`);
  const meta = readNvSets(ctx, el, 'meta_attributes', {}, { onUnknown });
  const params = readNvSets(ctx, el, 'instance_attributes', {}, { onUnknown });
  const settings: Settings = { params: {}, enabled: parseBoolean(meta.enabled ?? 'true') ?? true };
  for (const name of Object.keys(meta).filter((n) => !META_READ.has(n))) {
    warn(ctx, `${ctx.file}: ${describe(el)}: meta attribute '${name}' is not one vigil reads for alerts (timeout, timestamp-format, enabled); ignored`);
  }
  if (meta.timeout !== undefined) {
    const ms = parseDurationMs(meta.timeout);
    if (ms === undefined || ms <= 0) report(ctx, el, { message: `timeout="${meta.timeout}" is not a duration above zero`, fix: 'set timeout to a duration such as 30s' });
    else settings.timeoutMs = ms;
  }
  if (meta['timestamp-format'] !== undefined) {
    const format = meta['timestamp-format'];
    if (report(ctx, el, alertTimestampProblem(format))) settings.timestampFormat = format;
  }
  for (const [name, value] of Object.entries(params)) {
    if (report(ctx, el, alertParamProblem(name, value))) settings.params[name] = value;
  }
  return settings;
}

/** Records `found` as a problem of this CIB (validate refuses it); true when there is none. */
function report(ctx: ReadContext, el: XmlElement, found: AlertProblem | null): boolean {
  if (found !== null) problem(ctx, `${ctx.file}: ${describe(el)}: ${found.message} — fix: ${found.fix}`);
  return found === null;
}
