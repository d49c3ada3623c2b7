import { describe, expect, it } from 'vitest';
import { inject } from '../../src/scheduler/inject.ts';
import { formatSummary, schedule } from '../../src/scheduler/index.ts';
import { cluster } from '../scenarios/builder.ts';
import { cloned } from '../scenarios/clones.ts';

describe('simulate injections', () => {
  it('a failed node is unclean when fencing is enabled, and cleanly down when it is not (as crm_simulate --node-fail)', () => {
    const b = cluster('n1', 'n2').primitive('r').running('r', 'n1');
    b.doc.config.options.fencingEnabled = false;
    const down = inject(b.doc, [{ kind: 'node-fail', node: 'n1' }], 1000);
    expect(down.status.nodes.find((n) => n.name === 'n1')).toMatchObject({ online: false, unclean: false });
    // Checked with crm_simulate 2.1.5: r simply starts on n2.
    expect(formatSummary(schedule(down, { now: 1000 }))).toEqual(['Start r ( n2 )']);
    b.doc.config.options.fencingEnabled = true;
    expect(inject(b.doc, [{ kind: 'node-fail', node: 'n1' }], 1000).status.nodes.find((n) => n.name === 'n1')).toMatchObject({ online: false, unclean: true });
  });
});

describe('anonymous clone history on nodes that are gone', () => {
  it('matches copies on nodes that are up first, so a gone node\'s copy is the orphan', () => {
    const b = cloned(cluster('n1', 'n2', 'n3').primitive('d'), 'd-clone', 'd', { 'clone-max': '2', requires: 'quorum' })
      .running('d', 'n1').running('d', 'n2').running('d', 'n3').node('n1', { online: false, unclean: true });
    b.doc.config.options.fencingEnabled = false;
    // The copies on n2 and n3 keep the two instances; n1's is numbered after them, an orphan.
    const lines = formatSummary(schedule(b.doc, { now: 1000 }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Stop d:2 \( n1 \)/);
  });
});
