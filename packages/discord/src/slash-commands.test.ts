import type { CommandInfo } from '@banter/core'
import type { ChatInputCommandInteraction } from 'discord.js'
import { describe, expect, it } from 'vitest'
import { interactionContent, optionName, toSlashCommands } from './slash-commands.js'

function info(
  name: string,
  options: CommandInfo['options'] = [],
  extra: Partial<CommandInfo> = {},
): CommandInfo {
  return {
    name,
    description: `${name} things`,
    aliases: [],
    usage: `!${name}`,
    plugin: 'test',
    permissions: [],
    hidden: false,
    options,
    ...extra,
  }
}

// Just what interactionContent reads of an interaction.
function interaction(name: string, values: Record<string, string>): ChatInputCommandInteraction {
  return {
    commandName: name,
    options: { get: (key: string) => (key in values ? { value: values[key] } : null) },
  } as unknown as ChatInputCommandInteraction
}

describe('slash commands', () => {
  it('names options in kebab case within 32 characters', () => {
    expect(optionName('timeZone')).toBe('time-zone')
    expect(optionName('a'.repeat(40))).toHaveLength(32)
  })

  it('keeps required options before optional ones and leaves hidden commands out', () => {
    const { body } = toSlashCommands([
      info('mix', [
        { name: 'first', required: false, rest: false },
        { name: 'second', required: true, rest: true },
      ]),
      info('secret', [], { hidden: true }),
    ])
    expect(body.map((c) => c.name)).toEqual(['mix'])
    expect(body[0]?.options?.map((o) => [o.name, o.required])).toEqual([
      ['first', false],
      ['second', false],
    ])
  })

  it('registers at most 100 commands and reports the rest', () => {
    const many = Array.from({ length: 105 }, (_, i) => info(`c${i}`))
    const { body, dropped } = toSlashCommands(many)
    expect(body).toHaveLength(100)
    expect(dropped).toEqual(['c100', 'c101', 'c102', 'c103', 'c104'])
  })

  it('rebuilds the command line, quoting values with spaces except the rest of the line', () => {
    const command = info('note', [
      { name: 'title', required: true, rest: false },
      { name: 'body', required: false, rest: true },
    ])
    expect(
      interactionContent('!', interaction('note', { title: 'big day', body: 'it was "great"' }), command),
    ).toBe('!note "big day" it was "great"')
    expect(interactionContent('?', interaction('note', { title: 'say "hi"' }), command)).toBe(
      `?note 'say "hi"'`,
    )
    expect(interactionContent('!', interaction('ping', {}), undefined)).toBe('!ping')
  })
})
