/**
 * Time, owned here and only here: IANA zones, ISO-8601 durations, THE granularity rule, ranges resolved once,
 * bucket edges and range splitting, all on Temporal (temporal-polyfill: the standard's own semantics for DST
 * gaps and overlaps and month-end clamping, where hand-written offset arithmetic had to re-derive them).
 */
export { canonicalTimeZone, resolveTimeZone } from './zone.js';
export { parseIsoDuration } from './duration.js';
export { DEFAULT_GRANULARITY_RULE, GRANULARITY_EXAMPLES, allowedGranularities, checkGranularity, parseGranularity, type Granularity, type GranularityRule } from './granularity.js';
export { RELATIVE_RANGE_NAMES, normalizeRelativeName, parseInstant, resolveTimeRange, type ResolvedRange, type TimeRangeInput } from './range.js';
export { bucketEdge, bucketStarts, rangeBuckets, type Bucket } from './buckets.js';
export { splitEvenly, splitOnBuckets, type Chunk } from './split.js';
