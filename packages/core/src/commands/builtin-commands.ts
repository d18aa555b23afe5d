import { z } from 'zod'
import type { GuardedOwner } from '../runtime/guard.js'
import type { ScopeGate } from '../scopes/scope-gate.js'
import type { CommandDefinition } from './command.js'
import type { CommandRegistry } from './command-registry.js'
import { excerpt } from './parse-args.js'

/**
 * Registers the commands every bot has: `!help` (every command with the plugin that owns it, or the
 * usage of one) and `!ping` (answers `pong`).
 */
export function registerBuiltinCommands(
  registry: CommandRegistry,
  owner: GuardedOwner,
  gate?: ScopeGate,
): void {
  const help: CommandDefinition<z.ZodObject> = {
    name: 'help',
    description: 'Lists every command, or shows how to use one',
    aliases: ['commands'],
    args: z.object({ command: z.string().optional() }),
    handler: ({ args, message, reply }) => {
      const here = (plugin: string) => gate === undefined || gate.allows(plugin, message)
      const asked = String(args.command ?? '')
        .trim()
        .replace(registry.prefix, '')
        .toLowerCase()
      if (asked) {
        const command = registry.find(asked)
        if (!command || !here(command.owner.name))
          return reply(
            `No command ${excerpt(registry.prefix + asked)}. Try \`${registry.prefix}help\`.`,
          ).then(() => undefined)
        const info = registry.info(command)
        const aliases = info.aliases.length
          ? `\nAliases: ${info.aliases.map((a) => registry.prefix + a).join(', ')}`
          : ''
        return reply(`\`${info.usage}\` — ${info.description} (${info.plugin})${aliases}`).then(
          () => undefined,
        )
      }
      const lines = registry
        .list()
        .filter((c) => !c.hidden && here(c.plugin))
        .map((c) => `\`${c.usage}\` — ${c.description} (${c.plugin})`)
      return reply(`Commands:\n${lines.join('\n')}`).then(() => undefined)
    },
  }
  const ping: CommandDefinition<z.ZodObject> = {
    name: 'ping',
    description: 'Checks that the bot answers',
    handler: ({ reply }) => reply('pong').then(() => undefined),
  }
  registry.register(owner, help)
  registry.register(owner, ping)
}
