/** The eight levels, lowest first. */
export const SPARK_LEVELS = '▁▂▃▄▅▆▇█';

export interface SparklineOptions {
  /** The value drawn as ▁. Default: 0, or the smallest value when one is negative. */
  min?: number;
  /** The value drawn as █. Default: the largest value. */
  max?: number;
}

/**
 * One character per value, ▁ to █, for a trend in a table cell (bucketed metrics, a queue's waiting count
 * over a watch). The scale starts at 0 for counts, so 10 and 11 look alike rather than ▁ and █; a gap
 * (NaN, ±Infinity, null) is a space; all values equal at the bottom of the scale are all ▁.
 */
export function sparkline(values: readonly (number | null | undefined)[], options: SparklineOptions = {}): string {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (finite.length === 0) return values.map(() => ' ').join('');
  const lo = options.min ?? Math.min(0, ...finite);
  const hi = options.max ?? Math.max(...finite);
  const top = SPARK_LEVELS.length - 1;
  return values
    .map((v) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) return ' ';
      if (hi <= lo) return SPARK_LEVELS[0]!;
      const level = Math.round(((v - lo) / (hi - lo)) * top);
      return SPARK_LEVELS[Math.min(top, Math.max(0, level))]!;
    })
    .join('');
}
