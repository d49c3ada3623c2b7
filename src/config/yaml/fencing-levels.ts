// The `fencing-levels:` section: per target node, device lists tried in index order.
import type { FencingLevel } from '../model.ts';
import { readList, readMap, remember, report, type Field, type Reader } from './reader.ts';
import { readInteger, readString } from './values.ts';

export function readFencingLevels(r: Reader, field: Field | undefined): FencingLevel[] {
  if (field === undefined) return [];
  const items = readList(r, field, 'fencing levels', 'write fencing-levels: as a list, e.g. - { target: node1, index: 1, devices: [fd1] }') ?? [];
  const levels: FencingLevel[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const fields = readMap(r, item, {
      keys: ['target', 'index', 'devices'], required: ['target', 'index', 'devices'],
      examples: { target: 'target: node1', index: 'index: 1', devices: 'devices: [fd1]' },
    }, 'a fencing level');
    if (fields === undefined) continue;
    const targetField = fields.get('target');
    const indexField = fields.get('index');
    const devicesField = fields.get('devices');
    const target = targetField === undefined ? undefined : readString(r, targetField, 'node1');
    const index = indexField === undefined ? undefined : readInteger(r, indexField, 1, '1');
    const devices = devicesField === undefined ? undefined : readDevices(r, devicesField);
    if (target === undefined || index === undefined || devices === undefined) continue;
    if (seen.has(`${target}#${index}`)) {
      report(r, indexField?.node, indexField?.path ?? item.path, `a second fencing level ${index} for ${target}`,
        `give each level of ${target} a different index`);
      continue;
    }
    seen.add(`${target}#${index}`);
    levels.push(remember(r, { target, index, devices }, item));
  }
  return levels;
}

function readDevices(r: Reader, field: Field): string[] | undefined {
  const items = readList(r, field, 'devices', 'write devices: [fd1, fd2]');
  if (items === undefined) return undefined;
  if (items.length === 0) {
    report(r, field.node, field.path, 'a fencing level needs at least one device', 'write devices: [fd1]');
    return undefined;
  }
  const devices = items.map((item) => readString(r, item, 'fd1'));
  return devices.every((d) => d !== undefined) ? devices : undefined;
}
