/**
 * Contact-centre KPIs from one aggregate bucket's metrics (genesys-metrics.md §4). Every KPI is `undefined`
 * (never NaN, never a made-up 0) when its denominator is 0 or missing; rates are fractions in 0..1, times in ms.
 *
 * Reading the metrics:
 * - A metric is found by name; the entry without a `qualifier` wins over qualified ones, else the first entry.
 * - Genesys leaves out metrics that have no data, so {@link countOf} reads an absent metric as 0. That is only
 *   true when the metric was asked for: a KPI over metrics that were not requested is meaningless.
 */
import type platformClient from 'purecloud-platform-client-v2';

type MetricData = platformClient.Models.AggregateMetricData;
type StatisticalSummary = platformClient.Models.StatisticalSummary;

export interface TimeStat {
  /** Total, ms. */
  sum: number;
  /** Number of emissions (e.g. handled interactions for tHandle). */
  count: number;
  /** sum / count, ms. */
  avg: number;
  max: number;
  min: number;
}

/** The stats of metric `name` (unqualified entry first), or undefined. */
export function statsOf(metrics: readonly MetricData[] | undefined, name: string): StatisticalSummary | undefined {
  const list = metrics ?? [];
  return (list.find((m) => m.metric === name && m.qualifier === undefined) ?? list.find((m) => m.metric === name))?.stats;
}

/** `stats.count` of metric `name`; 0 when the metric is absent (Genesys omits empty metrics). */
export function countOf(metrics: readonly MetricData[] | undefined, name: string): number {
  return statsOf(metrics, name)?.count ?? 0;
}

/**
 * sum/count/avg/max/min of a time metric (`tHandle`, `tTalk`…); undefined when it is absent, has no emissions,
 * or lacks any of sum, count, max, min (a time stat is whole or nothing).
 */
export function timeStat(metrics: readonly MetricData[] | undefined, name: string): TimeStat | undefined {
  const s = statsOf(metrics, name);
  if (!s || s.sum === undefined || s.count === undefined || s.max === undefined || s.min === undefined || s.count <= 0) return undefined;
  return { sum: s.sum, count: s.count, avg: s.sum / s.count, max: s.max, min: s.min };
}

const ratio = (numerator: number | undefined, denominator: number | undefined): number | undefined =>
  numerator === undefined || denominator === undefined || !Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0 ? undefined : numerator / denominator;

/** Average handle time: tHandle.sum / tHandle.count (ms). */
export function averageHandleTimeMs(metrics: readonly MetricData[] | undefined): number | undefined {
  const s = statsOf(metrics, 'tHandle');
  return ratio(s?.sum, s?.count);
}

/** Average speed of answer: tAnswered.sum / tAnswered.count (ms). */
export function averageSpeedOfAnswerMs(metrics: readonly MetricData[] | undefined): number | undefined {
  const s = statsOf(metrics, 'tAnswered');
  return ratio(s?.sum, s?.count);
}

/**
 * Service level, 0..1: `oServiceLevel`'s ratio (or its numerator / denominator) when Genesys computed it, which
 * follows the org's service-level options. Otherwise the default formula (genesys-metrics.md §4, S6):
 * (tAnswered.count − nOverSla.count) / (tAnswered.count + tAbandon.count), which ignores the flow-out and
 * short-abandon options.
 */
export function serviceLevel(metrics: readonly MetricData[] | undefined): number | undefined {
  const sl = statsOf(metrics, 'oServiceLevel');
  if (sl?.ratio !== undefined && Number.isFinite(sl.ratio)) return sl.ratio;
  const fromParts = ratio(sl?.numerator, sl?.denominator);
  if (fromParts !== undefined) return fromParts;
  const answered = countOf(metrics, 'tAnswered');
  return ratio(answered - countOf(metrics, 'nOverSla'), answered + countOf(metrics, 'tAbandon'));
}

/** Abandon rate, 0..1: tAbandon.count / nOffered.count (short abandons included, as Genesys counts them). */
export function abandonRate(metrics: readonly MetricData[] | undefined): number | undefined {
  return ratio(countOf(metrics, 'tAbandon'), countOf(metrics, 'nOffered'));
}

/** Answer rate, 0..1: tAnswered.count / nOffered.count. */
export function answerRate(metrics: readonly MetricData[] | undefined): number | undefined {
  return ratio(countOf(metrics, 'tAnswered'), countOf(metrics, 'nOffered'));
}

/**
 * Transfer rate, 0..1: nTransferred.count / tHandle.count (transfers per handled interaction). Genesys defines
 * no formula; this is the common choice (genesys-metrics.md §4). Per queue, some divide by answered instead.
 */
export function transferRate(metrics: readonly MetricData[] | undefined): number | undefined {
  return ratio(countOf(metrics, 'nTransferred'), countOf(metrics, 'tHandle'));
}
