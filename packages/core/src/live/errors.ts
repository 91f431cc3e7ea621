import { CxGraphError, type ErrorDetails } from '../errors.js';

export interface RejectedTopic {
  topic: string;
  /** Genesys's reason (`rejectionReason`, else the state it gave). */
  reason: string;
  missingPermissions: string[];
}

/** One or more notification topics a channel refused; each named with Genesys's reason. */
export class TopicRejectedError extends CxGraphError {
  constructor(
    readonly rejected: RejectedTopic[],
    details: ErrorDetails = {},
  ) {
    const first = rejected[0];
    const more = rejected.length > 1 ? ` (and ${rejected.length - 1} more)` : '';
    const perms = first && first.missingPermissions.length > 0 ? `; missing permissions: ${first.missingPermissions.join(', ')}` : '';
    super('TOPIC_REJECTED', `Notifications topic ${first?.topic ?? '?'} was rejected: ${first?.reason ?? 'no reason given'}${perms}${more}.`, {
      hint:
        first && first.missingPermissions.length > 0
          ? `Give the OAuth client's role ${first.missingPermissions.join(' or ')}, or leave the topic out.`
          : 'Check the topic name (e.g. v2.routing.queues.{queueId}.conversations) and that the id exists in this org.',
      ...details,
    });
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), rejected: this.rejected };
  }
}

/** A reader of `LiveState.changes()` that fell more than its buffer behind; it is dropped, the state goes on. */
export class LiveOverflowError extends CxGraphError {
  constructor(readonly bufferSize: number) {
    super('LIVE_OVERFLOW', `The live change reader fell more than ${bufferSize} changes behind and was dropped.`, {
      hint: 'Read changes faster (do slow work off the loop), or raise `changeBufferSize`; then call changes() again and re-read list() to catch up.',
    });
  }
}
