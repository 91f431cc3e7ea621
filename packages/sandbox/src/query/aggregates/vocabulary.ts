/** The aggregates query's vocabulary: metric names, dimensions, field hints and query types (genesys-api.md §4.1). */
import { DETAIL_METRICS } from '../../model.js';

const COUNT_METRICS = [
  'nBlindTransferred', 'nBotInteractions', 'nCallbackAttempts', 'nCallbackOverSla', 'nCallbackScheduled', 'nCobrowseSessions',
  'nConnected', 'nConsult', 'nConsultTransferred', 'nConversations', 'nError', 'nOffered', 'nOutbound', 'nOutboundAbandoned',
  'nOutboundAttempted', 'nOutboundConnected', 'nOverSla', 'nStateTransitionError', 'nTakeover', 'nTransferred',
] as const;
const OBSERVATION_METRICS = [
  'oAudioMessageCount', 'oExternalAudioMessageCount', 'oExternalMediaCount', 'oMediaCount', 'oMessageCount',
  'oMessageSegmentCount', 'oMessageTurn', 'oServiceLevel', 'oServiceTarget', 'oSkillExpressionApplications',
] as const;
const TIME_METRICS = [
  'tAbandon', 'tAcd', 'tActiveCallback', 'tActiveCallbackComplete', 'tAcw', 'tAgentResponseTime', 'tAgentVideoConnected',
  'tAlert', 'tAnswered', 'tAverageAgentResponseTime', 'tAverageCustomerResponseTime', 'tBarging', 'tCallbackAbandon',
  'tCallbackConnect', 'tCallbackNotReached', 'tCoaching', 'tCoachingComplete', 'tConnected', 'tContacting', 'tDialing',
  'tFirstConnect', 'tFirstDial', 'tFirstEngagement', 'tFirstResponse', 'tFlowOut', 'tHandle', 'tHeld', 'tHeldComplete',
  'tIvr', 'tMonitoring', 'tMonitoringComplete', 'tNotResponding', 'tPark', 'tParkComplete', 'tScreenMonitoring',
  'tShortAbandon', 'tSnippetRecord', 'tTalk', 'tTalkComplete', 'tTransmitting', 'tUserResponseTime', 'tVoicemail', 'tWait',
] as const;

/** Every metric name the aggregates query accepts, sorted. */
export const AGGREGATE_METRICS: readonly string[] = [
  ...new Set<string>([...COUNT_METRICS, ...OBSERVATION_METRICS, ...TIME_METRICS, ...DETAIL_METRICS]),
].sort();
export const AGGREGATE_METRIC_SET: ReadonlySet<string> = new Set(AGGREGATE_METRICS);

/** Metrics `sortMetric` cannot name (absent from the ConversationAggregationSort enum, genesys-api.md §4.1). */
export const UNSORTABLE_METRICS: ReadonlySet<string> = new Set(['oServiceLevel', 'tShortAbandon', 'tWait']);

export const AGGREGATE_DIMENSIONS = [
  'activeRouting', 'activeSkillId', 'addressFrom', 'addressTo', 'agentAssistantId', 'agentBullseyeRing', 'agentOwned',
  'agentRank', 'agentScore', 'ani', 'assignerId', 'authenticated', 'canonicalExternalContactId', 'conversationId',
  'conversationInitiator', 'convertedFrom', 'convertedTo', 'customerParticipation', 'deliveryStatus', 'destinationAddress',
  'direction', 'disconnectType', 'divisionId', 'dnis', 'edgeId', 'eligibleAgentCount', 'errorCode', 'extendedDeliveryStatus',
  'externalContactId', 'externalMediaCount', 'externalOrganizationId', 'externalTag', 'firstQueue', 'flaggedReason',
  'flowInType', 'flowOutType', 'groupId', 'interactionType', 'journeyActionId', 'journeyActionMapId',
  'journeyActionMapVersion', 'journeyCustomerId', 'journeyCustomerIdType', 'journeyCustomerSessionId',
  'journeyCustomerSessionIdType', 'knowledgeBaseId', 'mediaCount', 'mediaType', 'messageType', 'originatingDirection',
  'originatingSocialMediaPublic', 'outboundCampaignId', 'outboundContactId', 'outboundContactListId', 'participantName',
  'peerId', 'proposedAgentId', 'provider', 'purpose', 'queueId', 'remote', 'removedSkillId', 'requestedLanguageId',
  'requestedRouting', 'requestedRoutingSkillId', 'roomId', 'routingPriority', 'routingRing', 'routingRule',
  'routingRuleType', 'scoredAgentId', 'selectedAgentId', 'selectedAgentRank', 'selfServed', 'sessionDnis', 'sessionId',
  'skillExpressionId', 'stationId', 'teamId', 'usedRouting', 'userId', 'videoPresent', 'waitingInteractionCount',
  'wrapUpCode',
] as const;

/** Hints for fields people send to the aggregates endpoint by mistake (near-miss spellings: `didYouMean`). */
export const FIELD_HINTS: ReadonlyMap<string, string> = new Map([
  ['paging', 'Aggregate results are not paged.'],
  ['pageSize', 'Aggregate results are not paged.'],
  ['metric_ids', 'Did you mean "metrics"?'],
  ['metricIds', 'Did you mean "metrics"?'],
  ['segmentFilters', 'Filters go in "filter" (one ConversationAggregateQueryFilter).'],
  ['conversationFilters', 'Filters go in "filter" (one ConversationAggregateQueryFilter).'],
  ['filters', 'Did you mean "filter" (one ConversationAggregateQueryFilter)?'],
  ['order', 'Use queryType topN/bottomN with sortMetric and limit.'],
  ['orderBy', 'Use queryType topN/bottomN with sortMetric and limit.'],
]);

export const QUERY_TYPES = ['groupBy', 'topN', 'bottomN'] as const;
export type AggregateQueryType = (typeof QUERY_TYPES)[number];
export const SORT_FUNCTIONS = ['average', 'count', 'max', 'min', 'sum'] as const;
export type SortFunction = (typeof SORT_FUNCTIONS)[number];
