import type { MediaType, Org, OrgAgent, OrgPresence, OrgQueue, OrgWrapUpCode, SystemPresence } from '../model.js';
import { Rng } from './rng.js';

export interface OrgOptions {
  seed: number;
  /** Number of agents (at least 12: two night crews plus day shifts). */
  agents: number;
}

const FIRST = [
  'Aisha', 'Ben', 'Carmen', 'Dmitri', 'Elena', 'Farah', 'George', 'Hana', 'Ivan', 'Julia', 'Kwame', 'Laura', 'Mateo',
  'Nadia', 'Oscar', 'Priya', 'Quinn', 'Rosa', 'Samir', 'Tessa', 'Umar', 'Vera', 'Wei', 'Ximena', 'Yusuf', 'Zoe',
  'Amelia', 'Bruno', 'Chloe', 'Diego', 'Emma', 'Felix', 'Grace', 'Hugo', 'Isla', 'Jonas', 'Kira', 'Leo', 'Maya', 'Noah',
];
const LAST = [
  'Okafor', 'Novak', 'García', 'Ivanova', 'Rossi', 'Haddad', 'Smith', 'Tanaka', 'Petrov', 'Schmidt', 'Mensah', 'Martin',
  'López', 'Kowalski', 'Berg', 'Sharma', "O'Brien", 'Silva', 'Nasser', 'Jensen', 'Farouk', 'Costa', 'Chen', 'Ruiz',
  'Demir', 'Dubois', 'Walsh', 'Moreau', 'Nguyen', 'Fischer', 'Byrne', 'Kaur', 'Andersen', 'Murphy', 'Kim', 'Larsen',
];

/** The org's queues: name, media types, service-level goal. */
const QUEUES: Array<{ name: string; media: MediaType[]; sl: [number, number]; description: string }> = [
  { name: 'Sales', media: ['voice', 'chat', 'message', 'callback'], sl: [0.8, 20_000], description: 'New orders and upgrades' },
  { name: 'Support', media: ['voice', 'chat', 'message', 'email', 'callback'], sl: [0.8, 30_000], description: 'General customer support' },
  { name: 'Billing', media: ['voice', 'email', 'callback'], sl: [0.8, 30_000], description: 'Invoices, payments and refunds' },
  { name: 'Technical Support', media: ['voice', 'chat', 'email'], sl: [0.7, 60_000], description: 'Troubleshooting and repairs' },
  { name: 'Retention', media: ['voice'], sl: [0.9, 15_000], description: 'Cancellations and win-back' },
  { name: 'Claims', media: ['voice', 'email'], sl: [0.8, 45_000], description: 'Insurance claims' },
  { name: 'VIP', media: ['voice', 'chat'], sl: [0.95, 10_000], description: 'Premium customers' },
  { name: 'Spanish', media: ['voice', 'chat', 'message'], sl: [0.8, 30_000], description: 'Atención al cliente en español' },
  { name: 'Email Support', media: ['email'], sl: [0.8, 3_600_000], description: 'Written enquiries' },
  { name: 'Social Messaging', media: ['message', 'chat'], sl: [0.8, 120_000], description: 'Web messaging and social channels' },
];

const WRAP_UP_CODES = [
  'Resolved', 'Follow-up required', 'Escalated', 'Billing question', 'New order', 'No sale', 'Technical issue',
  'Wrong department', 'Callback scheduled', 'Complaint', 'Account update', 'Cancelled service',
];

/** Queue → the wrap-up codes its agents may choose (names from WRAP_UP_CODES). */
const QUEUE_CODES: Record<string, string[]> = {
  Sales: ['New order', 'No sale', 'Follow-up required', 'Wrong department'],
  Support: ['Resolved', 'Follow-up required', 'Escalated', 'Account update', 'Wrong department'],
  Billing: ['Billing question', 'Resolved', 'Complaint', 'Account update'],
  'Technical Support': ['Technical issue', 'Resolved', 'Escalated', 'Follow-up required'],
  Retention: ['Cancelled service', 'Resolved', 'Complaint', 'No sale'],
  Claims: ['Resolved', 'Follow-up required', 'Escalated', 'Complaint'],
  VIP: ['Resolved', 'New order', 'Escalated', 'Account update'],
  Spanish: ['Resolved', 'Follow-up required', 'Billing question', 'Technical issue'],
  'Email Support': ['Resolved', 'Follow-up required', 'Callback scheduled'],
  'Social Messaging': ['Resolved', 'Follow-up required', 'Wrong department'],
};

const PRESENCES: Array<[SystemPresence, string]> = [
  ['AVAILABLE', 'Available'], ['AWAY', 'Away'], ['BREAK', 'Break'], ['BUSY', 'Busy'], ['IDLE', 'Idle'], ['MEAL', 'Meal'],
  ['MEETING', 'Meeting'], ['OFFLINE', 'Offline'], ['ON_QUEUE', 'On Queue'], ['TRAINING', 'Training'],
];

/** Day-shift start hours (UTC) and their share of the day agents. */
const DAY_SHIFTS: Array<[number, number]> = [[6, 8], [7, 7], [8, 10], [9, 8], [10, 6], [12, 5], [13, 3], [14, 3]];

/** Agents per night crew (there are two, alternating days; see sim/day.ts). */
export const NIGHT_CREW_SIZE_SHARE = 1 / 12;

export function generateOrg(options: OrgOptions): Org {
  const { seed } = options;
  const agentCount = Math.max(12, Math.floor(options.agents));
  const rng = Rng.of(seed, 0x0a6);
  const orgId = rng.uuid();
  const divisionId = rng.uuid();
  const dateCreated = Date.UTC(2019, 2, 4, 9, 30);

  const wrapUpCodes: OrgWrapUpCode[] = WRAP_UP_CODES.map((name) => ({ id: rng.uuid(), name }));
  const codeByName = new Map(wrapUpCodes.map((c) => [c.name, c.id]));

  const queues: OrgQueue[] = QUEUES.map((q, index) => ({
    id: rng.uuid(),
    index,
    name: q.name,
    description: q.description,
    mediaTypes: q.media,
    serviceLevel: { percentage: q.sl[0], durationMs: q.sl[1] },
    alertingTimeoutSeconds: 8,
    shortAbandonMs: 10_000,
    memberIds: [],
    wrapUpCodeIds: (QUEUE_CODES[q.name] ?? ['Resolved']).map((n) => codeByName.get(n) ?? ''),
  }));

  const nightCrew = Math.max(2, Math.round(agentCount * NIGHT_CREW_SIZE_SHARE));
  const dayAgents = agentCount - 2 * nightCrew;
  const shiftWeights = DAY_SHIFTS.map(([, w]) => w);
  const usedNames = new Set<string>();
  const agents: OrgAgent[] = [];
  for (let index = 0; index < agentCount; index++) {
    let name = '';
    do {
      name = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
    } while (usedNames.has(name) && usedNames.size < FIRST.length * LAST.length);
    usedNames.add(name);
    const handle = name
      .normalize('NFD')
      .replace(/[\u0300-\u036f']/g, '')
      .toLowerCase()
      .replace(/\s+/g, '.');
    const night = index < 2 * nightCrew;
    // Day agents spread over the shift starts in proportion to the weights, deterministically.
    const shiftHour = night ? 22 : (DAY_SHIFTS[pickByQuota(index - 2 * nightCrew, dayAgents, shiftWeights)]?.[0] ?? 8);
    const agent: OrgAgent = {
      id: rng.uuid(),
      index,
      name,
      email: `${handle}@sandbox-org.example`,
      username: `${handle}@sandbox-org.example`,
      title: night ? 'Night Shift Agent' : rng.pick(['Contact Center Agent', 'Senior Agent', 'Customer Care Specialist']),
      department: 'Customer Care',
      queueIds: [],
      shiftStartMinute: shiftHour * 60,
      shiftLengthMinutes: 480,
    };
    if (night) agent.nightCrew = (index % 2) as 0 | 1;
    agents.push(agent);
  }

  // Memberships: night crews take every queue; day agents take 2–4 queues, and every queue gets enough people.
  for (const agent of agents) {
    if (agent.nightCrew !== undefined) {
      agent.queueIds = queues.map((q) => q.id);
      continue;
    }
    const count = rng.int(2, 4);
    const chosen = new Set<number>();
    chosen.add(agent.index % queues.length);
    while (chosen.size < count) chosen.add(rng.int(0, queues.length - 1));
    agent.queueIds = [...chosen].sort((a, b) => a - b).map((i) => queues[i]?.id ?? '');
  }
  for (const queue of queues) queue.memberIds = agents.filter((a) => a.queueIds.includes(queue.id)).map((a) => a.id);

  const presences: OrgPresence[] = PRESENCES.map(([systemPresence, label]) => ({ id: rng.uuid(), systemPresence, label }));

  return {
    id: orgId,
    name: 'Sandbox Contact Center',
    divisionId,
    divisionName: 'Home',
    agents,
    queues,
    wrapUpCodes,
    agentById: new Map(agents.map((a) => [a.id, a])),
    queueById: new Map(queues.map((q) => [q.id, q])),
    wrapUpCodeById: new Map(wrapUpCodes.map((c) => [c.id, c])),
    presences,
    dateCreated,
  };
}

/** Which bucket the i-th of n items falls in when buckets get shares proportional to weights. */
function pickByQuota(i: number, n: number, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  const position = ((i + 0.5) / n) * total;
  let acc = 0;
  for (let b = 0; b < weights.length; b++) {
    acc += weights[b] ?? 0;
    if (position < acc) return b;
  }
  return weights.length - 1;
}
