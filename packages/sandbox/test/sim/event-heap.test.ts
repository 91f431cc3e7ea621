import { describe, expect, it } from 'vitest';
import { EventHeap } from '../../src/sim/event-heap.js';
import { Rng } from '../../src/sim/rng.js';

describe('event heap', () => {
  it('pops by time, then by the order events were scheduled', () => {
    const rng = Rng.of(5, 1, 2);
    const heap = new EventHeap<{ t: number; seq: number }>();
    // Few distinct times, so ties are common; pushes interleave with pops as in the simulation. The reference
    // is a plain array sorted before each pop.
    const reference: Array<{ t: number; seq: number }> = [];
    const next = () => reference.sort((a, b) => a.t - b.t || a.seq - b.seq).shift();
    for (let seq = 0; seq < 500; seq++) {
      const e = { t: rng.int(0, 20), seq };
      heap.push(e);
      reference.push(e);
      if (seq % 3 === 0) expect(heap.pop()).toBe(next());
    }
    while (reference.length > 0) expect(heap.pop()).toBe(next());
    expect(heap.pop()).toBeUndefined();
  });

  it('is empty when nothing is scheduled', () => {
    expect(new EventHeap().pop()).toBeUndefined();
  });
});
