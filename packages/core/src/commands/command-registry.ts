import type { z } from 'zod'
import { BanterError } from '../errors/banter-error.js'
import type { ChatMessage, MessageDraft, SentMessage } from '../messages/chat-message.js'
import type { Disposer } from '../runtime/disposables.js'
import type { GuardedOwner } from '../runtime/guard.js'
import { HandlerSlot } from '../runtime/handler-slot.js'
import type { CommandDefinition, CommandInfo } from './command.js'
import { type ArgSlot, argSlots, usageLine } from './parse-args.js'

/** Answers a message on behalf of a command's owner (its own `ctx.messages`, permission-checked). */
export type CommandReply = (to: ChatMessage, draft: MessageDraft) => Promise<SentMessage>

/** A command with what the bot needs to run it. */
export interface RegisteredCommand {
  /** The definition as the plugin gave it. */
  readonly definition: CommandDefinition<z.ZodObject>
  /** Owning plugin (or the bot itself for built-ins). */
  readonly owner: GuardedOwner
  /** Argument slots from the schema. */
  readonly slots: readonly ArgSlot[]
  /** How the handler's `reply` sends: through the owner's own `ctx.messages` (core's for built-ins). */
  readonly reply: CommandReply | undefined
  /** The handler's failure record. */
  readonly slot: HandlerSlot
}

const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/

/**
 * Every command of the bot (`bot.commands`), by name and alias. Names are unique across plugins: a
 * second plugin registering a taken name gets `COMMAND_TAKEN`.
 */
export class CommandRegistry {
  readonly #byName = new Map<string, RegisteredCommand>()
  readonly #commands: RegisteredCommand[] = []
  readonly #watchers = new Set<() => void>()
  #prefix: string

  /** @internal */
  constructor(prefix: string) {
    this.#prefix = prefix
  }

  /** The command prefix (`!` by default). */
  get prefix(): string {
    return this.#prefix
  }

  /**
   * @internal Registers a command for `owner`; plugins go through `ctx.commands.register`, which
   * passes the plugin's own permission-checked `reply`.
   */
  register(
    owner: GuardedOwner,
    definition: CommandDefinition<z.ZodObject>,
    reply?: CommandReply,
    onSwitchOff?: (slot: HandlerSlot) => void,
  ): Disposer {
    const names = [definition.name, ...(definition.aliases ?? [])]
    for (const name of names) {
      if (!NAME.test(name)) {
        throw new BanterError(
          'COMMAND_TAKEN',
          `plugin "${owner.name}": "${name}" is not a valid command name (lower-case letters, digits and dashes, up to 32)`,
          { plugin: owner.name, hint: 'Rename the command.' },
        )
      }
      const taken = this.#byName.get(name)
      if (taken) {
        throw new BanterError(
          'COMMAND_TAKEN',
          `plugin "${owner.name}" cannot register command "${name}": plugin "${taken.owner.name}" already registered it`,
          { plugin: owner.name },
        )
      }
    }
    let disposed = false
    const remove = () => {
      disposed = true
      this.#removeCommand(command)
    }
    const slot = new HandlerSlot(
      `command:${definition.name}`,
      'command',
      () => {
        this.#removeCommand(command)
        // The plugin may have registered the command again meanwhile (a sandbox guest that restarted
        // after the failing call): the breaker's verdict is about the command, so that one goes too.
        const again = this.#byName.get(definition.name)
        if (again && again.owner === owner) this.#removeCommand(again)
        onSwitchOff?.(slot)
      },
      // Back after the cool-down, unless the plugin removed it or another took one of its names.
      () => (disposed ? 'gone' : this.#add(command, names) ? 'on' : 'taken'),
    )
    const command: RegisteredCommand = { definition, owner, slots: argSlots(definition.args), reply, slot }
    this.#add(command, names)
    return remove
  }

  /** Puts `command` in under `names`; `false` (and nothing done) when one of them is taken. */
  #add(command: RegisteredCommand, names: readonly string[]): boolean {
    if (names.some((name) => this.#byName.has(name))) return false
    for (const name of names) this.#byName.set(name, command)
    this.#commands.push(command)
    this.#changed()
    return true
  }

  #removeCommand(command: RegisteredCommand): void {
    const at = this.#commands.indexOf(command)
    if (at === -1) return
    this.#commands.splice(at, 1)
    for (const [name, found] of this.#byName) if (found === command) this.#byName.delete(name)
    this.#changed()
  }

  /** The command named (or aliased) `name`. */
  find(name: string): RegisteredCommand | undefined {
    return this.#byName.get(name)
  }

  /** Every command, in registration order. */
  list(): CommandInfo[] {
    return this.#commands.map((c) => this.info(c))
  }

  /** Number of registered commands. */
  get size(): number {
    return this.#commands.length
  }

  /**
   * Calls `listener` after commands were added or removed (adapters re-register slash commands).
   * Returns a disposer.
   */
  watch(listener: () => void): Disposer {
    this.#watchers.add(listener)
    return () => this.#watchers.delete(listener)
  }

  /** The public description of a command. */
  info(command: RegisteredCommand): CommandInfo {
    const d = command.definition
    return {
      name: d.name,
      description: d.description,
      aliases: d.aliases ?? [],
      usage: usageLine(this.#prefix, d.name, command.slots),
      plugin: command.owner.name,
      permissions: d.permissions ?? [],
      hidden: d.hidden ?? false,
      options: command.slots,
    }
  }

  #changed(): void {
    for (const watcher of this.#watchers) {
      try {
        watcher()
      } catch {
        // A watcher's failure is its own (adapters log theirs).
      }
    }
  }
}
