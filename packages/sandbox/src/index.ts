export { createSandbox, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, type Sandbox, type SandboxOptions } from './sandbox.js';
export { SandboxClock, type ClockInstant } from './clock.js';
export { DEFAULT_LIMITS, type SandboxLimits } from './options.js';
export { DEFAULT_CLIENTS, type OAuthClient } from './http/auth.js';
export type { FaultSettings } from './http/faults.js';
export type { RequestLogEntry, EndpointCounters } from './http/log.js';
export type { OrgStore } from './store.js';
export type { Org, OrgAgent, OrgQueue, SimConversation, Emission, AgentState, MediaType } from './model.js';
