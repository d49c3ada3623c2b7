// An acknowledged config change is never lost; after healing every node holds the same config.
//
// - 'config-diverged': two configs (acknowledged or held, anywhere, any time) under one
//   generation with different digests: the generation no longer names one config, so "the
//   higher generation wins" can silently drop a change.
// - 'config-lost' (once settled, see settle.ts): a node's last config.held after the heal is
//   older than a generation acknowledged to an administrator.
// - 'config-unequal' (once settled): the nodes' last config.held after the heal differ.
// Generations are written `adminEpoch.epoch.updates` (config/generation.ts) and compared
// number by number.
import type { LedgerEntry } from '../../ledger/types.ts';
import { inOrder } from './replay.ts';
import { settleOf } from './settle.ts';
import { violation, type CheckContext, type Violation } from './types.ts';

type ConfigEntry = Extract<LedgerEntry, { kind: 'config.held' | 'config.acknowledged' }>;

export function compareGenerationText(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  if (pa.some(Number.isNaN) || pb.some(Number.isNaN)) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function checkDiverged(configs: ConfigEntry[], out: Violation[]): void {
  const first = new Map<string, ConfigEntry>();
  const reported = new Set<string>();
  for (const e of configs) {
    const seen = first.get(e.generation);
    if (seen === undefined) { first.set(e.generation, e); continue; }
    const key = `${e.generation}/${e.digest}`;
    if (seen.digest === e.digest || reported.has(key)) continue;
    reported.add(key);
    out.push(violation('config-diverged', e.seq, `generation ${e.generation} names two configs: ${e.node} ${e.kind === 'config.held' ? 'holds' : 'acknowledged'} digest ${e.digest}, ${seen.node} had digest ${seen.digest} (#${seen.seq})`, [e.seq, seen.seq]));
  }
}

function checkSettled(configs: ConfigEntry[], healSeq: number, out: Violation[]): void {
  const acked = configs.filter((e) => e.kind === 'config.acknowledged');
  const newestAck = acked.sort((a, b) => compareGenerationText(b.generation, a.generation) || a.seq - b.seq)[0];
  const last = new Map<string, ConfigEntry>();
  for (const e of configs) if (e.kind === 'config.held' && e.seq > healSeq) last.set(e.node, e);
  const held = [...last.values()].sort((a, b) => a.seq - b.seq);
  for (const e of held) {
    if (newestAck === undefined || compareGenerationText(e.generation, newestAck.generation) >= 0) continue;
    out.push(violation('config-lost', e.seq, `${e.node} holds config generation ${e.generation} after healing, older than generation ${newestAck.generation} acknowledged by ${newestAck.node} (#${newestAck.seq})`, [e.seq, newestAck.seq]));
  }
  const distinct = new Map(held.map((e) => [`${e.generation}/${e.digest}`, e]));
  if (distinct.size > 1) {
    const lastHeld = held.at(-1)!;
    const text = held.map((e) => `${e.node} ${e.generation} (${e.digest.slice(0, 8)})`).join(', ');
    out.push(violation('config-unequal', lastHeld.seq, `after healing the nodes hold different configs: ${text}`, held.map((e) => e.seq)));
  }
}

export function checkConfig(entries: LedgerEntry[], ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  const ordered = inOrder(entries);
  const configs = ordered.filter((e): e is ConfigEntry => e.kind === 'config.held' || e.kind === 'config.acknowledged');
  checkDiverged(configs, out);
  const settle = settleOf(ordered, ctx);
  if (settle !== undefined) checkSettled(configs, settle.healSeq, out);
  return out;
}
