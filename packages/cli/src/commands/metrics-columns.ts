/**
 * The columns of `cxgraph metrics`, per `--by`, and the Genesys metrics each is computed from.
 *
 * | column                 | agent                      | queue / media                 |
 * |------------------------|----------------------------|-------------------------------|
 * | offered                | tAlert.count (alerts)      | nOffered.count                |
 * | answered               | tAnswered.count            | tAnswered.count               |
 * | abandoned              | –                          | tAbandon.count                |
 * | handled                | tHandle.count              | tHandle.count                 |
 * | transferred            | nTransferred.count         | nTransferred.count            |
 * | outbound               | nOutbound.count            | nOutbound.count               |
 * | handleTimeAvgMs        | tHandle.sum / count (AHT)  | same                          |
 * | talkTimeAvgMs          | tTalkComplete.sum / count  | same                          |
 * | holdTimeAvgMs          | tHeldComplete.sum / count  | same                          |
 * | acwTimeAvgMs           | tAcw.sum / count           | same                          |
 * | averageSpeedOfAnswerMs | tAnswered.sum / count (ASA)| same                          |
 * | serviceLevel           | –                          | oServiceLevel (0..1)          |
 * | abandonRate            | –                          | tAbandon.count / nOffered (0..1) |
 *
 * Genesys attributes no user to nOffered ("offer count is a metric about the queue"), so an agent's offers are
 * their alerts. Averages are unrounded ms and empty (null) when nothing was counted; rates are fractions.
 * With `--metrics`, a column whose metrics were not asked for is empty, and each asked-for metric no column
 * uses gets its own: `nX` → `nX` (count), `tX` → `tXCount`, `tXAvgMs`, `oX` → `oX` (ratio or target).
 */
import { abandonRate, averageHandleTimeMs, averageSpeedOfAnswerMs, countOf, serviceLevel, statsOf, timeStat, type MetricsRow } from '@cxgraph/core';
import type { Cell, Column } from '../output/format.js';

export type MetricData = MetricsRow['metrics'][number];

export type GroupBy = 'agent' | 'queue' | 'media';
export const GROUP_BY: readonly GroupBy[] = ['agent', 'queue', 'media'];
export const DIMENSION: Record<GroupBy, string> = { agent: 'userId', queue: 'queueId', media: 'mediaType' };

/** What the columns need, asked for when `--metrics` is not given. */
export const COLUMN_METRICS = [
  'nOffered', 'tAlert', 'tAnswered', 'tAbandon', 'tHandle', 'nTransferred', 'nOutbound', 'tTalkComplete', 'tHeldComplete', 'tAcw', 'nOverSla', 'oServiceLevel',
] as const;

/** Every metric the conversation aggregates query accepts (Genesys's ConversationAggregationQuery enum). */
export const AGGREGATE_METRICS: readonly string[] = [
  'nBlindTransferred', 'nBotInteractions', 'nCallbackAttempts', 'nCallbackOverSla', 'nCallbackScheduled', 'nCobrowseSessions', 'nConnected',
  'nConsult', 'nConsultTransferred', 'nConversations', 'nError', 'nFlow', 'nOffered', 'nOutbound', 'nOutboundAbandoned', 'nOutboundAttempted',
  'nOutboundConnected', 'nOverSla', 'nStateTransitionError', 'nTakeover', 'nTransferred',
  'oAudioMessageCount', 'oExternalAudioMessageCount', 'oExternalMediaCount', 'oMediaCount', 'oMessageCount', 'oMessageSegmentCount',
  'oMessageTurn', 'oServiceLevel', 'oServiceTarget', 'oSkillExpressionApplications',
  'tAbandon', 'tAcd', 'tActiveCallback', 'tActiveCallbackComplete', 'tAcw', 'tAgentResponseTime', 'tAgentVideoConnected', 'tAlert', 'tAnswered',
  'tAverageAgentResponseTime', 'tAverageCustomerResponseTime', 'tBarging', 'tCallbackAbandon', 'tCallbackConnect', 'tCallbackNotReached',
  'tCoaching', 'tCoachingComplete', 'tConnected', 'tContacting', 'tDialing', 'tFirstConnect', 'tFirstDial', 'tFirstEngagement',
  'tFirstResponse', 'tFlowOut', 'tHandle', 'tHeld', 'tHeldComplete', 'tIvr', 'tMonitoring', 'tMonitoringComplete', 'tNotResponding', 'tPark',
  'tParkComplete', 'tScreenMonitoring', 'tShortAbandon', 'tSnippetRecord', 'tTalk', 'tTalkComplete', 'tTransmitting', 'tUserResponseTime',
  'tVoicemail', 'tWait',
];

/** What one output row is computed from: a group's totals over the range, or one of its buckets. */
export interface MetricsLine {
  /** The group's value of the groupBy dimension (agent id, queue id, media type). */
  key: string;
  /** Agent or queue name from the directory (undefined for media, or an id the directory does not know). */
  name: string | undefined;
  /** The range (totals) or the bucket's interval. */
  interval: string;
  metrics: MetricData[];
}

export type Kind = 'text' | 'count' | 'ms' | 'ratio';

export interface MetricsColumn extends Column<MetricsLine> {
  kind: Kind;
  /** true for the group's identity (id and name); the rest are figures. */
  identity?: boolean;
}

const has = (asked: ReadonlySet<string>, ...names: string[]) => names.every((n) => asked.has(n));
const avg = (name: string) => (m: MetricData[]) => timeStat(m, name)?.avg;

interface Figure {
  key: string;
  header: string;
  kind: Kind;
  /** Whether the asked metrics are enough to compute it. */
  needs: (asked: ReadonlySet<string>) => boolean;
  value: (m: MetricData[]) => number | undefined;
  /** The metrics it reads (a metric read by some figure gets no extra column). */
  reads: string[];
  only?: GroupBy[];
}

const count = (key: string, header: string, metric: string, only?: GroupBy[]): Figure => ({
  key,
  header,
  kind: 'count',
  needs: (a) => has(a, metric),
  value: (m) => countOf(m, metric),
  reads: [metric],
  ...(only ? { only } : {}),
});

const average = (key: string, header: string, metric: string, value = avg(metric)): Figure => ({ key, header, kind: 'ms', needs: (a) => has(a, metric), value, reads: [metric] });

function figures(by: GroupBy): Figure[] {
  const offered = by === 'agent' ? count('offered', 'offered', 'tAlert') : count('offered', 'offered', 'nOffered');
  const queueish = by !== 'agent';
  const list: Figure[] = [
    offered,
    count('answered', 'answered', 'tAnswered'),
    ...(queueish ? [count('abandoned', 'abandoned', 'tAbandon')] : []),
    count('handled', 'handled', 'tHandle'),
    count('transferred', 'transferred', 'nTransferred'),
    count('outbound', 'outbound', 'nOutbound'),
    average('handleTimeAvgMs', 'avg handle', 'tHandle', (m) => averageHandleTimeMs(m)),
    average('talkTimeAvgMs', 'avg talk', 'tTalkComplete'),
    average('holdTimeAvgMs', 'avg hold', 'tHeldComplete'),
    average('acwTimeAvgMs', 'avg acw', 'tAcw'),
    average('averageSpeedOfAnswerMs', 'asa', 'tAnswered', (m) => averageSpeedOfAnswerMs(m)),
  ];
  if (queueish) {
    list.push(
      {
        key: 'serviceLevel',
        header: 'service level',
        kind: 'ratio',
        needs: (a) => has(a, 'oServiceLevel') || has(a, 'tAnswered', 'nOverSla', 'tAbandon'),
        value: (m) => serviceLevel(m),
        reads: ['oServiceLevel', 'nOverSla'],
      },
      { key: 'abandonRate', header: 'abandon rate', kind: 'ratio', needs: (a) => has(a, 'tAbandon', 'nOffered'), value: (m) => abandonRate(m), reads: ['tAbandon', 'nOffered'] },
    );
  }
  return list;
}

function extraFigures(asked: readonly string[], used: ReadonlySet<string>): Figure[] {
  const out: Figure[] = [];
  for (const metric of asked) {
    if (used.has(metric)) continue;
    if (metric.startsWith('n')) out.push(count(metric, metric, metric));
    else if (metric.startsWith('t')) out.push(count(`${metric}Count`, `${metric} count`, metric), average(`${metric}AvgMs`, `${metric} avg`, metric));
    else {
      out.push({
        key: metric,
        header: metric,
        kind: 'ratio',
        needs: () => true,
        value: (m) => {
          const s = statsOf(m, metric);
          return s?.ratio ?? s?.target ?? s?.count;
        },
        reads: [metric],
      });
    }
  }
  return out;
}

/** The identity columns of a grouping. */
export function identityColumns(by: GroupBy): MetricsColumn[] {
  if (by === 'media') return [{ key: 'mediaType', header: 'media', kind: 'text', identity: true, get: (l) => l.key }];
  const what = by === 'agent' ? 'agent' : 'queue';
  return [
    { key: `${what}Id`, header: `${what} id`, kind: 'text', identity: true, get: (l) => l.key },
    { key: what, kind: 'text', identity: true, get: (l) => l.name },
  ];
}

/**
 * The figure columns for a grouping and the metrics asked for (`undefined` = the default set). Columns whose
 * metrics were not asked for stay, empty, so the column list of a `--by` never changes shape.
 */
export function figureColumns(by: GroupBy, asked: readonly string[] | undefined): MetricsColumn[] {
  const askedSet = new Set(asked ?? COLUMN_METRICS);
  const base = figures(by);
  const used = new Set(base.flatMap((f) => f.reads));
  const extra = asked ? extraFigures(asked, used) : [];
  return [...base, ...extra].map((f) => {
    const ok = f.needs(askedSet);
    return { key: f.key, header: f.header, kind: f.kind, align: 'right' as const, get: (l: MetricsLine): Cell => (ok ? f.value(l.metrics) : undefined) };
  });
}

/** The metrics to ask Genesys for. */
export function metricsToAsk(asked: readonly string[] | undefined): string[] {
  return [...(asked ?? COLUMN_METRICS)];
}

export const FIELDS_HELP: Record<GroupBy, string> = {
  agent: 'agentId, agent, offered, answered, handled, transferred, outbound, handleTimeAvgMs, talkTimeAvgMs, holdTimeAvgMs, acwTimeAvgMs, averageSpeedOfAnswerMs',
  queue: 'queueId, queue, offered, answered, abandoned, handled, transferred, outbound, handleTimeAvgMs, talkTimeAvgMs, holdTimeAvgMs, acwTimeAvgMs, averageSpeedOfAnswerMs, serviceLevel, abandonRate',
  media: 'mediaType, then the queue figures',
};

// ---------------------------------------------------------------------------------------------------------
// Human formatting (tables only; machine formats carry the raw numbers)

/** 4.2s, 6:41, 1:02:03 */
export function humanMs(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** A column as a table shows it: durations as m:ss, rates as percentages. */
export function forTable(c: MetricsColumn): MetricsColumn {
  if (c.kind === 'ms')
    return {
      ...c,
      get: (l) => {
        const v = c.get(l);
        return typeof v === 'number' ? humanMs(v) : v;
      },
    };
  if (c.kind === 'ratio')
    return {
      ...c,
      get: (l) => {
        const v = c.get(l);
        return typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : v;
      },
    };
  return c;
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The closest known metric name, if close enough to be a typo. */
export function closestMetric(name: string): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const m of AGGREGATE_METRICS) {
    const d = distance(name.toLowerCase(), m.toLowerCase());
    if (d < bestD) [best, bestD] = [m, d];
  }
  return bestD <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}
