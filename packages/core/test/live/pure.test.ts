import { describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../src/live/change-feed.js';
import { conversationFromEvent, endOf } from '../../src/live/conversation-event.js';
import { contentHash, EchoFilter } from '../../src/live/echo-filter.js';
import { LiveOverflowError } from '../../src/live/errors.js';
import { ConfigError, createClient } from '../../src/index.js';
import { parseFrame } from '../../src/live/frames.js';

describe('parseFrame', () => {
  it.each([
    ['{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}', { kind: 'heartbeat' }],
    ['{"topicName":"channel.metadata","eventBody":{"message":"pong"}}', { kind: 'pong' }],
    ['{"topicName":"v2.system.socket_closing","eventBody":{"message":"closing"}}', { kind: 'socket_closing' }],
    ['{"result":"200","status":"subscribed"}', { kind: 'metadata', message: 'subscribed' }],
    ['{"topicName":"v2.users.u1.presence","version":"2","eventBody":{"x":1},"metadata":{"CorrelationId":"c"}}', { kind: 'event', topicName: 'v2.users.u1.presence', eventBody: { x: 1 }, correlationId: 'c' }],
    ['{"topicName":"channel.metadata","eventBody":{"message":', { kind: 'malformed', reason: 'not JSON (55 bytes)' }],
    ['[1,2]', { kind: 'malformed', reason: 'not a JSON object' }],
    ['{"eventBody":{}}', { kind: 'malformed', reason: 'no topicName' }],
    ['{"topicName":"v2.users.u1.presence","eventBody":"x"}', { kind: 'malformed', reason: 'event on v2.users.u1.presence without an eventBody object' }],
  ])('%s', (text, frame) => {
    expect(parseFrame(text)).toEqual(frame);
  });
});

describe('EchoFilter: several ordered copies of one sequence merge into one', () => {
  const run = (arrivals: Array<[string, string]>) => {
    const f = new EchoFilter();
    return arrivals.filter(([stream, body]) => f.accept('c1', stream, contentHash(body))).map(([, body]) => body);
  };
  it.each([
    ['one stream, every event', [['A', 'e1'], ['A', 'e2'], ['A', 'e3']], ['e1', 'e2', 'e3']],
    ['a second stream echoing behind', [['A', 'e1'], ['A', 'e2'], ['B', 'e1'], ['B', 'e2']], ['e1', 'e2']],
    ['interleaved copies', [['A', 'e1'], ['B', 'e1'], ['A', 'e2'], ['B', 'e2']], ['e1', 'e2']],
    ['a state that repeats (held, unheld, held) is not an echo', [['A', 'S1'], ['A', 'S2'], ['A', 'S1'], ['B', 'S1'], ['B', 'S2'], ['B', 'S1']], ['S1', 'S2', 'S1']],
    ['a stream that joined late, then leads', [['A', 'S1'], ['A', 'S2'], ['B', 'S2'], ['B', 'S1'], ['A', 'S1']], ['S1', 'S2', 'S1']],
    ['a lagging stream that starts earlier matches the leader later', [['B', 'e2'], ['B', 'e3'], ['A', 'e1'], ['A', 'e2'], ['A', 'e3']], ['e2', 'e3', 'e1']],
    // An agent's topic joins after the queue's: its copies start later, and a third stream that matched an early
    // state the late one never had must still match the late one's later states (found on a busy-hour transfer).
    [
      'streams that start at different points',
      [['U2', 'A'], ['U2', 'B'], ['Q', 'T'], ['Q', 'A'], ['Q', 'B'], ['U1', 'T'], ['U1', 'A'], ['U1', 'B']],
      ['A', 'B', 'T'],
    ],
  ] as const)('%s', (_name, arrivals, applied) => {
    expect(run(arrivals.map(([s, b]) => [s, b]))).toEqual(applied);
  });
});

describe('EchoFilter and reconnected streams', () => {
  it('a stream opened after an entry arrived never matches it: a reconnect cannot take a new state for a stale echo', () => {
    const f = new EchoFilter();
    // Old stream A: unheld, held. The socket drops; new stream C (born at 10) sends "unheld" again: a real change.
    expect(f.accept('c1', 'A', contentHash('unheld'), 0, 1)).toBe(true);
    expect(f.accept('c1', 'A', contentHash('held'), 0, 2)).toBe(true);
    expect(f.accept('c1', 'C', contentHash('unheld'), 10, 11)).toBe(true);
    // A rotation's new stream (born at 20) echoing what the old one delivered after it was born is still an echo.
    expect(f.accept('c1', 'C', contentHash('held'), 10, 21)).toBe(true);
    expect(f.accept('c1', 'D', contentHash('held'), 20, 22)).toBe(false);
  });
});

describe('ChangeFeed', () => {
  it('ends a read that is still waiting when its reader leaves (return() while next() is pending)', async () => {
    const feed = new ChangeFeed<number>(3);
    const reader = feed.subscribe();
    const pending = reader.next();
    await reader.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(feed.readerCount).toBe(0);
    feed.publish(1); // nobody left to receive it
  });

  it('gives every reader every item in order, and drops a reader that falls behind its buffer with LiveOverflowError', async () => {
    const feed = new ChangeFeed<number>(3);
    const fast = feed.subscribe();
    const slow = feed.subscribe();
    const got: number[] = [];
    for (let i = 1; i <= 5; i++) {
      feed.publish(i);
      got.push((await fast.next()).value as number);
    }
    expect(got).toEqual([1, 2, 3, 4, 5]);
    await expect(slow.next()).rejects.toBeInstanceOf(LiveOverflowError);
    expect((await slow.next()).done).toBe(true);
    expect(feed.readerCount).toBe(1);
    feed.close();
    expect((await fast.next()).done).toBe(true);
  });
});

describe('conversation events read as conversations', () => {
  const agent = (state: string, acw?: 'pending' | 'complete') => ({
    id: 'p2', purpose: 'agent', userId: 'u1', connectedTime: '2026-03-10T14:00:10.000Z', wrapupRequired: true,
    calls: [{ id: 's2', state, connectedTime: '2026-03-10T14:00:10.000Z', ...(state === 'disconnected' ? { disconnectedTime: '2026-03-10T14:05:00.000Z' } : {}), ...(acw ? { afterCallWork: { state: acw } } : {}) }],
    ...(acw === 'complete' ? { endTime: '2026-03-10T14:05:00.000Z', endAcwTime: '2026-03-10T14:06:00.000Z', wrapup: { code: 'w', endTime: '2026-03-10T14:06:00.000Z' } } : {}),
  });
  const customer = (state: string) => ({ id: 'p1', purpose: 'customer', connectedTime: '2026-03-10T14:00:00.000Z', calls: [{ id: 's1', state, connectedTime: '2026-03-10T14:00:00.000Z' }] });
  it.each([
    ['talking', [customer('connected'), agent('connected')], undefined],
    ['customer gone, agent wrapping up', [customer('disconnected'), agent('disconnected', 'pending')], undefined],
    ['everyone done', [customer('disconnected'), agent('disconnected', 'complete')], '2026-03-10T14:06:00.000Z'],
  ])('%s', (_name, participants, end) => {
    expect(endOf(participants as never)).toBe(end);
  });
  it('keeps the start times it knew, and works one out for a conversation first seen in an event', () => {
    const first = conversationFromEvent({ id: 'c1', participants: [customer('connected')] });
    expect(first.startTime).toBe('2026-03-10T14:00:00.000Z');
    const next = conversationFromEvent({ id: 'c1', participants: [customer('connected'), agent('alerting')] }, { ...first, startTime: '2026-03-10T13:59:59.000Z' });
    expect(next.startTime).toBe('2026-03-10T13:59:59.000Z');
    expect(next.participants?.[0]?.startTime).toBe('2026-03-10T14:00:00.000Z');
    expect(next.endTime).toBeUndefined();
  });
});

describe('live state options', () => {
  it.each([
    [{ topicsPerChannel: 5000 }, 'topicsPerChannel must be a whole number from 1 to 1000'],
    [{ heartbeatTimeoutMs: -1 }, 'heartbeatTimeoutMs must be a number of milliseconds'],
    [{ changeBufferSize: 0 }, 'changeBufferSize must be a whole number'],
  ])('%o is a ConfigError naming the option', (options, message) => {
    const client = createClient({ apiUrl: 'http://127.0.0.1:9', clientId: 'x', clientSecret: 'y', sources: { env: {}, dotenv: false } });
    expect(() => client.liveState(options)).toThrow(ConfigError);
    expect(() => client.liveState(options)).toThrow(message);
  });
});
