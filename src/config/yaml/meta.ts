// Meta attributes (and resource/operation defaults): kept raw, as Pacemaker keeps them, but each
// known key's value is checked here so a typo fails at load time instead of being ignored.
// Unknown keys are allowed (Pacemaker has many), unless they look like a misspelled known key.
import type { Meta } from '../model.ts';
import { describe, readEntries, report, reportUnknownKey, type Field, type Reader } from './reader.ts';
import { suggestKey } from './suggest.ts';
import { DURATION_EXPECTED, SCORE_EXPECTED, parseDurationMs, parseScore, readRaw, writeFix } from './values.ts';

interface ValueCheck {
  expected: string;
  example: string;
  ok: (text: string) => boolean;
}

const PACEMAKER_BOOLEAN = /^(true|false|yes|no|on|off|y|n|1|0)$/i;

const boolean: ValueCheck = { expected: 'true or false', example: 'true', ok: (t) => PACEMAKER_BOOLEAN.test(t) };
const integer: ValueCheck = { expected: 'a whole number', example: '1', ok: (t) => /^[+-]?\d+$/.test(t) };
const count: ValueCheck = { expected: 'a whole number, 0 or more', example: '1', ok: (t) => /^\+?\d+$/.test(t) };
const score: ValueCheck = { expected: SCORE_EXPECTED, example: '100', ok: (t) => parseScore(t) !== undefined };
const duration: ValueCheck = { expected: DURATION_EXPECTED, example: '60s', ok: (t) => parseDurationMs(t) !== undefined };
const threshold: ValueCheck = {
  expected: 'a whole number or INFINITY', example: '3',
  ok: (t) => /^\+?\d+$/.test(t) || /^\+?(infinity|inf)$/i.test(t),
};

function oneOf(...values: string[]): ValueCheck {
  return { expected: `one of ${values.join(', ')}`, example: values[0] ?? '', ok: (t) => values.includes(t) };
}

/** Resource meta attributes vigil understands, with the values each accepts. */
export const RESOURCE_META: Readonly<Record<string, ValueCheck>> = {
  'target-role': oneOf('Started', 'Stopped', 'Promoted', 'Unpromoted'),
  'is-managed': boolean,
  'maintenance': boolean,
  'resource-stickiness': score,
  'migration-threshold': threshold,
  'failure-timeout': duration,
  'allow-migrate': boolean,
  'requires': oneOf('nothing', 'quorum', 'fencing', 'unfencing'),
  /** A fence device that unfences nodes (fence_scsi, fence_mpath): scheduler/unfencing.ts. */
  'provides': oneOf('unfencing'),
  'priority': integer,
  'multiple-active': oneOf('stop_start', 'stop_only', 'block', 'stop_unexpected'),
  'critical': boolean,
  'clone-max': count,
  'clone-node-max': count,
  'clone-min': count,
  'promoted-max': count,
  'promoted-node-max': count,
  'interleave': boolean,
  'ordered': boolean,
  'globally-unique': boolean,
  'notify': boolean,
  'promotable': boolean,
};

/** Operation defaults and op attributes that carry a checked value. */
export const OPERATION_META: Readonly<Record<string, ValueCheck>> = {
  'timeout': duration,
  'interval': duration,
  'start-delay': duration,
  'on-fail': oneOf('ignore', 'block', 'stop', 'restart', 'standby', 'fence', 'demote'),
  'record-pending': boolean,
  'enabled': boolean,
  'role': oneOf('Started', 'Stopped', 'Promoted', 'Unpromoted'),
};

/** Read a raw meta mapping, checking the values of known keys against `known`. */
export function readMeta(r: Reader, field: Field, known: Readonly<Record<string, ValueCheck>>): Meta {
  const meta: Meta = {};
  const entries = readEntries(r, field, 'meta attributes', 'write meta attributes as key: value lines');
  const names = Object.keys(known);
  for (const [key, value] of entries ?? []) {
    const check = known[key];
    if (check === undefined && suggestKey(key, names) !== undefined) {
      reportUnknownKey(r, value.key ?? value.node, value.path, key, names);
      continue;
    }
    const text = readRaw(r, value, check?.example ?? 'value');
    if (text === undefined) continue;
    if (check !== undefined && !check.ok(text)) {
      report(r, value.node, value.path, `expected ${check.expected}, found ${describe(value.node)}`,
        writeFix(value, check.example));
      continue;
    }
    meta[key] = text;
  }
  return meta;
}
