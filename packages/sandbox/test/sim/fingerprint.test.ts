/**
 * The simulated data set, pinned: sha256 of the JSON of whole days (the conversations, and the agents' busy spans
 * that routing status is read from) for 3 seeds × 2 days. A speed-up of the simulation must leave these alone; a
 * change that means to alter the data set updates them in a commit that says so.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dayOf } from '../../src/model.js';
import { SimulatedOrgStore } from '../../src/sim/store.js';

const WEEKDAY = dayOf(Date.parse('2026-03-10T00:00:00Z')); // a Tuesday
const WEEKEND = dayOf(Date.parse('2026-11-22T00:00:00Z')); // a Sunday

const sha256 = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Per seed and day: [conversationsOfDay, every agent's busy spans over the day (from agentState's inputs)]. */
const PINNED: Record<string, [string, string]> = {
  '1/20522': ['3a4a7b7f44d9d960137d521b91491f31feea5ef90b6555f2b45ad34507963686', '02335f352b3c31dc224642b8d17bae8c8b03acb0c3b619980dae07fbfa1bc3ee'],
  '1/20779': ['dc78b906e0d3721fb932f5807f586fbe8fd87859e91da6ae737768051a3647db', '338f7a63746fefc710ed606909078722d68afd7717639aa7e8daff7fbeb1e460'],
  '2/20522': ['ddc2d776188faa38330c8fe93c82091fd4871c904501ce384447d025d74660c8', '966b82d8151971dcb6131045e1b06f3c0263ccad5a21a1e6bceded4e3422d1fa'],
  '2/20779': ['946d75213d39f45de8922b25b59154140403ca4ecac5b939e1d9974484d00004', 'd1f38b9d67182ba19eafa4eef495c91918e84f7f6ea157ebc9817ec1ba101d49'],
  '3/20522': ['4a2771d1b244688c17036a9cbf82bbd02e0fbe8cbd3a2686c0e766af94849069', '235132dcc37ac294fd57b4cfa71a6365634f8da793390347c99f91ae7258eab2'],
  '3/20779': ['0ae900bb7c2b5d7a47640e351aabd5c94440fae8d9189d73b9b97cc464774383', 'a8bdcdfcb215a210d91ab954e6c8eba4e3b0da4dc93268635415bed80e258ee9'],
};

function fingerprint(seed: number, day: number): [string, string] {
  const store = new SimulatedOrgStore({ seed });
  const conversations = sha256(store.conversationsOfDay(day));
  // Agent state is the other simulated output: sample it every 5 minutes of the day for every agent.
  const states: unknown[] = [];
  for (let t = day * 86_400_000; t < (day + 1) * 86_400_000; t += 5 * 60_000) {
    for (const a of store.org.agents) states.push(store.agentState(a.id, t));
  }
  return [conversations, sha256(states)];
}

describe('the simulated data set', () => {
  for (const seed of [1, 2, 3]) {
    for (const day of [WEEKDAY, WEEKEND]) {
      it(`is unchanged for seed ${seed}, day ${new Date(day * 86_400_000).toISOString().slice(0, 10)}`, () => {
        expect(fingerprint(seed, day)).toEqual(PINNED[`${seed}/${day}`]);
      });
    }
  }
});
