/**
 * Waits until `read()` matches `pattern` (a server's banner, written as it starts), checking each time the
 * event loop turns; real time passes only as fast as the server starts, and nothing asserts on it.
 */
export async function waitFor(read: () => string, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = read().match(pattern);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`not seen in ${timeoutMs / 1000}s: ${pattern}\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
