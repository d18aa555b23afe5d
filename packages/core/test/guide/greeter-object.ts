import { type ChatMessage, definePlugin, type PluginContext, z } from '@banter/core'
import { type GreeterConfig, greeterOptions } from './greeter-plugin.js'

/** The same greeter as an object: `setup` does what `initialize` did, and there is no `this`. */
export const greeterObject = definePlugin({
  manifest: {
    name: 'greeter',
    version: '1.0.0',
    description: 'Says hello and counts greetings',
    permissions: ['messages:read', 'messages:send', 'storage'],
  },
  configSchema: greeterOptions,

  setup(ctx) {
    ctx.commands.register({
      name: 'hello',
      description: 'Says hello',
      args: z.object({ name: z.string().optional() }),
      handler: async ({ message, args, reply }) => {
        const count = await countGreeting(ctx, message)
        await reply(`${ctx.config.greeting}, ${args.name ?? message.author.name}! (greeting #${count})`)
      },
    })

    ctx.events.on('message.received', async ({ message }) => {
      if (!/^hi\b/i.test(message.content)) return
      await ctx.messages.reply(message, `Welcome, ${message.author.name}!`)
    })

    // Optional: a function to run when the plugin stops (what `destroy` is to a class).
    return () => ctx.logger.debug('greeter stopped')
  },
})

async function countGreeting(ctx: PluginContext<GreeterConfig>, message: ChatMessage): Promise<number> {
  const key = `greetings:${message.author.id}`
  const count = ((await ctx.storage.get<number>(key)) ?? 0) + 1
  await ctx.storage.set(key, count)
  return count
}

export default greeterObject
