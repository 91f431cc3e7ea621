/**
 * Hand-built records for the wire tests. All times are literal epoch ms: T0 = 2024-05-01T10:00:00.000Z.
 */
import type { Org, OrgAgent, OrgQueue, SimConversation } from '../../src/model.js';

export const T0 = 1_714_557_600_000; // 2024-05-01T10:00:00.000Z
/** T0 + `s` seconds. */
export const at = (s: number): number => T0 + s * 1000;

const jane: OrgAgent = {
  id: 'u1',
  index: 0,
  name: 'Jane Agent',
  email: 'jane.agent@example.com',
  username: 'jane.agent@example.com',
  title: 'Agent',
  department: 'Sales',
  queueIds: ['q1'],
  shiftStartMinute: 480,
  shiftLengthMinutes: 480,
};
const bob: OrgAgent = {
  id: 'u2',
  index: 1,
  name: 'Bob Agent',
  email: 'bob.agent@example.com',
  username: 'bob.agent@example.com',
  title: 'Senior Agent',
  department: 'Support',
  queueIds: ['q1', 'q2'],
  nightCrew: 1,
  shiftStartMinute: 960,
  shiftLengthMinutes: 480,
};
const sales: OrgQueue = {
  id: 'q1',
  index: 0,
  name: 'Sales',
  description: 'Sales line',
  mediaTypes: ['voice', 'message'],
  serviceLevel: { percentage: 0.8, durationMs: 20_000 },
  alertingTimeoutSeconds: 8,
  shortAbandonMs: 10_000,
  memberIds: ['u1', 'u2'],
  wrapUpCodeIds: ['wc1'],
};
const support: OrgQueue = {
  id: 'q2',
  index: 1,
  name: 'Support',
  description: 'Support desk',
  mediaTypes: ['callback', 'chat', 'email'],
  serviceLevel: { percentage: 0.9, durationMs: 3_600_000 },
  alertingTimeoutSeconds: 30,
  shortAbandonMs: 5_000,
  memberIds: ['u2'],
  wrapUpCodeIds: ['wc1'],
};

export const org: Org = {
  id: 'org1',
  name: 'Sandbox Org',
  divisionId: 'd1',
  divisionName: 'Home',
  agents: [jane, bob],
  queues: [sales, support],
  wrapUpCodes: [{ id: 'wc1', name: 'Sale' }],
  agentById: new Map([
    ['u1', jane],
    ['u2', bob],
  ]),
  queueById: new Map([
    ['q1', sales],
    ['q2', support],
  ]),
  wrapUpCodeById: new Map([['wc1', { id: 'wc1', name: 'Sale' }]]),
  presences: [
    { id: 'pd-available', systemPresence: 'AVAILABLE', label: 'Available' },
    { id: 'pd-onqueue', systemPresence: 'ON_QUEUE', label: 'On Queue' },
    { id: 'pd-offline', systemPresence: 'OFFLINE', label: 'Offline' },
  ],
  dateCreated: 1_704_067_200_000, // 2024-01-01T00:00:00.000Z
};

export const CUSTOMER_TEL = 'tel:+15551234567';
export const DNIS_TEL = 'tel:+18005550000';

const voiceAddr = { ani: CUSTOMER_TEL, dnis: DNIS_TEL, addressFrom: CUSTOMER_TEL, addressTo: DNIS_TEL };

/**
 * An inbound call: IVR 0–30 s, queue Sales 30–50 s, Jane alerted at 40 s, answers at 50 s, holds 120–150 s,
 * hangs up at 300 s, wraps up until 400 s.
 */
export function voiceCall(): SimConversation {
  return {
    id: 'c1',
    day: 19_844,
    index: 0,
    start: at(0),
    end: at(400),
    mediaType: 'voice',
    originatingDirection: 'inbound',
    divisionId: 'd1',
    queueId: 'q1',
    externalTag: 'ext-42',
    mos: 4.38,
    participants: [
      {
        id: 'p-cust',
        purpose: 'customer',
        name: 'Carla Customer',
        start: at(0),
        end: at(300),
        connected: at(0),
        sessions: [
          {
            id: 's-cust',
            mediaType: 'voice',
            direction: 'inbound',
            ...voiceAddr,
            recording: true,
            segments: [{ type: 'interact', start: at(0), end: at(300), disconnectType: 'peer' }],
            metrics: [
              { name: 'tConnected', value: 300_000, emit: at(300) },
              { name: 'nConnected', value: 1, emit: at(0) },
            ],
          },
        ],
      },
      {
        id: 'p-ivr',
        purpose: 'ivr',
        name: 'Main IVR',
        start: at(0),
        end: at(30),
        connected: at(0),
        sessions: [
          {
            id: 's-ivr',
            mediaType: 'voice',
            direction: 'inbound',
            ...voiceAddr,
            segments: [{ type: 'ivr', start: at(0), end: at(30), disconnectType: 'transfer' }],
            metrics: [
              { name: 'tIvr', value: 30_000, emit: at(30) },
              { name: 'nFlow', value: 1, emit: at(0) },
            ],
          },
        ],
      },
      {
        id: 'p-acd',
        purpose: 'acd',
        name: 'Sales',
        queueId: 'q1',
        start: at(30),
        end: at(50),
        connected: at(30),
        sessions: [
          {
            id: 's-acd',
            mediaType: 'voice',
            direction: 'inbound',
            ...voiceAddr,
            segments: [{ type: 'interact', start: at(30), end: at(50), queueId: 'q1', disconnectType: 'transfer' }],
            metrics: [
              { name: 'tWait', value: 20_000, emit: at(50), queueId: 'q1' },
              { name: 'tAcd', value: 20_000, emit: at(50), queueId: 'q1' },
              { name: 'nOffered', value: 1, emit: at(30), queueId: 'q1' },
            ],
          },
        ],
      },
      {
        id: 'p-agent',
        purpose: 'agent',
        name: 'Jane Agent',
        userId: 'u1',
        queueId: 'q1',
        start: at(40),
        end: at(300),
        connected: at(50),
        wrapup: { code: 'wc1', name: 'Sale', notes: 'Sold', durationSeconds: 100, endTime: at(400) },
        sessions: [
          {
            id: 's-agent',
            mediaType: 'voice',
            direction: 'inbound',
            ...voiceAddr,
            recording: true,
            segments: [
              { type: 'alert', start: at(40), end: at(50), queueId: 'q1' },
              { type: 'interact', start: at(50), end: at(120), queueId: 'q1' },
              { type: 'hold', start: at(120), end: at(150), queueId: 'q1' },
              { type: 'interact', start: at(150), end: at(300), queueId: 'q1', disconnectType: 'client' },
              { type: 'wrapup', start: at(300), end: at(400), queueId: 'q1', wrapUpCode: 'wc1', wrapUpNote: 'Sold' },
            ],
            metrics: [
              { name: 'tAcw', value: 100_000, emit: at(400), queueId: 'q1', wrapUpCode: 'wc1' },
              { name: 'tHandle', value: 350_000, emit: at(400), queueId: 'q1', wrapUpCode: 'wc1' },
              { name: 'tTalk', value: 70_000, emit: at(120), queueId: 'q1' },
              { name: 'tAnswered', value: 20_000, emit: at(50), queueId: 'q1' },
              { name: 'tAlert', value: 10_000, emit: at(50), queueId: 'q1' },
              { name: 'tHeld', value: 30_000, emit: at(150), queueId: 'q1' },
            ],
          },
        ],
      },
    ],
  };
}

/** A one-participant-per-side conversation of the given non-voice media, handled by Bob in Support. */
export function simpleConversation(mediaType: 'chat' | 'email' | 'message' | 'callback'): SimConversation {
  const addr =
    mediaType === 'email'
      ? { ani: 'carla@example.com', dnis: 'support@sandbox.example', addressFrom: 'carla@example.com', addressTo: 'support@sandbox.example' }
      : { ani: 'carla-handle', dnis: 'support-channel', addressFrom: 'carla-handle', addressTo: 'support-channel' };
  const extra =
    mediaType === 'email'
      ? { subject: 'Broken widget' }
      : mediaType === 'callback'
        ? { callbackNumbers: ['+15551234567'], callbackScheduledTime: at(5) }
        : {};
  return {
    id: `c-${mediaType}`,
    day: 19_844,
    index: 1,
    start: at(0),
    end: at(100),
    mediaType,
    originatingDirection: 'inbound',
    divisionId: 'd1',
    queueId: 'q2',
    participants: [
      {
        id: 'p-cust',
        purpose: 'customer',
        name: 'Carla Customer',
        start: at(0),
        end: at(80),
        connected: at(0),
        sessions: [
          {
            id: 's-cust',
            mediaType,
            direction: 'inbound',
            ...addr,
            ...extra,
            segments: [{ type: 'interact', start: at(0), end: at(80), disconnectType: 'client' }],
            metrics: [],
          },
        ],
      },
      {
        id: 'p-agent',
        purpose: 'agent',
        name: 'Bob Agent',
        userId: 'u2',
        queueId: 'q2',
        start: at(10),
        end: at(80),
        connected: at(20),
        sessions: [
          {
            id: 's-agent',
            mediaType,
            direction: 'inbound',
            ...addr,
            ...extra,
            segments: [
              { type: 'alert', start: at(10), end: at(20), queueId: 'q2' },
              { type: 'interact', start: at(20), end: at(80), queueId: 'q2', disconnectType: 'peer' },
              { type: 'wrapup', start: at(80), end: at(100), queueId: 'q2', wrapUpCode: 'wc1' },
            ],
            metrics: [{ name: 'tAnswered', value: 20_000, emit: at(20), queueId: 'q2' }],
          },
        ],
      },
    ],
  };
}
