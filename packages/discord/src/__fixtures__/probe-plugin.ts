import { BasePlugin, isBanterError, type PluginContext, type PluginManifest, z } from '@banter/core'

/** A long answer: 2400 characters of words and a line break, so it must go out in two parts. */
export const LONG_TEXT = `${'alpha '.repeat(250).trim()}\n${'omega '.repeat(150).trim()}`

let slowGate: Promise<void> = Promise.resolve()

/** Makes the `slow` command wait until the returned function is called. */
export function holdSlowCommand(): () => void {
  let release = () => {}
  slowGate = new Promise<void>((resolve) => {
    release = resolve
  })
  return release
}

/** A test plugin whose commands exercise every adapter operation. */
export class ProbePlugin extends BasePlugin {
  static manifest = {
    name: 'probe',
    version: '1.0.0',
    description: 'Exercises the adapter in tests',
    permissions: ['messages:read', 'messages:send', 'messages:delete'],
  } satisfies PluginManifest

  override initialize(ctx: PluginContext): void {
    ctx.commands.register({
      name: 'echo',
      description: 'Repeats the text',
      args: z.object({ text: z.string() }),
      handler: async ({ args, reply }) => {
        await reply(args.text)
      },
    })
    ctx.commands.register({
      name: 'remind',
      description: 'Says when it would remind you',
      args: z.object({ minutes: z.coerce.number().int().positive(), text: z.string() }),
      handler: async ({ args, reply }) => {
        await reply(`in ${args.minutes} min: ${args.text}`)
      },
    })
    ctx.commands.register({
      name: 'draft',
      description: 'Posts a draft then edits it',
      handler: async ({ reply }) => {
        const sent = await reply('draft')
        await ctx.messages.edit(sent, 'final')
      },
    })
    ctx.commands.register({
      name: 'vanish',
      description: 'Posts then deletes',
      handler: async ({ reply }) => {
        const sent = await reply('bye')
        await ctx.messages.delete(sent)
      },
    })
    ctx.commands.register({
      name: 'like',
      description: 'Reacts to the command',
      handler: async ({ message }) => {
        await ctx.messages.react(message, '👍')
        await ctx.messages.react(message, '<:banter:123456789012345678>')
      },
    })
    ctx.commands.register({
      name: 'long',
      description: 'Answers with more than 2000 characters',
      handler: async ({ reply }) => {
        await reply(LONG_TEXT)
      },
    })
    ctx.commands.register({
      name: 'twice',
      description: 'Answers twice',
      handler: async ({ reply }) => {
        await reply('one')
        await reply('two')
      },
    })
    ctx.commands.register({
      name: 'size',
      description: 'Reads the first attachment',
      handler: async ({ message, reply }) => {
        const file = message.attachments[0]
        if (!file) return void (await reply('no file'))
        try {
          const bytes = await file.read()
          await reply(
            `read ${bytes.length} bytes of ${file.name}: ${Buffer.from(bytes).toString('utf8').slice(0, 20)}`,
          )
        } catch (error) {
          await reply(`refused: ${isBanterError(error) ? error.code : 'unknown'}`)
        }
      },
    })
    ctx.commands.register({
      name: 'file',
      description: 'Answers with a file',
      handler: async ({ reply }) => {
        await reply({ content: 'here', attachments: [{ name: 'note.txt', data: Buffer.from('hello file') }] })
      },
    })
    ctx.commands.register({
      name: 'once',
      description: 'Sends the same nonce twice',
      handler: async ({ reply }) => {
        await reply({ content: 'only once', nonce: 'probe-nonce-1' })
        await reply({ content: 'only once', nonce: 'probe-nonce-1' })
      },
    })
    ctx.commands.register({
      name: 'slow',
      description: 'Answers once the test lets it',
      handler: async ({ reply }) => {
        await slowGate
        await reply('late')
      },
    })
    ctx.commands.register({
      name: 'quiet',
      description: 'Answers nothing',
      handler: () => undefined,
    })
  }
}
