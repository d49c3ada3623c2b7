// <resources> → Resource[]: primitives (templates expanded), groups, clones, and the
// deprecated <master> read as a clone with promotable=true.
import type { Clone, Group, Meta, Primitive, Resource, ResourceClass } from '../model.ts';
import { fail, requireAttr, resolveRef, warn, type ReadContext } from './context.ts';
import { readNvSets } from './nvsets.ts';
import { mergeOperations, readOperations } from './operations.ts';
import { childrenNamed, describe, type XmlElement } from './xml.ts';

const CLASSES: readonly ResourceClass[] = ['ocf', 'stonith', 'lsb', 'systemd', 'service'];

export interface ResourceIndex {
  /** Template id → ids of the primitives built from it (constraints may name a template). */
  templateUsers: Map<string, string[]>;
}

function readMeta(ctx: ReadContext, el: XmlElement, agent?: Primitive): Meta {
  const env = agent ? { resource: { class: agent.class, provider: agent.provider, type: agent.type } } : {};
  return readNvSets(ctx, el, 'meta_attributes', env, {
    onUnknown: (id) => warn(ctx, `${ctx.file}: meta_attributes '${id}' of '${el.attrs.id}' has a node-dependent rule, which vigil's model cannot hold; ignored`),
  });
}

function readParams(ctx: ReadContext, el: XmlElement, agent: Primitive): Record<string, string> {
  const env = { resource: { class: agent.class, provider: agent.provider, type: agent.type } };
  return readNvSets(ctx, el, 'instance_attributes', env, {
    onUnknown: (id) => warn(ctx, `${ctx.file}: instance_attributes '${id}' of '${el.attrs.id}' has a node-dependent rule, which vigil's model cannot hold; ignored`),
  });
}

/** The agent triple and contents of one primitive or template element. */
function readAgentElement(ctx: ReadContext, el: XmlElement, base?: Primitive): Primitive {
  const id = requireAttr(ctx, el, 'id');
  const cls = el.attrs.class ?? base?.class;
  const type = el.attrs.type ?? base?.type;
  if (cls === undefined) fail(ctx, el, "missing required attribute 'class'", 'add class="ocf" (or stonith, lsb, systemd, service)');
  if (!(CLASSES as readonly string[]).includes(cls)) fail(ctx, el, `class="${cls}" is not supported`, `use one of ${CLASSES.join(', ')}`);
  if (type === undefined) fail(ctx, el, "missing required attribute 'type'", 'add type="AgentName"');
  const p: Primitive = { kind: 'primitive', id, class: cls as ResourceClass, type, params: {}, meta: {}, operations: [] };
  const provider = el.attrs.provider ?? base?.provider;
  if (provider !== undefined) p.provider = provider;
  if (p.class === 'ocf' && provider === undefined) fail(ctx, el, "missing required attribute 'provider'", 'add provider="heartbeat" (or the agent\'s provider)');
  p.params = { ...base?.params, ...readParams(ctx, el, p) };
  p.meta = { ...base?.meta, ...readMeta(ctx, el, p) };
  p.operations = mergeOperations(base?.operations ?? [], readOperations(ctx, el));
  return p;
}

function readPrimitive(ctx: ReadContext, el: XmlElement, templates: Map<string, Primitive>, index: ResourceIndex): Primitive {
  const templateId = el.attrs.template;
  if (templateId === undefined) return readAgentElement(ctx, el);
  const template = templates.get(templateId);
  if (!template) fail(ctx, el, `template="${templateId}" names no <template>`, `define <template id="${templateId}" ...> under <resources> or remove the reference`);
  const users = index.templateUsers.get(templateId) ?? [];
  users.push(requireAttr(ctx, el, 'id'));
  index.templateUsers.set(templateId, users);
  return readAgentElement(ctx, el, template);
}

function readGroup(ctx: ReadContext, el: XmlElement, templates: Map<string, Primitive>, index: ResourceIndex): Group {
  const children: Primitive[] = [];
  for (const child of el.children) {
    if (child.name === 'primitive') children.push(readPrimitive(ctx, child, templates, index));
    else if (child.name !== 'meta_attributes' && child.name !== 'instance_attributes' && child.name !== 'description') {
      warn(ctx, `${ctx.file}: ${describe(child)} inside group '${el.attrs.id}' is not supported; ignored`);
    }
  }
  if (children.length === 0) fail(ctx, el, 'a group needs at least one <primitive>', 'add primitives to the group or delete it');
  return { kind: 'group', id: requireAttr(ctx, el, 'id'), meta: readMeta(ctx, el), children };
}

function readClone(ctx: ReadContext, el: XmlElement, templates: Map<string, Primitive>, index: ResourceIndex): Clone {
  const inner = el.children.filter((c) => c.name === 'primitive' || c.name === 'group');
  if (inner.length !== 1) fail(ctx, el, `a clone holds exactly one <primitive> or <group>, found ${inner.length}`, 'keep one child resource per clone');
  const childEl = inner[0]!;
  const child = childEl.name === 'group' ? readGroup(ctx, childEl, templates, index) : readPrimitive(ctx, childEl, templates, index);
  const meta = readMeta(ctx, el);
  if (el.name === 'master') meta.promotable = 'true';
  return { kind: 'clone', id: requireAttr(ctx, el, 'id'), meta, child };
}

export function readResources(ctx: ReadContext, resourcesEl: XmlElement | undefined): { resources: Resource[]; index: ResourceIndex } {
  const index: ResourceIndex = { templateUsers: new Map() };
  const resources: Resource[] = [];
  if (!resourcesEl) return { resources, index };
  const templates = new Map<string, Primitive>();
  for (const t of childrenNamed(resourcesEl, 'template')) templates.set(requireAttr(ctx, t, 'id'), readAgentElement(ctx, t));
  for (const ref of resourcesEl.children) {
    const el = resolveRef(ctx, ref);
    if (el.name === 'primitive') resources.push(readPrimitive(ctx, el, templates, index));
    else if (el.name === 'group') resources.push(readGroup(ctx, el, templates, index));
    else if (el.name === 'clone' || el.name === 'master') resources.push(readClone(ctx, el, templates, index));
    else if (el.name !== 'template' && el.name !== 'bundle') warn(ctx, `${ctx.file}: ${describe(el)} under <resources> is not supported (bundles, remote nodes); ignored`);
  }
  return { resources, index };
}
