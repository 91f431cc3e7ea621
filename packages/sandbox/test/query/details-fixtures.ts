/**
 * Hand-written wire detail records (`AnalyticsConversationWithoutAttributes`) for the details-query tests.
 *
 * | id     | media | dir      | start (2024-05-01) | end      | division | notes                                              |
 * |--------|-------|----------|--------------------|----------|----------|----------------------------------------------------|
 * | conv-c | chat  | inbound  | 09:00:00           | 09:20:00 | d2       | externalTag T-1; queue Q1; agent U2 (15 min talk)  |
 * | conv-0 | voice | outbound | 10:00:00           | 10:05:00 | d1       | agent U1 dials; no queue; MOS 3.1; first segment 10:00:01 |
 * | conv-a | voice | inbound  | 10:00:00           | 10:10:00 | d1       | queue Q1 → agent U1 (talk 480 s, wrap-up W1); MOS 4.2; vip property |
 * | conv-b | voice | inbound  | 11:00:00           | running  | d1       | Q1 → agent U1 → transfer → Q2 → agent U2 (still talking) |
 *
 * conv-0 and conv-a start at the same instant (tie broken by conversationId); the array below is NOT in
 * start order so that `unordered` is observable.
 */
import type platformClient from 'purecloud-platform-client-v2';

type Conversation = platformClient.Models.AnalyticsConversationWithoutAttributes;

const at = (hhmmss: string): string => `2024-05-01T${hhmmss}.000Z`;

export const CONV_A: Conversation = {
  conversationId: 'conv-a',
  conversationStart: at('10:00:00'),
  conversationEnd: at('10:10:00'),
  originatingDirection: 'inbound',
  divisionIds: ['d1'],
  mediaStatsMinConversationMos: 4.2,
  participants: [
    {
      participantId: 'a-p1',
      participantName: 'Alice Customer',
      purpose: 'customer',
      sessions: [
        {
          sessionId: 'a-s1',
          mediaType: 'voice',
          direction: 'inbound',
          ani: 'tel:+15550001',
          dnis: 'tel:+18000001',
          addressFrom: 'tel:+15550001',
          addressTo: 'tel:+18000001',
          segments: [{ segmentStart: at('10:00:00'), segmentEnd: at('10:10:00'), segmentType: 'interact', disconnectType: 'endpoint' }],
          metrics: [
            { name: 'nConnected', value: 1, emitDate: at('10:00:00') },
            { name: 'tConnected', value: 600000, emitDate: at('10:10:00') },
          ],
        },
      ],
    },
    {
      participantId: 'a-p2',
      participantName: 'Sales',
      purpose: 'acd',
      sessions: [
        {
          sessionId: 'a-s2',
          mediaType: 'voice',
          direction: 'inbound',
          ani: 'tel:+15550001',
          dnis: 'tel:+18000001',
          segments: [{ segmentStart: at('10:00:30'), segmentEnd: at('10:01:00'), segmentType: 'interact', queueId: 'Q1', disconnectType: 'transfer' }],
          metrics: [
            { name: 'nOffered', value: 1, emitDate: at('10:00:30') },
            { name: 'tAcd', value: 30000, emitDate: at('10:01:00') },
          ],
        },
      ],
    },
    {
      participantId: 'a-p3',
      participantName: 'Bob Agent',
      purpose: 'agent',
      userId: 'U1',
      sessions: [
        {
          sessionId: 'a-s3',
          mediaType: 'voice',
          direction: 'inbound',
          ani: 'tel:+15550001',
          dnis: 'tel:+18000001',
          recording: true,
          segments: [
            { segmentStart: at('10:00:55'), segmentEnd: at('10:01:00'), segmentType: 'alert', queueId: 'Q1' },
            {
              segmentStart: at('10:01:00'),
              segmentEnd: at('10:09:00'),
              segmentType: 'interact',
              queueId: 'Q1',
              disconnectType: 'client',
              properties: [{ property: 'vip', propertyType: 'bool', value: 'true' }],
            },
            { segmentStart: at('10:09:00'), segmentEnd: at('10:10:00'), segmentType: 'wrapup', queueId: 'Q1', wrapUpCode: 'W1', wrapUpNote: 'Renewed' },
          ],
          metrics: [
            { name: 'tAlert', value: 5000, emitDate: at('10:01:00') },
            { name: 'tAnswered', value: 30000, emitDate: at('10:01:00') },
            { name: 'tTalk', value: 480000, emitDate: at('10:09:00') },
            { name: 'tAcw', value: 60000, emitDate: at('10:10:00') },
            { name: 'tHandle', value: 540000, emitDate: at('10:10:00') },
          ],
        },
      ],
    },
  ],
};

export const CONV_B: Conversation = {
  conversationId: 'conv-b',
  conversationStart: at('11:00:00'),
  originatingDirection: 'inbound',
  divisionIds: ['d1'],
  participants: [
    {
      participantId: 'b-p1',
      participantName: 'Carol Customer',
      purpose: 'customer',
      sessions: [
        {
          sessionId: 'b-s1',
          mediaType: 'voice',
          direction: 'inbound',
          ani: 'tel:+15550002',
          dnis: 'tel:+18000001',
          segments: [{ segmentStart: at('11:00:00'), segmentType: 'interact' }],
          metrics: [{ name: 'nConnected', value: 1, emitDate: at('11:00:00') }],
        },
      ],
    },
    {
      participantId: 'b-p2',
      participantName: 'Sales',
      purpose: 'acd',
      sessions: [
        {
          sessionId: 'b-s2',
          mediaType: 'voice',
          direction: 'inbound',
          segments: [{ segmentStart: at('11:00:10'), segmentEnd: at('11:00:40'), segmentType: 'interact', queueId: 'Q1', disconnectType: 'transfer' }],
          metrics: [{ name: 'tAcd', value: 30000, emitDate: at('11:00:40') }],
        },
      ],
    },
    {
      participantId: 'b-p3',
      participantName: 'Bob Agent',
      purpose: 'agent',
      userId: 'U1',
      sessions: [
        {
          sessionId: 'b-s3',
          mediaType: 'voice',
          direction: 'inbound',
          segments: [
            { segmentStart: at('11:00:40'), segmentEnd: at('11:02:00'), segmentType: 'interact', queueId: 'Q1', disconnectType: 'transfer' },
          ],
          metrics: [
            { name: 'tAnswered', value: 30000, emitDate: at('11:00:40') },
            { name: 'nTransferred', value: 1, emitDate: at('11:02:00') },
          ],
        },
      ],
    },
    {
      participantId: 'b-p4',
      participantName: 'Support',
      purpose: 'acd',
      sessions: [
        {
          sessionId: 'b-s4',
          mediaType: 'voice',
          direction: 'inbound',
          segments: [{ segmentStart: at('11:02:00'), segmentEnd: at('11:02:10'), segmentType: 'interact', queueId: 'Q2', disconnectType: 'transfer' }],
          metrics: [{ name: 'tAcd', value: 10000, emitDate: at('11:02:10') }],
        },
      ],
    },
    {
      participantId: 'b-p5',
      participantName: 'Dan Agent',
      purpose: 'agent',
      userId: 'U2',
      sessions: [
        {
          sessionId: 'b-s5',
          mediaType: 'voice',
          direction: 'inbound',
          segments: [{ segmentStart: at('11:02:10'), segmentType: 'interact', queueId: 'Q2' }],
          metrics: [{ name: 'tAnswered', value: 10000, emitDate: at('11:02:10') }],
        },
      ],
    },
  ],
};

export const CONV_C: Conversation = {
  conversationId: 'conv-c',
  conversationStart: at('09:00:00'),
  conversationEnd: at('09:20:00'),
  originatingDirection: 'inbound',
  divisionIds: ['d2'],
  externalTag: 'T-1',
  participants: [
    {
      participantId: 'c-p1',
      participantName: 'Erin Customer',
      purpose: 'customer',
      sessions: [
        {
          sessionId: 'c-s1',
          mediaType: 'chat',
          direction: 'inbound',
          addressFrom: 'erin@example.com',
          segments: [{ segmentStart: at('09:00:00'), segmentEnd: at('09:20:00'), segmentType: 'interact' }],
          metrics: [{ name: 'nConnected', value: 1, emitDate: at('09:00:00') }],
        },
      ],
    },
    {
      participantId: 'c-p2',
      participantName: 'Sales',
      purpose: 'acd',
      sessions: [
        {
          sessionId: 'c-s2',
          mediaType: 'chat',
          direction: 'inbound',
          segments: [{ segmentStart: at('09:00:05'), segmentEnd: at('09:01:00'), segmentType: 'interact', queueId: 'Q1' }],
          metrics: [{ name: 'tAcd', value: 55000, emitDate: at('09:01:00') }],
        },
      ],
    },
    {
      participantId: 'c-p3',
      participantName: 'Dan Agent',
      purpose: 'agent',
      userId: 'U2',
      sessions: [
        {
          sessionId: 'c-s3',
          mediaType: 'chat',
          direction: 'inbound',
          segments: [
            { segmentStart: at('09:01:00'), segmentEnd: at('09:16:00'), segmentType: 'interact', queueId: 'Q1' },
            { segmentStart: at('09:16:00'), segmentEnd: at('09:20:00'), segmentType: 'wrapup', queueId: 'Q1', wrapUpCode: 'W2' },
          ],
          metrics: [
            { name: 'tAnswered', value: 55000, emitDate: at('09:01:00') },
            { name: 'tAcw', value: 240000, emitDate: at('09:20:00') },
          ],
        },
      ],
    },
  ],
};

export const CONV_0: Conversation = {
  conversationId: 'conv-0',
  conversationStart: at('10:00:00'),
  conversationEnd: at('10:05:00'),
  originatingDirection: 'outbound',
  divisionIds: ['d1'],
  mediaStatsMinConversationMos: 3.1,
  participants: [
    {
      participantId: '0-p1',
      participantName: 'Bob Agent',
      purpose: 'agent',
      userId: 'U1',
      sessions: [
        {
          sessionId: '0-s1',
          mediaType: 'voice',
          direction: 'outbound',
          ani: 'tel:+18000001',
          dnis: 'tel:+15550009',
          segments: [
            { segmentStart: at('10:00:01'), segmentEnd: at('10:00:10'), segmentType: 'dialing' },
            { segmentStart: at('10:00:10'), segmentEnd: at('10:03:30'), segmentType: 'interact', disconnectType: 'client' },
            { segmentStart: at('10:03:30'), segmentEnd: at('10:05:00'), segmentType: 'wrapup', wrapUpCode: 'W1' },
          ],
          metrics: [
            { name: 'nOutbound', value: 1, emitDate: at('10:00:01') },
            { name: 'tDialing', value: 9000, emitDate: at('10:00:10') },
            { name: 'tTalk', value: 200000, emitDate: at('10:03:30') },
          ],
        },
      ],
    },
    {
      participantId: '0-p2',
      participantName: 'Frank Customer',
      purpose: 'customer',
      sessions: [
        {
          sessionId: '0-s2',
          mediaType: 'voice',
          direction: 'outbound',
          ani: 'tel:+18000001',
          dnis: 'tel:+15550009',
          segments: [{ segmentStart: at('10:00:10'), segmentEnd: at('10:03:30'), segmentType: 'interact', disconnectType: 'peer' }],
          metrics: [],
        },
      ],
    },
  ],
};

/** Not in start order on purpose. */
export const ALL: readonly Conversation[] = [CONV_A, CONV_B, CONV_C, CONV_0];
