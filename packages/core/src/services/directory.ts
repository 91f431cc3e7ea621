import type platformClient from 'purecloud-platform-client-v2';
import { paginateEntities } from '../pagination.js';
import type { CallOptions, Transport } from '../transport-types.js';

type User = platformClient.Models.User;
type Queue = platformClient.Models.Queue;

/** Ids per listing request (Genesys's documented maximum for `id` is believed to be 100). */
const MAX_IDS_PER_CALL = 100;

export interface ListUsersParams {
  /** `routingStatus`, `presence`, … */
  expand?: string[];
}

/** Users and queues by id, batched (≤ 100 ids a call) for DataLoader; and as async iterators. */
export class DirectoryService {
  constructor(private readonly t: Transport) {}

  /** Users in the order of `ids`; `undefined` where Genesys has no such user. One call per 100 ids. */
  async getUsers(ids: readonly string[], params: ListUsersParams = {}, opts: CallOptions = {}): Promise<Array<User | undefined>> {
    const found = new Map<string, User>();
    for (const batch of chunk(unique(ids), MAX_IDS_PER_CALL)) {
      const page = await this.t.call(
        'GET /api/v2/users',
        (api) => api.users.getUsers({ id: batch, pageSize: batch.length, pageNumber: 1, ...(params.expand ? { expand: params.expand } : {}) }),
        opts,
      );
      for (const u of page.entities ?? []) if (u.id) found.set(u.id, u);
    }
    return ids.map((id) => found.get(id));
  }

  /** Queues in the order of `ids`; `undefined` where there is none. One call per 100 ids. */
  async getQueues(ids: readonly string[], opts: CallOptions = {}): Promise<Array<Queue | undefined>> {
    const found = new Map<string, Queue>();
    for (const batch of chunk(unique(ids), MAX_IDS_PER_CALL)) {
      const page = await this.t.call('GET /api/v2/routing/queues', (api) => api.routing.getRoutingQueues({ id: batch, pageSize: batch.length, pageNumber: 1 }), opts);
      for (const q of page.entities ?? []) if (q.id) found.set(q.id, q);
    }
    return ids.map((id) => found.get(id));
  }

  getUser(id: string, params: ListUsersParams = {}, opts: CallOptions = {}): Promise<User> {
    return this.t.call('GET /api/v2/users/{userId}', (api) => api.users.getUser(id, params.expand ? { expand: params.expand } : {}), opts);
  }

  getQueue(id: string, opts: CallOptions = {}): Promise<Queue> {
    return this.t.call('GET /api/v2/routing/queues/{queueId}', (api) => api.routing.getRoutingQueue(id), opts);
  }

  listUsers(params: ListUsersParams = {}, opts: CallOptions = {}): AsyncIterable<User> {
    return paginateEntities((pageNumber) =>
      this.t.call('GET /api/v2/users', (api) => api.users.getUsers({ pageSize: 100, pageNumber, ...(params.expand ? { expand: params.expand } : {}) }), opts),
    );
  }

  listQueues(params: { name?: string } = {}, opts: CallOptions = {}): AsyncIterable<Queue> {
    return paginateEntities((pageNumber) =>
      this.t.call('GET /api/v2/routing/queues', (api) => api.routing.getRoutingQueues({ pageSize: 100, pageNumber, ...(params.name ? { name: params.name } : {}) }), opts),
    );
  }

  listQueueMembers(queueId: string, params: ListUsersParams = {}, opts: CallOptions = {}): AsyncIterable<platformClient.Models.QueueMember> {
    return paginateEntities((pageNumber) =>
      this.t.call(
        'GET /api/v2/routing/queues/{queueId}/members',
        (api) => api.routing.getRoutingQueueMembers(queueId, { pageSize: 100, pageNumber, ...(params.expand ? { expand: params.expand } : {}) }),
        opts,
      ),
    );
  }
}

const unique = (ids: readonly string[]): string[] => [...new Set(ids.filter((id) => id !== ''))];

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
