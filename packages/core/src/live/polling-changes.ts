/**
 * The polling path's changes: while someone reads `changes()`, poll `LiveService.list()` every `intervalMs` and
 * compare with the previous poll (added, updated, ended). Used only when notifications are unavailable.
 */
import type { Logger } from '../logger.js';
import type { LiveConversation, LiveService } from '../services/live.js';

type ConversationChange = { kind: 'conversation.added' | 'conversation.updated' | 'conversation.ended'; at: number; conversation: LiveConversation };

export class PollingChanges {
  private timer: NodeJS.Timeout | undefined;
  private previous = new Map<string, string>();

  constructor(
    private readonly live: LiveService,
    private readonly feed: { publish(change: ConversationChange): void },
    private readonly now: () => number,
    private readonly intervalMs: number,
    private readonly logger?: Logger,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    const poll = () => void this.pollOnce().catch((e: unknown) => this.logger?.warn({ err: e }, 'live state: poll failed'));
    poll();
    this.timer = setInterval(poll, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async pollOnce(): Promise<void> {
    const at = this.now();
    const list = await this.live.list({});
    const next = new Map(list.map((c) => [c.id, JSON.stringify(c.raw)]));
    for (const c of list) {
      const before = this.previous.get(c.id);
      if (before === undefined) this.feed.publish({ kind: 'conversation.added', at, conversation: c });
      else if (before !== next.get(c.id)) this.feed.publish({ kind: 'conversation.updated', at, conversation: c });
    }
    for (const id of [...this.previous.keys()].filter((i) => !next.has(i))) {
      // Its last state, for the ended change (it may be gone: then there is nothing to show).
      const c = await this.live.get(id).catch(() => undefined);
      if (c) this.feed.publish({ kind: 'conversation.ended', at, conversation: c });
    }
    this.previous = next;
  }
}
