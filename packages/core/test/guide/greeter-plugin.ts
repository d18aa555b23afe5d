import {
  BasePlugin,
  type ChatMessage,
  type InferConfig,
  type PluginContext,
  type PluginManifest,
  z,
} from '@banter/core'

/** The options of the greeter, validated when the plugin loads. */
export const greeterOptions = z.object({
  greeting: z.string().min(1).default('Hello'),
})

/** The greeter's config once validated (defaults filled in): `{ greeting: string }`. */
export type GreeterConfig = InferConfig<typeof greeterOptions>

/** Greets people. */
export class GreeterPlugin extends BasePlugin.withConfig(greeterOptions) {
  static manifest = {
    name: 'greeter',
    version: '1.0.0',
    description: 'Says hello and counts greetings',
    // Everything the plugin does must be declared: the operator sees it and may deny it.
    permissions: ['messages:read', 'messages:send', 'storage'],
  } satisfies PluginManifest

  override initialize(ctx: PluginContext<GreeterConfig>) {
    // A command: `!hello [name]`. Arguments are a zod object; bad input gets a usage reply.
    ctx.commands.register({
      name: 'hello',
      description: 'Says hello',
      args: z.object({ name: z.string().optional() }),
      handler: async ({ message, args, reply }) => {
        const count = await this.count(message)
        await reply(`${ctx.config.greeting}, ${args.name ?? message.author.name}! (greeting #${count})`)
      },
    })

    // A listener: welcome anyone who says "hi".
    ctx.events.on('message.received', async ({ message }) => {
      if (!/^hi\b/i.test(message.content)) return
      await ctx.messages.reply(message, `Welcome, ${message.author.name}!`)
    })
  }

  /** Counts greetings per user in the plugin's own storage. */
  private async count(message: ChatMessage): Promise<number> {
    const key = `greetings:${message.author.id}`
    const count = ((await this.ctx.storage.get<number>(key)) ?? 0) + 1
    await this.ctx.storage.set(key, count)
    return count
  }
}

export default GreeterPlugin
