/**
 * Filters of the analytics conversation DETAILS query, evaluated against wire detail records
 * (`Models.AnalyticsConversationWithoutAttributes`).
 *
 * Semantics (facts from genesys-api.md §3.1 and the SDK models; the rest are sandbox choices, marked ◆):
 * - Every entry of `conversationFilters`, `segmentFilters`, `evaluationFilters`, `surveyFilters` and
 *   `resolutionFilters` must match (the arrays are AND-ed, across arrays too).
 * - A filter `{type, predicates, clauses}`: `and` → every predicate and every clause is true; `or` → at least
 *   one of them is. A clause `{type, predicates}` likewise over its predicates.
 * - Conversation filters read the conversation:
 *   - dimensions are conversation fields; `divisionId` matches any of `divisionIds`, `accessAttribute` any of
 *     `accessAttributes`; `conversationStart`/`conversationEnd` are instants.
 *   - metric predicates are true when ANY metric with that name, in ANY session of ANY participant, satisfies
 *     the test; `exists`/`notExists` ask whether the conversation has such a metric at all.
 * - Segment filters: the filter matches the conversation when SOME segment satisfies the WHOLE filter.
 *   Each dimension is read from where the wire model keeps it: the segment (queueId, segmentType,
 *   disconnectType, wrapUpCode, segmentEnd, …), else its session (mediaType, direction, ani, dnis, addressFrom,
 *   addressTo, recording, …, and the session's `flow` for flowId/flowName/exitReason/transfer*), else its
 *   participant (userId, purpose, participantName, teamId, externalContactId, …). So "mediaType voice AND
 *   queueId Q" needs one segment of a voice session that carries queue Q. Separate entries of
 *   `segmentFilters` may each be satisfied by a different segment. ◆ A conversation without segments never
 *   matches a segment filter (not even with `notExists`).
 *   - `tSegmentDuration` (the only segment metric) is segmentEnd − segmentStart in ms; an open segment has
 *     no value (so `exists` on it means "the segment has ended").
 *   - property predicates (`property` + `propertyType`) read `segment.properties[]` entries with that
 *     property name and property type.
 * - ◆ Evaluation/survey/resolution filters: the filter matches when SOME item of `evaluations[]`,
 *   `surveys[]` or `resolutions[]` satisfies the whole filter; dimensions and metrics are that item's fields.
 * - Tests:
 *   - `exists` / `notExists`: the field has at least one / no value (`undefined`, `null` and empty arrays are
 *     no value).
 *   - `matches` + `value`: string equality, case-sensitive (as Genesys); booleans compare as "true"/"false";
 *     numeric fields compare numerically (◆ "4.0" equals 4); instants compare as instants (◆ any offset).
 *     Multi-valued fields match when any element does.
 *   - `matches` + `range` {gt, gte, lt, lte}: numbers for metrics and numeric dimensions; for instants ◆ ISO
 *     strings or epoch milliseconds (the SDK types NumericRange as numbers only, UNCONFIRMED which Genesys
 *     accepts for dates).
 */
import type platformClient from 'purecloud-platform-client-v2';

type Conversation = platformClient.Models.AnalyticsConversationWithoutAttributes;
type Participant = platformClient.Models.AnalyticsParticipantWithoutAttributes;
type Session = platformClient.Models.AnalyticsSession;
type Segment = platformClient.Models.AnalyticsConversationSegment;

// ---------------------------------------------------------------------------------------------------------
// Enums (genesys-api.md §3.1 [PYM 257]; evaluation/survey/resolution from the SDK's generated model docs).

/** Dimensions of `ConversationDetailQueryPredicate`. */
export const CONVERSATION_DIMENSIONS = [
  'accessAttribute', 'conversationEnd', 'conversationId', 'conversationInitiator', 'conversationStart',
  'customerParticipation', 'divisionId', 'externalTag', 'mediaStatsMinConversationMos', 'originatingDirection',
  'originatingSocialMediaPublic',
] as const;

/** Metrics of `ConversationDetailQueryPredicate`. */
export const CONVERSATION_METRICS = [
  'nBlindTransferred', 'nBotInteractions', 'nCallbackAttempts', 'nCallbackOverSla', 'nCallbackScheduled',
  'nCobrowseSessions', 'nConnected', 'nConsult', 'nConsultTransferred', 'nConversations', 'nError', 'nFlow',
  'nFlowMilestone', 'nFlowOutcome', 'nFlowOutcomeFailed', 'nOffered', 'nOutbound', 'nOutboundAbandoned',
  'nOutboundAttempted', 'nOutboundConnected', 'nOverSla', 'nStateTransitionError', 'nTakeover', 'nTransferred',
  'oAudioMessageCount', 'oExternalAudioMessageCount', 'oExternalMediaCount', 'oFlowMilestone', 'oMediaCount',
  'oMessageCount', 'oMessageSegmentCount', 'oMessageTurn', 'oSkillExpressionApplications', 'tAbandon', 'tAcd',
  'tActiveCallback', 'tActiveCallbackComplete', 'tAcw', 'tAgentResponseTime', 'tAgentVideoConnected', 'tAlert',
  'tAnswered', 'tAverageAgentResponseTime', 'tAverageCustomerResponseTime', 'tBarging', 'tCoaching',
  'tCoachingComplete', 'tConnected', 'tContacting', 'tConversationDuration', 'tDialing', 'tFirstConnect',
  'tFirstDial', 'tFirstEngagement', 'tFirstResponse', 'tFlow', 'tFlowDisconnect', 'tFlowExit', 'tFlowOut',
  'tFlowOutcome', 'tHandle', 'tHeld', 'tHeldComplete', 'tIvr', 'tMonitoring', 'tMonitoringComplete',
  'tNotResponding', 'tPark', 'tParkComplete', 'tScreenMonitoring', 'tShortAbandon', 'tSnippetRecord', 'tTalk',
  'tTalkComplete', 'tTransmitting', 'tUserResponseTime', 'tVoicemail',
] as const;

/** Dimensions of `SegmentDetailQueryPredicate`. Note: there is `segmentEnd` but no `segmentStart`. */
export const SEGMENT_DIMENSIONS = [
  'addressFrom', 'addressTo', 'agentAssistantId', 'agentOwned', 'ani', 'authenticated', 'bargedParticipantId',
  'callbackNumber', 'callbackScheduledTime', 'canonicalExternalContactId', 'cleared', 'coachedParticipantId',
  'conference', 'deliveryPushed', 'deliveryStatus', 'destinationAddress', 'destinationConversationId',
  'detectedSpeechEnd', 'detectedSpeechStart', 'direction', 'disconnectType', 'dnis', 'edgeId', 'engagementSource',
  'errorCode', 'exitReason', 'extendedDeliveryStatus', 'externalContactId', 'externalOrganizationId',
  'flaggedReason', 'flowId', 'flowName', 'flowOutType', 'flowOutcome', 'flowOutcomeId', 'flowOutcomeValue',
  'flowVersion', 'groupId', 'journeyActionId', 'journeyActionMapId', 'journeyCustomerId', 'journeyCustomerIdType',
  'journeyCustomerSessionId', 'mediaCount', 'mediaType', 'messageType', 'monitoredParticipantId',
  'outboundCampaignId', 'outboundContactId', 'outboundContactListId', 'participantName', 'protocolCallId',
  'provider', 'purpose', 'queueId', 'recording', 'remote', 'remoteNameDisplayable', 'requestedLanguageId',
  'requestedRouting', 'requestedRoutingSkillId', 'scoredAgentId', 'screenMonitoredUserId', 'screenRecording',
  'scriptId', 'segmentEnd', 'segmentType', 'sessionDnis', 'sipResponseCode', 'skillExpressionId',
  'snippetRecording', 'subject', 'teamId', 'transferTargetAddress', 'transferTargetName', 'transferType',
  'usedRouting', 'userId', 'wrapUpCode', 'wrapUpNote',
] as const;

/** Metrics of `SegmentDetailQueryPredicate`. */
export const SEGMENT_METRICS = ['tSegmentDuration'] as const;

export const EVALUATION_DIMENSIONS = [
  'assigneeApplicable', 'assigneeId', 'calibrationId', 'contextId', 'deleted', 'evaluationId', 'evaluationStatus',
  'evaluatorId', 'eventTime', 'formId', 'formName', 'queueId', 'released', 'rescored', 'userId',
] as const;
export const EVALUATION_METRICS = ['oTotalCriticalScore', 'oTotalScore'] as const;
export const SURVEY_DIMENSIONS = [
  'eventTime', 'queueId', 'surveyCompletedDate', 'surveyFormContextId', 'surveyFormId', 'surveyId',
  'surveyPartialResponse', 'surveyPromoterScore', 'surveyStatus', 'surveyType', 'userId',
] as const;
export const SURVEY_METRICS = ['oSurveyTotalScore'] as const;
export const RESOLUTION_METRICS = ['nNextContactAvoided'] as const;

export const PROPERTY_TYPES = ['bool', 'integer', 'real', 'date', 'string', 'uuid'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export const FILTER_TYPES = ['and', 'or'] as const;
export const PREDICATE_TYPES = ['dimension', 'property', 'metric'] as const;
export const OPERATORS = ['matches', 'exists', 'notExists'] as const;

/** How a field's values compare. Fields not listed in {@link DIMENSION_KINDS} are strings. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'date';

/** Non-string dimensions, over every filter kind (the names do not clash between kinds). */
export const DIMENSION_KINDS: Readonly<Record<string, ValueKind>> = {
  conversationStart: 'date', conversationEnd: 'date', mediaStatsMinConversationMos: 'number',
  customerParticipation: 'boolean', originatingSocialMediaPublic: 'boolean',
  segmentEnd: 'date', callbackScheduledTime: 'date', detectedSpeechStart: 'date', detectedSpeechEnd: 'date',
  mediaCount: 'number', sipResponseCode: 'number',
  agentOwned: 'boolean', authenticated: 'boolean', cleared: 'boolean', conference: 'boolean',
  deliveryPushed: 'boolean', recording: 'boolean', screenRecording: 'boolean', snippetRecording: 'boolean',
  eventTime: 'date', surveyCompletedDate: 'date', surveyPromoterScore: 'number',
  assigneeApplicable: 'boolean', deleted: 'boolean', released: 'boolean', rescored: 'boolean',
  surveyPartialResponse: 'boolean',
};

export const dimensionKind = (dimension: string): ValueKind => DIMENSION_KINDS[dimension] ?? 'string';

export function propertyKind(t: PropertyType): ValueKind {
  switch (t) {
    case 'bool': return 'boolean';
    case 'integer': case 'real': return 'number';
    case 'date': return 'date';
    default: return 'string';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Compiled filters (what parseDetailsQuery produces).

export interface NumberRange {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** A predicate's right-hand side, already validated and normalised for the field's {@link ValueKind}. */
export type Test =
  | { op: 'exists' }
  | { op: 'notExists' }
  /** `text` is the value as sent (booleans lower-cased); `num` is set for numbers (and instants, as epoch ms). */
  | { op: 'value'; text: string; num?: number }
  /** Bounds are numbers; for instants epoch ms. */
  | { op: 'range'; range: NumberRange };

export type Predicate =
  | { type: 'dimension'; dimension: string; kind: ValueKind; test: Test }
  | { type: 'metric'; metric: string; test: Test }
  | { type: 'property'; property: string; propertyType: PropertyType; kind: ValueKind; test: Test };

export interface Clause {
  type: 'and' | 'or';
  predicates: Predicate[];
}

export interface Filter {
  type: 'and' | 'or';
  predicates: Predicate[];
  clauses: Clause[];
}

/** The filters of a details query, compiled. */
export interface DetailsFilters {
  conversationFilters: Filter[];
  segmentFilters: Filter[];
  evaluationFilters: Filter[];
  surveyFilters: Filter[];
  resolutionFilters: Filter[];
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation.

/** Reads one predicate's left-hand side in some context; `undefined`/arrays allowed. */
type Resolver = (p: Predicate) => unknown;

function evalFilter(f: Filter | Clause, resolve: Resolver): boolean {
  const clauses = 'clauses' in f ? f.clauses : [];
  if (f.type === 'and') {
    return f.predicates.every((p) => evalPredicate(p, resolve)) && clauses.every((c) => evalFilter(c, resolve));
  }
  return f.predicates.some((p) => evalPredicate(p, resolve)) || clauses.some((c) => evalFilter(c, resolve));
}

function evalPredicate(p: Predicate, resolve: Resolver): boolean {
  const kind: ValueKind = p.type === 'metric' ? 'number' : p.kind;
  return testValues(values(resolve(p)), p.test, kind);
}

/** Flattens a field's raw value into its list of scalar values. */
function values(raw: unknown): unknown[] {
  if (raw === undefined || raw === null) return [];
  if (Array.isArray(raw)) return raw.flatMap(values);
  return [raw];
}

/** A wire value as a number for `kind` (instants → epoch ms), or NaN. */
function asNumber(v: unknown, kind: ValueKind): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return NaN;
  return kind === 'date' ? Date.parse(v) : v.trim() === '' ? NaN : Number(v);
}

export function inRange(n: number, r: NumberRange): boolean {
  if (Number.isNaN(n)) return false;
  if (r.gt !== undefined && !(n > r.gt)) return false;
  if (r.gte !== undefined && !(n >= r.gte)) return false;
  if (r.lt !== undefined && !(n < r.lt)) return false;
  if (r.lte !== undefined && !(n <= r.lte)) return false;
  return true;
}

export function testValues(list: unknown[], test: Test, kind: ValueKind): boolean {
  switch (test.op) {
    case 'exists':
      return list.length > 0;
    case 'notExists':
      return list.length === 0;
    case 'range':
      return list.some((v) => inRange(asNumber(v, kind), test.range));
    case 'value':
      return list.some((v) => {
        if (test.num !== undefined && (kind === 'number' || kind === 'date')) return asNumber(v, kind) === test.num;
        if (kind === 'boolean') return String(v).toLowerCase() === test.text;
        return typeof v === 'string' ? v === test.text : String(v) === test.text;
      });
  }
}

// --- Conversation level -------------------------------------------------------------------------------

export function conversationDimension(c: Conversation, dimension: string): unknown {
  switch (dimension) {
    case 'divisionId': return c.divisionIds;
    case 'accessAttribute': return c.accessAttributes;
    default: return (c as Record<string, unknown>)[dimension];
  }
}

/** Every value of metric `name` over every session of every participant. */
export function conversationMetricValues(c: Conversation, name: string): number[] {
  const out: number[] = [];
  for (const p of c.participants ?? []) {
    for (const s of p.sessions ?? []) {
      for (const m of s.metrics ?? []) if (m.name === name && typeof m.value === 'number') out.push(m.value);
    }
  }
  return out;
}

function resolveConversation(c: Conversation): Resolver {
  return (p) => {
    switch (p.type) {
      case 'dimension': return conversationDimension(c, p.dimension);
      case 'metric': return conversationMetricValues(c, p.metric);
      case 'property': return undefined; // rejected by the parser; conversations have no properties
    }
  };
}

// --- Segment level -------------------------------------------------------------------------------------

export interface SegmentContext {
  participant: Participant;
  session: Session;
  segment: Segment;
}

/** Segment dimensions read from the segment, with the wire field when it differs (arrays allowed). */
const FROM_SEGMENT: Readonly<Record<string, (s: Segment) => unknown>> = {
  conference: (s) => s.conference,
  destinationConversationId: (s) => s.destinationConversationId,
  disconnectType: (s) => s.disconnectType,
  errorCode: (s) => s.errorCode,
  groupId: (s) => s.groupId,
  queueId: (s) => s.queueId,
  requestedLanguageId: (s) => s.requestedLanguageId,
  requestedRoutingSkillId: (s) => s.requestedRoutingSkillIds,
  scoredAgentId: (s) => s.scoredAgents?.map((a) => a.scoredAgentId),
  segmentEnd: (s) => s.segmentEnd,
  segmentType: (s) => s.segmentType,
  sipResponseCode: (s) => s.sipResponseCodes,
  subject: (s) => s.subject,
  wrapUpCode: (s) => s.wrapUpCode,
  wrapUpNote: (s) => s.wrapUpNote,
};

const FROM_SESSION_RENAMED: Readonly<Record<string, (s: Session) => unknown>> = {
  callbackNumber: (s) => s.callbackNumbers,
  destinationAddress: (s) => s.destinationAddresses,
  requestedRouting: (s) => s.requestedRoutings,
  exitReason: (s) => s.flow?.exitReason,
  flowId: (s) => s.flow?.flowId,
  flowName: (s) => s.flow?.flowName,
  flowVersion: (s) => s.flow?.flowVersion,
  transferTargetAddress: (s) => s.flow?.transferTargetAddress,
  transferTargetName: (s) => s.flow?.transferTargetName,
  transferType: (s) => s.flow?.transferType,
  flowOutcome: (s) => s.flow?.outcomes?.map((o) => o.flowOutcome),
  flowOutcomeId: (s) => s.flow?.outcomes?.map((o) => o.flowOutcomeId),
  flowOutcomeValue: (s) => s.flow?.outcomes?.map((o) => o.flowOutcomeValue),
};

const FROM_PARTICIPANT = new Set([
  'externalContactId', 'externalOrganizationId', 'flaggedReason', 'participantName', 'purpose', 'screenRecording',
  'teamId', 'userId',
]);

/**
 * A segment dimension's value for one segment: from the segment, else its session, else its participant.
 * `canonicalExternalContactId` has no field in the wire model, so it never has a value.
 */
export function segmentDimension(ctx: SegmentContext, dimension: string): unknown {
  const fromSegment = FROM_SEGMENT[dimension];
  if (fromSegment) return fromSegment(ctx.segment);
  const renamed = FROM_SESSION_RENAMED[dimension];
  if (renamed) return renamed(ctx.session);
  if (FROM_PARTICIPANT.has(dimension)) return (ctx.participant as Record<string, unknown>)[dimension];
  if (dimension === 'canonicalExternalContactId') return undefined;
  return (ctx.session as Record<string, unknown>)[dimension];
}

/** segmentEnd − segmentStart in ms; undefined while the segment is open. */
export function segmentDuration(s: Segment): number | undefined {
  if (s.segmentStart === undefined || s.segmentEnd === undefined) return undefined;
  const d = Date.parse(s.segmentEnd) - Date.parse(s.segmentStart);
  return Number.isNaN(d) ? undefined : d;
}

function segmentProperty(s: Segment, property: string, propertyType: PropertyType): unknown[] {
  return (s.properties ?? [])
    .filter((p) => p.property === property && p.propertyType === propertyType)
    .map((p) => p.value);
}

function resolveSegment(ctx: SegmentContext): Resolver {
  return (p) => {
    switch (p.type) {
      case 'dimension': return segmentDimension(ctx, p.dimension);
      case 'metric': return p.metric === 'tSegmentDuration' ? segmentDuration(ctx.segment) : undefined;
      case 'property': return segmentProperty(ctx.segment, p.property, p.propertyType);
    }
  };
}

/** Every segment of the conversation with its session and participant. */
export function* segmentsOf(c: Conversation): Generator<SegmentContext> {
  for (const participant of c.participants ?? []) {
    for (const session of participant.sessions ?? []) {
      for (const segment of session.segments ?? []) yield { participant, session, segment };
    }
  }
}

// --- Evaluations, surveys, resolutions -----------------------------------------------------------------

function resolveItem(item: object): Resolver {
  return (p) => {
    switch (p.type) {
      case 'dimension': return (item as Record<string, unknown>)[p.dimension];
      case 'metric': return (item as Record<string, unknown>)[p.metric];
      case 'property': return undefined;
    }
  };
}

function someItem(items: readonly object[] | undefined, f: Filter): boolean {
  return (items ?? []).some((item) => evalFilter(f, resolveItem(item)));
}

// --- Entry point ------------------------------------------------------------------------------------------

/** True when the conversation satisfies every filter of the query (see the semantics at the top). */
export function matchesFilters(c: Conversation, q: DetailsFilters): boolean {
  if (q.conversationFilters.length > 0) {
    const resolve = resolveConversation(c);
    if (!q.conversationFilters.every((f) => evalFilter(f, resolve))) return false;
  }
  for (const f of q.segmentFilters) {
    let found = false;
    for (const ctx of segmentsOf(c)) {
      if (evalFilter(f, resolveSegment(ctx))) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  if (!q.evaluationFilters.every((f) => someItem(c.evaluations, f))) return false;
  if (!q.surveyFilters.every((f) => someItem(c.surveys, f))) return false;
  if (!q.resolutionFilters.every((f) => someItem(c.resolutions, f))) return false;
  return true;
}
