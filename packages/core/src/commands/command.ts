import type { z } from 'zod'
import type { ChatMessage, MessageDraft, SentMessage } from '../messages/chat-message.js'

/** What a command handler receives. */
export interface CommandContext<Args = Record<string, unknown>> {
  /** The message that invoked the command. */
  readonly message: ChatMessage
  /** Arguments, parsed and validated by the command's `args` schema. */
  readonly args: Args
  /** The raw text after the command name. */
  readonly raw: string
  /** The name the user typed (a name or an alias). */
  readonly invokedAs: string
  /**
   * The options of the command's plugin in force where the message is (its guild's and channel's
   * scopes applied); `ctx.config` is the bot-wide value. `undefined` for core's commands.
   */
  readonly config?: unknown
  /** Replies to the invoking message (through the outbound pipeline). */
  reply(content: MessageDraft): Promise<SentMessage>
}

/**
 * A command, as a plugin registers it with `ctx.commands.register`.
 *
 * `args` is a zod object: words after the command fill its keys in order, quoted words ("two
 * words") count as one, and a last string key takes the rest of the line. Bad arguments make the
 * bot reply with the usage line.
 *
 * @example
 * ```ts
 * ctx.commands.register({
 *   name: 'remind', description: 'Reminds you later',
 *   args: z.object({ minutes: z.coerce.number().int().positive(), text: z.string() }),
 *   cooldown: 10_000,
 *   handler: async ({ args, reply }) => { … },
 * })
 * ```
 */
export interface CommandDefinition<Schema extends z.ZodObject = z.ZodObject> {
  /** Name typed after the prefix (`!name`): lower-case letters, digits, dashes. */
  readonly name: string
  /** One line for `!help`. */
  readonly description: string
  /** Other names. */
  readonly aliases?: readonly string[]
  /** Argument schema. */
  readonly args?: Schema
  /** Per-user cooldown in milliseconds (kept in bot storage, so shared across shards). */
  readonly cooldown?: number
  /**
   * Access levels allowed to run it (from the bot's `access` configuration, e.g. `moderator`);
   * `admin` may always run it. Absent means everyone.
   */
  readonly permissions?: readonly string[]
  /** Hidden from `!help`. */
  readonly hidden?: boolean
  /** How long the handler may run before it is abandoned (default: the bot's hook timeout). */
  readonly timeoutMs?: number
  /** Runs the command. */
  handler(context: CommandContext<z.output<Schema>>): void | Promise<void>
}

/** A registered command, as `bot.commands.list()` reports it. */
export interface CommandInfo {
  /** Name. */
  readonly name: string
  /** Description. */
  readonly description: string
  /** Aliases. */
  readonly aliases: readonly string[]
  /** Usage line, e.g. `!remind <minutes> <text...>`. */
  readonly usage: string
  /** The plugin that owns it (`core` for built-ins). */
  readonly plugin: string
  /** Access levels, empty for everyone. */
  readonly permissions: readonly string[]
  /** Hidden from help. */
  readonly hidden: boolean
  /** Argument names in order, with whether each is required (for slash commands). */
  readonly options: readonly { readonly name: string; readonly required: boolean; readonly rest: boolean }[]
}
