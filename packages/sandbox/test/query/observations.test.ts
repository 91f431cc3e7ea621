import { describe, expect, it } from 'vitest';
import { GenesysHttpError } from '../../src/http/errors.js';
import type { AgentState, MediaType, Org, OrgQueue, SimConversation, SimParticipant, SimSegment, SimSession } from '../../src/model.js';
import { DEFAULT_LIMITS } from '../../src/options.js';
import { parseObservationQuery } from '../../src/query/observations/parse.js';
import { runObservationQuery } from '../../src/query/observations/run.js';

// ---------------------------------------------------------------------------------------------------------------
// A hand-built snapshot at NOW

const NOW = Date.parse('2024-05-01T12:00:00.000Z');
const ago = (s: number): number => NOW - s * 1000;
const iso = (t: number): string => new Date(t).toISOString();

function queue(id: string, memberIds: string[]): OrgQueue {
  return {
    id,
    index: 0,
    name: `Queue ${id}`,
    description: '',
    mediaTypes: ['voice', 'chat'],
    serviceLevel: { percentage: 0.8, durationMs: 20_000 },
    alertingTimeoutSeconds: 8,
    shortAbandonMs: 10_000,
    memberIds,
    wrapUpCodeIds: [],
  };
}

const QUEUES = [queue('q2', ['u3', 'u4']), queue('q1', ['u1', 'u2', 'u3'])];
const ORG: Org = {
  id: 'org',
  name: 'Org',
  divisionId: 'div',
  divisionName: 'Home',
  agents: [],
  queues: QUEUES,
  wrapUpCodes: [],
  agentById: new Map(),
  queueById: new Map(QUEUES.map((q) => [q.id, q])),
  wrapUpCodeById: new Map(),
  presences: [
    { id: 'pr-avail', systemPresence: 'AVAILABLE', label: 'Available' },
    { id: 'pr-onq', systemPresence: 'ON_QUEUE', label: 'On Queue' },
    { id: 'pr-break', systemPresence: 'BREAK', label: 'Break' },
    { id: 'pr-offline', systemPresence: 'OFFLINE', label: 'Offline' },
  ],
  dateCreated: 0,
};

const seg = (type: SimSegment['type'], start: number, end?: number, queueId?: string): SimSegment => ({
  type,
  start,
  ...(end !== undefined ? { end } : {}),
  ...(queueId !== undefined ? { queueId } : {}),
});

function session(id: string, mediaType: MediaType, segments: SimSegment[], n: number): SimSession {
  return {
    id,
    mediaType,
    direction: 'inbound',
    ani: `tel:+1555000${n}`,
    dnis: 'tel:+18005550100',
    addressFrom: `tel:+1555000${n}`,
    addressTo: 'tel:+18005550100',
    segments,
    metrics: [],
  };
}

function participant(id: string, purpose: SimParticipant['purpose'], name: string, sessions: SimSession[], extra: Partial<SimParticipant> = {}): SimParticipant {
  return { id, purpose, name, start: sessions[0]?.segments[0]?.start ?? NOW, sessions, ...extra };
}

function conversation(id: string, mediaType: MediaType, participants: SimParticipant[]): SimConversation {
  return { id, day: 0, index: 0, start: ago(1000), mediaType, originatingDirection: 'inbound', divisionId: 'div', participants };
}

const customer = (conv: string, name: string, media: MediaType, n: number, since: number) =>
  participant(`${conv}-cust`, 'customer', name, [session(`${conv}-s-cust`, media, [seg('interact', since)], n)]);

const LIVE: SimConversation[] = [
  // cA: waiting in q1 (voice) for 60 s, nobody alerted yet
  conversation('cA', 'voice', [
    customer('cA', 'Alice', 'voice', 1, ago(120)),
    participant('cA-acd', 'acd', 'Queue q1', [session('cA-s-acd', 'voice', [seg('interact', ago(60), undefined, 'q1')], 1)], { queueId: 'q1' }),
  ]),
  // cB: waiting in q1 (voice) for 90 s while u1 is being alerted
  conversation('cB', 'voice', [
    customer('cB', 'Bob', 'voice', 2, ago(150)),
    participant('cB-acd', 'acd', 'Queue q1', [session('cB-s-acd', 'voice', [seg('interact', ago(90), undefined, 'q1')], 2)], { queueId: 'q1' }),
    participant('cB-u1', 'agent', 'Agent One', [session('cB-s-u1', 'voice', [seg('alert', ago(5), undefined, 'q1')], 2)], { queueId: 'q1', userId: 'u1' }),
  ]),
  // cC: u2 interacting on chat from q1 since 200 s ago
  conversation('cC', 'chat', [
    customer('cC', 'Carol', 'chat', 3, ago(300)),
    participant('cC-acd', 'acd', 'Queue q1', [session('cC-s-acd', 'chat', [seg('interact', ago(300), ago(200), 'q1')], 3)], { queueId: 'q1', end: ago(200) }),
    participant(
      'cC-u2',
      'agent',
      'Agent Two',
      [session('cC-s-u2', 'chat', [seg('alert', ago(210), ago(200), 'q1'), seg('interact', ago(200), undefined, 'q1')], 3)],
      { queueId: 'q1', userId: 'u2', connected: ago(200) },
    ),
  ]),
  // cD: u3 has the q2 voice call on hold (connected 400 s ago)
  conversation('cD', 'voice', [
    customer('cD', 'Dan', 'voice', 4, ago(500)),
    participant('cD-acd', 'acd', 'Queue q2', [session('cD-s-acd', 'voice', [seg('interact', ago(420), ago(400), 'q2')], 4)], { queueId: 'q2', end: ago(400) }),
    participant(
      'cD-u3',
      'agent',
      'Agent Three',
      [session('cD-s-u3', 'voice', [seg('alert', ago(410), ago(400), 'q2'), seg('interact', ago(400), ago(100), 'q2'), seg('hold', ago(100), undefined, 'q2')], 4)],
      { queueId: 'q2', userId: 'u3', connected: ago(400) },
    ),
  ]),
  // cE: u1 in wrap-up for a q1 call: neither waiting nor interacting
  conversation('cE', 'voice', [
    participant('cE-acd', 'acd', 'Queue q1', [session('cE-s-acd', 'voice', [seg('interact', ago(900), ago(800), 'q1')], 5)], { queueId: 'q1', end: ago(800) }),
    participant(
      'cE-u1',
      'agent',
      'Agent One',
      [session('cE-s-u1', 'voice', [seg('interact', ago(800), ago(30), 'q1'), seg('wrapup', ago(30), undefined, 'q1')], 5)],
      { queueId: 'q1', userId: 'u1', connected: ago(800) },
    ),
  ]),
  // cF: a direct outbound call by u4 (no queue): never counted
  conversation('cF', 'voice', [participant('cF-u4', 'user', 'Agent Four', [session('cF-s-u4', 'voice', [seg('interact', ago(50))], 6)], { userId: 'u4' })]),
  // cG: waiting in a queue the org does not have
  conversation('cG', 'voice', [participant('cG-acd', 'acd', 'Ghost', [session('cG-s-acd', 'voice', [seg('interact', ago(10), undefined, 'q9')], 7)], { queueId: 'q9' })]),
];

const state = (routingStatus: AgentState['routingStatus'], routingAgo: number, presence: AgentState['presence'], presenceAgo: number): AgentState => ({
  routingStatus,
  routingSince: ago(routingAgo),
  presence,
  presenceSince: ago(presenceAgo),
});

const STATES = new Map<string, AgentState>([
  ['u1', state('IDLE', 1000, 'ON_QUEUE', 5000)],
  ['u2', state('INTERACTING', 200, 'ON_QUEUE', 6000)],
  ['u3', state('OFF_QUEUE', 3000, 'BREAK', 3000)],
  // u4: no state known → OFF_QUEUE, OFFLINE
]);

const SNAPSHOT = { now: NOW, org: ORG, live: LIVE, agentStates: STATES };
const MAPPINGS = { AVAILABLE: ['pr-avail'], ON_QUEUE: ['pr-onq'], BREAK: ['pr-break'], OFFLINE: ['pr-offline'] };

const run = (body: unknown) => runObservationQuery(parseObservationQuery(body, DEFAULT_LIMITS), SNAPSHOT);
const byQueue = (...ids: string[]) => ({ type: 'or', predicates: ids.map((value) => ({ type: 'dimension', dimension: 'queueId', operator: 'matches', value })) });

// ---------------------------------------------------------------------------------------------------------------

describe('conversation metrics', () => {
  it('q1 voice: two waiting (one of them alerting u1), with details', () => {
    const r = run({
      filter: { type: 'and', predicates: [{ dimension: 'queueId', value: 'q1' }, { dimension: 'mediaType', value: 'voice' }] },
      metrics: ['oWaiting', 'oAlerting', 'oInteracting'],
      detailMetrics: ['oWaiting', 'oAlerting'],
    });
    expect(r).toEqual({
      systemToOrganizationMappings: MAPPINGS,
      results: [
        {
          group: { queueId: 'q1', mediaType: 'voice' },
          data: [
            {
              metric: 'oWaiting',
              stats: { count: 2 },
              observations: [
                {
                  observationDate: iso(ago(90)),
                  conversationId: 'cB',
                  sessionId: 'cB-s-acd',
                  direction: 'inbound',
                  ani: 'tel:+15550002',
                  dnis: 'tel:+18005550100',
                  addressFrom: 'tel:+15550002',
                  addressTo: 'tel:+18005550100',
                  routingPriority: 0,
                  requestedRoutings: ['Standard'],
                  participantName: 'Bob',
                },
                {
                  observationDate: iso(ago(60)),
                  conversationId: 'cA',
                  sessionId: 'cA-s-acd',
                  direction: 'inbound',
                  ani: 'tel:+15550001',
                  dnis: 'tel:+18005550100',
                  addressFrom: 'tel:+15550001',
                  addressTo: 'tel:+18005550100',
                  routingPriority: 0,
                  requestedRoutings: ['Standard'],
                  participantName: 'Alice',
                },
              ],
            },
            {
              metric: 'oAlerting',
              stats: { count: 1 },
              observations: [
                {
                  observationDate: iso(ago(5)),
                  conversationId: 'cB',
                  sessionId: 'cB-s-u1',
                  direction: 'inbound',
                  ani: 'tel:+15550002',
                  dnis: 'tel:+18005550100',
                  addressFrom: 'tel:+15550002',
                  addressTo: 'tel:+18005550100',
                  routingPriority: 0,
                  requestedRoutings: ['Standard'],
                  participantName: 'Bob',
                  userId: 'u1',
                  usedRouting: 'Standard',
                },
              ],
            },
            // u1's wrap-up on cE does not count as interacting
            { metric: 'oInteracting', stats: { count: 0 } },
          ],
        },
      ],
    });
  });

  it('counts every queue × media type pair, zeros included, in queue then media order', () => {
    const r = run({ filter: byQueue('q1', 'q2', 'q9'), metrics: ['oInteracting', 'oWaiting'] });
    const counts = (r.results ?? []).map((g) => [g.group?.queueId, g.group?.mediaType, ...(g.data ?? []).map((d) => `${d.metric}=${d.stats?.count}`)]);
    expect(counts).toEqual([
      ['q1', 'callback', 'oInteracting=0', 'oWaiting=0'],
      ['q1', 'chat', 'oInteracting=1', 'oWaiting=0'],
      ['q1', 'email', 'oInteracting=0', 'oWaiting=0'],
      ['q1', 'message', 'oInteracting=0', 'oWaiting=0'],
      ['q1', 'voice', 'oInteracting=0', 'oWaiting=2'],
      ['q2', 'callback', 'oInteracting=0', 'oWaiting=0'],
      ['q2', 'chat', 'oInteracting=0', 'oWaiting=0'],
      ['q2', 'email', 'oInteracting=0', 'oWaiting=0'],
      ['q2', 'message', 'oInteracting=0', 'oWaiting=0'],
      ['q2', 'voice', 'oInteracting=1', 'oWaiting=0'],
    ]);
    // no observations unless asked for
    expect(r.results?.some((g) => g.data?.some((d) => d.observations !== undefined))).toBe(false);
  });

  it('interacting details: observationDate is the connect time, also while on hold', () => {
    const r = run({ filter: byQueue('q2'), metrics: ['oInteracting'], detailMetrics: ['oInteracting'] });
    const voice = r.results?.find((g) => g.group?.mediaType === 'voice');
    expect(voice?.data?.[0]?.observations).toEqual([
      {
        observationDate: iso(ago(400)),
        conversationId: 'cD',
        sessionId: 'cD-s-u3',
        direction: 'inbound',
        ani: 'tel:+15550004',
        dnis: 'tel:+18005550100',
        addressFrom: 'tel:+15550004',
        addressTo: 'tel:+18005550100',
        routingPriority: 0,
        requestedRoutings: ['Standard'],
        participantName: 'Dan',
        userId: 'u3',
        usedRouting: 'Standard',
      },
    ]);
    // a detail metric with nothing observed carries no observations
    expect(r.results?.find((g) => g.group?.mediaType === 'chat')?.data).toEqual([{ metric: 'oInteracting', stats: { count: 0 } }]);
  });

  it('a metric only in detailMetrics is reported too', () => {
    const r = run({ filter: { type: 'and', predicates: [{ dimension: 'queueId', value: 'q1' }, { dimension: 'mediaType', value: 'chat' }] }, metrics: ['oWaiting'], detailMetrics: ['oInteracting'] });
    expect(r.results?.[0]?.data?.map((d) => [d.metric, d.stats?.count, d.observations?.length])).toEqual([
      ['oWaiting', 0, undefined],
      ['oInteracting', 1, 1],
    ]);
  });
});

describe('queue selection by the filter', () => {
  const dim = (dimension: string, value: string) => ({ type: 'dimension', dimension, operator: 'matches', value });
  it.each<[string, unknown, string[]]>([
    ['one queue', byQueue('q1'), ['q1/callback', 'q1/chat', 'q1/email', 'q1/message', 'q1/voice', 'q1']],
    ['mediaType only: every queue', { type: 'and', predicates: [dim('mediaType', 'chat')] }, ['q1/chat', 'q1', 'q2/chat', 'q2']],
    ['queue and media', { type: 'and', predicates: [dim('queueId', 'q2'), dim('mediaType', 'voice')] }, ['q2/voice', 'q2']],
    ['queue or media', { type: 'or', predicates: [dim('queueId', 'q2'), dim('mediaType', 'voice')] }, ['q1/voice', 'q1', 'q2/callback', 'q2/chat', 'q2/email', 'q2/message', 'q2/voice', 'q2']],
    [
      'and of clauses',
      { type: 'and', clauses: [{ type: 'or', predicates: [dim('queueId', 'q1'), dim('queueId', 'q2')] }, { type: 'or', predicates: [dim('mediaType', 'voice'), dim('mediaType', 'email')] }] },
      ['q1/email', 'q1/voice', 'q1', 'q2/email', 'q2/voice', 'q2'],
    ],
    ['a media type the sandbox never simulates selects nothing', { type: 'and', predicates: [dim('mediaType', 'video')] }, []],
    ['an unknown queue selects nothing', byQueue('q9'), []],
  ])('%s', (_name, filter, groups) => {
    const r = run({ filter, metrics: ['oWaiting', 'oMemberUsers'] });
    expect((r.results ?? []).map((g) => [g.group?.queueId, g.group?.mediaType].filter(Boolean).join('/'))).toEqual(groups);
    if (groups.length === 0) expect(r).toEqual({ systemToOrganizationMappings: MAPPINGS });
  });
});

describe('user metrics', () => {
  const ALL = ['oMemberUsers', 'oActiveUsers', 'oOnQueueUsers', 'oOffQueueUsers', 'oUserRoutingStatuses', 'oUserPresences'];

  it.each<[string, Array<[string, string | undefined, number]>]>([
    [
      'q1',
      [
        ['oMemberUsers', undefined, 3],
        ['oActiveUsers', undefined, 3],
        ['oOnQueueUsers', 'IDLE', 1],
        ['oOnQueueUsers', 'INTERACTING', 1],
        ['oOffQueueUsers', 'BREAK', 1],
        ['oUserRoutingStatuses', 'IDLE', 1],
        ['oUserRoutingStatuses', 'INTERACTING', 1],
        ['oUserRoutingStatuses', 'OFF_QUEUE', 1],
        ['oUserPresences', 'pr-break', 1],
        ['oUserPresences', 'pr-onq', 2],
      ],
    ],
    [
      // u4 has no known state: OFF_QUEUE and OFFLINE, so not active and not off-queue-but-present
      'q2',
      [
        ['oMemberUsers', undefined, 2],
        ['oActiveUsers', undefined, 1],
        ['oOffQueueUsers', 'BREAK', 1],
        ['oUserRoutingStatuses', 'OFF_QUEUE', 2],
        ['oUserPresences', 'pr-break', 1],
        ['oUserPresences', 'pr-offline', 1],
      ],
    ],
  ])('%s, grouped by queueId only', (queueId, expected) => {
    const r = run({ filter: byQueue(queueId), metrics: ALL });
    expect(r.results).toHaveLength(1);
    expect(r.results?.[0]?.group).toEqual({ queueId });
    expect(r.results?.[0]?.data?.map((d) => [d.metric, d.qualifier, d.stats?.count])).toEqual(expected);
  });

  it('zero counts for plain metrics; nothing for qualified ones without members', () => {
    const empty: Org = { ...ORG, queues: [queue('q0', [])], queueById: new Map([['q0', queue('q0', [])]]) };
    const q = parseObservationQuery({ filter: byQueue('q0'), metrics: ['oMemberUsers', 'oActiveUsers', 'oOnQueueUsers', 'oUserPresences'] }, DEFAULT_LIMITS);
    expect(runObservationQuery(q, { ...SNAPSHOT, org: empty }).results).toEqual([
      { group: { queueId: 'q0' }, data: [{ metric: 'oMemberUsers', stats: { count: 0 } }, { metric: 'oActiveUsers', stats: { count: 0 } }] },
    ]);
    const onlyQualified = parseObservationQuery({ filter: byQueue('q0'), metrics: ['oOnQueueUsers'] }, DEFAULT_LIMITS);
    expect(runObservationQuery(onlyQualified, { ...SNAPSHOT, org: empty })).toEqual({ systemToOrganizationMappings: MAPPINGS });
  });

  it('details list the users with the time they entered the state', () => {
    const r = run({ filter: byQueue('q1'), metrics: ['oOnQueueUsers', 'oActiveUsers', 'oMemberUsers'], detailMetrics: ['oOnQueueUsers', 'oActiveUsers', 'oMemberUsers'] });
    expect(r.results?.[0]?.data).toEqual([
      { metric: 'oOnQueueUsers', qualifier: 'IDLE', stats: { count: 1 }, observations: [{ observationDate: iso(ago(1000)), userId: 'u1' }] },
      { metric: 'oOnQueueUsers', qualifier: 'INTERACTING', stats: { count: 1 }, observations: [{ observationDate: iso(ago(200)), userId: 'u2' }] },
      {
        metric: 'oActiveUsers',
        stats: { count: 3 },
        observations: [
          { observationDate: iso(ago(6000)), userId: 'u2' },
          { observationDate: iso(ago(5000)), userId: 'u1' },
          { observationDate: iso(ago(3000)), userId: 'u3' },
        ],
      },
      { metric: 'oMemberUsers', stats: { count: 3 } },
    ]);
  });

  it('falls back to the system presence when the org has no definition for it', () => {
    const states = new Map(STATES);
    states.set('u1', state('OFF_QUEUE', 10, 'MEAL', 10));
    const q = parseObservationQuery({ filter: byQueue('q1'), metrics: ['oUserPresences', 'oOffQueueUsers'] }, DEFAULT_LIMITS);
    const r = runObservationQuery(q, { ...SNAPSHOT, agentStates: states });
    expect(r.results?.[0]?.data?.map((d) => [d.metric, d.qualifier, d.stats?.count])).toEqual([
      ['oUserPresences', 'MEAL', 1],
      ['oUserPresences', 'pr-break', 1],
      ['oUserPresences', 'pr-onq', 1],
      ['oOffQueueUsers', 'BREAK', 1],
      ['oOffQueueUsers', 'MEAL', 1],
    ]);
  });
});

describe('parseObservationQuery', () => {
  const ok = { filter: byQueue('q1'), metrics: ['oWaiting'] };

  it('accepts a minimal body and defaults the predicate type and operator', () => {
    const q = parseObservationQuery({ filter: { type: 'or', predicates: [{ dimension: 'queueId', value: 'q1' }] }, metrics: ['oWaiting', 'oWaiting'] }, DEFAULT_LIMITS);
    expect(q.filter).toEqual({ type: 'or', clauses: [], predicates: [{ dimension: 'queueId', operator: 'matches', value: 'q1' }] });
    expect(q.metrics).toEqual(['oWaiting']);
    expect([...q.detailMetrics]).toEqual([]);
  });

  it('ignores unknown fields when rejectUnknownFields is off', () => {
    expect(() => parseObservationQuery({ ...ok, interval: 'x' }, { ...DEFAULT_LIMITS, rejectUnknownFields: false })).not.toThrow();
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'oWaiting', /^The request body must be a JSON object \(a QueueObservationQuery\); received the string "oWaiting"\.$/],
    ['unknown field', { ...ok, interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z' }, /^Unrecognized field "interval" in QueueObservationQuery\. Allowed fields: filter, metrics, detailMetrics\. .*take no interval\.$/],
    ['groupBy', { ...ok, groupBy: ['queueId'] }, /Unrecognized field "groupBy" in QueueObservationQuery\..*always grouped by queueId/],
    ['missing filter', { metrics: ['oWaiting'] }, /The filter is required/],
    ['missing metrics', { filter: byQueue('q1') }, /needs at least one metric in "metrics"/],
    ['empty metrics', { filter: byQueue('q1'), metrics: [] }, /needs at least one metric in "metrics"/],
    ['unknown metric', { ...ok, metrics: ['oWaiting', 'oLongestWaiting'] }, /^Value \[oLongestWaiting\] is not valid for field type \[metrics\] at metrics\[1\]\. Allowable values are: oActiveUsers/],
    ['unknown detail metric', { ...ok, detailMetrics: ['nOffered'] }, /^Value \[nOffered\] is not valid for field type \[detailMetrics\] at detailMetrics\[0\]\./],
    ['filter dimension', { ...ok, filter: { type: 'or', predicates: [{ dimension: 'userId', value: 'u1' }] } }, /^Value \[userId\] is not valid for field type \[dimension\] at filter\.predicates\[0\]\.dimension\. Allowable values are: queueId, mediaType$/],
    ['operator', { ...ok, filter: { type: 'or', predicates: [{ dimension: 'queueId', operator: 'exists' }] } }, /^Value \[exists\] is not valid for field type \[operator\] at filter\.predicates\[0\]\.operator\. Allowable values are: matches$/],
    ['missing value', { ...ok, filter: { type: 'or', predicates: [{ dimension: 'queueId' }] } }, /needs a value\./],
    ['range', { ...ok, filter: { type: 'or', predicates: [{ dimension: 'queueId', range: { gt: 1 } }] } }, /has a range; these predicates match a value only/],
    ['bad media type', { ...ok, filter: { type: 'or', predicates: [{ dimension: 'mediaType', value: 'Voice' }] } }, /^Value \[Voice\] is not valid for field type \[mediaType\] at filter\.predicates\[0\]\.value\. Did you mean "voice"\? Allowable values are: voice/],
    ['empty filter', { ...ok, filter: { type: 'or' } }, /has no predicates and no clauses/],
    ['filter type', { ...ok, filter: { type: 'nor', predicates: [{ dimension: 'queueId', value: 'q1' }] } }, /^Value \[nor\] is not valid for field type \[type\] at filter\.type\./],
    ['metrics of the wrong type', { ...ok, metrics: 'oWaiting' }, /^Invalid value for field metrics: expected an array, received the string "oWaiting"\.$/],
    ['unknown field in a predicate', { ...ok, filter: { type: 'or', predicates: [{ dimension: 'queueId', value: 'q1', metric: 'x' }] } }, /^Unrecognized field "metric" in QueueObservationQueryPredicate \(at filter\.predicates\[0\]\)\. Allowed fields: type, dimension, operator, value, range\.$/],
  ])('400: %s', (_name, body, message) => {
    let error: unknown;
    try {
      parseObservationQuery(body, DEFAULT_LIMITS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GenesysHttpError);
    expect((error as GenesysHttpError).status).toBe(400);
    expect((error as GenesysHttpError).message).toMatch(message);
  });
});
