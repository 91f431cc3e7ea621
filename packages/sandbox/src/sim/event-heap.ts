/**
 * The simulation's event queue: a binary min-heap by (time, sequence), so events at the same instant run
 * in the order they were scheduled.
 */
export interface TimedEvent {
  t: number;
  seq: number;
}

export class EventHeap<E extends TimedEvent> {
  private readonly items: E[] = [];

  push(e: E): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): E | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

const before = (x: TimedEvent, y: TimedEvent): boolean => x.t < y.t || (x.t === y.t && x.seq < y.seq);
