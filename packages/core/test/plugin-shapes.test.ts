import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  AIProviderPlugin,
  BasePlugin,
  definePlugin,
  type InferConfig,
  type PluginContext,
  type PluginManifest,
  plugin,
  z,
} from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'

const fixtures = join(import.meta.dirname, 'fixtures')
let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

const logged = (test: TestBot, msg: string) => test.logs.some((line) => line.msg === msg)

describe('a module of plain hook functions', () => {
  it('loads from a .ts file, named after the file, with the manifest it exports', async () => {
    bot = await createTestBot({ plugins: ['./shapes/counter.ts'], config: { baseDir: fixtures } })
    expect(bot.plugins.get('counter')).toMatchObject({
      status: 'active',
      version: '0.0.0',
      description: 'counts !count per user',
      permissions: ['messages:send', 'storage'],
    })
    expect((await bot.receive('!count'))[0]?.content).toBe('count 1')
    expect((await bot.receive('!count'))[0]?.content).toBe('count 2')
    await bot.plugins.disable('counter')
    expect(logged(bot, 'counter destroyed')).toBe(true)
    expect(await bot.receive('!count')).toEqual([])
  })

  it('gives its hooks the context, with options validated by its configSchema', async () => {
    bot = await createTestBot({
      plugins: ['./shapes/dice', ['./shapes/censor.js', { word: 'heck' }]],
      config: { baseDir: fixtures },
    })
    expect(bot.plugins.get('censor')).toMatchObject({ status: 'active', version: '1.2.0' })
    expect(bot.plugins.get('censor')?.description).toBe(
      'plugin functions from censor.js (its manifest has no description)',
    )
    const [message] = await Promise.all([
      new Promise<string>((done) =>
        bot?.events.once('message.received', ({ message }) => done(message.content)),
      ),
      bot.receive('oh heck, darn'),
    ])
    expect(message).toBe('oh ****, darn')
  })

  it('refuses bad options through its schema, like a class', async () => {
    bot = await createTestBot({
      plugins: [['./shapes/censor.js', { word: 42 }]],
      config: { baseDir: fixtures },
    })
    expect(bot.plugins.get('censor')?.error).toMatchObject({ code: 'CONFIG_INVALID' })
  })

  it('does not load when a hook needs a permission its manifest does not declare', async () => {
    bot = await createTestBot({ plugins: ['./shapes/needs-read.js'], config: { baseDir: fixtures } })
    const [info] = bot.plugins.list()
    expect(info?.status).toBe('error')
    expect(info?.error?.code).toBe('MANIFEST_INVALID')
    expect(info?.error?.message).toContain(
      'exports onMessageReceived, which needs the permission "messages:read", but its manifest does not declare it (permissions are never granted implicitly)',
    )
    expect(info?.error?.message).toContain(
      "declare it with export const manifest = { permissions: ['messages:read'] }",
    )
    expect((await bot.receive('!ping'))[0]?.content).toBe('pong')
  })

  it('is re-read from disk on reload', async () => {
    const dir = mkdtempSync(join(import.meta.dirname, '.tmp-shapes-'))
    try {
      const file = join(dir, 'hello-hooks.js')
      const source = [
        "export const manifest = { permissions: ['messages:send'] }",
        'export function initialize(ctx) {',
        "  ctx.commands.register({ name: 'hi', description: 'hi', handler: ({ reply }) => reply('first') })",
        '}',
      ].join('\n')
      writeFileSync(file, source)
      bot = await createTestBot({ plugins: [file] })
      expect((await bot.receive('!hi'))[0]?.content).toBe('first')
      writeFileSync(file, source.replace("'first'", "'second'"))
      await bot.plugins.reload('hello-hooks')
      expect((await bot.receive('!hi'))[0]?.content).toBe('second')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('an object plugin (definePlugin)', () => {
  const events: string[] = []
  const echo = definePlugin({
    manifest: {
      name: 'echo-object',
      version: '1.0.0',
      description: 'echoes',
      permissions: ['messages:read', 'messages:send', 'messages:transform'],
    },
    configSchema: z.object({ prefix: z.string().default('echo: ') }),
    setup(ctx) {
      events.push(`setup ${ctx.config.prefix}`)
      ctx.commands.register({
        name: 'echo',
        description: 'echoes',
        handler: ({ raw, reply }) => reply(`${ctx.config.prefix}${raw}`).then(() => {}),
      })
      return async () => {
        events.push('teardown')
      }
    },
    onMessageReceived(message, ctx) {
      events.push(`inbound ${ctx.name}: ${message.content}`)
    },
    onMessageSent(message, ctx) {
      return { ...message, content: `${message.content} (${ctx.name})` }
    },
  })

  afterEach(() => {
    events.length = 0
  })

  it('is a plugin class: setup with typed config, hooks with the context, teardown at stop', async () => {
    bot = await createTestBot({ plugins: [plugin(echo, { prefix: '> ' })] })
    expect(echo.name).toBe('EchoObjectPlugin')
    expect(echo.definition.manifest.name).toBe('echo-object')
    expect((await bot.receive('!echo hi there'))[0]?.content).toBe('> hi there (echo-object)')
    expect(events).toEqual(['setup > ', 'inbound echo-object: !echo hi there'])
    await bot.plugins.disable('echo-object')
    expect(events.at(-1)).toBe('teardown')
    expect(await bot.receive('!echo gone')).toEqual([])
    await bot.plugins.enable('echo-object')
    expect(events.filter((e) => e.startsWith('setup'))).toHaveLength(2)
  })

  it('has only the hooks it defines', async () => {
    const quiet = definePlugin({
      manifest: { name: 'quiet', version: '1.0.0', description: 'd', permissions: [] },
    })
    expect(typeof quiet.prototype.onMessageReceived).toBe('undefined')
    expect(typeof quiet.prototype.onMessageSent).toBe('undefined')
    expect(typeof quiet.prototype.run).toBe('undefined')
    // A plugin without messages:read and without onMessageReceived raises no permission warning.
    bot = await createTestBot({ plugins: [quiet] })
    expect(bot.plugins.get('quiet')?.status).toBe('active')
    expect(bot.logs.filter((line) => line.level >= 40)).toEqual([])
  })

  it('runs its task with a signal that aborts when it stops', async () => {
    let aborted = false
    const worker = definePlugin({
      manifest: { name: 'worker', version: '1.0.0', description: 'd', permissions: [] },
      run: (signal, ctx) =>
        new Promise<void>((done) => {
          ctx.logger.info('running')
          signal.addEventListener('abort', () => {
            aborted = true
            done()
          })
        }),
    })
    bot = await createTestBot({ plugins: [worker] })
    await bot.settle()
    expect(logged(bot, 'running')).toBe(true)
    await bot.plugins.disable('worker')
    expect(aborted).toBe(true)
  })

  it('is validated when loaded, like a class', async () => {
    const bad = definePlugin({
      manifest: { name: 'Bad Name', version: 'one', description: 'd', permissions: [] },
    })
    bot = await createTestBot({ plugins: [bad] })
    expect(bot.plugins.list()[0]?.error?.code).toBe('MANIFEST_INVALID')
    expect(() =>
      definePlugin({
        manifest: { name: 'x', version: '1.0.0', description: 'd', permissions: [] },
        setup: 42,
      } as never),
    ).toThrow('plugin "x": setup must be a function, not number')
    expect(() =>
      definePlugin({
        manifest: { name: 'y', version: '1.0.0', description: 'd', permissions: [] },
        configSchema: { type: 'object' } as never,
      }),
    ).toThrow('plugin "y": configSchema is not a Standard Schema')
  })

  it('loads from a file, written with definePlugin or as a plain object', async () => {
    bot = await createTestBot({
      plugins: [['./shapes/greeter-object.ts', { greeting: 'Howdy' }], './shapes/plain-object.js'],
      config: { baseDir: fixtures },
    })
    expect((await bot.receive({ content: '!greet', author: { name: 'Ada' } }))[0]?.content).toBe('Howdy, Ada')
    expect((await bot.receive('!plain'))[0]?.content).toBe('plain object')
    await bot.plugins.unload('greeter-object')
    expect(logged(bot, 'greeter-object torn down')).toBe(true)
  })
})

describe('typed composition at run time', () => {
  const schema = z.object({ greeting: z.string().min(1).default('Hello') })
  class Greeter extends BasePlugin.withConfig(schema) {
    static manifest = {
      name: 'typed-greeter',
      version: '1.0.0',
      description: 'd',
      permissions: ['messages:send'],
    } satisfies PluginManifest

    override initialize(ctx: PluginContext<InferConfig<typeof schema>>) {
      ctx.commands.register({
        name: 'hello',
        description: 'hello',
        handler: ({ reply }) => reply(this.ctx.config.greeting).then(() => {}),
      })
    }
  }

  it('withConfig carries the schema, which validates the options and fills defaults', async () => {
    expect(Greeter.configSchema).toBe(schema)
    bot = await createTestBot({ plugins: [plugin(Greeter)] })
    expect((await bot.receive('!hello'))[0]?.content).toBe('Hello')
    await bot.stop()
    bot = await createTestBot({ plugins: [plugin(Greeter, { greeting: 'Hi' })] })
    expect((await bot.receive('!hello'))[0]?.content).toBe('Hi')
    await bot.stop()
    bot = await createTestBot({ plugins: [plugin(Greeter, { greeting: '' })] })
    expect(bot.plugins.get('typed-greeter')?.error?.code).toBe('CONFIG_INVALID')
  })

  it('plugin() is the class and its options', () => {
    expect(plugin(Greeter, { greeting: 'Hi' })).toEqual([Greeter, { greeting: 'Hi' }])
    expect(plugin(Greeter)).toEqual([Greeter, undefined])
  })

  it('withConfig is refused on the specialised bases, saying what to write instead', () => {
    expect(() => AIProviderPlugin.withConfig(schema)).toThrow(
      'AIProviderPlugin.withConfig() is not supported: withConfig() builds on BasePlugin only',
    )
  })
})
