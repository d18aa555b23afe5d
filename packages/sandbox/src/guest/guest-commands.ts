import { argSlots, type CommandDefinition, type PluginCommands, usageLine } from '@banter/core/guest'
import { plainData } from '../wire/plain-data.js'
import type { MessageRef } from '../wire/protocol.js'
import type { GuestChannel } from './guest-channel.js'
import type { GuestMessages } from './guest-messages.js'

type Definition = CommandDefinition & { readonly args?: CommandDefinition['args'] }

/** A command call as the host sends it: the words mapped onto the argument slots, as text. */
export interface CommandCall {
  readonly n: string
  readonly m: MessageRef
  readonly a: Record<string, unknown>
  readonly raw: string
  readonly as: string
}

/**
 * The guest's commands. The host registers each one under the plugin with argument slots that
 * mirror the zod schema (so usage lines, `!help` and slash commands are right); the words arrive as
 * text and the guest validates them with the real schema.
 */
export class GuestCommands {
  readonly #defs = new Map<string, Definition>()
  readonly #channel: GuestChannel
  readonly #messages: GuestMessages
  readonly #prefix: () => string

  constructor(channel: GuestChannel, messages: GuestMessages, prefix: () => string) {
    this.#channel = channel
    this.#messages = messages
    this.#prefix = prefix
  }

  /** The plugin's `ctx.commands`. */
  view(alive: (action: string) => void): PluginCommands {
    return {
      register: (definition) => {
        alive('register commands')
        const def = definition as unknown as Definition
        const slots = argSlots(def.args)
        this.#channel.sync('commands.register', {
          name: def.name,
          description: def.description,
          aliases: def.aliases,
          cooldown: def.cooldown,
          permissions: def.permissions,
          hidden: def.hidden,
          timeoutMs: def.timeoutMs,
          slots,
        })
        this.#defs.set(def.name, def)
        return () => {
          if (this.#defs.get(def.name) !== def) return
          this.#defs.delete(def.name)
          this.#channel.cast('commands.unregister', { name: def.name })
        }
      },
      run: (line, as) => {
        alive('run commands')
        return this.#channel.request('commands.run', {
          line,
          as: this.#messages.ref(as),
        }) as ReturnType<PluginCommands['run']>
      },
      list: () => this.#channel.sync('commands.list', null) as ReturnType<PluginCommands['list']>,
    }
  }

  /** Runs command `call.n` for host call `id`. */
  async run(id: number, call: CommandCall): Promise<void> {
    const def = this.#defs.get(call.n)
    if (!def) throw new Error(`command "${call.n}" is not registered in this guest`)
    const message = this.#messages.take(call.m)
    const ref = this.#messages.ref(message)
    const reply = (draft: unknown) => this.#channel.request('cmd.reply', { id, m: ref, d: plainData(draft) })
    let args: Record<string, unknown> = {}
    if (def.args) {
      const parsed = def.args.safeParse(call.a)
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => {
          const key = issue.path[0]
          const given = typeof key === 'string' ? call.a[key] : undefined
          const what = given === undefined ? 'is missing' : `"${String(given)}": ${issue.message}`
          return `• ${typeof key === 'string' ? key : 'arguments'} ${what}`
        })
        const usage = usageLine(this.#prefix(), def.name, argSlots(def.args))
        await reply(`Usage: \`${usage}\`\n${problems.join('\n')}`)
        return
      }
      args = parsed.data as Record<string, unknown>
    }
    await def.handler({
      message: message as never,
      args,
      raw: call.raw,
      invokedAs: call.as,
      reply: reply as never,
    })
  }
}
