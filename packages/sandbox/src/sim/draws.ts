/**
 * The random draws of a simulated day: how long people talk, hold and wait, whether a call is transferred,
 * when arrivals come, who the customer is. Each takes the generator it draws from, so the simulation
 * decides which seeded stream feeds which choice (and a day regenerates identically).
 */
import type { MediaType, Org, OrgQueue } from '../model.js';
import type { Rng } from './rng.js';

export const SEC = 1_000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

/** Share of the day's arrivals per UTC hour: light at night, peaks mid-morning and mid-afternoon. */
export const HOURLY = [0.25, 0.2, 0.18, 0.18, 0.2, 0.3, 0.6, 1.2, 2.2, 3.0, 3.3, 3.2, 2.8, 3.0, 3.1, 2.9, 2.5, 2.0, 1.5, 1.1, 0.8, 0.6, 0.45, 0.35];

export interface Customer {
  name: string;
  address: string;
  companyAddress: string;
}

export interface TalkPlan {
  /** Alternating talk, hold, talk, … durations (ms); starts and ends with talk. */
  pieces: number[];
}

export function talkPlan(rng: Rng, media: MediaType, maxMs: number): TalkPlan {
  const cap = Math.max(30 * SEC, maxMs);
  const median = { voice: 280, callback: 240, chat: 540, message: 720, email: 420 }[media] * SEC;
  const total = Math.round(rng.logNormal(median, 0.65, 30 * SEC, Math.min(cap, 40 * MIN)));
  const holds = media === 'voice' || media === 'callback' ? (rng.chance(0.25) ? (rng.chance(0.3) ? 2 : 1) : 0) : 0;
  if (holds === 0) return { pieces: [total] };
  const pieces: number[] = [];
  let left = total;
  for (let h = 0; h < holds; h++) {
    const talk = Math.round(left * (0.3 + rng.next() * 0.3));
    const hold = Math.round(rng.logNormal(45 * SEC, 0.6, 5 * SEC, 4 * MIN));
    pieces.push(talk, hold);
    left = Math.max(10 * SEC, left - talk - hold);
  }
  pieces.push(left);
  return { pieces };
}

export function chooseTransfer(rng: Rng, media: MediaType, from: OrgQueue, org: Org): { kind: 'blind' | 'consult'; queue: OrgQueue } | undefined {
  const r = rng.next();
  const blind = media === 'voice' ? 0.06 : media === 'email' ? 0 : 0.03;
  const consult = media === 'voice' ? 0.04 : 0;
  if (r >= blind + consult) return undefined;
  const targets = org.queues.filter((q) => q.id !== from.id && q.mediaTypes.includes(media));
  if (targets.length === 0) return undefined;
  return { kind: r < blind ? 'blind' : 'consult', queue: rng.pick(targets) };
}

export function patience(rng: Rng, media: MediaType): number {
  switch (media) {
    case 'voice':
      // A few callers hang up almost at once (short abandons); the rest wait a while.
      return rng.chance(0.04) ? rng.int(1, 9) * SEC : Math.round(rng.exp(240 * SEC));
    case 'chat':
      return Math.round(rng.exp(420 * SEC));
    case 'message':
      return Math.round(rng.exp(3 * HOUR));
    default:
      return Number.POSITIVE_INFINITY;
  }
}

/** `count` sorted instants over the day following the hourly curve (optionally only within [fromHour, toHour)). */
export function spreadOverDay(rng: Rng, count: number, d0: number, hours: [number, number] = [0, 24]): number[] {
  const weights = HOURLY.map((w, h) => (h >= hours[0] && h < hours[1] ? w : 0));
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const hour = rng.weighted(weights);
    times.push(d0 + hour * HOUR + Math.floor(rng.next() * HOUR));
  }
  return times.sort((a, b) => a - b);
}

export const EMAIL_SUBJECTS = ['Question about my invoice', 'Order status', 'Cannot log in', 'Change of address', 'Refund request', 'Service outage?', 'Upgrade options', 'Complaint about delivery'];
export const WRAP_UP_NOTES = ['Customer satisfied', 'Sent follow-up email', 'Escalated to tier 2', 'Promised callback tomorrow'];
const CUSTOMER_FIRST = ['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Avery', 'Robin', 'Charlie', 'Dana', 'Eli', 'Frankie', 'Gabi', 'Harper'];
const CUSTOMER_LAST = ['Baker', 'Clark', 'Evans', 'Foster', 'Gray', 'Hughes', 'Irwin', 'Jones', 'Keller', 'Lewis', 'Moore', 'Nolan', 'Owens', 'Price', 'Reed', 'Stone'];

export function makeCustomer(rng: Rng, media: MediaType, queue: OrgQueue): Customer {
  const first = rng.pick(CUSTOMER_FIRST);
  const last = rng.pick(CUSTOMER_LAST);
  const name = `${first} ${last}`;
  const digits = String(rng.int(0, 9_999_999)).padStart(7, '0');
  const line = String(1000 + queue.index * 11).padStart(4, '0');
  switch (media) {
    case 'email':
      return { name, address: `${first}.${last}${rng.int(1, 99)}@example.com`.toLowerCase(), companyAddress: `${queue.name.toLowerCase().replace(/\s+/g, '-')}@sandbox-org.example` };
    case 'chat':
    case 'message':
      return { name, address: `${first.toLowerCase()}.${last.toLowerCase()}#${digits.slice(0, 4)}`, companyAddress: `${queue.name} web messaging` };
    default:
      return { name, address: `tel:+1555${digits}`, companyAddress: `tel:+1800555${line}` };
  }
}
