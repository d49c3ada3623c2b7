// "Did you mean …?" for misspelled keys: edit distance on a normalized spelling, so
// `migration_threshold`, `migrationThreshold` and `migration-treshold` all find the real key.

/** Lower-case kebab-case: camelCase and snake_case become kebab-case. */
export function normalizeKey(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
}

/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment), bounded by `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (before[j - 2] ?? 0) + 1);
      current.push(value);
    }
    if (Math.min(...current) > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}

/** The known key closest to `key`, if one is close enough to be a likely typo. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const wanted = normalizeKey(key);
  // Short words get fewer edits: `b` is not a typo of `a`, but `wbe` is one of `web`.
  const max = Math.min(Math.max(2, Math.floor(wanted.length / 4)), Math.max(0, wanted.length - 2));
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of known) {
    const distance = editDistance(wanted, normalizeKey(candidate), max);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
