import { describe, expect, it } from 'vitest';
import { DAY_MS, dayOf, isLiveAt, MAX_CONVERSATION_MS, viewAt, type SimConversation, type SimSession } from '../../src/model.js';
import { simulateDay } from '../../src/sim/day.js';
import { conversationId, decodeConversationId } from '../../src/sim/ids.js';
import { generateOrg } from '../../src/sim/org.js';
import { SimulatedOrgStore } from '../../src/sim/store.js';

const DAY = dayOf(Date.parse('2026-03-10T00:00:00Z')); // a Tuesday
const options = { seed: 3, conversationsPerDay: 1_800 };
const org = generateOrg({ seed: 3, agents: 60 });

const sum = (s: SimSession, name: string): number => s.metrics.filter((m) => m.name === name).reduce((a, m) => a + m.value, 0);
const count = (c: SimConversation, name: string): number =>
  c.participants.flatMap((p) => p.sessions).flatMap((s) => s.metrics).filter((m) => m.name === name).length;

describe('org', () => {
  it('is deterministic from the seed and has the size the issue asks', () => {
    const again = generateOrg({ seed: 3, agents: 60 });
    expect(again.agents.map((a) => a.id)).toEqual(org.agents.map((a) => a.id));
    expect(generateOrg({ seed: 4, agents: 60 }).agents[0]!.id).not.toBe(org.agents[0]!.id);
    expect(org.agents.length).toBeGreaterThanOrEqual(50);
    expect(org.queues.length).toBeGreaterThanOrEqual(8);
    expect(new Set(org.agents.map((a) => a.name)).size).toBe(org.agents.length);
    for (const q of org.queues) expect(q.memberIds.length, q.name).toBeGreaterThanOrEqual(3);
  });
});

describe('conversation ids', () => {
  it('carry their day and index, and reject ids this seed never made', () => {
    const id = conversationId(3, DAY, 1234);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(decodeConversationId(3, id)).toEqual({ day: DAY, index: 1234 });
    expect(decodeConversationId(4, id)).toBeUndefined();
    expect(decodeConversationId(3, id.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).toBeUndefined();
    expect(decodeConversationId(3, 'not-a-uuid')).toBeUndefined();
  });
});

describe('a simulated day', () => {
  const day = simulateDay(org, DAY, options);
  const all = day.conversations;

  it('is deterministic and sorted by start, with ids that decode to their place', () => {
    expect(JSON.stringify(simulateDay(org, DAY, options).conversations.slice(0, 50))).toBe(JSON.stringify(all.slice(0, 50)));
    for (let i = 1; i < all.length; i++) expect(all[i]!.start).toBeGreaterThanOrEqual(all[i - 1]!.start);
    all.forEach((c, i) => expect(decodeConversationId(3, c.id)).toEqual({ day: DAY, index: i }));
  });

  it('has every medium, arrivals in every hour, and the outcomes the issue lists', () => {
    expect(new Set(all.map((c) => c.mediaType))).toEqual(new Set(['voice', 'chat', 'message', 'email', 'callback']));
    const hours = new Set(all.map((c) => new Date(c.start).getUTCHours()));
    expect(hours.size).toBe(24);
    const total = (name: string) => all.reduce((n, c) => n + count(c, name), 0);
    for (const name of ['tAbandon', 'tShortAbandon', 'nBlindTransferred', 'nConsultTransferred', 'nOutbound', 'tNotResponding', 'tHeld', 'tIvr', 'nOverSla']) {
      expect(total(name), name).toBeGreaterThan(0);
    }
    expect(all.some((c) => c.participants.some((p) => p.wrapup !== undefined))).toBe(true);
  });

  it('ends every conversation within the documented bound, segments inside it', () => {
    for (const c of all) {
      expect(c.end).toBeDefined();
      expect(c.end! - c.start).toBeLessThanOrEqual(MAX_CONVERSATION_MS);
      for (const p of c.participants) for (const s of p.sessions) for (const seg of s.segments) {
        expect(seg.end).toBeDefined();
        expect(seg.start).toBeGreaterThanOrEqual(c.start);
        expect(seg.end!).toBeLessThanOrEqual(c.end!);
        expect(seg.end!).toBeGreaterThanOrEqual(seg.start);
      }
    }
  });

  it('emits metrics as genesys-metrics.md §2 says', () => {
    for (const c of all) {
      for (const p of c.participants) {
        for (const s of p.sessions) {
          if (p.purpose === 'agent' || p.purpose === 'user') {
            const handle = s.metrics.find((m) => m.name === 'tHandle');
            if (handle) {
              // tHandle = talk + hold + ACW + dialing, emitted with tAcw at the end of wrap-up.
              expect(handle.value).toBe(sum(s, 'tTalk') + sum(s, 'tHeld') + sum(s, 'tAcw') + sum(s, 'tDialing'));
              const wrap = s.segments.find((x) => x.type === 'wrapup')!;
              expect(handle.emit).toBe(wrap.end);
              expect(s.metrics.find((m) => m.name === 'tAcw')!.value).toBe(wrap.end! - wrap.start);
            }
            const answered = s.metrics.find((m) => m.name === 'tAnswered');
            if (answered) {
              // tAnswered equals the offer's tAcd and is stamped when the agent answers (the end of the alert).
              const acd = c.participants.find((x) => x.purpose === 'acd' && x.queueId === answered.queueId && x.end === answered.emit);
              expect(acd, c.id).toBeDefined();
              expect(sum(acd!.sessions[0]!, 'tAcd')).toBe(answered.value);
              expect(s.segments.find((x) => x.type === 'alert')!.end).toBe(answered.emit);
            }
          }
          if (p.purpose === 'acd') {
            expect(s.metrics.filter((m) => m.name === 'nOffered')).toHaveLength(1);
            expect(s.metrics.every((m) => m.queueId === p.queueId)).toBe(true);
            expect(p.userId).toBeUndefined();
          }
          if (p.purpose === 'ivr' || p.purpose === 'customer') expect(s.metrics.every((m) => m.queueId === undefined)).toBe(true);
        }
      }
    }
  });

  it('never books an agent twice, across midnight included', () => {
    const next = simulateDay(org, DAY + 1, options);
    for (const agent of org.agents) {
      const spans = [...(day.work.get(agent.id) ?? []), ...(next.work.get(agent.id) ?? [])].sort((a, b) => a.start - b.start);
      for (let i = 1; i < spans.length; i++) expect(spans[i]!.start, agent.name).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    }
  });
});

describe('store', () => {
  const store = new SimulatedOrgStore({ seed: 3, cacheDays: 3 });

  it('keeps at most cacheDays days, least recently used out first, and regenerates them identically', () => {
    const kept = store.conversationsOfDay(DAY);
    const first = kept[100]!;
    store.conversationsOfDay(DAY - 1);
    store.conversationsOfDay(DAY - 2);
    expect(store.conversationsOfDay(DAY)).toBe(kept); // 3 days held: still cached, and now the most recent
    store.conversationsOfDay(DAY - 3); // evicts DAY - 1, the least recently used (first in, it would be DAY)
    expect(store.conversationsOfDay(DAY)).toBe(kept);
    for (let d = DAY - 6; d < DAY - 3; d++) store.conversationsOfDay(d);
    const again = store.conversationsOfDay(DAY);
    expect(again).not.toBe(kept); // evicted by the 3 later days, so simulated anew…
    expect(again).toEqual(kept); // …identically
    expect(store.conversation(first.id)).toEqual(first);
    expect(store.conversation('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('is never empty: conversations are live at every hour of the day', () => {
    for (let h = 0; h < 24; h++) {
      const now = DAY * DAY_MS + h * 3_600_000 + 17 * 60_000;
      const live = [...store.conversationsOfDay(DAY - 1), ...store.conversationsOfDay(DAY)].filter((c) => isLiveAt(c, now));
      expect(live.length, `${h}:17`).toBeGreaterThan(0);
    }
  });

  it('derives routing status from shifts and work', () => {
    const now = DAY * DAY_MS + 11 * 3_600_000;
    const states = store.org.agents.map((a) => store.agentState(a.id, now));
    expect(states.some((s) => s.routingStatus === 'INTERACTING')).toBe(true);
    expect(states.some((s) => s.routingStatus === 'OFF_QUEUE' && s.presence === 'OFFLINE')).toBe(true);
    for (const s of states) expect(s.routingSince).toBeLessThanOrEqual(now);
    // An agent who is talking at `now` shows INTERACTING.
    const talking = store.conversationsOfDay(DAY).find((c) => isLiveAt(c, now) && viewAt(c, now)!.participants.some((p) => p.purpose === 'agent' && p.end === undefined && p.connected !== undefined));
    const agent = viewAt(talking!, now)!.participants.find((p) => p.purpose === 'agent' && p.end === undefined && p.connected !== undefined)!;
    expect(store.agentState(agent.userId!, now).routingStatus).toBe('INTERACTING');
  });
});
