import { describe, expect, it } from 'vitest';
import { availableTopics, parseTopic } from '../../src/notifications/topics.js';
import { SimulatedOrgStore } from '../../src/sim/store.js';

const org = new SimulatedOrgStore({ seed: 3, historyDays: 2 }).org;
const queue = org.queues[0]!.id;
const user = org.agents[0]!.id;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('parseTopic', () => {
  it.each([
    [`v2.routing.queues.${queue}.conversations`, 'queue.conversations', queue],
    [`v2.users.${user}.conversations`, 'user.conversations', user],
    [`v2.users.${user}.presence`, 'user.presence', user],
    [`v2.users.${user}.routingStatus`, 'user.routingStatus', user],
    [`v2.analytics.queues.${queue}.observations`, 'queue.observations', queue],
  ])('%s is a %s topic', (name, kind, id) => {
    expect(parseTopic(org, name)).toEqual({ name, kind, id });
  });

  it('rejects unknown patterns, naming the patterns it accepts', () => {
    for (const name of [`v2.users.${user}.activity`, `v2.routing.queues.${queue}.users`, 'v2.system.socket_closing', `V2.USERS.${user}.PRESENCE`, `v2.users.${user}.presence.extra`]) {
      const r = parseTopic(org, name);
      expect(r, name).toHaveProperty('error');
      const { error } = r as { error: string };
      expect(error).toContain(name);
      expect(error).toContain('v2.routing.queues.{id}.conversations');
    }
  });

  it('rejects an empty name', () => {
    expect((parseTopic(org, '') as { error: string }).error).toMatch(/empty/);
  });

  it('rejects ids the org does not have, saying which kind of id and where to find one', () => {
    const q = parseTopic(org, `v2.routing.queues.${UNKNOWN}.conversations`) as { error: string };
    expect(q.error).toContain(`queue ${UNKNOWN}`);
    expect(q.error).toContain('/api/v2/routing/queues');
    const u = parseTopic(org, `v2.users.${UNKNOWN}.presence`) as { error: string };
    expect(u.error).toContain(`user ${UNKNOWN}`);
    expect(u.error).toContain('/api/v2/users');
    // A queue id where a user id belongs is an unknown user.
    expect((parseTopic(org, `v2.users.${queue}.conversations`) as { error: string }).error).toContain(`user ${queue}`);
  });
});

describe('availableTopics', () => {
  it('lists the five templates, with more fields when expanded', () => {
    const plain = availableTopics({}) as Array<Record<string, unknown>>;
    expect(plain.map((t) => t.id)).toEqual([
      'v2.routing.queues.{id}.conversations',
      'v2.users.{id}.conversations',
      'v2.users.{id}.presence',
      'v2.users.{id}.routingStatus',
      'v2.analytics.queues.{id}.observations',
    ]);
    expect(Object.keys(plain[0]!).sort()).toEqual(['description', 'id']);
    const expanded = availableTopics({ expand: ['schema', 'transports', 'requiresPermissions', 'topicParameters'] }) as Array<Record<string, unknown>>;
    expect(expanded[0]).toMatchObject({ transports: ['Websocket'], topicParameters: ['id'], schema: { title: 'QueueConversationEventTopicConversation' } });
    expect(expanded[4]!.requiresPermissions).toEqual(['analytics:queueObservation:view']);
  });
});
