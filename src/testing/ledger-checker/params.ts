// Once settled, every running instance runs with the parameters of the config ('stale-params'):
// the last start, migrate_from or reload that succeeded on its node recorded the digest of
// the parameters it ran with (op.completed paramsDigest), which must be the digest of the
// configured ones. Judged at the end of a ledger that reaches past the quiet period (settle.ts),
// against the run's final config. Not judged: fence devices (the scheduler does not restart
// them for a changed definition) and completions without a digest (ledgers of older writers).
import type { LedgerEntry } from '../../ledger/types.ts';
import { opDigest } from '../../scheduler/digest.ts';
import { canonicalInstance, type ResourceModel } from './model.ts';
import { inOrder, replay } from './replay.ts';
import { settleOf } from './settle.ts';
import { isUp } from './topology.ts';
import { violation, type CheckContext, type Violation } from './types.ts';
import { instanceKey, statesOf } from './world.ts';

const APPLYING: ReadonlySet<string> = new Set(['start', 'migrate_from', 'reload-agent', 'reload']);

interface Applied { digest: string; op: string; seq: number }

/** The digest of the configured parameters of a ledger instance; undefined when not judged. */
function configuredDigest(model: ResourceModel, instance: string): string | undefined {
  const info = model.index.primitives.get(instance) ?? model.index.primitives.get(`${instance}:0`);
  if (info === undefined || info.def.class === 'stonith') return undefined;
  return opDigest(info.def.params);
}

export function checkParams(entries: LedgerEntry[], ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  const settle = settleOf(inOrder(entries), ctx);
  if (settle === undefined) return out;
  const applied = new Map<string, Applied>();
  replay(entries, ctx, {
    after(e, world) {
      if (e.kind !== 'op.completed' || e.outcome !== 'ok' || !APPLYING.has(e.op) || e.paramsDigest === undefined) return;
      applied.set(instanceKey(e.node, canonicalInstance(world.model, e.instance)), { digest: e.paramsDigest, op: e.op, seq: e.seq });
    },
    end(world) {
      for (const facts of world.model.instances.values()) {
        const expected = configuredDigest(world.model, facts.id);
        if (expected === undefined) continue;
        for (const s of statesOf(world, facts.id)) {
          const last = applied.get(instanceKey(s.node, facts.id));
          if (!s.started || !isUp(world.topo, s.node) || last === undefined || last.digest === expected) continue;
          const text = `at the end ${facts.id} runs on ${s.node} with the parameters of its ${last.op} #${last.seq} (digest ${last.digest.slice(0, 8)}), not the configured ones (digest ${expected.slice(0, 8)})`;
          out.push(violation('stale-params', settle.end.seq, text, [settle.end.seq, last.seq]));
        }
      }
    },
  });
  return out;
}
