/**
 * The known names closest to a mistyped one, for "did you mean" lists: edit distance (case-insensitive), a
 * shared word or prefix counting as close. At most `max`, nearest first; none when nothing is near.
 */
export function closest(given: string, known: readonly string[], max = 3): string[] {
  const g = given.trim().toLowerCase();
  const words = g.split(/\s+/).filter((w) => w.length >= 3);
  const scored = known.map((name) => {
    const n = name.toLowerCase();
    let score = distance(g, n);
    // "vera" for "Vera Petrov", "petrov" for "Vera Petrov": a whole word in common is as good as a small typo.
    if (words.some((w) => n.split(/\s+/).some((x) => x.startsWith(w)))) score = Math.min(score, 1.5);
    return { name, score };
  });
  const limit = Math.max(2, Math.floor(g.length / 3));
  return scored
    .filter((s) => s.score <= limit)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((s) => s.name);
}

/** Levenshtein distance (two rows). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}
