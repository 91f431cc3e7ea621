export { LiveState, type LiveChange, type LiveChangeKind, type LiveStateOptions, type LiveStateDeps, type LiveStateStats } from './live-state.js';
export type { AgentStatus } from './agent-status.js';
export { ChannelManager, type ChannelManagerOptions, type ChannelManagerListener, type ChannelManagerStats } from './channel-manager.js';
export { NotificationChannel, type ChannelListener, type ChannelOptions } from './channel.js';
export { parseFrame, type Frame } from './frames.js';
export { TopicRejectedError, LiveOverflowError, type RejectedTopic } from './errors.js';
export { matchesFilter } from './filter.js';
