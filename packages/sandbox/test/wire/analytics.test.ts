import { describe, expect, it } from 'vitest';
import { viewAt, type SimConversation } from '../../src/model.js';
import { toAnalyticsConversation } from '../../src/wire/analytics.js';
import { at, CUSTOMER_TEL, DNIS_TEL, simpleConversation, voiceCall } from './fixtures.js';

const view = (c: SimConversation, t: number): SimConversation => {
  const v = viewAt(c, t);
  if (!v) throw new Error('conversation not started');
  return v;
};

const participant = (out: ReturnType<typeof toAnalyticsConversation>, id: string) => {
  const p = out.participants?.find((x) => x.participantId === id);
  if (!p) throw new Error(`no participant ${id}`);
  return p;
};

const voice = { mediaType: 'voice', direction: 'inbound', ani: CUSTOMER_TEL, dnis: DNIS_TEL, addressFrom: CUSTOMER_TEL, addressTo: DNIS_TEL };

describe('toAnalyticsConversation — ended voice call', () => {
  const out = toAnalyticsConversation(view(voiceCall(), at(500)));

  it('has the conversation-level fields', () => {
    expect(out.conversationId).toBe('c1');
    expect(out.conversationStart).toBe('2024-05-01T10:00:00.000Z');
    expect(out.conversationEnd).toBe('2024-05-01T10:06:40.000Z');
    expect(out.originatingDirection).toBe('inbound');
    expect(out.divisionIds).toEqual(['d1']);
    expect(out.externalTag).toBe('ext-42');
    expect(out.mediaStatsMinConversationMos).toBe(4.38);
    expect(out.participants?.map((p) => p.participantId)).toEqual(['p-cust', 'p-ivr', 'p-acd', 'p-agent']);
  });

  it('emits the agent participant exactly, metrics sorted by emitDate then name', () => {
    expect(participant(out, 'p-agent')).toStrictEqual({
      participantId: 'p-agent',
      participantName: 'Jane Agent',
      purpose: 'agent',
      userId: 'u1',
      sessions: [
        {
          sessionId: 's-agent',
          ...voice,
          recording: true,
          segments: [
            { segmentStart: '2024-05-01T10:00:40.000Z', segmentEnd: '2024-05-01T10:00:50.000Z', segmentType: 'alert', queueId: 'q1' },
            { segmentStart: '2024-05-01T10:00:50.000Z', segmentEnd: '2024-05-01T10:02:00.000Z', segmentType: 'interact', queueId: 'q1' },
            { segmentStart: '2024-05-01T10:02:00.000Z', segmentEnd: '2024-05-01T10:02:30.000Z', segmentType: 'hold', queueId: 'q1' },
            {
              segmentStart: '2024-05-01T10:02:30.000Z',
              segmentEnd: '2024-05-01T10:05:00.000Z',
              segmentType: 'interact',
              queueId: 'q1',
              disconnectType: 'client',
            },
            {
              segmentStart: '2024-05-01T10:05:00.000Z',
              segmentEnd: '2024-05-01T10:06:40.000Z',
              segmentType: 'wrapup',
              queueId: 'q1',
              wrapUpCode: 'wc1',
              wrapUpNote: 'Sold',
            },
          ],
          metrics: [
            { name: 'tAlert', value: 10_000, emitDate: '2024-05-01T10:00:50.000Z' },
            { name: 'tAnswered', value: 20_000, emitDate: '2024-05-01T10:00:50.000Z' },
            { name: 'tTalk', value: 70_000, emitDate: '2024-05-01T10:02:00.000Z' },
            { name: 'tHeld', value: 30_000, emitDate: '2024-05-01T10:02:30.000Z' },
            { name: 'tAcw', value: 100_000, emitDate: '2024-05-01T10:06:40.000Z' },
            { name: 'tHandle', value: 350_000, emitDate: '2024-05-01T10:06:40.000Z' },
          ],
        },
      ],
    });
  });

  it('marks the acd session with Standard routing and the answering agent', () => {
    expect(participant(out, 'p-acd')).toStrictEqual({
      participantId: 'p-acd',
      participantName: 'Sales',
      purpose: 'acd',
      sessions: [
        {
          sessionId: 's-acd',
          ...voice,
          requestedRoutings: ['Standard'],
          usedRouting: 'Standard',
          selectedAgentId: 'u1',
          segments: [
            {
              segmentStart: '2024-05-01T10:00:30.000Z',
              segmentEnd: '2024-05-01T10:00:50.000Z',
              segmentType: 'interact',
              queueId: 'q1',
              disconnectType: 'transfer',
            },
          ],
          metrics: [
            { name: 'nOffered', value: 1, emitDate: '2024-05-01T10:00:30.000Z' },
            { name: 'tAcd', value: 20_000, emitDate: '2024-05-01T10:00:50.000Z' },
            { name: 'tWait', value: 20_000, emitDate: '2024-05-01T10:00:50.000Z' },
          ],
        },
      ],
    });
  });

  it('omits session fields the model does not have for that session', () => {
    const ivr = participant(out, 'p-ivr');
    const session = ivr.sessions?.[0];
    expect(ivr.userId).toBeUndefined();
    expect(session && 'recording' in session).toBe(false);
    expect(session && 'requestedRoutings' in session).toBe(false);
    expect(session && 'selectedAgentId' in session).toBe(false);
  });
});

describe('toAnalyticsConversation — running views', () => {
  it('omits conversationEnd, open segment ends and unemitted metrics while the agent is alerting', () => {
    const out = toAnalyticsConversation(view(voiceCall(), at(45)));
    expect(Object.keys(out)).toEqual([
      'conversationId',
      'conversationStart',
      'originatingDirection',
      'divisionIds',
      'externalTag',
      'mediaStatsMinConversationMos',
      'participants',
    ]);
    const acd = participant(out, 'p-acd').sessions?.[0];
    expect(acd?.segments).toStrictEqual([{ segmentStart: '2024-05-01T10:00:30.000Z', segmentType: 'interact', queueId: 'q1' }]);
    expect(acd && 'selectedAgentId' in acd).toBe(false);
    expect(acd?.metrics).toStrictEqual([{ name: 'nOffered', value: 1, emitDate: '2024-05-01T10:00:30.000Z' }]);
    const agent = participant(out, 'p-agent').sessions?.[0];
    expect(agent?.segments).toStrictEqual([{ segmentStart: '2024-05-01T10:00:40.000Z', segmentType: 'alert', queueId: 'q1' }]);
    expect(agent?.metrics).toStrictEqual([]);
  });

  it('names the selected agent once the answer has been emitted', () => {
    const out = toAnalyticsConversation(view(voiceCall(), at(60)));
    expect(participant(out, 'p-acd').sessions?.[0]?.selectedAgentId).toBe('u1');
  });

  it('keeps the wrap-up segment open (no code yet) during after-call work', () => {
    const out = toAnalyticsConversation(view(voiceCall(), at(350)));
    expect(out.conversationEnd).toBeUndefined();
    const segments = participant(out, 'p-agent').sessions?.[0]?.segments;
    expect(segments?.[segments.length - 1]).toStrictEqual({
      segmentStart: '2024-05-01T10:05:00.000Z',
      segmentType: 'wrapup',
      queueId: 'q1',
    });
  });
});

describe('selectedAgentId with two visits to the same queue', () => {
  // Jane answers the first queue visit at 50 s; the call comes back to Sales at 300 s and Bob answers at 310 s.
  const c = voiceCall();
  c.participants.push(
    {
      id: 'p-acd2',
      purpose: 'acd',
      name: 'Sales',
      queueId: 'q1',
      start: at(300),
      end: at(310),
      sessions: [
        {
          id: 's-acd2',
          ...voice,
          mediaType: 'voice',
          direction: 'inbound',
          segments: [{ type: 'interact', start: at(300), end: at(310), queueId: 'q1', disconnectType: 'transfer' }],
          metrics: [],
        },
      ],
    },
    {
      id: 'p-agent2',
      purpose: 'agent',
      name: 'Bob Agent',
      userId: 'u2',
      queueId: 'q1',
      start: at(305),
      end: at(390),
      connected: at(310),
      sessions: [
        {
          id: 's-agent2',
          ...voice,
          mediaType: 'voice',
          direction: 'inbound',
          segments: [
            { type: 'alert', start: at(305), end: at(310), queueId: 'q1' },
            { type: 'interact', start: at(310), end: at(390), queueId: 'q1', disconnectType: 'peer' },
          ],
          metrics: [{ name: 'tAnswered', value: 10_000, emit: at(310), queueId: 'q1' }],
        },
      ],
    },
  );

  it.each([
    ['p-acd', 'u1'],
    ['p-acd2', 'u2'],
  ])('%s → %s', (acdId, userId) => {
    const out = toAnalyticsConversation(c);
    expect(participant(out, acdId).sessions?.[0]?.selectedAgentId).toBe(userId);
  });
});

describe('toAnalyticsConversation — other media', () => {
  it('puts the email subject on every segment', () => {
    const out = toAnalyticsConversation(simpleConversation('email'));
    const segments = participant(out, 'p-agent').sessions?.[0]?.segments ?? [];
    expect(segments.map((s) => s.subject)).toEqual(['Broken widget', 'Broken widget', 'Broken widget']);
    expect(segments[2]).toStrictEqual({
      segmentStart: '2024-05-01T10:01:20.000Z',
      segmentEnd: '2024-05-01T10:01:40.000Z',
      segmentType: 'wrapup',
      queueId: 'q2',
      wrapUpCode: 'wc1',
      subject: 'Broken widget',
    });
  });

  it('carries callback numbers and the scheduled time on callback sessions', () => {
    const session = participant(toAnalyticsConversation(simpleConversation('callback')), 'p-cust').sessions?.[0];
    expect(session?.callbackNumbers).toEqual(['+15551234567']);
    expect(session?.callbackScheduledTime).toBe('2024-05-01T10:00:05.000Z');
    expect(session?.mediaType).toBe('callback');
  });

  it('marks message sessions as web messaging', () => {
    const session = participant(toAnalyticsConversation(simpleConversation('message')), 'p-cust').sessions?.[0];
    expect(session?.messageType).toBe('webmessaging');
  });

  it('emits MOS only for voice', () => {
    const chat = { ...simpleConversation('chat'), mos: 4.1 };
    const out = toAnalyticsConversation(chat);
    expect('mediaStatsMinConversationMos' in out).toBe(false);
    expect('externalTag' in out).toBe(false);
    const session = participant(out, 'p-cust').sessions?.[0];
    expect(session && 'messageType' in session).toBe(false);
    expect(session && 'callbackNumbers' in session).toBe(false);
  });

  it('round-trips through JSON unchanged (no undefined-valued keys)', () => {
    const out = toAnalyticsConversation(view(voiceCall(), at(130)));
    expect(JSON.parse(JSON.stringify(out))).toStrictEqual(out);
  });
});
