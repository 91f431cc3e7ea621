import { describe, expect, it } from 'vitest';
import type { Emission, Org, OrgQueue } from '../../src/model.js';
import { DEFAULT_LIMITS } from '../../src/options.js';
import { parseAggregatesQuery } from '../../src/query/aggregates/parse.js';
import { runAggregatesScan } from '../../src/query/aggregates/scan.js';
import type { ServiceLevelOptions } from '../../src/query/aggregates/respond.js';

// ---------------------------------------------------------------------------------------------------------------
// Hand-built fixtures

function makeOrg(queues: Array<{ id: string; percentage: number; durationMs: number }>): Org {
  const qs: OrgQueue[] = queues.map((q, index) => ({
    id: q.id,
    index,
    name: `Queue ${q.id}`,
    description: '',
    mediaTypes: ['voice', 'chat'],
    serviceLevel: { percentage: q.percentage, durationMs: q.durationMs },
    alertingTimeoutSeconds: 8,
    shortAbandonMs: 10_000,
    memberIds: [],
    wrapUpCodeIds: [],
  }));
  return {
    id: 'org',
    name: 'Org',
    divisionId: 'div',
    divisionName: 'Home',
    agents: [],
    queues: qs,
    wrapUpCodes: [],
    agentById: new Map(),
    queueById: new Map(qs.map((q) => [q.id, q])),
    wrapUpCodeById: new Map(),
    presences: [],
    dateCreated: 0,
  };
}

const ORG = makeOrg([
  { id: 'q1', percentage: 0.8, durationMs: 20_000 },
  { id: 'q2', percentage: 0.9, durationMs: 30_000 },
]);

/** An emission at `at` (ISO) with sensible defaults for the dimensions. */
function em(metric: Emission['metric'], value: number, at: string, dims: Partial<Emission> = {}): Emission {
  return {
    metric,
    value,
    emit: Date.parse(at),
    conversationId: 'c1',
    sessionId: 's1',
    mediaType: 'voice',
    direction: 'inbound',
    originatingDirection: 'inbound',
    purpose: 'acd',
    divisionId: 'div',
    ...dims,
  };
}

const agent = (userId: string, queueId: string | undefined, extra: Partial<Emission> = {}): Partial<Emission> => ({
  purpose: 'agent',
  userId,
  ...(queueId !== undefined ? { queueId } : {}),
  sessionId: `s-${userId}`,
  ...extra,
});

function run(body: Record<string, unknown>, emissions: Emission[], sl?: ServiceLevelOptions) {
  return runAggregatesScan(parseAggregatesQuery(body, DEFAULT_LIMITS), emissions, ORG, sl);
}

const tStats = (values: number[]) => ({
  max: Math.max(...values),
  min: Math.min(...values),
  count: values.length,
  sum: values.reduce((a, b) => a + b, 0),
});

// ---------------------------------------------------------------------------------------------------------------

describe('bucketing by emit time (genesys-metrics.md §1)', () => {
  // Offered at 7:28, answered at 7:32 (240 s in queue), talk ends 7:40, wrap-up ends 7:41.
  const call = [
    em('nOffered', 1, '2024-05-01T07:28:00Z', { queueId: 'q1' }),
    em('tAcd', 240_000, '2024-05-01T07:32:00Z', { queueId: 'q1' }),
    em('tAnswered', 240_000, '2024-05-01T07:32:00Z', agent('u1', 'q1')),
    em('tTalk', 480_000, '2024-05-01T07:40:00Z', agent('u1', 'q1')),
    em('tAcw', 60_000, '2024-05-01T07:41:00Z', agent('u1', 'q1', { wrapUpCode: 'w1' })),
    em('tHandle', 540_000, '2024-05-01T07:41:00Z', agent('u1', 'q1', { wrapUpCode: 'w1' })),
  ];

  it('lands nOffered in 7:00–7:30 and tAnswered in 7:30–8:00', () => {
    const r = run(
      { interval: '2024-05-01T07:00:00.000Z/2024-05-01T08:00:00.000Z', granularity: 'PT30M', metrics: ['nOffered', 'tAnswered', 'tHandle'] },
      call,
    );
    expect(r).toEqual({
      results: [
        {
          group: {},
          data: [
            { interval: '2024-05-01T07:00:00.000Z/2024-05-01T07:30:00.000Z', metrics: [{ metric: 'nOffered', stats: { count: 1 } }] },
            {
              interval: '2024-05-01T07:30:00.000Z/2024-05-01T08:00:00.000Z',
              metrics: [
                { metric: 'tAnswered', stats: { max: 240_000, min: 240_000, count: 1, sum: 240_000 } },
                { metric: 'tHandle', stats: { max: 540_000, min: 540_000, count: 1, sum: 540_000 } },
              ],
            },
          ],
        },
      ],
    });
  });

  it('an interval that ends at 7:30 sees the offer but not the answer', () => {
    const r = run({ interval: '2024-05-01T07:00:00Z/2024-05-01T07:30:00Z', metrics: ['nOffered', 'tAnswered'] }, call);
    expect(r.results?.[0]?.data).toEqual([
      { interval: '2024-05-01T07:00:00.000Z/2024-05-01T07:30:00.000Z', metrics: [{ metric: 'nOffered', stats: { count: 1 } }] },
    ]);
  });

  it.each([
    ['at the interval start: included', '2024-05-01T07:00:00.000Z', '2024-05-01T07:00:00.000Z/2024-05-01T07:30:00.000Z'],
    ['1 ms before a boundary: earlier bucket', '2024-05-01T07:29:59.999Z', '2024-05-01T07:00:00.000Z/2024-05-01T07:30:00.000Z'],
    ['on a boundary: later bucket', '2024-05-01T07:30:00.000Z', '2024-05-01T07:30:00.000Z/2024-05-01T08:00:00.000Z'],
    ['1 ms before the end: last bucket', '2024-05-01T07:59:59.999Z', '2024-05-01T07:30:00.000Z/2024-05-01T08:00:00.000Z'],
    ['at the interval end: excluded', '2024-05-01T08:00:00.000Z', undefined],
    ['before the interval: excluded', '2024-05-01T06:59:59.999Z', undefined],
  ])('%s', (_name, at, bucket) => {
    const r = run({ interval: '2024-05-01T07:00:00Z/2024-05-01T08:00:00Z', granularity: 'PT30M', metrics: ['nOffered'] }, [
      em('nOffered', 1, at, { queueId: 'q1' }),
    ]);
    if (bucket === undefined) expect(r).toEqual({});
    else expect(r.results?.[0]?.data?.map((d) => d.interval)).toEqual([bucket]);
  });

  it('omits buckets without data and returns buckets in time order', () => {
    const r = run({ interval: '2024-05-01T00:00:00Z/2024-05-01T04:00:00Z', granularity: 'PT1H', metrics: ['tAcd'] }, [
      em('tAcd', 3000, '2024-05-01T03:10:00Z', { queueId: 'q1' }),
      em('tAcd', 1000, '2024-05-01T00:10:00Z', { queueId: 'q1' }),
      em('tAcd', 2000, '2024-05-01T03:50:00Z', { queueId: 'q1' }),
    ]);
    expect(r.results?.[0]?.data).toEqual([
      { interval: '2024-05-01T00:00:00.000Z/2024-05-01T01:00:00.000Z', metrics: [{ metric: 'tAcd', stats: tStats([1000]) }] },
      { interval: '2024-05-01T03:00:00.000Z/2024-05-01T04:00:00.000Z', metrics: [{ metric: 'tAcd', stats: tStats([3000, 2000]) }] },
    ]);
  });

  it('P1D in America/New_York across the spring-forward change (a 23-hour bucket)', () => {
    const body = {
      interval: '2024-03-09T00:00:00-05:00/2024-03-12T00:00:00-04:00',
      granularity: 'P1D',
      timeZone: 'America/New_York',
      metrics: ['nOffered'],
    };
    const emissions = [
      em('nOffered', 1, '2024-03-10T04:59:59Z', { queueId: 'q1' }), // 23:59:59 EST on the 9th
      em('nOffered', 1, '2024-03-10T05:00:00Z', { queueId: 'q1' }), // 00:00 EST on the 10th
      em('nOffered', 1, '2024-03-11T03:59:00Z', { queueId: 'q1' }), // 23:59 EDT on the 10th
      em('nOffered', 1, '2024-03-11T04:30:00Z', { queueId: 'q1' }), // 00:30 EDT on the 11th
    ];
    expect(run(body, emissions).results?.[0]?.data).toEqual([
      { interval: '2024-03-09T05:00:00.000Z/2024-03-10T05:00:00.000Z', metrics: [{ metric: 'nOffered', stats: { count: 1 } }] },
      { interval: '2024-03-10T05:00:00.000Z/2024-03-11T04:00:00.000Z', metrics: [{ metric: 'nOffered', stats: { count: 2 } }] },
      { interval: '2024-03-11T04:00:00.000Z/2024-03-12T04:00:00.000Z', metrics: [{ metric: 'nOffered', stats: { count: 1 } }] },
    ]);
    // Without the zone, days are 24 h from the interval start: 00:30 EDT on the 11th falls in the second day.
    const { timeZone: _tz, ...utc } = body;
    expect(run(utc, emissions).results?.[0]?.data?.map((d) => [d.interval, d.metrics?.[0]?.stats?.count])).toEqual([
      ['2024-03-09T05:00:00.000Z/2024-03-10T05:00:00.000Z', 1],
      ['2024-03-10T05:00:00.000Z/2024-03-11T05:00:00.000Z', 3],
    ]);
  });
});

describe('groupBy', () => {
  const rows = [
    em('nOffered', 1, '2024-05-01T10:00:00Z', { queueId: 'q1' }),
    em('nOffered', 1, '2024-05-01T10:01:00Z', { queueId: 'q2', mediaType: 'chat' }),
    em('nOffered', 1, '2024-05-01T10:02:00Z', { queueId: 'q1' }),
    em('tAnswered', 5000, '2024-05-01T10:03:00Z', agent('u1', 'q1')),
    em('tAnswered', 7000, '2024-05-01T10:04:00Z', agent('u2', 'q1')),
    em('tAnswered', 9000, '2024-05-01T10:05:00Z', agent('u2', 'q2', { mediaType: 'chat' })),
    em('tHandle', 100_000, '2024-05-01T10:06:00Z', agent('u3', undefined, { direction: 'outbound', originatingDirection: 'outbound' })),
    em('nConnected', 1, '2024-05-01T10:00:00Z', { purpose: 'customer' }),
  ];
  const interval = '2024-05-01T10:00:00Z/2024-05-01T11:00:00Z';
  const B = '2024-05-01T10:00:00.000Z/2024-05-01T11:00:00.000Z';

  it.each<[string, string[], string[], Array<[Record<string, string>, Array<[string, number]>]>]>([
    [
      'queueId: emissions without a queue are left out',
      ['queueId'],
      ['nOffered', 'tAnswered', 'tHandle', 'nConnected'],
      [
        [{ queueId: 'q1' }, [['nOffered', 2], ['tAnswered', 2]]],
        [{ queueId: 'q2' }, [['nOffered', 1], ['tAnswered', 1]]],
      ],
    ],
    [
      'userId: nOffered has no user, so it is in no group',
      ['userId'],
      ['nOffered', 'tAnswered', 'tHandle'],
      [
        [{ userId: 'u1' }, [['tAnswered', 1]]],
        [{ userId: 'u2' }, [['tAnswered', 2]]],
        [{ userId: 'u3' }, [['tHandle', 1]]],
      ],
    ],
    [
      'queueId + userId',
      ['queueId', 'userId'],
      ['nOffered', 'tAnswered'],
      [
        [{ queueId: 'q1', userId: 'u1' }, [['tAnswered', 1]]],
        [{ queueId: 'q1', userId: 'u2' }, [['tAnswered', 1]]],
        [{ queueId: 'q2', userId: 'u2' }, [['tAnswered', 1]]],
      ],
    ],
    [
      'mediaType + queueId, sorted by mediaType first',
      ['mediaType', 'queueId'],
      ['nOffered'],
      [
        [{ mediaType: 'chat', queueId: 'q2' }, [['nOffered', 1]]],
        [{ mediaType: 'voice', queueId: 'q1' }, [['nOffered', 2]]],
      ],
    ],
    [
      'direction (every emission has one)',
      ['direction'],
      ['nOffered', 'tHandle', 'nConnected'],
      [
        [{ direction: 'inbound' }, [['nOffered', 3], ['nConnected', 1]]],
        [{ direction: 'outbound' }, [['tHandle', 1]]],
      ],
    ],
    [
      'purpose',
      ['purpose'],
      ['nConnected', 'tAnswered'],
      [
        [{ purpose: 'agent' }, [['tAnswered', 3]]],
        [{ purpose: 'customer' }, [['nConnected', 1]]],
      ],
    ],
    ['a dimension the sandbox does not carry: no groups', ['teamId'], ['nOffered'], []],
    [
      'no groupBy: one group {}',
      [],
      ['nOffered', 'tAnswered'],
      [[{}, [['nOffered', 3], ['tAnswered', 3]]]],
    ],
  ])('%s', (_name, groupBy, metrics, expected) => {
    const r = run({ interval, groupBy, metrics }, rows);
    const got = (r.results ?? []).map((g) => [
      g.group,
      (g.data ?? []).flatMap((d) => (d.metrics ?? []).map((m) => [m.metric, m.stats?.count])),
    ]);
    expect(got).toEqual(expected);
    for (const g of r.results ?? []) for (const d of g.data ?? []) expect(d.interval).toBe(B);
    if (expected.length === 0) expect(r).toEqual({});
  });

  it('keeps full t* stats per group', () => {
    const r = run({ interval, groupBy: ['queueId'], metrics: ['tAnswered'] }, rows);
    expect(r.results?.map((g) => g.data?.[0]?.metrics?.[0]?.stats)).toEqual([tStats([5000, 7000]), tStats([9000])]);
  });
});

describe('filter', () => {
  const rows = [
    em('nOffered', 1, '2024-05-01T10:00:00Z', { conversationId: 'a', queueId: 'q1' }),
    em('nOffered', 1, '2024-05-01T10:00:00Z', { conversationId: 'b', queueId: 'q2', mediaType: 'chat' }),
    em('nOffered', 1, '2024-05-01T10:00:00Z', { conversationId: 'c', queueId: 'q2', direction: 'outbound', originatingDirection: 'outbound' }),
    em('tHandle', 1000, '2024-05-01T10:00:00Z', { conversationId: 'd', ...agent('u1', 'q1', { wrapUpCode: 'w1' }) }),
    em('tHandle', 2000, '2024-05-01T10:00:00Z', { conversationId: 'e', ...agent('u2', undefined, { wrapUpCode: 'w2', mediaType: 'chat' }) }),
    em('nConnected', 1, '2024-05-01T10:00:00Z', { conversationId: 'f', purpose: 'customer' }),
  ];
  const dim = (dimension: string, value: string) => ({ type: 'dimension', dimension, operator: 'matches', value });

  it.each<[string, unknown, string[]]>([
    ['one predicate', { type: 'and', predicates: [dim('queueId', 'q2')] }, ['b', 'c']],
    ['and', { type: 'and', predicates: [dim('queueId', 'q2'), dim('mediaType', 'voice')] }, ['c']],
    ['or', { type: 'or', predicates: [dim('queueId', 'q1'), dim('mediaType', 'chat')] }, ['a', 'b', 'd', 'e']],
    ['exists queueId', { type: 'and', predicates: [{ dimension: 'queueId', operator: 'exists' }] }, ['a', 'b', 'c', 'd']],
    ['notExists userId', { type: 'and', predicates: [{ dimension: 'userId', operator: 'notExists' }] }, ['a', 'b', 'c', 'f']],
    ['wrapUpCode', { type: 'and', predicates: [dim('wrapUpCode', 'w2')] }, ['e']],
    ['purpose', { type: 'and', predicates: [dim('purpose', 'customer')] }, ['f']],
    ['originatingDirection', { type: 'and', predicates: [dim('originatingDirection', 'outbound')] }, ['c']],
    ['conversationId', { type: 'and', predicates: [dim('conversationId', 'd')] }, ['d']],
    ['divisionId', { type: 'and', predicates: [dim('divisionId', 'div')] }, ['a', 'b', 'c', 'd', 'e', 'f']],
    ['values match exactly (case-sensitive)', { type: 'and', predicates: [dim('mediaType', 'Voice')] }, []],
    ['an uncarried dimension never has a value', { type: 'or', predicates: [dim('teamId', 't1'), { dimension: 'ani', operator: 'exists' }] }, []],
    ['notExists on an uncarried dimension is always true', { type: 'and', predicates: [{ dimension: 'teamId', operator: 'notExists' }] }, ['a', 'b', 'c', 'd', 'e', 'f']],
    [
      'and of or-clauses',
      {
        type: 'and',
        clauses: [
          { type: 'or', predicates: [dim('queueId', 'q1'), dim('queueId', 'q2')] },
          { type: 'or', predicates: [dim('mediaType', 'chat'), dim('purpose', 'agent')] },
        ],
      },
      ['b', 'd'],
    ],
    [
      'or of a predicate and an and-clause',
      { type: 'or', predicates: [dim('purpose', 'customer')], clauses: [{ type: 'and', predicates: [dim('queueId', 'q2'), dim('mediaType', 'chat')] }] },
      ['b', 'f'],
    ],
    ['range on a non-numeric dimension never matches', { type: 'and', predicates: [{ dimension: 'queueId', range: { gte: 0 } }] }, []],
  ])('%s', (_name, filter, conversations) => {
    const r = run({ interval: '2024-05-01T10:00:00Z/2024-05-01T11:00:00Z', groupBy: ['conversationId'], metrics: ['nOffered', 'tHandle', 'nConnected'], filter }, rows);
    expect((r.results ?? []).map((g) => g.group?.conversationId)).toEqual(conversations);
  });
});

describe('oServiceLevel and oServiceTarget (genesys-metrics.md §4)', () => {
  // q1 in one hour: 4 answered (one over the SL), 2 abandoned (one short), 1 flow-out; q2: 1 answered, 1 abandoned.
  const at = '2024-05-01T10:15:00Z';
  const q1 = [
    em('tAnswered', 5000, at, agent('u1', 'q1')),
    em('tAnswered', 10_000, at, agent('u1', 'q1')),
    em('tAnswered', 15_000, at, agent('u2', 'q1')),
    em('tAnswered', 25_000, at, agent('u2', 'q1')),
    em('nOverSla', 1, at, agent('u2', 'q1')),
    em('tAbandon', 4000, at, { queueId: 'q1' }),
    em('tShortAbandon', 4000, at, { queueId: 'q1' }),
    em('tAbandon', 60_000, at, { queueId: 'q1' }),
    em('tFlowOut', 90_000, at, { queueId: 'q1' }),
    em('nOffered', 1, at, { queueId: 'q1' }),
  ];
  const q2 = [em('tAnswered', 3000, at, agent('u3', 'q2', { mediaType: 'chat' })), em('tAbandon', 20_000, at, { queueId: 'q2', mediaType: 'chat' })];
  const interval = '2024-05-01T10:00:00Z/2024-05-01T11:00:00Z';

  it.each<[string, ServiceLevelOptions | undefined, number, number]>([
    ['defaults: abandons and short abandons count, flow-outs do not', undefined, 3, 6],
    ['short abandons excluded', { includeShortAbandons: false }, 3, 5],
    ['flow-outs included', { includeFlowOuts: true }, 3, 7],
    ['abandons excluded (short ones with them)', { includeAbandons: false }, 3, 4],
    ['abandons excluded, flow-outs included', { includeAbandons: false, includeFlowOuts: true, includeShortAbandons: false }, 3, 5],
  ])('q1, %s', (_name, options, numerator, denominator) => {
    const r = run({ interval, groupBy: ['queueId'], metrics: ['oServiceLevel'], filter: { type: 'and', predicates: [{ dimension: 'queueId', value: 'q1' }] } }, [...q1, ...q2], options);
    expect(r.results).toEqual([
      {
        group: { queueId: 'q1' },
        data: [
          {
            interval: '2024-05-01T10:00:00.000Z/2024-05-01T11:00:00.000Z',
            metrics: [{ metric: 'oServiceLevel', stats: { ratio: numerator / denominator, numerator, denominator, target: 0.8 } }],
          },
        ],
      },
    ]);
  });

  it('per queue and across queues (mean target), with oServiceTarget and the inputs in request order', () => {
    const byQueue = run({ interval, groupBy: ['queueId'], metrics: ['tAnswered', 'oServiceLevel', 'oServiceTarget'] }, [...q1, ...q2]);
    expect(byQueue.results?.map((g) => [g.group?.queueId, g.data?.[0]?.metrics?.map((m) => [m.metric, m.stats])])).toEqual([
      ['q1', [['tAnswered', tStats([5000, 10_000, 15_000, 25_000])], ['oServiceLevel', { ratio: 0.5, numerator: 3, denominator: 6, target: 0.8 }], ['oServiceTarget', { target: 0.8 }]]],
      ['q2', [['tAnswered', tStats([3000])], ['oServiceLevel', { ratio: 0.5, numerator: 1, denominator: 2, target: 0.9 }], ['oServiceTarget', { target: 0.9 }]]],
    ]);
    const whole = run({ interval, metrics: ['oServiceLevel', 'oServiceTarget'] }, [...q1, ...q2]);
    expect(whole.results?.[0]?.data?.[0]?.metrics).toEqual([
      { metric: 'oServiceLevel', stats: { ratio: 4 / 8, numerator: 4, denominator: 8, target: (0.8 + 0.9) / 2 } },
      { metric: 'oServiceTarget', stats: { target: (0.8 + 0.9) / 2 } },
    ]);
  });

  it('by mediaType: each media type has its own inputs and target', () => {
    const r = run({ interval, groupBy: ['mediaType'], metrics: ['oServiceLevel'] }, [...q1, ...q2]);
    expect(r.results?.map((g) => [g.group?.mediaType, g.data?.[0]?.metrics?.[0]?.stats])).toEqual([
      ['chat', { ratio: 0.5, numerator: 1, denominator: 2, target: 0.9 }],
      ['voice', { ratio: 0.5, numerator: 3, denominator: 6, target: 0.8 }],
    ]);
  });

  it('abandons only: ratio 0 (as in a real payload); nothing at all: omitted', () => {
    const abandons = [em('tAbandon', 11_781, at, { queueId: 'q1' }), em('tAbandon', 74_387, at, { queueId: 'q1' })];
    expect(run({ interval, metrics: ['oServiceLevel'] }, abandons).results?.[0]?.data?.[0]?.metrics).toEqual([
      { metric: 'oServiceLevel', stats: { ratio: 0, numerator: 0, denominator: 2, target: 0.8 } },
    ]);
    expect(run({ interval, metrics: ['oServiceLevel'] }, [em('nOffered', 1, at, { queueId: 'q1' })])).toEqual({});
    expect(run({ interval, metrics: ['oServiceLevel'] }, abandons, { includeAbandons: false })).toEqual({});
  });

  it('is computed per bucket: an answer and an abandon in different buckets', () => {
    const r = run({ interval, granularity: 'PT30M', metrics: ['oServiceLevel'] }, [
      em('tAnswered', 5000, '2024-05-01T10:10:00Z', agent('u1', 'q1')),
      em('tAbandon', 8000, '2024-05-01T10:40:00Z', { queueId: 'q1' }),
    ]);
    expect(r.results?.[0]?.data?.map((d) => [d.interval, d.metrics?.[0]?.stats?.ratio])).toEqual([
      ['2024-05-01T10:00:00.000Z/2024-05-01T10:30:00.000Z', 1],
      ['2024-05-01T10:30:00.000Z/2024-05-01T11:00:00.000Z', 0],
    ]);
  });

  it('leaves the target out when no queue is known', () => {
    const r = run({ interval, metrics: ['oServiceLevel', 'oServiceTarget'] }, [em('tAnswered', 5000, at, agent('u1', 'q-unknown'))]);
    expect(r.results?.[0]?.data?.[0]?.metrics).toEqual([{ metric: 'oServiceLevel', stats: { ratio: 1, numerator: 1, denominator: 1 } }]);
  });
});

describe('views (rangeBound)', () => {
  const at = '2024-05-01T10:15:00Z';
  const rows = [5000, 15_000, 19_999, 20_000, 40_000].map((v) => em('tAnswered', v, at, agent('u1', 'q1')));
  rows.push(em('tAnswered', 1000, at, agent('u2', 'q1')), em('nOffered', 1, at, { queueId: 'q2' }));

  it('counts the target emissions in [gte, lt), per group, where the target has data', () => {
    const r = run(
      {
        interval: '2024-05-01T10:00:00Z/2024-05-01T11:00:00Z',
        groupBy: ['queueId'],
        metrics: ['nOffered'],
        views: [
          { target: 'tAnswered', name: 'under20s', function: 'rangeBound', range: { lt: 20_000 } },
          { target: 'tAnswered', name: '15to30s', function: 'rangeBound', range: { gte: 15_000, lt: 30_000 } },
          { target: 'tAnswered', name: 'over1m', function: 'rangeBound', range: { gte: 60_000 } },
        ],
      },
      rows,
    );
    expect(r.results).toEqual([
      {
        group: { queueId: 'q1' },
        data: [
          {
            interval: '2024-05-01T10:00:00.000Z/2024-05-01T11:00:00.000Z',
            metrics: [],
            views: [
              { name: 'under20s', stats: { count: 4 } },
              { name: '15to30s', stats: { count: 3 } },
              { name: 'over1m', stats: { count: 0 } },
            ],
          },
        ],
      },
      {
        group: { queueId: 'q2' },
        data: [{ interval: '2024-05-01T10:00:00.000Z/2024-05-01T11:00:00.000Z', metrics: [{ metric: 'nOffered', stats: { count: 1 } }] }],
      },
    ]);
  });
});

describe('topN / bottomN', () => {
  const at = (m: number) => `2024-05-01T10:${String(m).padStart(2, '0')}:00Z`;
  const rows = [
    em('tHandle', 100, at(1), agent('u1', 'q1')),
    em('tHandle', 200, at(2), agent('u1', 'q1')),
    em('tHandle', 500, at(31), agent('u2', 'q1')),
    em('tHandle', 100, at(3), agent('u3', 'q1')),
    em('tHandle', 50, at(4), agent('u4', 'q1')),
    em('tHandle', 50, at(5), agent('u4', 'q1')),
    em('tHandle', 50, at(6), agent('u4', 'q1')),
    em('tAnswered', 4000, at(7), agent('u5', 'q1')), // no tHandle: ranks last
  ];
  const interval = '2024-05-01T10:00:00Z/2024-05-01T11:00:00Z';

  it.each<[string, string, string, number, string[]]>([
    ['topN by sum', 'topN', 'sum', 2, ['u2', 'u1']],
    ['bottomN by sum', 'bottomN', 'sum', 2, ['u3', 'u4']],
    ['topN by count', 'topN', 'count', 3, ['u4', 'u1', 'u2']],
    ['topN by average', 'topN', 'average', 5, ['u2', 'u1', 'u3', 'u4', 'u5']],
    ['bottomN by max', 'bottomN', 'max', 2, ['u4', 'u3']],
    ['bottomN by min: u1 and u3 tie at 100, broken by key', 'bottomN', 'min', 3, ['u4', 'u1', 'u3']],
    ['topN by min', 'topN', 'min', 1, ['u2']],
    ['bottomN: groups without the sort metric still rank last', 'bottomN', 'sum', 10, ['u3', 'u4', 'u1', 'u2', 'u5']],
  ])('%s', (_name, queryType, fn, limit, users) => {
    const r = run(
      { interval, granularity: 'PT30M', groupBy: ['userId'], metrics: ['tHandle', 'tAnswered'], queryType, sortMetric: { name: 'tHandle', function: fn }, limit },
      rows,
    );
    expect(r.results?.map((g) => g.group?.userId)).toEqual(users);
  });

  it('ranks over the whole interval but keeps the buckets', () => {
    const r = run(
      { interval, granularity: 'PT30M', groupBy: ['userId'], metrics: ['tHandle'], queryType: 'topN', sortMetric: { name: 'tHandle', function: 'sum' }, limit: 1 },
      [...rows, em('tHandle', 400, at(45), agent('u1', 'q1'))],
    );
    // u1: 100 + 200 + 400 = 700 > u2: 500
    expect(r.results).toEqual([
      {
        group: { userId: 'u1' },
        data: [
          { interval: '2024-05-01T10:00:00.000Z/2024-05-01T10:30:00.000Z', metrics: [{ metric: 'tHandle', stats: tStats([100, 200]) }] },
          { interval: '2024-05-01T10:30:00.000Z/2024-05-01T11:00:00.000Z', metrics: [{ metric: 'tHandle', stats: tStats([400]) }] },
        ],
      },
    ]);
  });
});

describe('empty and omitted', () => {
  it('returns {} when nothing matches, and omits metrics without data', () => {
    expect(run({ interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z', metrics: ['nOffered'] }, [])).toEqual({});
    const r = run({ interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z', metrics: ['nOffered', 'tVoicemail', 'oMessageTurn'] }, [
      em('nOffered', 1, '2024-05-01T10:00:00Z', { queueId: 'q1' }),
    ]);
    expect(r.results?.[0]?.data?.[0]?.metrics).toEqual([{ metric: 'nOffered', stats: { count: 1 } }]);
  });

  it('accepts any iterable of emissions', () => {
    function* gen() {
      yield em('nOffered', 1, '2024-05-01T10:00:00Z', { queueId: 'q1' });
      yield em('nOffered', 1, '2024-05-01T11:00:00Z', { queueId: 'q1' });
    }
    expect(run({ interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z', metrics: ['nOffered'] }, [...gen()]).results?.[0]?.data?.[0]?.metrics).toEqual([
      { metric: 'nOffered', stats: { count: 2 } },
    ]);
    const q = parseAggregatesQuery({ interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z', metrics: ['nOffered'] }, DEFAULT_LIMITS);
    expect(runAggregatesScan(q, gen(), ORG).results?.[0]?.data?.[0]?.metrics?.[0]?.stats).toEqual({ count: 2 });
  });
});
