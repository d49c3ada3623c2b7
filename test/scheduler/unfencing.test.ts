// Unfencing against Pacemaker 2.1.5: each CIB in fixtures/unfencing/ was written for this test
// and run through the real crm_simulate, whose answer is kept beside it:
//   CIB_shadow_dir=$(mktemp -d) LC_ALL=C crm_simulate -x NAME.xml -R -D NAME.dot > NAME.summary
// (-S aborts on a simulated fence_scsi probe in 2.1.5; -R plans without executing).
// vigil's Transition Summary must be the same lines, and its unfencing edges the same as the
// ones into and out of crm_simulate's `stonith 'on' NODE` actions.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCibWithWarnings } from '../../src/config/cib/read.ts';
import { formatSummary, schedule } from '../../src/scheduler/index.ts';
import type { Action, TransitionGraph } from '../../src/scheduler/types.ts';
import { compareSummaries, extractTransitionSummary } from '../../src/testing/conformance/summary.ts';
import { isUnfenced, unfencingEnabled } from '../../src/scheduler/unfencing.ts';
import { indexResources } from '../../src/scheduler/resources.ts';

const DIR = join(import.meta.dirname, 'fixtures', 'unfencing');
const CASES = readdirSync(DIR).filter((f) => f.endsWith('.xml')).map((f) => f.slice(0, -4)).sort();
const NOW_S = 1_700_000_100;

function plan(name: string): { graph: TransitionGraph; doc: ReturnType<typeof readCibWithWarnings>['doc'] } {
  const { doc } = readCibWithWarnings(readFileSync(join(DIR, `${name}.xml`), 'utf8'), `${name}.xml`);
  return { graph: schedule(doc, { now: NOW_S }), doc };
}

/** crm_simulate's name for one of vigil's actions, as its dot graph writes it. */
function dotName(a: Action): string {
  if (a.kind === 'unfence') return `stonith 'on' ${a.node}`;
  const op = a.kind === 'probe' ? 'monitor_0' : `${a.kind}_0`;
  return `${a.resource}_${op} ${a.node}`;
}

/** An anonymous clone's probe on a node stands for any instance (vigil probes with instance 0). */
const anyInstanceProbe = (edge: string): string => edge.replace(/:\d+_monitor_0 /g, '_monitor_0 ');

/**
 * Where vigil differs on purpose: Pacemaker orders a node's unfencing before a live migration's
 * pseudo start there, after migrate_from already ran on the node; vigil unfences before migrate_from.
 */
const BETTER_THAN_PACEMAKER: Record<string, Record<string, string>> = {
  'migration-target-not-unfenced': { "stonith 'on' node2 -> rsc1_start_0 node2": "stonith 'on' node2 -> rsc1_migrate_from_0 node2" },
};

/** The edges of crm_simulate's dot graph that touch an unfencing, as "first -> then". */
function pacemakerUnfencingEdges(name: string): string[] {
  const dot = readFileSync(join(DIR, `${name}.dot`), 'utf8');
  const better = BETTER_THAN_PACEMAKER[name] ?? {};
  return [...dot.matchAll(/^"([^"]+)" -> "([^"]+)"/gm)].map((m) => `${m[1]} -> ${m[2]}`).filter((e) => e.includes("stonith 'on'"))
    .map((e) => better[e] ?? e).map(anyInstanceProbe).sort();
}

function vigilUnfencingEdges(graph: TransitionGraph): string[] {
  const byId = new Map(graph.actions.map((a) => [a.id, a]));
  return graph.edges
    .filter((e) => byId.get(e.first)?.kind === 'unfence' || byId.get(e.then)?.kind === 'unfence')
    .map((e) => anyInstanceProbe(`${dotName(byId.get(e.first)!)} -> ${dotName(byId.get(e.then)!)}`)).sort();
}

describe('unfencing: the same plan as crm_simulate', () => {
  it('should have cases to compare', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(13);
  });
  for (const name of CASES) {
    it(`${name}: same Transition Summary and unfencing edges`, () => {
      const { graph } = plan(name);
      const expected = extractTransitionSummary(readFileSync(join(DIR, `${name}.summary`), 'utf8'));
      expect(compareSummaries(expected, formatSummary(graph))).toEqual({ missing: [], extra: [] });
      expect(vigilUnfencingEdges(graph)).toEqual(pacemakerUnfencingEdges(name));
    });
  }
});

describe('unfencing: details', () => {
  it('should list the unfencing lines in crm_simulate order (last node first)', () => {
    const lines = formatSummary(plan('clone-group-standby').graph).filter((l) => l.startsWith('Fence (on)'));
    expect(lines).toEqual([
      "Fence (on) node3 'required by scsi monitor'", "Fence (on) node2 'required by scsi monitor'", "Fence (on) node1 'required by scsi monitor'",
    ]);
  });
  it('should say why as data: the unfencing reason code and the resource that needs it', () => {
    const unfence = plan('running-not-unfenced').graph.actions.find((a) => a.kind === 'unfence');
    expect(unfence).toMatchObject({ id: 'node2:unfence', node: 'node2', reason: { code: 'unfencing', text: 'required by rsc1 start', cause: 'rsc1' } });
  });
  it('should turn unfencing on by a device providing it or a resource requiring it, only with fencing enabled', () => {
    expect(unfencingEnabled(plan('startup-provides').doc.config)).toBe(true);
    expect(unfencingEnabled(plan('requires-without-provides').doc.config)).toBe(true);
    expect(unfencingEnabled(plan('fencing-disabled').doc.config)).toBe(false);
  });
  it('should make unfencing the default requires, and leave an explicit one alone', () => {
    const index = indexResources(plan('requires-fencing-exempt').doc.config);
    expect(index.primitives.get('rsc1')!.meta.requires).toBe('fencing');
    expect(index.primitives.get('rsc2')!.meta.requires).toBe('unfencing');
    expect(index.primitives.get('scsi')!.meta.requires).toBe('quorum');
  });
  it('should read #node-unfenced as Pacemaker sets it (a time; 0 or empty: not unfenced)', () => {
    expect(isUnfenced({ '#node-unfenced': '1700000000' })).toBe(true);
    expect(isUnfenced({ '#node-unfenced': '0' })).toBe(false);
    expect(isUnfenced({ '#node-unfenced': '' })).toBe(false);
    expect(isUnfenced({})).toBe(false);
  });
});
