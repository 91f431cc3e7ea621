/**
 * Ready-made queries: GraphiQL opens with them as tabs, and the CLI and the README reuse them. Each one is
 * within the gateway's query limits (a test runs every one against the sandbox).
 */

export interface Example {
  /** The operation name (GraphiQL's tab title). */
  name: string;
  /** One line saying what it shows. */
  title: string;
  /** The document, with a comment header. */
  query: string;
  /** Variables to start with, if any. */
  variables?: Record<string, unknown>;
}

export const LIVE_CONVERSATIONS: Example = {
  name: 'LiveConversations',
  title: 'Every conversation in progress: media, queue, duration so far and who is on it.',
  query: `# Every conversation in progress in the org, newest first: its media, queue,
# duration so far and its participants (agents resolved in one batched call).
query LiveConversations {
  liveConversations(first: 25) {
    edges {
      node {
        id
        mediaType
        direction
        durationMs
        queue { name }
        participants { purpose name state agent { name routingStatus } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
};

export const AGENT_LAST_7_DAYS: Example = {
  name: 'AgentLastSevenDays',
  title: "Agents' last 7 days: handled, handle time and a daily breakdown (one aggregates query).",
  query: `# Agents' figures over the last 7 days (today included), day by day.
# Put agent ids in Variables, e.g. {"agentIds": ["<id>"]} (ids from \`agents\`);
# without them, every agent with data.
query AgentLastSevenDays($agentIds: [ID!]) {
  agentMetrics(range: {relative: LAST_7_DAYS}, agentIds: $agentIds, granularity: "P1D") {
    agent { name }
    offered
    answered
    handled
    transferred
    handleTime { avg count }
    talkTime { avg }
    averageHandleTimeMs
    buckets { interval handled averageHandleTimeMs }
  }
}
`,
};

export const LIVE_WITH_HISTORY: Example = {
  name: 'LiveCallsWithAgentHistory',
  title: "The live↔historical join: each live call's agents with their 7-day handle time.",
  query: `# The live↔historical join: each voice call in progress, and for each of its agents
# their handled count and average handle time over the last 7 days. All the agents'
# metrics come from ONE aggregates query, and the agents from one batched users call.
query LiveCallsWithAgentHistory {
  liveConversations(first: 20, filter: {mediaTypes: ["voice"]}) {
    edges {
      node {
        id
        durationMs
        participants {
          purpose
          agent {
            name
            metrics(range: {relative: LAST_7_DAYS}) {
              handled
              handleTime { avg }
            }
          }
        }
      }
    }
  }
}
`,
};

export const HISTORICAL_PAGE: Example = {
  name: 'HistoricalPage',
  title: "A page of yesterday's voice conversations (pass pageInfo.endCursor as $after for the next).",
  query: `# Yesterday's voice conversations, oldest first, 25 a page.
# For the next page, set {"after": "<pageInfo.endCursor>"} in Variables.
query HistoricalPage($after: String) {
  historicalConversations(range: {relative: YESTERDAY}, filter: {mediaTypes: ["voice"]}, first: 25, after: $after) {
    edges {
      node {
        id
        startTime
        endTime
        durationMs
        direction
        queue { name }
        participants { purpose agent { name } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
};

/** In the order GraphiQL shows them. */
export const EXAMPLES: readonly Example[] = [LIVE_CONVERSATIONS, AGENT_LAST_7_DAYS, LIVE_WITH_HISTORY, HISTORICAL_PAGE];

export const LIVE_CHANGES: Example = {
  name: 'LiveChanges',
  title: 'Pushed, not polled: every voice conversation as it is added, changes and ends.',
  query: `# A subscription: run it and GraphiQL keeps the stream open (GraphQL over SSE);
# each voice conversation appears as it is ADDED, UPDATED (an agent is alerted,
# answers, holds…) and ENDED. Fed by Genesys notifications: no polling.
subscription LiveChanges {
  liveConversations(filter: {mediaTypes: ["voice"]}) {
    kind
    at
    conversation {
      id
      durationMs
      queue { name }
      participants { purpose name state }
    }
  }
}
`,
};

/** Subscriptions (GraphiQL runs them over SSE); kept apart from `EXAMPLES`, which are queries. */
export const SUBSCRIPTION_EXAMPLES: readonly Example[] = [LIVE_CHANGES];
