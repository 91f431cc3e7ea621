import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { OrgStore } from '../../src/store.js';

/** Topic names for every queue and every agent of the org, per kind. */
export function allTopics(store: OrgStore) {
  const { queues, agents } = store.org;
  return {
    queueConversations: queues.map((q) => `v2.routing.queues.${q.id}.conversations`),
    userConversations: agents.map((a) => `v2.users.${a.id}.conversations`),
    presence: agents.map((a) => `v2.users.${a.id}.presence`),
    routingStatus: agents.map((a) => `v2.users.${a.id}.routingStatus`),
    observations: queues.map((q) => `v2.analytics.queues.${q.id}.observations`),
  };
}

/** The entity id inside a topic name (`v2.users.<id>.presence` → `<id>`). */
export const idOfTopic = (topic: string): string => topic.split('.').at(-2)!;

/**
 * Field names of the SDK's model interfaces, read from the SDK's own index.d.ts (not from our code), so a test
 * can check that an event body carries only fields its model declares.
 */
export function sdkModelFields(): (model: string) => Set<string> {
  const require = createRequire(import.meta.url);
  const dts = readFileSync(require.resolve('purecloud-platform-client-v2/index.d.ts'), 'utf8');
  const cache = new Map<string, Set<string>>();
  return (model) => {
    let fields = cache.get(model);
    if (fields) return fields;
    const start = dts.indexOf(`export interface ${model} {`);
    if (start < 0) throw new Error(`no model ${model} in the SDK`);
    const body = dts.slice(start, dts.indexOf('\n\t}', start));
    fields = new Set([...body.matchAll(/^\t\t"([^"]+)"\??:/gm)].map((m) => m[1]!));
    cache.set(model, fields);
    return fields;
  };
}

/** Keys of `value` (recursively, through objects and arrays of objects) that `model` and its nested models do not declare. */
export function undeclaredFields(value: unknown, model: string, fieldsOf: (m: string) => Set<string>, nested: Record<string, string>, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => undeclaredFields(v, model, fieldsOf, nested, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const declared = fieldsOf(model);
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (!declared.has(k)) out.push(`${model}.${k} at ${path || '.'}`);
    const child = nested[`${model}.${k}`];
    if (child) out.push(...undeclaredFields(v, child, fieldsOf, nested, `${path}.${k}`));
  }
  return out;
}

const MEDIA = ['calls', 'callbacks', 'chats', 'cobrowsesessions', 'emails', 'messages', 'screenshares', 'socialExpressions', 'videos'];

/** This test's own reading of "the conversation is over": every media object disconnected, no after-call work pending. */
export function looksEnded(body: any): boolean {
  return (body.participants ?? []).every((p: any) =>
    MEDIA.every((k) => (p[k] ?? []).every((m: any) => m.state === 'disconnected' && m.afterCallWork?.state !== 'pending')),
  );
}
