// Operations of a primitive (`operations:` list): name, interval, timeout, on-fail, role,
// enabled; other Pacemaker op attributes are kept raw in `other`.
import type { OnFail, OperationConfig } from '../model.ts';
import { readEntries, readList, readMap, report, type Field, type Reader } from './reader.ts';
import { OPERATION_META } from './meta.ts';
import { readBoolean, readDurationMs, readEnum, readRaw } from './values.ts';
import { suggestKey } from './suggest.ts';

export const OPERATION_NAMES = [
  'monitor', 'start', 'stop', 'promote', 'demote', 'migrate_to', 'migrate_from',
  'reload', 'reload-agent', 'notify', 'meta-data', 'validate-all',
] as const;

const ON_FAIL: readonly OnFail[] = ['ignore', 'block', 'stop', 'restart', 'standby', 'fence', 'demote'];
export const ROLES = ['Started', 'Stopped', 'Promoted', 'Unpromoted'] as const;

/** Op attributes vigil keeps raw (in `other`) under their own names. */
export const RAW_OPERATION_KEYS = ['start-delay', 'interval-origin', 'record-pending', 'description', 'OCF_CHECK_LEVEL'];

const KEYS = ['name', 'interval', 'timeout', 'on-fail', 'role', 'enabled', ...RAW_OPERATION_KEYS, 'other'];

export function readOperations(r: Reader, field: Field | undefined): OperationConfig[] {
  if (field === undefined) return [];
  const items = readList(r, field, 'operations', 'write operations: as a list, e.g. - { name: monitor, interval: 10s }') ?? [];
  const operations: OperationConfig[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const op = readOperation(r, item);
    if (op === undefined) continue;
    const key = `${op.name}_${op.intervalMs}${op.role === undefined ? '' : `_${op.role}`}`;
    if (seen.has(key)) {
      report(r, item.node, item.path, `a second ${op.name} operation with interval ${op.intervalMs}ms`,
        'give each operation of a resource a different name or interval');
      continue;
    }
    seen.add(key);
    operations.push(op);
  }
  return operations;
}

function readOperation(r: Reader, item: Field): OperationConfig | undefined {
  const fields = readMap(r, item, { keys: KEYS, required: ['name'], examples: { name: 'name: monitor' } }, 'an operation');
  if (fields === undefined) return undefined;
  const op: OperationConfig = { name: '', intervalMs: 0, enabled: true, other: {} };
  let ok = fields.has('name');
  for (const [key, value] of fields) {
    if (key === 'name') {
      const name = readOperationName(r, value);
      if (name === undefined) ok = false;
      else op.name = name;
    } else if (key === 'interval') {
      const ms = readDurationMs(r, value);
      if (ms === undefined) ok = false;
      else op.intervalMs = ms;
    } else if (key === 'timeout') {
      const ms = readDurationMs(r, value);
      if (ms !== undefined) op.timeoutMs = ms;
    } else if (key === 'on-fail') {
      const onFail = readEnum(r, value, ON_FAIL);
      if (onFail !== undefined) op.onFail = onFail;
    } else if (key === 'role') {
      const role = readEnum(r, value, ROLES);
      if (role !== undefined) op.role = role;
    } else if (key === 'enabled') {
      op.enabled = readBoolean(r, value) ?? true;
    } else {
      readOther(r, key, value, op.other);
    }
  }
  return ok ? op : undefined;
}

function readOperationName(r: Reader, field: Field): string | undefined {
  const name = readRaw(r, field, 'monitor');
  if (name === undefined) return undefined;
  if ((OPERATION_NAMES as readonly string[]).includes(name)) return name;
  const guess = suggestKey(name, OPERATION_NAMES);
  report(r, field.node, field.path, `unknown operation "${name}"${guess ? `; did you mean "${guess}"?` : ''}`,
    `write name: ${guess ?? 'monitor'} (one of ${OPERATION_NAMES.join(', ')})`);
  return undefined;
}

function readOther(r: Reader, key: string, value: Field, other: Record<string, string>): void {
  if (key !== 'other') {
    const text = readRaw(r, value, 'value');
    const check = OPERATION_META[key];
    if (text !== undefined && check !== undefined && !check.ok(text)) {
      report(r, value.node, value.path, `expected ${check.expected}, found "${text}"`, `write ${key}: ${check.example}`);
    } else if (text !== undefined) {
      other[key] = text;
    }
    return;
  }
  for (const [name, raw] of readEntries(r, value, 'other op attributes', 'write other: { name: value }') ?? []) {
    const text = readRaw(r, raw, 'value');
    if (text !== undefined) other[name] = text;
  }
}
