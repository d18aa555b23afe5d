import type { CommandInfo } from '@banter/core'
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js'

/** Discord takes at most 100 chat-input commands per scope. */
export const MAX_SLASH_COMMANDS = 100

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)

/** The slash option name of a command argument: lower-case, kebab-case, at most 32 characters. */
export function optionName(argument: string): string {
  return argument
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_-]/gu, '-')
    .slice(0, 32)
}

/**
 * Turns the bot's commands into slash command definitions: every visible command, each argument a
 * string option in order. Discord wants required options first, so every option after the first
 * optional one is optional too (the command's own argument check still applies). Beyond 100 commands
 * the rest are left out and returned in `dropped`.
 */
export function toSlashCommands(commands: readonly CommandInfo[]): {
  body: RESTPostAPIChatInputApplicationCommandsJSONBody[]
  dropped: string[]
} {
  const visible = commands.filter((c) => !c.hidden)
  const body = visible.slice(0, MAX_SLASH_COMMANDS).map((command) => {
    let required = true
    const options = command.options.map((slot) => {
      required = required && slot.required
      return {
        type: ApplicationCommandOptionType.String as const,
        name: optionName(slot.name),
        description: truncate(slot.rest ? `${slot.name} (the rest of the line)` : slot.name, 100),
        required,
      }
    })
    return {
      type: ApplicationCommandType.ChatInput as const,
      name: command.name,
      description: truncate(command.description || command.name, 100),
      ...(options.length ? { options } : {}),
    }
  })
  return { body, dropped: visible.slice(MAX_SLASH_COMMANDS).map((c) => c.name) }
}

function quote(value: string): string {
  if (value !== '' && !/\s/.test(value)) return value
  if (!value.includes('"')) return `"${value}"`
  if (!value.includes("'")) return `'${value}'`
  return value
}

/**
 * A readable command line for a slash command, `<prefix><name> <args>`, for logs and listeners: option
 * values in argument order, quoted when they hold spaces (except a last "rest of the line" argument).
 * The command itself runs from {@link interactionArgs}, never from this text.
 */
export function interactionContent(
  prefix: string,
  interaction: ChatInputCommandInteraction,
  command: CommandInfo | undefined,
): string {
  const words = [`${prefix}${interaction.commandName}`]
  for (const slot of command?.options ?? []) {
    const value = interaction.options.get(optionName(slot.name))?.value
    if (value === undefined || value === null) continue
    words.push(slot.rest ? String(value) : quote(String(value)))
  }
  return words.join(' ')
}

/**
 * The options of a slash command as structured arguments by name (`message.invocation.args`), which
 * the command runner validates against the command's schema as they are.
 */
export function interactionArgs(
  interaction: ChatInputCommandInteraction,
  command: CommandInfo | undefined,
): Record<string, unknown> {
  const args: Record<string, unknown> = {}
  for (const slot of command?.options ?? []) {
    const value = interaction.options.get(optionName(slot.name))?.value
    if (value !== undefined && value !== null) args[slot.name] = value
  }
  return args
}
