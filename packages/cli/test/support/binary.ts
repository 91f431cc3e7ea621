import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The built binary, for the end-to-end tests (test/e2e/). Generous waits: a loaded 2-core machine starts
 * node slowly, and nothing here asserts on time.
 */
const WAIT_MS = 90_000;

export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** An environment with no Genesys credentials, so nothing of the developer's machine leaks in. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // CXGRAPH_TIMEOUT_MS: a loaded 2-core machine can take far longer than the default 16 s on one cold request.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', CXGRAPH_TIMEOUT_MS: '120000' };
  return { ...env, ...extra };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `cxgraph` to completion. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: options.env ?? cleanEnv(), cwd: options.cwd ?? fileURLToPath(new URL('.', import.meta.url)) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cxgraph ${args.join(' ')} did not finish in time\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? WAIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts the built `cxgraph` and waits until its stdout matches `ready`. */
export function startCli(args: string[], ready: RegExp, options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: options.env ?? cleanEnv(), cwd: options.cwd ?? fileURLToPath(new URL('.', import.meta.url)) });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`not ready: ${stdout}\n${stderr}`)), WAIT_MS);
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = stdout.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => stdout + stderr });
      }
    });
    child.on('close', (code) => reject(new Error(`exited ${code} before ready: ${stdout}\n${stderr}`)));
  });
}

const quote = (s: string) => (/^[\w./:=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The built binary in a pseudo-terminal (util-linux `script`); once `until` holds, Ctrl-C is typed. */
export function inPty(args: string[], opts: { env?: NodeJS.ProcessEnv; until?: (out: string) => boolean } = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    // `exec`: node replaces the shell, so Ctrl-C reaches it alone (as from an interactive shell).
    const child = spawn('script', ['-qfec', ['exec', process.execPath, BIN, ...args].map(quote).join(' '), '/dev/null'], { env: opts.env ?? cleanEnv({ TERM: 'xterm' }) });
    let out = '';
    let typed = false;
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`pty timed out:\n${out}`))), WAIT_MS);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (opts.until && !typed && opts.until(out)) (typed = true), child.stdin.write('\x03');
    });
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, out })));
  });
}

/** Whether util-linux `script` (the pseudo-terminal the TTY tests use) is installed. */
export function hasScript(): boolean {
  try {
    return execFileSync('which', ['script']).length > 0;
  } catch {
    return false;
  }
}
