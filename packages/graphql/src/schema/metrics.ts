/**
 * Historical metrics (the conversation aggregates query) per agent and per queue.
 *
 * Batching: every `Agent.metrics` / `Query.agentMetrics(agentIds)` of one request with the same (range,
 * granularity, time zone, filter) goes through ONE per-request DataLoader keyed by agent id, whose batch is ONE
 * `client.metrics.agents` call grouped by userId (core splits only ranges over 31 days). Queues likewise,
 * grouped by queueId. Ranges are resolved against the request's "now" first, so `{relative: LAST_7_DAYS}` and
 * the equivalent `interval` share a batch.
 */
import { countOf, kpisOf, timeStat, type Granularity, type Kpis, type MetricsRow, type ResolvedRange } from '@cxgraph/core';
import DataLoader from 'dataloader';
import { builder } from '../builder.js';
import { perRequest, type GatewayContext } from '../context.js';
import { TimeRangeInput, TimeStat, resolveRange, toGraphQLError, upstream, type TimeRangeArg } from './common.js';
import { Agent, Queue, pendingAgentLoads } from './directory.js';

type MetricData = MetricsRow['metrics'][number];
type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** One bucket's figures (or the totals over the range). */
interface Figures {
  interval: string;
  metrics: MetricData[];
  kpis: Kpis;
}

/** An agent's or a queue's figures over the range, with its buckets. */
interface MetricsShape extends Figures {
  /** userId or queueId. */
  id: string;
  buckets: Figures[];
}

type Kind = 'agent' | 'queue';

/** Above this many ids, a batch asks for every agent (queue) rather than a filter with one predicate per id. */
const MAX_FILTER_IDS = 100;

// ---------------------------------------------------------------------------------------------------------
// Loaders

interface MetricsFilter {
  queueIds?: string[];
  mediaTypes?: string[];
}

const emptyShape = (id: string, interval: string): MetricsShape => ({ id, interval, metrics: [], kpis: kpisOf([]), buckets: [] });

const toShape = (row: MetricsRow, id: string): MetricsShape => ({
  id,
  interval: row.interval,
  metrics: row.metrics,
  kpis: row.kpis,
  buckets: row.buckets.map((b) => ({ interval: b.interval, metrics: b.metrics, kpis: b.kpis })),
});

const groupKey = (kind: Kind) => (kind === 'agent' ? 'userId' : 'queueId');

/** One aggregates query for `ids` (or for all, past MAX_FILTER_IDS), grouped by agent or queue. */
async function fetchMetrics(ctx: GatewayContext, kind: Kind, range: ResolvedRange, granularity: Granularity | undefined, filter: MetricsFilter, ids: readonly string[] | undefined) {
  const base = { range, ...(granularity ? { granularity } : {}) };
  const scoped = ids !== undefined && ids.length <= MAX_FILTER_IDS ? [...ids] : undefined;
  const result = await upstream(() =>
    kind === 'agent'
      ? ctx.client.metrics.agents({ ...base, ...(filter.queueIds || filter.mediaTypes ? { filter } : {}), ...(scoped ? { agentIds: scoped } : {}) }, ctx.callOptions)
      : ctx.client.metrics.queues(
          {
            ...base,
            ...(filter.mediaTypes ? { filter: { mediaTypes: filter.mediaTypes } } : {}),
            ...(scoped ? { queueIds: scoped } : {}),
          },
          ctx.callOptions,
        ),
  );
  const rows = new Map<string, MetricsShape>();
  for (const row of result.rows) {
    const id = row.group[groupKey(kind)];
    if (id) rows.set(id, toShape(row, id));
  }
  return rows;
}

/**
 * The request's loader for one (kind, range, granularity, time zone, filter): keyed by agent (queue) id, its
 * batch is one aggregates call. Ids without data get zero counts and null stats.
 */
function metricsLoader(ctx: GatewayContext, kind: Kind, range: ResolvedRange, granularity: Granularity | undefined, filter: MetricsFilter = {}): DataLoader<string, MetricsShape> {
  const key = `${kind}Metrics:${JSON.stringify([range.interval, range.timeZone, granularity?.text ?? null, filter.queueIds ?? null, filter.mediaTypes ?? null])}`;
  return perRequest(
    ctx,
    key,
    () =>
      new DataLoader<string, MetricsShape>(
        async (ids) => {
          const rows = await fetchMetrics(ctx, kind, range, granularity, filter, ids);
          return ids.map((id) => rows.get(id) ?? emptyShape(id, range.interval));
        },
        // Dispatch once every agent batch of the request has answered (and its resolvers have queued their
        // keys), so 150 agents in two users calls still cost one aggregates query.
        { batchScheduleFn: (dispatch) => void settleAgentLoads(ctx).then(() => setTimeout(dispatch, 0)) },
      ),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Types

const count = (f: Figures, name: string) => countOf(f.metrics, name);
const stat = (f: Figures, name: string) => timeStat(f.metrics, name) ?? null;

/** The figures both agents' and queues' metrics (and their buckets) have. */
function figureFields<S extends Figures>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, S>, kind: Kind) {
  const agent = kind === 'agent';
  const time = (name: string, description: string) => t.field({ type: TimeStat, nullable: true, description: `${description} Null when there is no data.`, resolve: (f) => stat(f, name) });
  return {
    interval: t.string({ description: 'The interval these figures cover (ISO-8601, UTC).', resolve: (f) => f.interval }),
    offered: t.int({
      description: agent ? 'Interactions offered to the agent (alerts: tAlert.count).' : 'Interactions offered to the queue (nOffered).',
      resolve: (f) => count(f, agent ? 'tAlert' : 'nOffered'),
    }),
    answered: t.int({ description: 'Interactions answered (tAnswered.count).', resolve: (f) => count(f, 'tAnswered') }),
    handled: t.int({ description: 'Interactions handled: talk, hold and after-call work completed (tHandle.count).', resolve: (f) => count(f, 'tHandle') }),
    transferred: t.int({ description: 'Transfers, blind and consult (nTransferred).', resolve: (f) => count(f, 'nTransferred') }),
    abandoned: t.int({
      description: agent
        ? 'Always 0 for an agent: abandons happen in queue, before any agent answers, and belong to the queue (see QueueMetrics.abandoned).'
        : 'Interactions abandoned in queue, short abandons included (tAbandon.count).',
      resolve: (f) => (agent ? 0 : count(f, 'tAbandon')),
    }),
    outbound: t.int({ description: 'Outbound interactions (nOutbound).', resolve: (f) => count(f, 'nOutbound') }),
    handleTime: time('tHandle', 'Handle time: talk + hold + after-call work (tHandle).'),
    talkTime: time('tTalk', 'Talk time (tTalk), per talk segment.'),
    holdTime: time('tHeld', 'Hold time (tHeld).'),
    acwTime: time('tAcw', 'After-call work (tAcw).'),
    waitTime: time('tAnswered', 'How long the answered interactions waited in queue before being answered (tAnswered).'),
    alertTime: time('tAlert', 'Time interactions spent alerting (tAlert).'),
    averageHandleTimeMs: t.float({ nullable: true, description: 'Average handle time, ms: tHandle.sum / tHandle.count.', resolve: (f) => f.kpis.averageHandleTimeMs ?? null }),
    transferRate: t.float({ nullable: true, description: 'Transfers per handled interaction, 0..1: nTransferred / tHandle.count.', resolve: (f) => f.kpis.transferRate ?? null }),
  };
}

/** Figures only queues have. */
function queueFields<S extends Figures>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, S>) {
  return {
    abandonTime: t.field({ type: TimeStat, nullable: true, description: 'How long abandoned interactions waited before abandoning (tAbandon). Null when there is no data.', resolve: (f) => stat(f, 'tAbandon') }),
    queueTime: t.field({ type: TimeStat, nullable: true, description: 'Time in queue of every offered interaction, answered or not (tWait). Null when there is no data.', resolve: (f) => stat(f, 'tWait') }),
    serviceLevel: t.float({
      nullable: true,
      description: "Service level, 0..1: answered within the queue's service-level target / (answered + abandoned) (oServiceLevel as Genesys computes it).",
      resolve: (f) => f.kpis.serviceLevel ?? null,
    }),
    abandonRate: t.float({ nullable: true, description: 'Abandon rate, 0..1: tAbandon.count / nOffered.', resolve: (f) => f.kpis.abandonRate ?? null }),
    answerRate: t.float({ nullable: true, description: 'Answer rate, 0..1: tAnswered.count / nOffered.', resolve: (f) => f.kpis.answerRate ?? null }),
    averageSpeedOfAnswer: t.float({ nullable: true, description: 'Average speed of answer, ms: tAnswered.sum / tAnswered.count.', resolve: (f) => f.kpis.averageSpeedOfAnswerMs ?? null }),
  };
}

const AgentMetricsBucket = builder.objectRef<Figures>('AgentMetricsBucket').implement({
  description: "An agent's figures in one bucket of the granularity (every bucket of the range, zero counts where there is no data).",
  fields: (t) => figureFields(t, 'agent'),
});

const QueueMetricsBucket = builder.objectRef<Figures>('QueueMetricsBucket').implement({
  description: "A queue's figures in one bucket of the granularity (every bucket of the range, zero counts where there is no data).",
  fields: (t) => ({ ...figureFields(t, 'queue'), ...queueFields(t) }),
});

export const AgentMetrics = builder.objectRef<MetricsShape>('AgentMetrics').implement({
  description: "An agent's figures over a time range (conversation aggregates grouped by userId). An agent without data has zero counts and null time statistics.",
  fields: (t) => ({
    agent: t.field({ type: Agent, nullable: true, description: 'The agent (batched loader); null if the user no longer exists.', resolve: (m) => m.id }),
    agentId: t.id({ description: 'The user id.', resolve: (m) => m.id }),
    ...figureFields(t, 'agent'),
    buckets: t.field({ type: [AgentMetricsBucket], description: 'Per bucket of `granularity`; empty without one.', resolve: (m) => m.buckets }),
  }),
});

export const QueueMetrics = builder.objectRef<MetricsShape>('QueueMetrics').implement({
  description: "A queue's figures over a time range (conversation aggregates grouped by queueId). A queue without data has zero counts and null statistics.",
  fields: (t) => ({
    queue: t.field({ type: Queue, nullable: true, description: 'The queue (batched loader); null if it no longer exists.', resolve: (m) => m.id }),
    queueId: t.id({ description: 'The queue id.', resolve: (m) => m.id }),
    ...figureFields(t, 'queue'),
    ...queueFields(t),
    buckets: t.field({ type: [QueueMetricsBucket], description: 'Per bucket of `granularity`; empty without one.', resolve: (m) => m.buckets }),
  }),
});

// ---------------------------------------------------------------------------------------------------------
// Fields

/**
 * The range and granularity of a metrics field, checked with core's rule (the granularity itself, and against
 * the range: not longer than it, at most maxBuckets buckets) before any upstream call. INVALID_QUERY otherwise.
 */
function rangeAndGranularity(ctx: GatewayContext, args: { range: unknown; granularity?: string | null | undefined }): [ResolvedRange, Granularity | undefined] {
  const range = resolveRange(ctx, args.range as TimeRangeArg);
  if (args.granularity === null || args.granularity === undefined || args.granularity === '') return [range, undefined];
  try {
    const granularity = ctx.client.metrics.parseGranularity(args.granularity);
    ctx.client.metrics.buckets(range, granularity);
    return [range, granularity];
  } catch (error) {
    throw toGraphQLError(error);
  }
}

const GRANULARITY_DESCRIPTION =
  "Buckets inside the range: an ISO-8601 duration of months, weeks, days, hours or minutes, hours and minutes a multiple of 15 minutes (PT15M, PT30M, PT1H, P1D, P1W, P1M; no years, use P12M), at most 5000 buckets (one longer than the range is one bucket). Day, week and month buckets follow the range's time zone.";

builder.objectField(Agent, 'metrics', (t) =>
  t.field({
    type: AgentMetrics,
    nullable: true,
    complexity: 5,
    description: "The agent's figures over a range. Every agent's metrics with the same range and granularity in one request cost ONE aggregates query together.",
    args: {
      range: t.arg({ type: TimeRangeInput, required: true, description: 'The time range.' }),
      granularity: t.arg.string({ description: GRANULARITY_DESCRIPTION }),
    },
    resolve: (user, args, ctx) => {
      const [range, granularity] = rangeAndGranularity(ctx, args);
      return user.id ? metricsLoader(ctx, 'agent', range, granularity).load(user.id) : null;
    },
  }),
);

builder.objectField(Queue, 'metrics', (t) =>
  t.field({
    type: QueueMetrics,
    nullable: true,
    complexity: 5,
    description: "The queue's figures over a range. Every queue's metrics with the same range and granularity in one request cost ONE aggregates query together.",
    args: {
      range: t.arg({ type: TimeRangeInput, required: true, description: 'The time range.' }),
      granularity: t.arg.string({ description: GRANULARITY_DESCRIPTION }),
    },
    resolve: (queue, args, ctx) => {
      const [range, granularity] = rangeAndGranularity(ctx, args);
      return queue.id ? metricsLoader(ctx, 'queue', range, granularity).load(queue.id) : null;
    },
  }),
);

const list = (values: ReadonlyArray<string | number> | null | undefined): string[] | undefined => (values?.length ? [...new Set(values.map(String))] : undefined);

/** The aggregate filter of a root field, its lists sorted so equal filters share a loader. */
function filterOf(args: { queueIds?: ReadonlyArray<string | number> | null; mediaTypes?: readonly string[] | null }): MetricsFilter {
  const queueIds = list(args.queueIds)?.sort();
  const mediaTypes = list(args.mediaTypes)?.sort();
  return { ...(queueIds ? { queueIds } : {}), ...(mediaTypes ? { mediaTypes } : {}) };
}

/**
 * Rows for the root fields: with ids, through the shared loader (one row per id, zeros where no data); without,
 * one direct query for everyone with data, whose rows then prime the loader.
 */
async function rootMetrics(ctx: GatewayContext, kind: Kind, range: ResolvedRange, granularity: Granularity | undefined, filter: MetricsFilter, ids: string[] | undefined): Promise<MetricsShape[]> {
  const loader = metricsLoader(ctx, kind, range, granularity, filter);
  if (ids) {
    const rows = await loader.loadMany(ids);
    const failed = rows.find((r): r is Error => r instanceof Error);
    if (failed) throw failed;
    return rows as MetricsShape[];
  }
  const rows = await fetchMetrics(ctx, kind, range, granularity, filter, undefined);
  for (const [id, row] of rows) loader.prime(id, row);
  return [...rows.values()];
}

builder.queryFields((t) => ({
  agentMetrics: t.field({
    type: [AgentMetrics],
    complexity: (args) => ({ field: 5, multiplier: Math.max(1, args.agentIds?.length ?? 25) }),
    description:
      'Per-agent figures over a range: one aggregates query grouped by userId. With `agentIds`, one row per agent in that order (zeros where no data); without, every agent with data.',
    args: {
      range: t.arg({ type: TimeRangeInput, required: true, description: 'The time range.' }),
      agentIds: t.arg.idList({ description: 'These agents only.' }),
      queueIds: t.arg.idList({ description: 'Interactions of these queues only.' }),
      mediaTypes: t.arg.stringList({ description: 'These media types only (voice, callback, chat, email, message).' }),
      granularity: t.arg.string({ description: GRANULARITY_DESCRIPTION }),
    },
    resolve: (_root, args, ctx) =>
      rootMetrics(ctx, 'agent', ...rangeAndGranularity(ctx, args), filterOf(args), list(args.agentIds)),
  }),
  queueMetrics: t.field({
    type: [QueueMetrics],
    complexity: (args) => ({ field: 5, multiplier: Math.max(1, args.queueIds?.length ?? 25) }),
    description:
      'Per-queue figures over a range: one aggregates query grouped by queueId. With `queueIds`, one row per queue in that order (zeros where no data); without, every queue with data.',
    args: {
      range: t.arg({ type: TimeRangeInput, required: true, description: 'The time range.' }),
      queueIds: t.arg.idList({ description: 'These queues only.' }),
      mediaTypes: t.arg.stringList({ description: 'These media types only (voice, callback, chat, email, message).' }),
      granularity: t.arg.string({ description: GRANULARITY_DESCRIPTION }),
    },
    resolve: (_root, args, ctx) =>
      rootMetrics(ctx, 'queue', ...rangeAndGranularity(ctx, args), filterOf({ mediaTypes: args.mediaTypes ?? null }), list(args.queueIds)),
  }),
}));

/** Resolves when no agent batch of the request is in flight (new ones started meanwhile are waited for too). */
async function settleAgentLoads(ctx: GatewayContext): Promise<void> {
  const pending = pendingAgentLoads(ctx);
  while (pending.size > 0) await Promise.allSettled([...pending]);
}
