import type { Route } from '../http/router.js';
import { analyticsRoutes } from './analytics.js';
import type { RouteDeps } from './context.js';
import { conversationRoutes } from './conversations.js';
import { directoryRoutes } from './directory.js';
import { notificationRoutes } from './notifications.js';

export type { RouteDeps } from './context.js';

/** Every /api/v2 endpoint the sandbox serves. */
export function apiRoutes(deps: RouteDeps): Route[] {
  return [...directoryRoutes(deps), ...conversationRoutes(deps), ...analyticsRoutes(deps), ...(deps.notifications ? notificationRoutes(deps.notifications) : [])];
}
