/**
 * Parsing of `POST /api/v2/analytics/queues/observations/query` bodies (the evaluation and its choices: run.ts).
 * The filter takes queueId and mediaType `matches` predicates; mediaType values must be Genesys media types (a
 * typo is a 400, not an empty answer). A metric listed only in `detailMetrics` is reported as if it were in
 * `metrics` too.
 */
import { z } from 'zod';
import { badRequest } from '../../http/errors.js';
import type { SandboxLimits } from '../../options.js';
import { checkFilter, filterModelAt, filterSchema } from '../predicates.js';
import { didYouMean, invalidValueAt, models, parseBody, type Path } from '../validation.js';
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

const MODEL = 'QueueObservationQuery';
const FIELD_HINTS: ReadonlyMap<string, string> = new Map([
  ['groupBy', 'Queue observations are always grouped by queueId (and mediaType for conversation metrics).'],
  ['interval', 'Queue observations are a snapshot of now; they take no interval.'],
  ['metric_ids', 'Did you mean "metrics"?'],
]);

const OBSERVATION_FILTER_RULES: FilterRules = {
  dimensions: ['queueId', 'mediaType'],
  operators: ['matches'],
  allowRange: false,
  checkValue: (dimension, value, field) => {
    if (dimension === 'mediaType' && !(OBSERVATION_MEDIA_TYPES as readonly string[]).includes(value)) {
      return invalidValueAt(field, value, OBSERVATION_MEDIA_TYPES, didYouMean(value, OBSERVATION_MEDIA_TYPES), 'mediaType');
    }
    if (value.trim() === '') return `The ${field} is empty.`;
    return undefined;
  },
};

function observationSchema(strict: boolean) {
  const registry = models(strict);
  const schema = registry.object(MODEL, {
    filter: filterSchema(registry, MODEL).nullish(),
    metrics: z.array(z.string()).nullish(),
    detailMetrics: z.array(z.string()).nullish(),
  });
  return { schema, fieldsOf: registry.fieldsOf };
}

const modelAt = (path: Path): string => (path[0] === 'filter' ? filterModelAt(MODEL, path) : MODEL);

const schemas = new Map<boolean, ReturnType<typeof observationSchema>>();
function schemaFor(strict: boolean): ReturnType<typeof observationSchema> {
  let s = schemas.get(strict);
  if (!s) {
    s = observationSchema(strict);
    schemas.set(strict, s);
  }
  return s;
}

function unknownFieldHint(model: string, key: string): string {
  if (model !== MODEL) return '';
  return FIELD_HINTS.get(key) ?? didYouMean(key, schemaFor(true).fieldsOf(MODEL));
}

function checkMetrics(list: readonly string[], field: string): QueueObservationMetric[] {
  list.forEach((m, i) => {
    if (!(QUEUE_OBSERVATION_METRICS as readonly string[]).includes(m)) {
      throw invalidValueAt(`${field}[${i}]`, m, QUEUE_OBSERVATION_METRICS, didYouMean(m, QUEUE_OBSERVATION_METRICS));
    }
  });
  return list as QueueObservationMetric[];
}

/** Validates a `QueueObservationQuery` body; throws 400s that name the problem. */
export function parseObservationQuery(body: unknown, limits: SandboxLimits): ObservationQuery {
  const { schema, fieldsOf } = schemaFor(limits.rejectUnknownFields);
  const raw = parseBody(schema, body, { model: MODEL, modelAt, fieldsOf, unknownFieldHint });
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
