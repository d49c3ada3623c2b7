// The `nodes:` section: each node as a name, or as a mapping with attributes, flags and the
// address its daemon listens on (checked against the cluster section in cluster.ts).
import { isScalar } from 'yaml';
import type { NodeConfig } from '../model.ts';
import { readAddress } from './cluster.ts';
import { readList, readMap, remember, type Field, type Reader } from './reader.ts';
import { readBoolean, readRaw, readString, readStringMap } from './values.ts';

export function readNodes(r: Reader, field: Field | undefined): NodeConfig[] {
  if (field === undefined) return [];
  const items = readList(r, field, 'nodes', 'write nodes: as a list, e.g. - name: node1') ?? [];
  const nodes: NodeConfig[] = [];
  for (const item of items) {
    const node = readNode(r, item);
    if (node !== undefined) nodes.push(remember(r, node, item));
  }
  return nodes;
}

function readNode(r: Reader, item: Field): NodeConfig | undefined {
  if (isScalar(item.node) && item.node.value !== null) {
    const name = readString(r, item, 'node1');
    return name === undefined ? undefined : { name, attributes: {}, standby: false, maintenance: false };
  }
  const fields = readMap(r, item, {
    keys: ['name', 'id', 'address', 'attributes', 'standby', 'maintenance'],
    required: ['name'],
    examples: { name: 'name: node1' },
  }, 'a node');
  if (fields === undefined) return undefined;
  const node: NodeConfig = { name: '', attributes: {}, standby: false, maintenance: false };
  let ok = true;
  for (const [key, value] of fields) {
    if (key === 'name') {
      const name = readString(r, value, 'node1');
      if (name === undefined) ok = false;
      else node.name = name;
    } else if (key === 'id') {
      const id = readRaw(r, value, '1');
      if (id !== undefined) node.id = id;
    } else if (key === 'address') {
      const address = readAddress(r, value);
      if (address !== undefined) node.address = address;
    } else if (key === 'attributes') {
      node.attributes = readStringMap(r, value, 'node attributes');
    } else if (key === 'standby' || key === 'maintenance') {
      node[key] = readBoolean(r, value) ?? false;
    }
  }
  return ok && fields.has('name') ? node : undefined;
}
