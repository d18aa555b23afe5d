/** Where a bot is in its life. */
export type BotStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped'
