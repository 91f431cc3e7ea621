import { describe, expect, it } from 'vitest';
import { colorEnabled, columnsHelp, humanDuration, humanTime, pickColumns, renderTable, writeRows, type Column } from '../src/output/format.js';
import { counted, startProgress } from '../src/output/progress.js';
import { sparkline } from '../src/output/sparkline.js';
import { CLEAR_SCREEN, showRows, watch, type WatchTimer } from '../src/output/watch.js';
import { formatFor, outputOptions } from '../src/options/output.js';
import { watchSeconds } from '../src/options/watch.js';
import { fakeIo } from './support/io.js';

const captureIo = (isTTY = false, env: NodeJS.ProcessEnv = {}) => fakeIo({ isTTY, env });

/** A timer that never waits; it counts the sleeps and the interval asked for. */
function instantTimer(): WatchTimer & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms) => void sleeps.push(ms) };
}

interface Row {
  name: string;
  ms: number | undefined;
}
const COLS: Column<Row>[] = [
  { key: 'name', get: (r) => r.name },
  { key: 'ms', header: 'duration', get: (r) => r.ms, display: (r) => humanDuration(r.ms), align: 'right' },
];
const ROWS: Row[] = [
  { name: 'a, "quoted"', ms: 65_000 },
  { name: 'tab\there', ms: undefined },
];

describe('sparkline', () => {
  it.each([
    [[], ''],
    [[0, 1, 2, 3, 4, 5, 6, 7], '▁▂▃▄▅▆▇█'],
    [[0, 0, 0], '▁▁▁'],
    [[5, 5], '██'], // from 0: equal counts are full, not flat at the bottom
    [[10, 11], '▇█'], // counts start at 0, so 10 and 11 look alike
    [[1, Number.NaN, 3], '▃ █'],
    [[-2, 0, 2], '▁▅█'],
  ])('%j → %s', (values, want) => {
    expect(sparkline(values)).toBe(want);
  });

  it('takes an explicit scale (values outside are clamped)', () => {
    expect(sparkline([0, 50, 100, 200], { min: 0, max: 100 })).toBe('▁▅██');
    expect(sparkline([10, 11], { min: 10 })).toBe('▁█');
  });

  it('one character per value, whatever the length', () => {
    const values = Array.from({ length: 100 }, (_, i) => Math.sin(i / 5) * 10);
    expect([...sparkline(values)]).toHaveLength(100);
  });
});

describe('format helpers', () => {
  it.each([
    [undefined, ''],
    [0, '0ms'],
    [850, '850ms'],
    [9_068, '9s'],
    [60_480, '1m 00s'],
    [371_841, '6m 11s'],
    [7_620_000, '2h 07m'],
    [273_600_000, '3d 04h'],
    [-5_000, '-5s'],
  ])('humanDuration(%j) = %j', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it('humanTime: to the second, UTC; empty for none; unparseable kept', () => {
    expect(humanTime('2026-03-10T14:29:50.932Z')).toBe('2026-03-10 14:29:50Z');
    expect(humanTime(undefined)).toBe('');
    expect(humanTime('soon')).toBe('soon');
  });

  it('colorEnabled: a TTY without NO_COLOR (empty counts as unset) nor TERM=dumb; FORCE_COLOR wins', () => {
    expect(colorEnabled({ isTTY: true, env: {} })).toBe(true);
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: '' } })).toBe(true);
    expect(colorEnabled({ isTTY: true, env: { TERM: 'dumb' } })).toBe(false);
    expect(colorEnabled({ isTTY: false, env: {} })).toBe(false);
    expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: '1' } })).toBe(true);
    expect(colorEnabled({ isTTY: true, env: { FORCE_COLOR: '0', NO_COLOR: '1' } })).toBe(false);
  });

  it('formatFor: a flag, else a table on a terminal and TSV piped', () => {
    expect(formatFor(undefined, true)).toBe('table');
    expect(formatFor(undefined, false)).toBe('tsv');
    expect(formatFor('csv', true)).toBe('csv');
  });

  it('outputOptions and pickColumns: the messages a usage error carries', () => {
    expect(() => outputOptions({ json: true, csv: true })).toThrow(expect.objectContaining({ name: 'UsageError', message: 'Choose one output format: --json, --csv were given.' }));
    expect(outputOptions({ ndjson: true, fields: ['ms'] }, ['name', 'ms'])).toEqual({ format: 'ndjson', fields: ['ms'] });
    expect(() => outputOptions({ fields: ['nope'] }, ['name', 'ms'])).toThrow('Unknown field "nope". Available fields: name, ms.');
    expect(pickColumns(COLS, ['ms', 'name']).map((c) => c.key)).toEqual(['ms', 'name']);
    expect(() => pickColumns(COLS, ['nope'])).toThrow(expect.objectContaining({ name: 'UsageError', message: 'Unknown field "nope". Available fields: name, ms.' }));
  });

  it('columnsHelp wraps the column list under 80 characters', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ key: `column${i}` }));
    const text = columnsHelp(many);
    expect(text.startsWith('Columns: column0, column1,')).toBe(true);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(text.replace(/\s+/g, ' ')).toBe(`Columns: ${many.map((c) => c.key).join(', ')}`);
  });
});

describe('writeRows', () => {
  it('machine formats carry the raw values; the table shows `display`', async () => {
    const io = captureIo();
    await writeRows(io, ROWS, COLS, 'json');
    expect(JSON.parse(io.stdout())).toEqual([
      { name: 'a, "quoted"', ms: 65_000 },
      { name: 'tab\there', ms: null },
    ]);
    const csv = captureIo();
    await writeRows(csv, ROWS, COLS, 'csv');
    expect(csv.stdout()).toBe('name,ms\r\n"a, ""quoted""",65000\r\ntab\there,\r\n');
    const tsv = captureIo();
    await writeRows(tsv, ROWS, COLS, 'tsv');
    expect(tsv.stdout()).toBe('name\tms\na, "quoted"\t65000\ntab here\t\n');
    const table = captureIo();
    await writeRows(table, ROWS, COLS, 'table');
    expect(table.stdout()).toBe('NAME         DURATION\na, "quoted"    1m 05s\ntab here\n');
  });

  it('a bold header only when asked (colour)', async () => {
    const io = captureIo();
    await writeRows(io, ROWS, COLS, 'table', { color: true });
    expect(io.stdout().split('\n')[0]).toBe('\x1b[1mNAME         DURATION\x1b[22m');
    expect(renderTable(['a'], [['x']])).toBe('A\nx\n');
  });

  it('streams from an async iterable', async () => {
    async function* gen() {
      yield* ROWS;
    }
    const io = captureIo();
    expect(await writeRows(io, gen(), COLS, 'ndjson')).toBe(2);
    expect(io.stdout().trimEnd().split('\n')).toHaveLength(2);
  });
});

describe('watch', () => {
  it('redraws: each frame after cursor home + clear, the cursor hidden then shown again', async () => {
    const io = captureIo(true);
    const timer = instantTimer();
    const n = await watch(io, 2, async ({ n }) => `frame ${n}\n`, { timer, maxFrames: 3, signal: new AbortController().signal });
    expect(n).toBe(3);
    expect(io.stdout()).toBe(`\x1b[?25l${CLEAR_SCREEN}frame 0\n${CLEAR_SCREEN}frame 1\n${CLEAR_SCREEN}frame 2\n\x1b[?25h`);
    expect(timer.sleeps).toEqual([2000, 2000]);
  });

  it('not redrawing (piped): frames follow one another, no escape', async () => {
    const io = captureIo(false);
    await watch(io, 1, async ({ n }) => `${n}\n`, { timer: instantTimer(), maxFrames: 3, signal: new AbortController().signal });
    expect(io.stdout()).toBe('0\n1\n2\n');
  });

  it('stops when the signal aborts, in a sleep or in the middle of a frame (not an error)', async () => {
    const io = captureIo(true);
    const stop = new AbortController();
    let calls = 0;
    const timer: WatchTimer = {
      sleep: (_ms, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
    };
    const running = watch(
      io,
      5,
      async ({ signal }) => {
        calls++;
        if (calls === 1) return 'one\n';
        return new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
      },
      { timer, signal: stop.signal },
    );
    await new Promise((r) => setTimeout(r, 20));
    stop.abort();
    expect(await running).toBe(1);
    expect(io.stdout().endsWith('\x1b[?25h')).toBe(true);
  });

  it('the first frame failing is an error; a later one is reported and retried', async () => {
    const io = captureIo(false);
    await expect(watch(io, 1, async () => Promise.reject(new Error('down')), { timer: instantTimer(), signal: new AbortController().signal })).rejects.toThrow('down');
    let n = 0;
    const frames = await watch(
      io,
      3,
      async () => {
        n++;
        if (n === 2) throw new Error('blip');
        return `${n}\n`;
      },
      { timer: instantTimer(), maxFrames: 2, signal: new AbortController().signal },
    );
    expect(frames).toBe(2);
    expect(io.stdout()).toBe('1\n3\n');
    expect(io.stderrText()).toBe('cxgraph: blip (trying again in 3s)\n');
  });

  it('watchSeconds: bare --watch is 5 seconds', () => {
    expect(watchSeconds(undefined)).toBeUndefined();
    expect(watchSeconds(true)).toBe(5);
    expect(watchSeconds(12)).toBe(12);
  });
});

describe('showRows', () => {
  const base = { columns: COLS, load: async () => ROWS, now: () => Date.parse('2026-03-10T14:30:00Z') };

  it('once: the rows in the format', async () => {
    const io = captureIo(false);
    await showRows(io, { ...base, format: 'ndjson' });
    expect(io.stdout().trimEnd().split('\n')).toHaveLength(2);
    expect(io.stderrText()).toBe('');
  });

  it('watching with --json: one compact array per line per snapshot, announced on stderr', async () => {
    const io = captureIo(false);
    await showRows(io, { ...base, format: 'json', watch: { seconds: 1, timer: instantTimer(), maxFrames: 2, signal: new AbortController().signal } });
    const lines = io.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!)).toEqual([
      { name: 'a, "quoted"', ms: 65_000 },
      { name: 'tab\there', ms: null },
    ]);
    expect(io.stderrText()).toBe('cxgraph: snapshot 2026-03-10T14:30:00.000Z, 2 rows\n'.repeat(2));
  });

  it('watching with TSV: a header per snapshot; --quiet: nothing on stderr', async () => {
    const io = captureIo(false);
    await showRows(io, { ...base, format: 'tsv', watch: { seconds: 1, timer: instantTimer(), maxFrames: 2, signal: new AbortController().signal }, quiet: true });
    expect(io.stdout()).toBe('name\tms\na, "quoted"\t65000\ntab here\t\n'.repeat(2));
    expect(io.stderrText()).toBe('');
  });

  it('watching a table: redrawn under its title', async () => {
    const io = captureIo(true);
    await showRows(io, { ...base, format: 'table', watch: { seconds: 7, timer: instantTimer(), maxFrames: 1, signal: new AbortController().signal }, title: (rows) => `${rows.length} things` });
    expect(io.stdout()).toBe(`\x1b[?25l${CLEAR_SCREEN}2 things  (every 7s; Ctrl-C to stop)\n\nNAME         DURATION\na, "quoted"    1m 05s\ntab here\n\x1b[?25h`);
  });
});

describe('startProgress', () => {
  const tty = (env: NodeJS.ProcessEnv = {}) => {
    const io = fakeIo({ stderrTTY: true, env });
    return { io, text: io.stderrText };
  };

  it('silent off a TTY and with --quiet', () => {
    const notTty = fakeIo();
    const p = startProgress(notTty, { label: 'x' });
    p.increment();
    p.stop();
    expect(p.visible).toBe(false);
    expect(notTty.stderrText()).toBe('');
    const { io, text } = tty();
    const q = startProgress(io, { label: 'x', quiet: true });
    q.increment();
    q.stop();
    expect(q.visible).toBe(false);
    expect(text()).toBe('');
    expect(startProgress(tty({ TERM: 'dumb' }).io, { label: 'x' }).visible).toBe(false);
  });

  it('a bar with a total, on a TTY; cleared when stopped', async () => {
    const { io, text } = tty();
    const p = startProgress(io, { label: 'Exporting', total: 4 });
    p.update(2);
    p.stop();
    await new Promise((r) => setImmediate(r));
    expect(text()).toMatch(/Exporting \[█{15}░{15}\] 2\/4 50%/);
    expect(text().endsWith('\x1b[2K') || text().includes('\x1b[2K')).toBe(true);
  });

  it('a running count until the total is known; counted() counts and stops', async () => {
    const { io, text } = tty();
    const p = startProgress(io, { label: 'Fetching' });
    const seen: number[] = [];
    for await (const x of counted([1, 2, 3], p)) seen.push(x);
    expect(seen).toEqual([1, 2, 3]);
    await new Promise((r) => setImmediate(r));
    expect(text()).toContain('Fetching… 3 |');
    const p2 = startProgress(io, { label: 'Paging' });
    p2.setTotal(10);
    p2.update(5);
    p2.stop();
    expect(text()).toContain('Paging [');
    expect(text()).toContain('5/10 50%');
  });
});
