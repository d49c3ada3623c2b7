// Every CIB of the Pacemaker 2.1.5 conformance corpus reads without throwing, and what comes
// out is sane. The corpus is read in place from the shared folder, never copied.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCibWithWarnings } from '../../../src/config/cib/read.ts';
import type { Primitive, Resource } from '../../../src/config/model.ts';

const DIR = '/work/shared/conformance/pacemaker-2.1.5/xml';

function primitives(resources: Resource[]): Primitive[] {
  return resources.flatMap((r) => r.kind === 'primitive' ? [r] : r.kind === 'group' ? r.children : primitives([r.child]));
}

describe('the conformance corpus', () => {
  it('should read all 284 CIBs with sane contents', () => {
    expect(existsSync(DIR)).toBe(true);
    const files = readdirSync(DIR).filter((f) => f.endsWith('.xml'));
    expect(files).toHaveLength(284);
    let records = 0;
    for (const f of files) {
      const { doc } = readCibWithWarnings(readFileSync(join(DIR, f), 'utf8'), f, { nowSeconds: 0 });
      const { config, status } = doc;
      expect(config.nodes.length, f).toBeGreaterThan(0);
      const nodeNames = new Set(config.nodes.map((n) => n.name));
      for (const p of primitives(config.resources)) {
        expect(p.type, `${f} ${p.id}`).not.toBe('');
        if (p.class === 'ocf') expect(p.provider, `${f} ${p.id}`).toBeDefined();
      }
      for (const h of status.history) {
        expect(h.node, f).not.toBe('');
        for (const op of h.operations) {
          expect(op.operation, `${f} ${h.resource}`).not.toBe('');
          expect(Number.isInteger(op.intervalMs) && op.intervalMs >= 0, `${f} ${op.id}`).toBe(true);
          records++;
        }
      }
      // Every configured node has a status entry, and no status entry is duplicated.
      for (const n of nodeNames) expect(status.nodes.filter((s) => s.name === n), `${f} ${n}`).toHaveLength(1);
      for (const c of config.constraints) {
        if (c.kind === 'order') expect(c.first !== '' && c.then !== '', `${f} ${c.id}`).toBe(true);
      }
    }
    // Every lrm_rsc_op element in the corpus became a record.
    expect(records).toBe(3760);
  });
});
