// Aggregates case results into pass rates (overall, per feature, without clones) and formats
// the runner's text output. The last line is always `pass: X/Y (P%)`.
import type { CaseResult } from './run.ts';
import { KNOWN_DIFFERENCES } from './known-differences.ts';

export interface Rate {
  pass: number;
  total: number;
}

export interface ConformanceReport {
  results: CaseResult[];
  byFeature: Record<string, Rate>;
  withoutClones: Rate;
  overall: Rate;
}

function add(rate: Rate, pass: boolean): void {
  rate.total++;
  if (pass) rate.pass++;
}

export function aggregate(results: CaseResult[]): ConformanceReport {
  const byFeature: Record<string, Rate> = {};
  const withoutClones: Rate = { pass: 0, total: 0 };
  const overall: Rate = { pass: 0, total: 0 };
  for (const r of results) {
    add(overall, r.pass);
    if (!r.features.includes('clone')) add(withoutClones, r.pass);
    for (const f of r.features) add((byFeature[f] ??= { pass: 0, total: 0 }), r.pass);
  }
  return { results, byFeature, withoutClones, overall };
}

export function percent(rate: Rate): string {
  return rate.total === 0 ? '0.0' : ((100 * rate.pass) / rate.total).toFixed(1);
}

export function formatRate(rate: Rate): string {
  return `${rate.pass}/${rate.total} (${percent(rate)}%)`;
}

/** A compact diff: `- ` lines Pacemaker printed and vigil did not, `+ ` lines only vigil printed. */
export function formatCaseDetail(r: CaseResult): string[] {
  const out: string[] = [];
  if (r.error !== undefined) out.push(`    error: ${r.error}`);
  for (const l of r.diff?.missing ?? []) out.push(`    - ${l}`);
  for (const l of r.diff?.extra ?? []) out.push(`    + ${l}`);
  return out;
}

export function formatReport(report: ConformanceReport, verbose: boolean): string[] {
  const out: string[] = [];
  for (const r of report.results) {
    const known = KNOWN_DIFFERENCES[r.name];
    const why = r.error !== undefined && !verbose ? `: ${r.error.split('\n')[0]}` : known !== undefined ? ` (${known.kind}: ${known.cause})` : ' (cause not yet diagnosed)';
    const head = r.pass ? `PASS ${r.name}` : `FAIL ${r.name}${why}`;
    out.push(head);
    if (!r.pass && verbose) out.push(...formatCaseDetail(r));
  }
  out.push('', 'by feature:');
  const features = Object.entries(report.byFeature).sort(([a], [b]) => a.localeCompare(b));
  for (const [feature, rate] of features) out.push(`  ${feature.padEnd(24)} ${formatRate(rate)}`);
  out.push(`without clones: ${formatRate(report.withoutClones)}`);
  out.push(`pass: ${formatRate(report.overall)}`);
  return out;
}
