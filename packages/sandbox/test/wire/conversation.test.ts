import { describe, expect, it } from 'vitest';
import { viewAt, type DisconnectType, type SimConversation, type SimParticipant } from '../../src/model.js';
import {
  sessionState,
  toCallConversation,
  toCallConversationListing,
  toConversation,
  toConversationListing,
} from '../../src/wire/conversation.js';
import { at, CUSTOMER_TEL, DNIS_TEL, org, simpleConversation, voiceCall } from './fixtures.js';

const conversationAt = (c: SimConversation, t: number) => {
  const v = viewAt(c, t);
  if (!v) throw new Error('conversation not started');
  return toConversation(v, org, t);
};

const participantOf = (conv: ReturnType<typeof toConversation>, id: string) => {
  const p = conv.participants.find((x) => x.id === id);
  if (!p) throw new Error(`no participant ${id}`);
  return p;
};

/** The fields of a participant's single call that describe its state. */
const callState = (conv: ReturnType<typeof toConversation>, id: string) => {
  const call = participantOf(conv, id).calls?.[0];
  if (!call) throw new Error(`no call for ${id}`);
  const { state, held, connectedTime, disconnectedTime, disconnectType, startAlertingTime, startHoldTime } = call;
  return Object.fromEntries(
    Object.entries({ state, held, connectedTime, disconnectedTime, disconnectType, startAlertingTime, startHoldTime }).filter(
      ([, v]) => v !== undefined,
    ),
  );
};

describe('toConversation — voice call states over time', () => {
  it.each([
    // [seconds after start, participant, expected call state]
    [10, 'p-cust', { state: 'connected', held: false, connectedTime: '2024-05-01T10:00:00.000Z' }],
    [10, 'p-ivr', { state: 'connected', held: false, connectedTime: '2024-05-01T10:00:00.000Z' }],
    [
      35,
      'p-ivr',
      {
        state: 'disconnected',
        held: false,
        connectedTime: '2024-05-01T10:00:00.000Z',
        disconnectedTime: '2024-05-01T10:00:30.000Z',
        disconnectType: 'transfer',
      },
    ],
    [35, 'p-acd', { state: 'connected', held: false, connectedTime: '2024-05-01T10:00:30.000Z' }],
    [45, 'p-acd', { state: 'connected', held: false, connectedTime: '2024-05-01T10:00:30.000Z' }],
    [45, 'p-agent', { state: 'alerting', held: false, startAlertingTime: '2024-05-01T10:00:40.000Z' }],
    [
      60,
      'p-acd',
      {
        state: 'disconnected',
        held: false,
        connectedTime: '2024-05-01T10:00:30.000Z',
        disconnectedTime: '2024-05-01T10:00:50.000Z',
        disconnectType: 'transfer',
      },
    ],
    [
      60,
      'p-agent',
      { state: 'connected', held: false, startAlertingTime: '2024-05-01T10:00:40.000Z', connectedTime: '2024-05-01T10:00:50.000Z' },
    ],
    [
      130,
      'p-agent',
      {
        state: 'connected',
        held: true,
        startHoldTime: '2024-05-01T10:02:00.000Z',
        startAlertingTime: '2024-05-01T10:00:40.000Z',
        connectedTime: '2024-05-01T10:00:50.000Z',
      },
    ],
    [
      200,
      'p-agent',
      { state: 'connected', held: false, startAlertingTime: '2024-05-01T10:00:40.000Z', connectedTime: '2024-05-01T10:00:50.000Z' },
    ],
    [
      350,
      'p-agent',
      {
        state: 'disconnected',
        held: false,
        startAlertingTime: '2024-05-01T10:00:40.000Z',
        connectedTime: '2024-05-01T10:00:50.000Z',
        disconnectedTime: '2024-05-01T10:05:00.000Z',
        disconnectType: 'client',
      },
    ],
    [
      350,
      'p-cust',
      {
        state: 'disconnected',
        held: false,
        connectedTime: '2024-05-01T10:00:00.000Z',
        disconnectedTime: '2024-05-01T10:05:00.000Z',
        disconnectType: 'peer',
      },
    ],
  ])('at +%ss %s', (s, id, expected) => {
    expect(callState(conversationAt(voiceCall(), at(s)), id)).toStrictEqual(expected);
  });

  it('lists only the participants that have joined', () => {
    expect(conversationAt(voiceCall(), at(10)).participants.map((p) => p.id)).toEqual(['p-cust', 'p-ivr']);
    expect(conversationAt(voiceCall(), at(45)).participants.map((p) => p.id)).toEqual(['p-cust', 'p-ivr', 'p-acd', 'p-agent']);
  });

  it('emits the whole conversation while the agent holds', () => {
    expect(conversationAt(voiceCall(), at(130))).toStrictEqual({
      id: 'c1',
      startTime: '2024-05-01T10:00:00.000Z',
      externalTag: 'ext-42',
      address: DNIS_TEL,
      participants: [
        {
          id: 'p-cust',
          startTime: '2024-05-01T10:00:00.000Z',
          connectedTime: '2024-05-01T10:00:00.000Z',
          name: 'Carla Customer',
          purpose: 'customer',
          address: CUSTOMER_TEL,
          ani: CUSTOMER_TEL,
          dnis: DNIS_TEL,
          wrapupRequired: false,
          calls: [
            {
              state: 'connected',
              id: 's-cust',
              direction: 'inbound',
              held: false,
              segments: [{ startTime: '2024-05-01T10:00:00.000Z', type: 'Interact' }],
              connectedTime: '2024-05-01T10:00:00.000Z',
              afterCallWorkRequired: false,
              recording: true,
              recordingState: 'active',
              muted: false,
              confined: false,
            },
          ],
        },
        {
          id: 'p-ivr',
          startTime: '2024-05-01T10:00:00.000Z',
          endTime: '2024-05-01T10:00:30.000Z',
          connectedTime: '2024-05-01T10:00:00.000Z',
          name: 'Main IVR',
          purpose: 'ivr',
          address: DNIS_TEL,
          ani: CUSTOMER_TEL,
          dnis: DNIS_TEL,
          wrapupRequired: false,
          calls: [
            {
              state: 'disconnected',
              id: 's-ivr',
              direction: 'inbound',
              held: false,
              segments: [
                {
                  startTime: '2024-05-01T10:00:00.000Z',
                  endTime: '2024-05-01T10:00:30.000Z',
                  type: 'Ivr',
                  howEnded: 'Disconnect',
                  disconnectType: 'transfer',
                },
              ],
              disconnectType: 'transfer',
              connectedTime: '2024-05-01T10:00:00.000Z',
              disconnectedTime: '2024-05-01T10:00:30.000Z',
              afterCallWorkRequired: false,
              recording: false,
              recordingState: 'none',
              muted: false,
              confined: false,
            },
          ],
        },
        {
          id: 'p-acd',
          startTime: '2024-05-01T10:00:30.000Z',
          endTime: '2024-05-01T10:00:50.000Z',
          connectedTime: '2024-05-01T10:00:30.000Z',
          name: 'Sales',
          queueId: 'q1',
          queueName: 'Sales',
          purpose: 'acd',
          address: DNIS_TEL,
          ani: CUSTOMER_TEL,
          dnis: DNIS_TEL,
          wrapupRequired: false,
          calls: [
            {
              state: 'disconnected',
              id: 's-acd',
              direction: 'inbound',
              held: false,
              segments: [
                {
                  startTime: '2024-05-01T10:00:30.000Z',
                  endTime: '2024-05-01T10:00:50.000Z',
                  type: 'Interact',
                  howEnded: 'Disconnect',
                  disconnectType: 'transfer',
                },
              ],
              disconnectType: 'transfer',
              connectedTime: '2024-05-01T10:00:30.000Z',
              disconnectedTime: '2024-05-01T10:00:50.000Z',
              afterCallWorkRequired: false,
              recording: false,
              recordingState: 'none',
              muted: false,
              confined: false,
            },
          ],
        },
        {
          id: 'p-agent',
          startTime: '2024-05-01T10:00:40.000Z',
          connectedTime: '2024-05-01T10:00:50.000Z',
          name: 'Jane Agent',
          userUri: '/api/v2/users/u1',
          userId: 'u1',
          queueId: 'q1',
          queueName: 'Sales',
          purpose: 'agent',
          address: DNIS_TEL,
          ani: CUSTOMER_TEL,
          dnis: DNIS_TEL,
          wrapupRequired: true,
          calls: [
            {
              state: 'connected',
              id: 's-agent',
              direction: 'inbound',
              held: true,
              segments: [
                { startTime: '2024-05-01T10:00:40.000Z', endTime: '2024-05-01T10:00:50.000Z', type: 'Alert', howEnded: 'Interact' },
                { startTime: '2024-05-01T10:00:50.000Z', endTime: '2024-05-01T10:02:00.000Z', type: 'Interact', howEnded: 'Hold' },
                { startTime: '2024-05-01T10:02:00.000Z', type: 'Hold' },
              ],
              startHoldTime: '2024-05-01T10:02:00.000Z',
              startAlertingTime: '2024-05-01T10:00:40.000Z',
              connectedTime: '2024-05-01T10:00:50.000Z',
              afterCallWorkRequired: true,
              recording: true,
              recordingState: 'active',
              muted: false,
              confined: false,
            },
          ],
        },
      ],
      recordingState: 'ACTIVE',
      divisions: [
        {
          division: { id: 'd1', selfUri: '/api/v2/authorization/divisions/d1' },
          entities: [{ id: 'q1', selfUri: '/api/v2/routing/queues/q1' }],
        },
      ],
      selfUri: '/api/v2/conversations/c1',
    });
  });

  it('does not name the queue in divisions before the call reaches it', () => {
    expect(conversationAt(voiceCall(), at(10)).divisions).toStrictEqual([
      { division: { id: 'd1', selfUri: '/api/v2/authorization/divisions/d1' }, entities: [] },
    ]);
  });

  it('keeps an agent in wrap-up in the conversation, without a wrap-up yet', () => {
    const conv = conversationAt(voiceCall(), at(350));
    const agent = participantOf(conv, 'p-agent');
    expect(agent.endTime).toBe('2024-05-01T10:05:00.000Z');
    expect(agent.wrapupRequired).toBe(true);
    expect(agent.startAcwTime).toBe('2024-05-01T10:05:00.000Z');
    expect('endAcwTime' in agent).toBe(false);
    expect('wrapup' in agent).toBe(false);
    expect('endTime' in conv).toBe(false);
    expect(conv.recordingState).toBe('NONE');
    // The wrap-up is not a media segment.
    expect(agent.calls?.[0]?.segments?.map((s) => s.type)).toEqual(['Alert', 'Interact', 'Hold', 'Interact']);
  });

  it('shows the ended conversation with the wrap-up', () => {
    const conv = conversationAt(voiceCall(), at(500));
    expect(conv.endTime).toBe('2024-05-01T10:06:40.000Z');
    expect(conv.recordingState).toBe('NONE');
    const agent = participantOf(conv, 'p-agent');
    expect(agent.wrapup).toStrictEqual({
      code: 'wc1',
      name: 'Sale',
      notes: 'Sold',
      durationSeconds: 100,
      endTime: '2024-05-01T10:06:40.000Z',
    });
    expect(agent.startAcwTime).toBe('2024-05-01T10:05:00.000Z');
    expect(agent.endAcwTime).toBe('2024-05-01T10:06:40.000Z');
    expect(conv.participants.map((p) => p.calls?.[0]?.state)).toEqual(['disconnected', 'disconnected', 'disconnected', 'disconnected']);
  });

  it('never emits Conversation.state and never uses "terminated"', () => {
    for (const s of [10, 45, 130, 350, 500]) {
      const conv = conversationAt(voiceCall(), at(s));
      expect('state' in conv).toBe(false);
      expect(JSON.stringify(conv)).not.toContain('terminated');
    }
  });

  it('round-trips through JSON unchanged (no undefined-valued keys)', () => {
    const conv = conversationAt(voiceCall(), at(350));
    expect(JSON.parse(JSON.stringify(conv))).toStrictEqual(conv);
  });
});

describe('disconnect types', () => {
  const withDisconnect = (d: DisconnectType): SimParticipant => ({
    id: 'p',
    purpose: 'customer',
    name: 'C',
    start: at(0),
    end: at(10),
    sessions: [
      {
        id: 's',
        mediaType: 'voice',
        direction: 'inbound',
        ani: CUSTOMER_TEL,
        dnis: DNIS_TEL,
        addressFrom: CUSTOMER_TEL,
        addressTo: DNIS_TEL,
        segments: [{ type: 'interact', start: at(0), end: at(10), disconnectType: d }],
        metrics: [],
      },
    ],
  });

  it.each([
    ['client', 'client'],
    ['endpoint', 'endpoint'],
    ['transfer', 'transfer'],
    ['consultTransfer', 'transfer.consult'],
    ['peer', 'peer'],
    ['system', 'system'],
    ['noAnswerTransfer', 'transfer.noanswer'],
    ['error', 'error'],
  ] as const)('%s → %s', (analytics, live) => {
    const p = withDisconnect(analytics);
    const session = p.sessions[0];
    if (!session) throw new Error('fixture');
    expect(sessionState(session, p)).toStrictEqual({
      state: 'disconnected',
      held: false,
      connectedTime: at(0),
      disconnectedTime: at(10),
      disconnectType: live,
    });
  });
});

describe('an agent who missed the offer', () => {
  it('is disconnected with transfer.noanswer and no wrap-up required', () => {
    const c = voiceCall();
    c.participants.push({
      id: 'p-miss',
      purpose: 'agent',
      name: 'Bob Agent',
      userId: 'u2',
      queueId: 'q1',
      start: at(32),
      end: at(40),
      sessions: [
        {
          id: 's-miss',
          mediaType: 'voice',
          direction: 'inbound',
          ani: CUSTOMER_TEL,
          dnis: DNIS_TEL,
          addressFrom: CUSTOMER_TEL,
          addressTo: DNIS_TEL,
          segments: [{ type: 'alert', start: at(32), end: at(40), queueId: 'q1', disconnectType: 'noAnswerTransfer' }],
          metrics: [],
        },
      ],
    });
    const conv = conversationAt(c, at(100));
    const missed = participantOf(conv, 'p-miss');
    expect(missed.wrapupRequired).toBe(false);
    expect('connectedTime' in missed).toBe(false);
    expect(callState(conv, 'p-miss')).toStrictEqual({
      state: 'disconnected',
      held: false,
      startAlertingTime: '2024-05-01T10:00:32.000Z',
      disconnectedTime: '2024-05-01T10:00:40.000Z',
      disconnectType: 'transfer.noanswer',
    });
    // While still ringing (before its end) the same agent is alerting.
    expect(callState(conversationAt(c, at(35)), 'p-miss')).toStrictEqual({
      state: 'alerting',
      held: false,
      startAlertingTime: '2024-05-01T10:00:32.000Z',
    });
  });
});

describe('toConversation — media arrays per conversation media type', () => {
  const MEDIA_KEYS = ['calls', 'callbacks', 'chats', 'emails', 'messages'];
  const agentOf = (mediaType: 'chat' | 'email' | 'message' | 'callback', t: number) =>
    participantOf(conversationAt(simpleConversation(mediaType), at(t)), 'p-agent');

  it.each([
    ['chat', 'chats'],
    ['email', 'emails'],
    ['message', 'messages'],
    ['callback', 'callbacks'],
  ] as const)('%s → only %s', (mediaType, key) => {
    const agent = agentOf(mediaType, 50);
    expect(MEDIA_KEYS.filter((k) => k in agent)).toEqual([key]);
  });

  it('gives chats their room', () => {
    expect(agentOf('chat', 50).chats).toStrictEqual([
      {
        state: 'connected',
        id: 's-agent',
        direction: 'inbound',
        held: false,
        segments: [
          { startTime: '2024-05-01T10:00:10.000Z', endTime: '2024-05-01T10:00:20.000Z', type: 'Alert', howEnded: 'Interact' },
          { startTime: '2024-05-01T10:00:20.000Z', type: 'Interact' },
        ],
        startAlertingTime: '2024-05-01T10:00:10.000Z',
        connectedTime: '2024-05-01T10:00:20.000Z',
        afterCallWorkRequired: true,
        roomId: 'c-chat@conference.sandbox.inin.com',
      },
    ]);
  });

  it('gives emails their subject', () => {
    const email = agentOf('email', 15).emails?.[0];
    expect(email?.state).toBe('alerting');
    expect(email?.subject).toBe('Broken widget');
    expect(email && 'recording' in email).toBe(false);
  });

  it('gives messages their type', () => {
    expect(agentOf('message', 90).messages?.[0]).toMatchObject({ state: 'disconnected', type: 'webmessaging', disconnectType: 'peer' });
  });

  it('gives callbacks their numbers and scheduled time', () => {
    const cb = agentOf('callback', 50).callbacks?.[0];
    expect(cb?.callbackNumbers).toEqual(['+15551234567']);
    expect(cb?.callbackScheduledTime).toBe('2024-05-01T10:00:05.000Z');
  });

  it('addresses the conversation and its customer by the customer session', () => {
    const conv = conversationAt(simpleConversation('email'), at(50));
    expect(conv.address).toBe('support@sandbox.example');
    expect(participantOf(conv, 'p-cust').address).toBe('carla@example.com');
    expect(conv.recordingState).toBe('NONE');
  });
});

describe('toCallConversation', () => {
  it('flattens each participant’s call into a CallMediaParticipant', () => {
    const v = viewAt(voiceCall(), at(130));
    if (!v) throw new Error('not started');
    const conv = toCallConversation(v, org, at(130));
    expect(conv.id).toBe('c1');
    expect(conv.selfUri).toBe('/api/v2/conversations/calls/c1');
    expect(conv.recordingState).toBe('ACTIVE');
    expect(conv.participants?.map((p) => p.id)).toEqual(['p-cust', 'p-ivr', 'p-acd', 'p-agent']);
    expect(conv.participants?.[3]).toStrictEqual({
      id: 'p-agent',
      name: 'Jane Agent',
      address: DNIS_TEL,
      startTime: '2024-05-01T10:00:40.000Z',
      startAlertingTime: '2024-05-01T10:00:40.000Z',
      connectedTime: '2024-05-01T10:00:50.000Z',
      startHoldTime: '2024-05-01T10:02:00.000Z',
      purpose: 'agent',
      state: 'connected',
      direction: 'inbound',
      held: true,
      wrapupRequired: true,
      user: { id: 'u1', name: 'Jane Agent', selfUri: '/api/v2/users/u1' },
      queue: { id: 'q1', name: 'Sales', selfUri: '/api/v2/routing/queues/q1' },
      muted: false,
      confined: false,
      recording: true,
      recordingState: 'active',
      ani: CUSTOMER_TEL,
      dnis: DNIS_TEL,
    });
    expect(conv.participants?.[2]).toMatchObject({
      purpose: 'acd',
      state: 'disconnected',
      disconnectType: 'transfer',
      endTime: '2024-05-01T10:00:50.000Z',
      queue: { id: 'q1', name: 'Sales', selfUri: '/api/v2/routing/queues/q1' },
    });
    expect('startTime' in conv).toBe(false);
  });
});

describe('conversation listings', () => {
  it('wrap conversations in the paged envelope', () => {
    const v = viewAt(voiceCall(), at(130));
    if (!v) throw new Error('not started');
    const listing = toConversationListing([toConversation(v, org, at(130))], { pageSize: 25, pageNumber: 1 }, '/api/v2/conversations', new URLSearchParams());
    expect(listing.entities?.map((e) => e.id)).toEqual(['c1']);
    expect(listing).toMatchObject({ total: 1, pageCount: 1, selfUri: '/api/v2/conversations?pageSize=25&pageNumber=1' });
    const calls = toCallConversationListing([], { pageSize: 25, pageNumber: 1 }, '/api/v2/conversations/calls', new URLSearchParams());
    expect(calls).toStrictEqual({
      entities: [],
      pageSize: 25,
      pageNumber: 1,
      total: 0,
      pageCount: 0,
      firstUri: '/api/v2/conversations/calls?pageSize=25&pageNumber=1',
      selfUri: '/api/v2/conversations/calls?pageSize=25&pageNumber=1',
      lastUri: '/api/v2/conversations/calls?pageSize=25&pageNumber=1',
    });
  });
});
