// The conformance runner's parsing and comparison helpers.
import { describe, expect, it } from 'vitest';
import { parseCasesTsv, parseSimulateArgs } from '../../src/testing/conformance/cases.ts';
import { aggregate, formatReport } from '../../src/testing/conformance/report.ts';
import { runCase, type CaseResult, type SchedulerApi } from '../../src/testing/conformance/run.ts';
import { compareSummaries, extractTransitionSummary, normalizeSummaryLine } from '../../src/testing/conformance/summary.ts';

const SUMMARY = `Current cluster status:
  * Node List:
    * Online: [ node1 ]

Transition Summary:
  * Stop       rsc1    ( node1 )  due to node availability
  * Move       rsc2    ( node1 -> node2 )

Executing Cluster Transition:
  * Resource action: rsc1            stop on node1
`;

describe('transition summaries', () => {
  it('should extract only the block under "Transition Summary:"', () => {
    expect(extractTransitionSummary(SUMMARY)).toEqual(['Stop rsc1 (node1) due to node availability', 'Move rsc2 (node1 -> node2)']);
    expect(extractTransitionSummary('Transition Summary:\n\nExecuting Cluster Transition:\n')).toEqual([]);
  });
  it('should compare order- and whitespace-insensitively, as a multiset', () => {
    const expected = extractTransitionSummary(SUMMARY);
    expect(compareSummaries(expected, ['Move rsc2 ( node1 -> node2 )', 'Stop rsc1 (node1)  due to node availability'])).toEqual({ missing: [], extra: [] });
    expect(compareSummaries(expected, ['Move rsc2 (node1 -> node2)', 'Move rsc2 (node1 -> node2)'])).toEqual({
      missing: ['Stop rsc1 (node1) due to node availability'], extra: ['Move rsc2 (node1 -> node2)'],
    });
    expect(normalizeSummaryLine("  * Fence (reboot) node2 'peer is no longer part of the cluster'")).toBe("Fence (reboot) node2 'peer is no longer part of the cluster'");
  });
});

describe('cases and arguments', () => {
  it('should parse tests.tsv rows with features and args', () => {
    const cases = parseCasesTsv('name\ttier\tfeatures\tdescription\tcrm_simulate_args\norigin\tcore\tprimitive,quorum\tTiming\t-t 2014-05-07 00:28:00\nsimple2\tcore\tprimitive\tStart\t\n', 't.tsv');
    expect(cases.map((c) => c.name)).toEqual(['origin', 'simple2']);
    expect(cases[0]?.features).toEqual(['primitive', 'quorum']);
    expect(parseSimulateArgs(cases[0]!.args).nowSeconds).toBe(Date.UTC(2014, 4, 7, 0, 28) / 1000);
    expect(parseSimulateArgs(cases[1]!.args)).toEqual({});
  });
  it('should refuse arguments it does not support', () => {
    expect(() => parseSimulateArgs(['-s'])).toThrow(/unsupported/);
  });
});

describe('running a case', () => {
  const xml = '<cib><configuration><crm_config/><nodes><node id="n1" uname="n1"/></nodes><resources/><constraints/></configuration><status/></cib>';
  const base = { case: { name: 'c1', tier: 'core', features: ['clone'], description: '', args: [] }, xml, summaryText: SUMMARY, wallClockSeconds: 0, clockMs: () => 0 };
  it('should turn a scheduler crash into a FAIL with the error', () => {
    const crashing: SchedulerApi = { schedule: () => { throw new Error('boom'); }, formatSummary: () => [] };
    const r = runCase(base, crashing);
    expect(r.pass).toBe(false);
    expect(r.error).toMatch(/scheduler crashed: boom/);
  });
  it('should pass when the summaries match in another order', () => {
    const ok: SchedulerApi = { schedule: () => ({}), formatSummary: () => ['Move rsc2 (node1 -> node2)', 'Stop rsc1 (node1) due to node availability'] };
    expect(runCase(base, ok).pass).toBe(true);
    expect(runCase(base, undefined).error).toBe('scheduler not available');
  });
  it('should end the report with the overall pass rate and count cases without clones', () => {
    const r = (name: string, pass: boolean, features: string[]): CaseResult => ({ name, pass, features, expected: [], actual: [], scheduleMs: 0 });
    const report = aggregate([r('a', true, ['clone']), r('b', false, ['group']), r('c', true, ['group'])]);
    expect(report.withoutClones).toEqual({ pass: 1, total: 2 });
    expect(report.byFeature.group).toEqual({ pass: 1, total: 2 });
    const lines = formatReport(report, false);
    expect(lines.at(-1)).toBe('pass: 2/3 (66.7%)');
  });
});
