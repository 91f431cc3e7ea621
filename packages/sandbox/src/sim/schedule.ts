import { DAY_MS, type OrgAgent, type SystemPresence } from '../model.js';

/**
 * Agents' working hours. Day agents work an 8-hour shift between 06:00 and 22:00 UTC with two short breaks
 * and a meal. Two night crews alternate days: on day d, crew d % 2 works 00:00–06:00 and 22:00–00:15.
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
    return [
      { start: d0, end: d0 + 3 * HOUR, presence: 'ON_QUEUE' },
      { start: d0 + 3 * HOUR, end: d0 + 3 * HOUR + 15 * MIN, presence: 'BREAK' },
      { start: d0 + 3 * HOUR + 15 * MIN, end: d0 + 6 * HOUR, presence: 'ON_QUEUE' },
      { start: d0 + 22 * HOUR, end: d0 + LAST_ASSIGNMENT_OFFSET, presence: 'ON_QUEUE' },
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
