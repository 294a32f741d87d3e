// Polls a condition until it holds or a timeout passes (for log lines and reloads that a
// test waits on; never used to assert durations).

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 10_000, everyMs = 25): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
