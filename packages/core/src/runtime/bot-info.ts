/** Timeouts for calls into plugins, in milliseconds. */
export interface PluginTimeouts {
  /** Pipeline hooks, listeners, command handlers, timers. Default 5000. */
  readonly hookMs: number
  /** `initialize`. Default 30000. */
  readonly initializeMs: number
  /** `destroy` (and the wait for a stopping plugin's background work). Default 5000. */
  readonly destroyMs: number
}

/** Facts about the bot a plugin may need (`ctx.bot`). */
export interface BotInfo {
  /** The command prefix, `!` by default. */
  readonly prefix: string
  /** The adapter's platform: `console`, `discord`, `test`, ... */
  readonly platform: string
  /** The platform's message length limit (adapters split longer messages). */
  readonly maxMessageLength: number
  /** The folder the bot resolves relative paths from (the config file's folder in the CLI). */
  readonly baseDir: string
}
