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
  '1/20522': ['10a4445a1dd870ca002660fa7099083a99fe0a22b8215f85517237f31b72553b', '67e3d245488f893be21a0d5fe57c771fb39320aa09b321ec45ee863fefb52080'],
  '1/20779': ['0a6ec5a0116269528e58f8c3b8989c54e81abfa2e28b55f7b61be7c085909813', 'b846449351e2a47edcf10e48f3cb2f04e362d4690d5e3f9b20941f613ed05aab'],
  '2/20522': ['39b5d4db03129fc9b85813a3cc337fe1a2f66072436cafd5e0974eeb4089944a', '0aa580fce898de39de51c8faa76bde8805a8885b7cc6add719dcf514a61d6edc'],
  '2/20779': ['7485fbc387ce727a14321dfe7499125ac15c1b8adc8954d593754994604db502', 'c7ade8f66cf1011f445b75c0750bbcfd8dbe56f0613f936efef82e460b7bfab9'],
  '3/20522': ['af5291e5b7f4c79143c6364599e17787ee8f549e38d62d88d43f87894e2bd98f', 'ae96410df19a53df5406bb7b4076fd32484f35a62079e1a60a1f6f916483a98f'],
  '3/20779': ['595506b8d88377464d390589d6efba1731124221f882121cfe39f85f3384f716', '279fce3e553d1ec80e41833bddc73afe1e68d8a4ce9f8c6472a63433d100d6a9'],
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
