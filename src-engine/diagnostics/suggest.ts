/** "Did you mean ...?" for misspelt names: the closest known names by edit distance, then by shared words. */

export function closest(name: string, known: Iterable<string>, max = 3): string[] {
  const scored: { candidate: string; score: number }[] = [];
  const words = new Set(name.toLowerCase().split(/[_.-]/));
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    const shared = candidate.toLowerCase().split(/[_.-]/).filter((w) => words.has(w)).length;
    const limit = Math.max(2, Math.floor(name.length / 3));
    if (distance <= limit || shared > 0) scored.push({ candidate, score: distance - shared * 3 });
  }
  return scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate)).slice(0, max).map((s) => s.candidate);
}

/** ` did you mean 'a', 'b'?` or an empty string. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const options = closest(name, known);
  return options.length > 0 ? `; did you mean ${options.map((o) => `'${o}'`).join(', ')}?` : '';
}

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = above;
    }
  }
  return prev[b.length]!;
}
