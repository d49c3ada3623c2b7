// Transition Summary lines: extraction from crm_simulate output, normalization and an
// order-insensitive comparison (a multiset difference).

/** The lines of the block under "Transition Summary:", without the leading "* ". */
export function extractTransitionSummary(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === 'Transition Summary:');
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || !/^\s/.test(line)) break;
    out.push(line);
  }
  return out.map(normalizeSummaryLine).filter((l) => l !== '');
}

/**
 * Whitespace-insensitive form of one summary line: no leading "* ", runs of spaces and tabs
 * collapsed, no space just inside parentheses ("(  node1 )" and "(node1)" compare equal).
 */
export function normalizeSummaryLine(line: string): string {
  return line
    .replace(/^\s*\*\s+/, '')
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .trim();
}

export interface SummaryDiff {
  /** Expected (Pacemaker) lines that vigil did not produce. */
  missing: string[];
  /** Lines vigil produced that Pacemaker did not. */
  extra: string[];
}

export function compareSummaries(expected: string[], actual: string[]): SummaryDiff {
  const counts = new Map<string, number>();
  for (const l of actual.map(normalizeSummaryLine)) counts.set(l, (counts.get(l) ?? 0) + 1);
  const missing: string[] = [];
  for (const l of expected.map(normalizeSummaryLine)) {
    const n = counts.get(l) ?? 0;
    if (n > 0) counts.set(l, n - 1);
    else missing.push(l);
  }
  const extra: string[] = [];
  for (const [l, n] of counts) for (let i = 0; i < n; i++) extra.push(l);
  return { missing, extra };
}

export function isMatch(diff: SummaryDiff): boolean {
  return diff.missing.length === 0 && diff.extra.length === 0;
}
