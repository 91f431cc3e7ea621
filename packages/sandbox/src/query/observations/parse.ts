/**
 * Parsing of `POST /api/v2/analytics/queues/observations/query` bodies (the evaluation and its choices: run.ts).
 * The filter takes queueId and mediaType `matches` predicates; mediaType values must be Genesys media types (a
 * typo is a 400, not an empty answer). A metric listed only in `detailMetrics` is reported as if it were in
 * `metrics` too.
 */
import { z } from 'zod';
import { badRequest } from '../../http/errors.js';
import type { SandboxLimits } from '../../options.js';
import { rejectUnknownTopLevel, zodFailure } from '../body-errors.js';
import { checkFilter, filterSchemas } from '../predicates.js';
import type { FilterRules, QueryFilter } from '../predicates.js';

export const QUEUE_OBSERVATION_METRICS = [
  'oActiveUsers', 'oAlerting', 'oInteracting', 'oMemberUsers', 'oOffQueueUsers', 'oOnQueueUsers', 'oUserPresences',
  'oUserRoutingStatuses', 'oWaiting',
] as const;
export type QueueObservationMetric = (typeof QUEUE_OBSERVATION_METRICS)[number];

export const CONVERSATION_METRICS: ReadonlySet<QueueObservationMetric> = new Set(['oWaiting', 'oAlerting', 'oInteracting']);

/** Media types a queue observation filter may name (Genesys routing media). */
export const OBSERVATION_MEDIA_TYPES = ['voice', 'callback', 'chat', 'email', 'message', 'cobrowse', 'video', 'screenshare'] as const;

export interface ObservationQuery {
  filter: QueryFilter;
  /** Requested metrics (metrics ∪ detailMetrics), in request order, no duplicates. */
  metrics: QueueObservationMetric[];
  detailMetrics: ReadonlySet<QueueObservationMetric>;
}

const OBSERVATION_FIELDS = ['filter', 'metrics', 'detailMetrics'] as const;
const FIELD_HINTS: Record<string, string> = {
  groupBy: 'Queue observations are always grouped by queueId (and mediaType for conversation metrics)',
  interval: 'Queue observations are a snapshot of now; they take no interval',
  detail_metrics: 'Did you mean "detailMetrics"?',
  metric_ids: 'Did you mean "metrics"?',
};

const OBSERVATION_FILTER_RULES: FilterRules = {
  dimensions: ['queueId', 'mediaType'],
  operators: ['matches'],
  allowRange: false,
  checkValue: (dimension, value, field) => {
    if (dimension === 'mediaType' && !(OBSERVATION_MEDIA_TYPES as readonly string[]).includes(value)) {
      return `Invalid ${field} [${value}] for dimension mediaType. Allowable values are: ${OBSERVATION_MEDIA_TYPES.join(', ')}.`;
    }
    if (value.trim() === '') return `The ${field} is empty.`;
    return undefined;
  },
};

function observationSchema(strict: boolean) {
  const { obj, filter } = filterSchemas(strict);
  return obj({
    filter: filter.nullish(),
    metrics: z.array(z.string()).nullish(),
    detailMetrics: z.array(z.string()).nullish(),
  });
}

const schemas = new Map<boolean, ReturnType<typeof observationSchema>>();

function checkMetrics(list: readonly string[], field: string): QueueObservationMetric[] {
  for (const m of list) {
    if (!(QUEUE_OBSERVATION_METRICS as readonly string[]).includes(m)) {
      throw badRequest(`Unknown metric [${m}] in ${field}. Allowable values are: ${QUEUE_OBSERVATION_METRICS.join(', ')}.`, field);
    }
  }
  return list as QueueObservationMetric[];
}

/** Validates a `QueueObservationQuery` body; throws 400s that name the problem. */
export function parseObservationQuery(body: unknown, limits: SandboxLimits): ObservationQuery {
  const what = 'queue observation query';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object (QueueObservationQuery).');
  }
  if (limits.rejectUnknownFields) rejectUnknownTopLevel(body as Record<string, unknown>, OBSERVATION_FIELDS, what, FIELD_HINTS);
  let schema = schemas.get(limits.rejectUnknownFields);
  if (!schema) {
    schema = observationSchema(limits.rejectUnknownFields);
    schemas.set(limits.rejectUnknownFields, schema);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw zodFailure(parsed.error, what);
  const raw = parsed.data;
  if (raw.filter == null) {
    throw badRequest('The filter is required: give queueId and/or mediaType predicates, for example {"type":"or","predicates":[{"dimension":"queueId","value":"<id>"}]}.', 'filter');
  }
  const filter = checkFilter(raw.filter, OBSERVATION_FILTER_RULES);
  if (!raw.metrics || raw.metrics.length === 0) {
    throw badRequest(`The queue observation query needs at least one metric in "metrics". Allowable values are: ${QUEUE_OBSERVATION_METRICS.join(', ')}.`, 'metrics');
  }
  const metrics = checkMetrics(raw.metrics, 'metrics');
  const details = checkMetrics(raw.detailMetrics ?? [], 'detailMetrics');
  return { filter, metrics: [...new Set([...metrics, ...details])], detailMetrics: new Set(details) };
}
