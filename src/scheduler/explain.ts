// The explanation returned with every graph: node states, each resource's score per node with
// its named parts, and the reasons for its placement, in words.
import type { Explanation, NamedScore, NodeScore, ResourceExplanation } from './types.ts';
import type { NodesView } from './nodes.ts';
import type { Placement } from './placement.ts';
import type { Reconciled } from './reconcile.ts';
import { formatScore, INFINITY } from './score.ts';

/** Why each node that can run nothing is unavailable, worded once per explanation. */
function unavailableNodes(nodes: NodesView): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, view] of nodes.nodes) if (!view.canRun) out.set(name, `node is ${view.fence ? 'being fenced' : view.state}`);
  return out;
}

function rejections(scores: NodeScore[], unavailable: ReadonlyMap<string, string>, placed: string | null): { reason: string; nodes: string[] }[] {
  const byReason = new Map<string, string[]>();
  for (const s of scores) {
    if (s.node === placed) continue;
    let reason = unavailable.get(s.node);
    if (reason === undefined) {
      if (s.total > -INFINITY) continue;
      reason = s.parts.find((p) => p.score <= -INFINITY)?.source ?? 'banned';
    }
    (byReason.get(reason) ?? byReason.set(reason, []).get(reason)!).push(s.node);
  }
  return [...byReason].map(([reason, list]) => ({ reason, nodes: list }));
}

function resourceReasons(id: string, placed: string | null, scores: NodeScore[], placement: Placement, rec: Reconciled): string[] {
  const out: string[] = [...(placement.reasons.get(id) ?? [])];
  const win = scores.find((s) => s.node === placed);
  if (win) {
    // The first part with the largest magnitude (what a stable sort by magnitude puts first).
    let strongest: NamedScore | undefined;
    for (const p of win.parts) if (strongest === undefined || Math.abs(p.score) > Math.abs(strongest.score)) strongest = p;
    out.push(`placed on ${placed} with score ${formatScore(win.total)}${strongest ? ` (strongest: ${strongest.source} ${formatScore(strongest.score)})` : ''}`);
  }
  const role = placement.roles.get(id);
  if (role !== undefined && placed !== null) out.push(`${role.role} on ${placed}: ${role.reason} (promotion score ${formatScore(role.score)})`);
  const d = rec.decisions.get(id);
  if (d && d.reason) out.push(`${d.bucket.kind} due to ${d.reason}${d.blocked ? ' (blocked)' : ''}`);
  return out;
}

export function explain(nodes: NodesView, placement: Placement, rec: Reconciled): Explanation {
  const resources: ResourceExplanation[] = [];
  const unavailable = unavailableNodes(nodes);
  for (const [id, weights] of placement.weights) {
    const parts = placement.parts.get(id) ?? new Map<string, NamedScore[]>();
    const scores: NodeScore[] = [];
    for (const [node, total] of weights) scores.push({ node, total, parts: parts.get(node) ?? [] });
    const placed = placement.node.get(id) ?? null;
    resources.push({
      resource: id, current: rec.decisions.get(id)?.current ?? [], placed, scores,
      reasons: resourceReasons(id, placed, scores, placement, rec), rejected: rejections(scores, unavailable, placed),
    });
  }
  return {
    quorum: nodes.quorum,
    nodes: nodes.order.map((name) => {
      const n = nodes.nodes.get(name)!;
      return { node: name, state: n.fence ? `${n.state}, to be fenced` : n.state, reasons: n.fence ? [...n.reasons, n.fence] : n.reasons };
    }),
    resources,
  };
}

/** The explanation in words, for `vigil simulate --explain`. */
export function formatExplanation(e: Explanation): string[] {
  const lines: string[] = [`quorum: ${e.quorum ? 'yes' : 'no'}`];
  for (const n of e.nodes) lines.push(`node ${n.node}: ${n.state}${n.reasons.length ? ` (${n.reasons.join('; ')})` : ''}`);
  for (const r of e.resources) {
    lines.push(`${r.resource}: ${r.placed ? `runs on ${r.placed}` : 'will not run'}${r.current.length ? ` (now on ${r.current.join(', ')})` : ''}`);
    for (const s of r.scores) lines.push(`  ${s.node}: ${formatScore(s.total)}${s.parts.length ? ` = ${s.parts.map((p) => `${p.source} ${formatScore(p.score)}`).join(', ')}` : ''}`);
    for (const reason of r.reasons) lines.push(`  because ${reason}`);
    for (const rej of r.rejected) lines.push(`  ${rej.nodes.join(', ')} rejected: ${rej.reason}`);
  }
  return lines;
}
