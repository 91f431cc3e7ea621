import { DAY_MS, type OrgAgent, type SystemPresence } from '../model.js';

/**
 * Agents' working hours. Day agents work an 8-hour shift between 06:00 and 22:00 UTC with two short breaks
 * and a meal. Two night crews alternate days: on day d, crew d % 2 works 00:00–08:00 and 19:00–00:15 (the
 * quiet hours, overlapping the first and last day shifts), each member taking their 15-minute breaks at a
 * different time (02:00, 02:30, 03:00, …), so agents are on queue at every minute of the day and a demo at any
 * hour shows agents at work (see the steady line in sim/day.ts).
 *
 * Why alternate: each day is simulated on its own (so any day can be regenerated without its
 * predecessors), yet work started before midnight runs into the next day. The crew that takes the last
 * calls of day d is never the crew that takes the first calls of day d+1, and every piece of agent work is
 * capped at 45 minutes (sim/day.ts), so no agent is ever booked twice across the boundary.
 */

export interface ShiftBlock {
  start: number;
  end: number;
  presence: Extract<SystemPresence, 'ON_QUEUE' | 'BREAK' | 'MEAL'>;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * The night crew is on from 19:00 to 08:00 (the quiet hours, when few day agents are on), with a break in each
 * part: the first member's at 02:00 (and 21:00), the next member's 30 minutes later, … (at most 6 slots).
 */
const NIGHT_MORNING_END = 8 * HOUR;
const NIGHT_EVENING_START = 19 * HOUR;
const NIGHT_BREAK_FROM = 2 * HOUR;
const EVENING_BREAK_FROM = 21 * HOUR;
const NIGHT_BREAK_STEP = 30 * MIN;
const CREW_BREAK_SLOTS = 6;

/** Latest instant (after the day's start) at which the simulation of a day hands out new work. */
export const LAST_ASSIGNMENT_OFFSET = 24 * HOUR + 15 * MIN;

/**
 * The blocks an agent is logged in during the schedule of `day` (they may end after midnight), in time order and
 * not overlapping (the simulation relies on both).
 */
export function shiftBlocks(agent: OrgAgent, day: number): ShiftBlock[] {
  const d0 = day * DAY_MS;
  if (agent.nightCrew !== undefined) {
    if (day % 2 !== agent.nightCrew) return [];
    // Crew members are agents 0, 2, 4, … (crew 0) and 1, 3, 5, … (crew 1): their place in the crew staggers the break.
    const place = Math.floor(agent.index / 2) % CREW_BREAK_SLOTS;
    const morning = d0 + NIGHT_BREAK_FROM + place * NIGHT_BREAK_STEP;
    const evening = d0 + EVENING_BREAK_FROM + place * NIGHT_BREAK_STEP;
    return [
      { start: d0, end: morning, presence: 'ON_QUEUE' },
      { start: morning, end: morning + 15 * MIN, presence: 'BREAK' },
      { start: morning + 15 * MIN, end: d0 + NIGHT_MORNING_END, presence: 'ON_QUEUE' },
      { start: d0 + NIGHT_EVENING_START, end: evening, presence: 'ON_QUEUE' },
      { start: evening, end: evening + 15 * MIN, presence: 'BREAK' },
      { start: evening + 15 * MIN, end: d0 + LAST_ASSIGNMENT_OFFSET, presence: 'ON_QUEUE' },
    ];
  }
  const s = d0 + agent.shiftStartMinute * MIN;
  const e = s + agent.shiftLengthMinutes * MIN;
  const pause = (at: number, minutes: number, presence: ShiftBlock['presence']): ShiftBlock => ({
    start: s + at * HOUR,
    end: s + at * HOUR + minutes * MIN,
    presence,
  });
  const b1 = pause(2, 15, 'BREAK');
  const meal = pause(4, 30, 'MEAL');
  const b2 = pause(6, 15, 'BREAK');
  return [
    { start: s, end: b1.start, presence: 'ON_QUEUE' },
    b1,
    { start: b1.end, end: meal.start, presence: 'ON_QUEUE' },
    meal,
    { start: meal.end, end: b2.start, presence: 'ON_QUEUE' },
    b2,
    { start: b2.end, end: e, presence: 'ON_QUEUE' },
  ];
}

/** True when the agent may be handed new work at `t` under the schedule of `day`. */
export function isOnQueue(blocks: readonly ShiftBlock[], t: number): boolean {
  for (const b of blocks) if (b.presence === 'ON_QUEUE' && b.start <= t && t < b.end) return true;
  return false;
}
