function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Up to three candidates close to `name`, closest first: for "did you mean" hints. */
export function closestMatches(name: string, candidates: Iterable<string>): string[] {
  const lower = name.toLowerCase();
  return [...candidates]
    .map((candidate) => {
      const bare = candidate.slice(candidate.indexOf('/') + 1);
      const distance = Math.min(editDistance(lower, candidate), editDistance(lower, bare));
      const contains = candidate.includes(lower) || lower.includes(bare);
      return { candidate, score: contains ? Math.min(distance, 1) : distance };
    })
    .filter(({ candidate, score }) => score <= Math.max(2, Math.floor(candidate.length / 3)))
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}
