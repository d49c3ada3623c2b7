// The Linux-HA designers' open question: a low-priority resource's stop fails on a node that
// also runs a high-priority one. Fencing the node settles the unknown state of the failed
// resource but takes the important one down too; not fencing keeps the important one running
// but leaves the failed one stuck. vigil's answer (Pacemaker's too) is that the administrator
// decides per resource, with the stop operation's on-fail:
//   on-fail=block  no fence; the failed resource is blocked where it is (never started
//                  elsewhere, since it may still be running); everything else stays put.
//   on-fail=fence  (the default with fencing enabled) the node is fenced; everything it ran is
//                  recovered elsewhere, after the fence.
// Each answer is checked on vigil's scheduler, and against Debian's real crm_simulate.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatExplanation, formatSummary, schedule, type TransitionGraph } from '../../src/scheduler/index.ts';
import { readCibWithWarnings } from '../../src/config/cib/read.ts';
import { cluster } from './builder.ts';
import { NOW_S } from './scenarios.ts';

type StopOnFail = 'block' | 'fence' | 'default';

/** node1 runs db (priority 10) and batch (priority 1), whose stop failed; node2 runs the fence device. */
function build(onFail: StopOnFail) {
  return cluster('node1', 'node2').option((o) => { o.fencingEnabled = true; })
    .primitive('fence1', { class: 'stonith' })
    .primitive('db', { meta: { priority: '10' } })
    .primitive('batch', { meta: { priority: '1' }, ops: onFail === 'default' ? [] : [{ name: 'stop', intervalMs: 0, onFail }] })
    .running('fence1', 'node2').running('db', 'node1').running('batch', 'node1')
    .op('batch', 'node1', { operation: 'stop', rc: 1, status: 'error' });
}

const norm = (lines: string[]): string[] => lines.map((l) => l.replace(/\s+/g, ' ').trim()).sort();
const run = (onFail: StopOnFail): TransitionGraph => schedule(build(onFail).doc, { now: NOW_S });
const nodeReasons = (g: TransitionGraph, node: string): string[] => g.explanation.nodes.find((n) => n.node === node)!.reasons;

describe('fencing policy: a low-priority resource fails to stop next to a high-priority one', () => {
  it('on-fail=block: node1 is not fenced, batch is blocked there, db keeps running on node1', () => {
    const g = run('block');
    expect(formatSummary(g)).toEqual([]);
    expect(g.actions.filter((a) => a.kind === 'fence')).toEqual([]);
    // Nothing of batch or db is stopped or started anywhere.
    expect(g.actions.filter((a) => (a.kind === 'start' || a.kind === 'stop' || a.kind === 'pseudo') && (a.resource === 'batch' || a.resource === 'db'))).toEqual([]);
    const db = g.explanation.resources.find((r) => r.resource === 'db')!;
    expect({ current: db.current, placed: db.placed }).toEqual({ current: ['node1'], placed: 'node1' });
    const batch = g.explanation.resources.find((r) => r.resource === 'batch')!;
    expect(batch.reasons.some((r) => r.includes('unmanaged'))).toBe(true);
    expect(nodeReasons(g, 'node1')).toEqual(['batch: stop failed with on-fail=block: batch is blocked here and node1 is not fenced for it']);
  });

  it('on-fail=fence: node1 is fenced and both resources recover on node2 after the fence, saying why', () => {
    const g = run('fence');
    expect(norm(formatSummary(g))).toEqual(norm([
      "Fence (reboot) node1 'batch failed there'", 'Move db ( node1 -> node2 )', 'Recover batch ( node1 -> node2 )',
    ]));
    const fence = g.actions.find((a) => a.kind === 'fence')!;
    expect(fence).toMatchObject({ node: 'node1', reason: { text: 'batch failed there' } });
    // Both starts on node2 wait for the fence: each one's stop on node1 is the fence's pseudo-action.
    for (const rsc of ['db', 'batch']) {
      const stop = g.actions.find((a) => a.kind === 'pseudo' && a.resource === rsc && a.node === 'node1')!;
      expect(g.edges.some((e) => e.kind === 'fenceBefore' && e.first === fence.id && e.then === stop.id), `${rsc} after the fence`).toBe(true);
      expect(g.actions.some((a) => a.kind === 'start' && a.resource === rsc && a.node === 'node2')).toBe(true);
    }
    // The explanation names the failed stop and the policy that made it a fence.
    const why = nodeReasons(g, 'node1');
    expect(why[0]).toBe('batch: stop failed (rc 1) with on-fail=fence: its state is unknown until the node is fenced');
    expect(formatExplanation(g.explanation)).toContain(
      'node node1: online, to be fenced (batch: stop failed (rc 1) with on-fail=fence: its state is unknown until the node is fenced; batch failed there)',
    );
  });

  it('without an explicit on-fail, a failed stop fences (the default with fencing enabled)', () => {
    const g = run('default');
    expect(norm(formatSummary(g))).toEqual(norm(formatSummary(run('fence'))));
    expect(nodeReasons(g, 'node1')[0]).toContain('with on-fail=fence');
  });
});

// The same two clusters as Pacemaker CIBs, for the real crm_simulate.
function cibXml(onFail: 'block' | 'fence'): string {
  const op = (id: string, rsc: string, operation: string, rc: number, callId: number) =>
    `<lrm_rsc_op id="${id}" operation_key="${rsc}_${operation}_0" operation="${operation}" crm-debug-origin="test" crm_feature_set="3.16.2" transition-key="${callId}:1:0:t" transition-magic="0:${rc};${callId}:1:0:t" call-id="${callId}" rc-code="${rc}" op-status="0" interval="0" exec-time="1" queue-time="0" op-digest="f2317cad3d54cec5d7d7aa7d0bf35cf8"/>`;
  const dummy = (id: string, priority: number, ops = '') =>
    `<primitive id="${id}" class="ocf" provider="heartbeat" type="Dummy"><meta_attributes id="${id}-m"><nvpair id="${id}-p" name="priority" value="${priority}"/></meta_attributes>${ops}</primitive>`;
  return `<cib crm_feature_set="3.16.2" validate-with="pacemaker-3.9" epoch="1" num_updates="1" admin_epoch="0" have-quorum="1" dc-uuid="2">
  <configuration>
    <crm_config><cluster_property_set id="opts"><nvpair id="opts-stonith" name="stonith-enabled" value="true"/></cluster_property_set></crm_config>
    <nodes><node id="1" uname="node1"/><node id="2" uname="node2"/></nodes>
    <resources>
      <primitive id="fence1" class="stonith" type="fence_dummy"/>
      ${dummy('db', 10)}
      ${dummy('batch', 1, `<operations><op id="batch-stop" name="stop" interval="0" on-fail="${onFail}"/></operations>`)}
    </resources>
    <constraints/>
  </configuration>
  <status>
    <node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member"><lrm id="1"><lrm_resources>
      <lrm_resource id="db" class="ocf" provider="heartbeat" type="Dummy">${op('db_last_0', 'db', 'start', 0, 2)}</lrm_resource>
      <lrm_resource id="batch" class="ocf" provider="heartbeat" type="Dummy">${op('batch_last_0', 'batch', 'stop', 1, 3)}</lrm_resource>
    </lrm_resources></lrm></node_state>
    <node_state id="2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"><lrm id="2"><lrm_resources>
      <lrm_resource id="fence1" class="stonith" type="fence_dummy">${op('fence1_last_0', 'fence1', 'start', 0, 2)}</lrm_resource>
    </lrm_resources></lrm></node_state>
  </status>
</cib>`;
}

function crmSimulateSummary(xml: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-fencing-policy-'));
  try {
    const file = join(dir, 'cib.xml');
    writeFileSync(file, xml);
    // -G computes the transition without simulating its execution.
    const out = execFileSync('crm_simulate', ['-x', file, '-G', join(dir, 'graph.xml')], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
    const lines = out.split('\n');
    const start = lines.findIndex((l) => l.startsWith('Transition Summary:'));
    const end = lines.findIndex((l, i) => i > start && l.startsWith('Executing Cluster Transition:'));
    expect(start).toBeGreaterThanOrEqual(0);
    return lines.slice(start + 1, end < 0 ? undefined : end).map((l) => l.replace(/^\s*\*\s*/, '')).filter((l) => l.trim() !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('fencing policy: vigil agrees with the real crm_simulate', () => {
  for (const onFail of ['block', 'fence'] as const) {
    it(`on-fail=${onFail}: the same Transition Summary`, () => {
      const xml = cibXml(onFail);
      const doc = readCibWithWarnings(xml, `fencing-policy-${onFail}.xml`, { nowSeconds: NOW_S }).doc;
      const vigil = formatSummary(schedule(doc, { now: NOW_S }));
      const pacemaker = crmSimulateSummary(xml);
      expect(norm(vigil)).toEqual(norm(pacemaker));
      expect(norm(vigil)).toEqual(norm(formatSummary(run(onFail))));
    });
  }
});
