/** Where a message is: its channel and, on platforms with servers, its guild. */
export interface MessagePlace {
  /** Channel id. */
  readonly channelId: string
  /** Guild (server) id, absent in direct messages and for outgoing messages. */
  readonly guildId?: string | undefined
}

/**
 * What the message path asks of scopes: whether a plugin is on for a message, and the options in
 * force there. The pipelines, listeners and commands hold it without knowing how scopes are kept.
 */
export interface ScopeGate {
  /** Whether plugin `plugin` takes part for a message at `place`. */
  allows(plugin: string, place: MessagePlace): boolean
  /** The options of `plugin` in force at `place` (the bot-wide ones when no scope changes them). */
  configFor(plugin: string, place: MessagePlace): unknown
}
