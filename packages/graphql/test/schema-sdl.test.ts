import { isEnumType, isInputObjectType, isObjectType, type GraphQLField, type GraphQLInputField } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../src/index.js';

const schema = buildSchema();

/** `name(arg: Type, …): Type` of a field, args sorted. */
function signature(typeName: string, fieldName: string): string {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const field = type.getFields()[fieldName];
  if (!field) throw new Error(`${typeName}.${fieldName} is missing`);
  const args = [...field.args].sort((a, b) => a.name.localeCompare(b.name)).map((a) => `${a.name}: ${a.type.toString()}`);
  return `${args.length ? `(${args.join(', ')})` : ''}: ${field.type.toString()}`;
}

const fieldsOf = (typeName: string): string[] => {
  const type = schema.getType(typeName);
  return isObjectType(type) || isInputObjectType(type) ? Object.keys(type.getFields()).sort() : [];
};

describe('the schema contract', () => {
  it('has the root fields with their signatures', () => {
    const connection = 'after: String, before: String, first: Int, last: Int';
    expect(signature('Query', 'liveConversations')).toBe('(after: String, before: String, filter: LiveConversationFilter, first: Int, last: Int): ConversationConnection!');
    expect(signature('Query', 'conversation')).toBe('(id: ID!): Conversation');
    expect(signature('Query', 'agents')).toBe(`(${connection}): AgentConnection!`);
    expect(signature('Query', 'agent')).toBe('(id: ID!): Agent');
    expect(signature('Query', 'queues')).toBe(`(${connection}): QueueConnection!`);
    expect(signature('Query', 'queue')).toBe('(id: ID!): Queue');
    expect(signature('Query', 'agentMetrics')).toBe('(agentIds: [ID!], granularity: String, mediaTypes: [String!], queueIds: [ID!], range: TimeRangeInput!): [AgentMetrics!]!');
    expect(signature('Query', 'queueMetrics')).toBe('(granularity: String, mediaTypes: [String!], queueIds: [ID!], range: TimeRangeInput!): [QueueMetrics!]!');
    expect(signature('Query', 'historicalConversations')).toBe(
      '(after: String, before: String, filter: HistoryFilter, first: Int, last: Int, range: TimeRangeInput!): HistoricalConversationConnection!',
    );
  });

  it('has the contract types and fields', () => {
    const contains = (typeName: string, names: string[]) => expect(fieldsOf(typeName)).toEqual(expect.arrayContaining(names));
    contains('Conversation', ['id', 'startTime', 'endTime', 'isLive', 'durationMs', 'mediaType', 'direction', 'participants', 'queue']);
    contains('Participant', ['id', 'purpose', 'name', 'state', 'agent', 'queue', 'startTime', 'endTime', 'inWrapUp', 'sessions']);
    contains('MediaSession', ['id', 'mediaType', 'state', 'direction', 'held', 'connectedTime', 'disconnectedTime']);
    contains('Agent', ['id', 'name', 'email', 'routingStatus', 'routingStatusSince', 'presence', 'metrics']);
    contains('Queue', ['id', 'name', 'mediaTypes', 'liveStats', 'metrics']);
    contains('QueueLiveStats', ['waiting', 'interacting', 'alerting', 'agentsOnQueue', 'longestWaitMs']);
    contains('TimeRangeInput', ['interval', 'relative', 'timeZone']);
    const counts = ['offered', 'answered', 'handled', 'transferred', 'abandoned', 'outbound'];
    const times = ['handleTime', 'talkTime', 'holdTime', 'acwTime', 'waitTime', 'alertTime'];
    contains('AgentMetrics', ['agent', 'interval', ...counts, ...times, 'averageHandleTimeMs', 'buckets']);
    contains('AgentMetricsBucket', ['interval', ...counts, ...times, 'averageHandleTimeMs']);
    contains('QueueMetrics', ['queue', 'interval', ...counts, ...times, 'serviceLevel', 'abandonRate', 'averageSpeedOfAnswer', 'buckets']);
    contains('TimeStat', ['sum', 'count', 'avg', 'max', 'min']);
    contains('HistoricalConversation', ['id', 'startTime', 'endTime', 'mediaType', 'direction', 'durationMs', 'participants']);
    contains('HistoricalParticipant', ['id', 'purpose', 'name', 'agent', 'sessions']);
    contains('HistoricalSession', ['id', 'mediaType', 'direction', 'segments', 'metrics']);
    contains('Segment', ['type', 'start', 'end', 'queue', 'disconnectType', 'wrapUpCode']);
    contains('SessionMetric', ['name', 'value', 'emitDate']);
    contains('HistoryFilter', ['mediaTypes', 'queueIds', 'agentIds', 'directions', 'wrapUpCodes']);
    const relative = schema.getType('RelativeRange');
    expect(isEnumType(relative) && relative.getValues().map((v) => v.name).sort()).toEqual(
      ['TODAY', 'YESTERDAY', 'THIS_WEEK', 'LAST_WEEK', 'THIS_MONTH', 'LAST_MONTH', 'LAST_24_HOURS', 'LAST_7_DAYS', 'LAST_30_DAYS'].sort(),
    );
    expect(signature('Agent', 'metrics')).toBe('(granularity: String, range: TimeRangeInput!): AgentMetrics');
    expect(signature('Queue', 'metrics')).toBe('(granularity: String, range: TimeRangeInput!): QueueMetrics');
    expect(signature('TimeStat', 'avg')).toBe(': Float!');
    expect(signature('AgentMetrics', 'handleTime')).toBe(': TimeStat');
  });

  it('describes every type, field and argument of the schema modules (GraphiQL shows them)', () => {
    // Generated by the Relay plugin from builder-level options (builder.ts): not the schema modules'.
    const relayGenerated = (typeName: string, name: string) =>
      typeName === 'PageInfo' || typeName === 'Query' || ['pageInfo', 'cursor', 'first', 'last', 'after', 'before'].includes(name);
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description && !relayGenerated(type.name, '')) missing.push(type.name);
      if (!isObjectType(type) && !isInputObjectType(type)) continue;
      for (const field of Object.values(type.getFields()) as Array<GraphQLField<unknown, unknown> | GraphQLInputField>) {
        if (!field.description && !relayGenerated(type.name, field.name)) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) if (!arg.description && !relayGenerated(type.name, arg.name)) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
