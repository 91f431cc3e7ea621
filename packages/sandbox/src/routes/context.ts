import { isLiveAt, viewAt, type SimConversation } from '../model.js';
import type { SandboxLimits } from '../options.js';
import type { NotificationHub } from '../notifications/hub.js';
import type { OrgStore } from '../store.js';

/** What every route handler reads. `limits` is the live object: runtime changes are seen at once. */
export interface RouteDeps {
  store: OrgStore;
  limits: SandboxLimits;
  /** The Notifications API; without it its routes are not served. */
  notifications?: NotificationHub;
}

/** Conversations in progress at `now`, cut to `now` (they started today or, running past midnight, yesterday). */
export function liveConversations(store: OrgStore, now: number): SimConversation[] {
  const { first, last } = store.historyDays(now);
  const live: SimConversation[] = [];
  for (let day = Math.max(first, last - 1); day <= last; day++) {
    for (const c of store.conversationsOfDay(day)) {
      if (c.start > now) break;
      if (isLiveAt(c, now)) live.push(viewAt(c, now)!);
    }
  }
  return live;
}

/** A conversation by id as it stands at `now`, or undefined when it does not exist (yet, or any more). */
export function conversationAt(store: OrgStore, id: string, now: number): SimConversation | undefined {
  const c = store.conversation(id);
  if (!c) return undefined;
  const { first, last } = store.historyDays(now);
  if (c.day < first || c.day > last) return undefined;
  return viewAt(c, now);
}
