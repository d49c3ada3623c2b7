// <nodes> → NodeConfig[], and <fencing-topology> → FencingLevel[] (targets by pattern or
// attribute are expanded against the configured nodes here).
import type { FencingLevel, NodeConfig } from '../model.ts';
import { fail, requireAttr, warn, type ReadContext } from './context.ts';
import { readNvSets } from './nvsets.ts';
import { parseBoolean } from './values.ts';
import { childrenNamed, type XmlElement } from './xml.ts';

export function readNodes(ctx: ReadContext, nodesEl: XmlElement | undefined): NodeConfig[] {
  const nodes: NodeConfig[] = [];
  for (const el of nodesEl ? childrenNamed(nodesEl, 'node') : []) {
    const id = requireAttr(ctx, el, 'id');
    const name = el.attrs.uname ?? id;
    if (el.attrs.type !== undefined && el.attrs.type !== 'member' && el.attrs.type !== 'normal') {
      warn(ctx, `${ctx.file}: node '${name}' has type="${el.attrs.type}", read as a cluster member`);
    }
    const env = { nodeAttributes: { '#uname': name, '#id': id, '#kind': 'cluster' } };
    const attributes = readNvSets(ctx, el, 'instance_attributes', env);
    nodes.push({
      name,
      id,
      attributes,
      standby: parseBoolean(attributes.standby ?? 'false') ?? false,
      maintenance: parseBoolean(attributes.maintenance ?? 'false') ?? false,
    });
  }
  return nodes;
}

function levelTargets(ctx: ReadContext, el: XmlElement, nodes: NodeConfig[]): string[] {
  const a = el.attrs;
  if (a.target !== undefined) return [a.target];
  if (a['target-pattern'] !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(a['target-pattern']);
    } catch (e) {
      fail(ctx, el, `target-pattern is not a valid regular expression (${(e as Error).message})`, 'correct the pattern');
    }
    return nodes.filter((n) => re.test(n.name)).map((n) => n.name);
  }
  if (a['target-attribute'] !== undefined) {
    const attr = a['target-attribute'];
    return nodes.filter((n) => n.attributes[attr] !== undefined && n.attributes[attr] === a['target-value']).map((n) => n.name);
  }
  fail(ctx, el, 'names no target', 'add target="NODE", target-pattern="REGEX" or target-attribute="NAME" target-value="VALUE"');
}

export function readFencingTopology(ctx: ReadContext, topology: XmlElement | undefined, nodes: NodeConfig[]): FencingLevel[] {
  const levels: FencingLevel[] = [];
  for (const el of topology ? childrenNamed(topology, 'fencing-level') : []) {
    const indexText = requireAttr(ctx, el, 'index');
    const index = Number.parseInt(indexText, 10);
    if (!(index >= 1 && index <= 9)) fail(ctx, el, `index="${indexText}" is not 1 to 9`, 'number the levels 1, 2, ... (tried in that order)');
    const devices = requireAttr(ctx, el, 'devices').split(',').map((d) => d.trim()).filter((d) => d !== '');
    for (const target of levelTargets(ctx, el, nodes)) levels.push({ target, index, devices });
  }
  return levels;
}
