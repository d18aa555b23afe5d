import type { AdapterHost, Disposer, Logger } from '@banter/core'
import type { Client } from 'discord.js'
import { discordError, fromDiscordError } from './errors.js'
import { MAX_SLASH_COMMANDS, toSlashCommands } from './slash-commands.js'

const RESYNC_DELAY_MS = 250

/**
 * Keeps Discord's slash command list equal to the bot's commands: registers them once logged in
 * (globally, or in one guild), and again when commands are added or removed. An unchanged
 * list is not sent again; when sharded, only the process with shard 0 registers. A refused list is
 * logged; prefix commands keep working.
 */
export class SlashCommandSync {
  readonly #client: Client
  readonly #commands: AdapterHost['commands']
  readonly #guildId: string | undefined
  readonly #log: Logger
  #last: string | undefined
  #timer: NodeJS.Timeout | undefined
  #running: Promise<void> = Promise.resolve()

  constructor(client: Client, commands: AdapterHost['commands'], guildId: string | undefined, log: Logger) {
    this.#client = client
    this.#commands = commands
    this.#guildId = guildId
    this.#log = log
  }

  /** Registers the current command list if it changed since the last registration. */
  sync(): Promise<void> {
    this.#running = this.#running.then(() => this.#sync())
    return this.#running
  }

  /** Re-registers (debounced) whenever commands are added or removed. */
  watch(): Disposer {
    return this.#commands.watch(() => {
      if (this.#timer) clearTimeout(this.#timer)
      this.#timer = setTimeout(() => {
        this.#timer = undefined
        void this.sync()
      }, RESYNC_DELAY_MS)
      this.#timer.unref()
    })
  }

  /** Cancels a pending re-registration. */
  close(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
  }

  async #sync(): Promise<void> {
    const application = this.#client.application
    if (!application) return
    // Commands belong to the application, not a shard: only the process that holds shard 0 registers.
    const shards = this.#client.options.shards
    if (Array.isArray(shards) && !shards.includes(0)) return
    const { body, dropped } = toSlashCommands(this.#commands.list())
    const key = JSON.stringify(body)
    if (key === this.#last) return
    if (dropped.length) {
      this.#log.warn(
        { dropped },
        `Discord takes at most ${MAX_SLASH_COMMANDS} slash commands: ${dropped.length} left out (${dropped.join(', ')}); they still work with the prefix`,
      )
    }
    const scope = this.#guildId ? `guild ${this.#guildId}` : 'global'
    try {
      if (this.#guildId) await application.commands.set(body, this.#guildId)
      else await application.commands.set(body)
      this.#last = key
      this.#log.info({ count: body.length, scope }, `registered ${body.length} slash commands (${scope})`)
    } catch (error) {
      const cause = fromDiscordError(error, `register ${body.length} slash commands (${scope})`)
      const refused = discordError('DISCORD_COMMANDS_REJECTED', cause.summary, { cause: error })
      this.#log.error({ err: refused }, refused.message)
    }
  }
}
