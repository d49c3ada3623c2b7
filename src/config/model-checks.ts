// Checks on a whole cluster config, whichever format it came from (YAML or CIB): what vigil
// refuses to run (`refusals`: validate exits non-zero) and what it runs differently from
// Pacemaker or not at all (`notices`: warnings). Each line names the element and what vigil does.
import type { ClusterConfig, OrderConstraint, Primitive, Resource } from './model.ts';
import { unfencingNotices } from './unfencing-checks.ts';

export interface ModelChecks {
  /** What vigil cannot run safely: the config is refused. */
  refusals: string[];
  /** What vigil does not model, and what it does instead. */
  notices: string[];
}

function isTrue(text: string | undefined): boolean {
  return text !== undefined && ['true', 'yes', 'on', 'y', '1'].includes(text.trim().toLowerCase());
}

function primitivesIn(resources: readonly Resource[]): Primitive[] {
  return resources.flatMap((r) => (r.kind === 'primitive' ? [r] : r.kind === 'group' ? r.children : primitivesIn([r.child])));
}

function allResources(resources: readonly Resource[]): Resource[] {
  return resources.flatMap((r) => [r, ...(r.kind === 'group' ? r.children : r.kind === 'clone' ? allResources([r.child]) : [])]);
}

function promotableClones(resources: readonly Resource[]): string[] {
  return resources.filter((r) => r.kind === 'clone' && isTrue(r.meta.promotable)).map((r) => r.id);
}

/** A node of the order graph: a resource's action. */
function key(resource: string, action: string): string {
  return `${resource} ${action}`;
}

/**
 * Cycles among mandatory orders (first before then, in the direction written; the reverse
 * stops of symmetrical orders are implied, not separate edges). Each cycle is named once, as
 * the chain of actions from its smallest member, e.g. "a start -> b start -> a start".
 */
export function orderCycles(orders: readonly OrderConstraint[]): string[][] {
  const out = new Map<string, string[]>();
  for (const o of orders) {
    if (o.orderKind !== 'Mandatory') continue;
    const from = key(o.first, o.firstAction);
    const list = out.get(from) ?? [];
    list.push(key(o.then, o.thenAction));
    out.set(from, list);
  }
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  // Iterative depth-first search: a config may hold thousands of orders.
  for (const start of [...out.keys()].sort()) {
    if (state.has(start)) continue;
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, 'open');
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const targets = out.get(top.node) ?? [];
      if (top.next >= targets.length) {
        state.set(top.node, 'done');
        stack.pop();
        path.pop();
        continue;
      }
      const t = targets[top.next++]!;
      if (state.get(t) === 'open') {
        const cycle = path.slice(path.indexOf(t));
        const first = cycle.indexOf([...cycle].sort()[0]!);
        const named = [...cycle.slice(first), ...cycle.slice(0, first)];
        const id = named.join('\u0000');
        if (!seen.has(id)) { seen.add(id); cycles.push([...named, named[0]!]); }
      } else if (!state.has(t)) {
        state.set(t, 'open');
        path.push(t);
        stack.push({ node: t, next: 0 });
      }
    }
  }
  return cycles;
}

export interface CheckOptions {
  /** Only planned (vigil simulate), never run: what the scheduler plans but the runtime cannot
   *  run yet (roles of promotable clones) is not refused. */
  planOnly?: boolean;
}

export function checkModel(config: ClusterConfig, opts: CheckOptions = {}): ModelChecks {
  const refusals: string[] = [];
  const notices: string[] = [];
  for (const id of opts.planOnly === true ? [] : promotableClones(config.resources)) {
    refusals.push(`clone '${id}' is promotable, which vigil's runtime cannot run yet: its instances would never be started, promoted or recovered — remove promotable (run it as a plain clone) or keep the resource under Pacemaker (vigil simulate plans its roles)`);
  }
  const orders = config.constraints.filter((c): c is OrderConstraint => c.kind === 'order');
  for (const cycle of orderCycles(orders)) {
    refusals.push(`order constraints form a cycle: ${cycle.join(' -> ')}; none of these actions could ever run — remove one of the orders`);
  }
  for (const p of primitivesIn(config.resources)) {
    if (p.class === 'ocf' && p.provider === 'pacemaker' && p.type === 'remote') {
      notices.push(`resource '${p.id}' is a Pacemaker Remote connection (ocf:pacemaker:remote), which vigil does not model: it is run as an ordinary resource and its node gets no resources`);
    }
    if (p.meta['remote-node'] !== undefined) {
      notices.push(`resource '${p.id}' has meta remote-node="${p.meta['remote-node']}" (a guest node), which vigil does not model: it runs as an ordinary resource and the guest gets no resources`);
    }
  }
  for (const r of allResources(config.resources)) {
    if (r.meta.container !== undefined) {
      notices.push(`resource '${r.id}' has meta container="${r.meta.container}", which vigil does not model: it is recovered on its own, not with its container`);
    }
  }
  notices.push(...unfencingNotices(config));
  const strategy = config.options.other['placement-strategy'];
  if (strategy !== undefined && strategy !== 'default') {
    notices.push(`cluster property placement-strategy="${strategy}" is not modelled: vigil places by scores alone, ignoring utilization`);
  }
  return { refusals, notices };
}
