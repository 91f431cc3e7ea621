/**
 * A demo at any hour: at every minute of the day a few live conversations are connected to agents (the night crew
 * takes calls), weekends too. Computed from the store's records and viewAt alone, independently of any route.
 */
import { describe, expect, it } from 'vitest';
import { dayOf, isLiveAt, viewAt } from '../../src/model.js';
import { SimulatedOrgStore } from '../../src/sim/store.js';

/** Ten minutes spread over the day, with the crew's breaks, the 06:00 of the issue and the shift handovers. */
const MINUTES = ['00:07', '02:40', '03:05', '06:00', '08:30', '12:45', '17:10', '19:40', '22:05', '23:55'];

/** Live conversations at `t` that have an agent (or a user on an outbound call) connected and not yet done talking. */
function connectedAt(store: SimulatedOrgStore, t: number): number {
  const day = dayOf(t);
  // Conversations that started yesterday can still be running (see MAX_CONVERSATION_MS).
  const candidates = [...store.conversationsOfDay(day - 1), ...store.conversationsOfDay(day)];
  let n = 0;
  for (const c of candidates) {
    if (!isLiveAt(c, t)) continue;
    const view = viewAt(c, t)!;
    if (view.participants.some((p) => (p.purpose === 'agent' || p.purpose === 'user') && p.connected !== undefined && p.end === undefined)) n++;
  }
  return n;
}

describe('a demo at any hour', () => {
  const store = new SimulatedOrgStore({ seed: 1 });
  it.each([
    ['a weekday', '2026-11-24'],
    ['a weekend day', '2026-11-22'],
  ])('has a live conversation connected to an agent at every sampled minute of %s (%s)', (_, date) => {
    const counts = MINUTES.map((hhmm) => [hhmm, connectedAt(store, Date.parse(`${date}T${hhmm}:00Z`))] as const);
    for (const [hhmm, n] of counts) expect(n, `${date} ${hhmm}`).toBeGreaterThanOrEqual(1);
  });

  it('has night-crew agents on queue at every one of those night minutes (their breaks are staggered)', () => {
    const crew = store.org.agents.filter((a) => a.nightCrew !== undefined);
    const date = '2026-11-24';
    for (const hhmm of ['00:07', '02:40', '03:05', '06:00', '19:40', '22:05', '23:55']) {
      const t = Date.parse(`${date}T${hhmm}:00Z`);
      const onQueue = crew.filter((a) => store.agentState(a.id, t).presence === 'ON_QUEUE').length;
      expect(onQueue, hhmm).toBeGreaterThanOrEqual(2);
    }
  });
});
