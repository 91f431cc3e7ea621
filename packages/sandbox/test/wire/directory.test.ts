import { describe, expect, it } from 'vitest';
import type { AgentState, OrgAgent, OrgQueue } from '../../src/model.js';
import { toQueue, toQueueMember, toTokenInfo, toUser } from '../../src/wire/directory.js';
import { org } from './fixtures.js';

const jane = org.agentById.get('u1') as OrgAgent;
const sales = org.queueById.get('q1') as OrgQueue;
const support = org.queueById.get('q2') as OrgQueue;

const onQueue: AgentState = {
  routingStatus: 'INTERACTING',
  routingSince: 1_714_557_650_000, // 2024-05-01T10:00:50.000Z
  presence: 'ON_QUEUE',
  presenceSince: 1_714_550_400_000, // 2024-05-01T08:00:00.000Z
};

const janeBase = {
  id: 'u1',
  name: 'Jane Agent',
  division: { id: 'd1', name: 'Home', selfUri: '/api/v2/authorization/divisions/d1' },
  chat: { jabberId: 'u1@sandbox.inin.com' },
  department: 'Sales',
  email: 'jane.agent@example.com',
  primaryContactInfo: [{ address: 'jane.agent@example.com', mediaType: 'EMAIL', type: 'PRIMARY' }],
  addresses: [],
  state: 'active',
  title: 'Agent',
  username: 'jane.agent@example.com',
  version: 1,
  acdAutoAnswer: false,
  selfUri: '/api/v2/users/u1',
};

describe('toUser', () => {
  it('emits the base user without expands', () => {
    expect(toUser(jane, org, { expand: new Set(), state: onQueue })).toStrictEqual(janeBase);
  });

  it('expands routingStatus and presence from the agent state', () => {
    expect(toUser(jane, org, { expand: new Set(['routingStatus', 'presence']), state: onQueue })).toStrictEqual({
      ...janeBase,
      routingStatus: { userId: 'u1', status: 'INTERACTING', startTime: '2024-05-01T10:00:50.000Z' },
      presence: {
        id: 'pd-onqueue',
        source: 'PURECLOUD',
        primary: true,
        presenceDefinition: { id: 'pd-onqueue', systemPresence: 'On Queue', selfUri: '/api/v2/presencedefinitions/pd-onqueue' },
        modifiedDate: '2024-05-01T08:00:00.000Z',
      },
    });
  });

  it.each([
    ['OFFLINE', 'pd-offline', 'Offline'],
    ['AVAILABLE', 'pd-available', 'Available'],
  ] as const)('maps %s to the org definition %s (%s)', (presence, id, label) => {
    const user = toUser(jane, org, { expand: new Set(['presence']), state: { ...onQueue, presence } });
    expect(user.presence?.presenceDefinition).toStrictEqual({ id, systemPresence: label, selfUri: `/api/v2/presencedefinitions/${id}` });
    expect('routingStatus' in user).toBe(false);
  });

  it('leaves state-dependent expands out when no state is known', () => {
    expect(toUser(jane, org, { expand: new Set(['routingStatus', 'presence']) })).toStrictEqual(janeBase);
  });

  it('expands list-valued fields to empty lists and ignores unknown expands', () => {
    const user = toUser(jane, org, {
      expand: new Set(['skills', 'languages', 'groups', 'locations', 'conversationSummary', 'bogus']),
      state: onQueue,
    });
    expect(user).toStrictEqual({ ...janeBase, skills: [], languages: [], groups: [], locations: [] });
  });

  it('emits dateLastLogin when known', () => {
    expect(toUser(jane, org, { expand: new Set(), dateLastLogin: 1_714_550_400_000 }).dateLastLogin).toBe('2024-05-01T08:00:00.000Z');
  });
});

describe('toQueue', () => {
  it('emits the queue with media settings for its media types only', () => {
    expect(toQueue(sales, org)).toStrictEqual({
      id: 'q1',
      name: 'Sales',
      division: { id: 'd1', name: 'Home', selfUri: '/api/v2/authorization/divisions/d1' },
      description: 'Sales line',
      dateCreated: '2024-01-01T00:00:00.000Z',
      memberCount: 2,
      userMemberCount: 2,
      joinedMemberCount: 2,
      mediaSettings: {
        call: { alertingTimeoutSeconds: 8, serviceLevel: { percentage: 0.8, durationMs: 20_000 } },
        message: { alertingTimeoutSeconds: 8, serviceLevel: { percentage: 0.8, durationMs: 20_000 } },
      },
      routingRules: [],
      scoringMethod: 'TimestampAndPriority',
      acwSettings: { wrapupPrompt: 'MANDATORY_TIMEOUT', timeoutMs: 120_000 },
      skillEvaluationMethod: 'BEST',
      autoAnswerOnly: false,
      enableTranscription: false,
      enableManualAssignment: false,
      selfUri: '/api/v2/routing/queues/q1',
    });
  });

  it('names callback, chat and email settings by their wire keys', () => {
    expect(Object.keys(toQueue(support, org).mediaSettings ?? {})).toEqual(['callback', 'chat', 'email']);
    expect(toQueue(support, org).memberCount).toBe(1);
  });
});

describe('toQueueMember', () => {
  it('wraps the user with the same expand and the routing status', () => {
    expect(toQueueMember(jane, sales, org, { expand: new Set(['routingStatus']), state: onQueue })).toStrictEqual({
      id: 'u1',
      name: 'Jane Agent',
      user: { ...janeBase, routingStatus: { userId: 'u1', status: 'INTERACTING', startTime: '2024-05-01T10:00:50.000Z' } },
      ringNumber: 1,
      joined: true,
      memberBy: 'user',
      routingStatus: { userId: 'u1', status: 'INTERACTING', startTime: '2024-05-01T10:00:50.000Z' },
      selfUri: '/api/v2/users/u1',
    });
  });

  it('has no routing status without a state', () => {
    const member = toQueueMember(jane, sales, org, { expand: new Set() });
    expect('routingStatus' in member).toBe(false);
    expect(member.user).toStrictEqual(janeBase);
  });
});

describe('toTokenInfo', () => {
  it('describes a client-credentials token', () => {
    expect(
      toTokenInfo({ org, clientId: 'client-1', clientName: 'cxgraph', scopes: ['analytics', 'routing:readonly'] }),
    ).toStrictEqual({
      organization: { id: 'org1', name: 'Sandbox Org' },
      homeOrganization: { id: 'org1', name: 'Sandbox Org' },
      authorizedScope: ['analytics', 'routing:readonly'],
      OAuthClient: {
        id: 'client-1',
        name: 'cxgraph',
        authorizedGrantType: 'CLIENT-CREDENTIALS',
        organization: { id: 'org1', name: 'Sandbox Org' },
      },
    });
  });
});
