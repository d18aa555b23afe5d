import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type ChatMessage, createBot, createLogger, validateManifest, z } from '@banter/core'
import { createTestBot, TestAdapter, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { adminShutdownPlugin, makePlugin, replier } from './helpers.js'

declare module '@banter/core' {
  interface BotEvents {
    'echo.said': { readonly text: string }
    'weather.changed': { readonly sky: string }
  }
  interface BanterServices {
    poster: { post(channelId: string, text: string): Promise<void> }
  }
}

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

const echo = (permissions: ('messages:send' | 'messages:read')[]) =>
  makePlugin({
    name: 'echo',
    permissions,
    init: (ctx) =>
      void ctx.commands.register({
        name: 'echo',
        description: 'says it back',
        args: z.object({ text: z.string() }),
        handler: ({ args, reply }) => reply(args.text).then(() => undefined),
      }),
  })

describe('every message a plugin causes goes through its own ctx.messages', () => {
  it('a command reply of a plugin without messages:send is refused; core notices still go out as core', async () => {
    bot = await createTestBot({ plugins: [echo([])] })
    const errors: string[] = []
    bot.events.on('plugin.error', (e) => void errors.push(`${e.name}:${e.error.code}`))
    const replies = await bot.receive('!echo hi')
    expect(replies.map((r) => [r.source, r.content])).toEqual([
      ['core', "Sorry, `!echo` failed. The bot's log says why."],
    ])
    expect(errors).toContain('echo:PERMISSION_DENIED')
    // Usage notices are core's and carry source core.
    const [usage] = await bot.receive('!echo')
    expect(usage).toMatchObject({
      source: 'core',
      content: expect.stringMatching(/^Usage: `!echo <text\.\.\.>`/),
    })
  })

  it('the operator denying messages:send silences the plugin: it does not even start', async () => {
    bot = await createTestBot({
      plugins: [echo(['messages:send'])],
      config: { permissions: { echo: { deny: ['messages:send'] } } },
    })
    expect(bot.plugins.get('echo')?.error?.code).toBe('PERMISSION_DENIED')
    expect(await bot.receive('!echo hi')).toEqual([])
  })

  it('an allowed reply carries the plugin as source', async () => {
    bot = await createTestBot({ plugins: [echo(['messages:send'])] })
    expect((await bot.receive('!echo hi')).map((r) => [r.source, r.content])).toEqual([['echo', 'hi']])
  })
})

describe('plugins emit only their own events and the ones they declare', () => {
  const emitter = (emits?: string[]) =>
    makePlugin({
      name: 'echo',
      permissions: ['messages:send'],
      ...(emits ? { emits } : {}),
      init: (ctx) =>
        void ctx.commands.register({
          name: 'emit',
          description: 'emits an event',
          args: z.object({ event: z.string() }),
          handler: async ({ args, reply }) => {
            try {
              await ctx.events.emit(args.event as 'echo.said', { text: 'x', sky: 'grey' } as never)
              await reply(`emitted ${args.event}`)
            } catch (error) {
              await reply(`refused: ${(error as { code?: string }).code}`)
            }
          },
        }),
    })

  it.each([
    'plugin.disabled',
    'bot.stopping',
    'message.received',
    'command.executed',
    'security.threat',
    'weather.changed',
  ])('refuses %s with EVENT_NOT_ALLOWED, reported as plugin.error, no listener called', async (event) => {
    bot = await createTestBot({ plugins: [emitter()] })
    const heard: string[] = []
    // Only the forged payload counts: `!emit` itself makes core emit message.received and command.executed.
    bot.events.on(event as 'bot.stopping', (payload) => {
      if ('text' in payload) heard.push(event)
    })
    const errors: string[] = []
    bot.events.on('plugin.error', (e) => void errors.push(`${e.name}:${e.error.code}:${e.error.message}`))
    const [reply] = await bot.receive(`!emit ${event}`)
    expect(reply?.content).toBe('refused: EVENT_NOT_ALLOWED')
    expect(heard).toEqual([])
    expect(errors).toEqual([
      expect.stringContaining(`echo:EVENT_NOT_ALLOWED:plugin "echo" may not emit "${event}"`),
    ])
  })

  it('allows <name>.* and what the manifest declares in emits; get() and list() show emits', async () => {
    bot = await createTestBot({ plugins: [emitter(['weather.changed'])] })
    const heard: string[] = []
    bot.events.on(['echo.said', 'weather.changed'], () => void heard.push('heard'))
    expect((await bot.receive('!emit echo.said'))[0]?.content).toBe('emitted echo.said')
    expect((await bot.receive('!emit weather.changed'))[0]?.content).toBe('emitted weather.changed')
    expect(heard).toEqual(['heard', 'heard'])
    expect(bot.plugins.get('echo')?.emits).toEqual(['weather.changed'])
    expect(bot.plugins.list()[0]?.emits).toEqual(['weather.changed'])
  })

  it("a manifest cannot declare core's events", () => {
    expect(() =>
      validateManifest(
        { name: 'x', version: '1.0.0', description: 'd', permissions: [], emits: ['plugin.disabled'] },
        'x',
      ),
    ).toThrow(/manifest\.emits\.0: "plugin\.disabled" is core's own event/)
  })
})

describe('ctx.commands.run honours only identities core handed out', () => {
  const admin = adminShutdownPlugin()
  const forger = (permissions: ('messages:send' | 'messages:read')[], forged: boolean) =>
    makePlugin({
      name: 'forger',
      permissions,
      init: (ctx) =>
        void ctx.events.on('message.received', async ({ message }) => {
          if (message.content !== 'go') return
          const as: ChatMessage = forged
            ? { ...message, author: { id: 'boss', name: 'Boss', bot: false }, channelId: 'announcements' }
            : message
          const result = await ctx.commands.run('shutdown', as)
          seen.push(result.error?.code ?? 'ok')
        }),
    })
  let seen: string[] = []
  afterEach(() => {
    seen = []
  })

  it('a forged admin message runs as the plugin itself: no access level, nothing posted elsewhere', async () => {
    bot = await createTestBot({
      plugins: [admin, forger(['messages:read', 'messages:send'], true)],
      config: { access: { admin: { users: ['boss'] } } },
    })
    await bot.receive('go')
    expect(seen).toEqual(['PERMISSION_DENIED'])
    expect(bot.sent.map((m) => m.content)).toEqual(['⛔ `!shutdown` is for admin only.'])
    expect(bot.sent.some((m) => m.content.startsWith('shut down'))).toBe(false)
  })

  it('the real message of a real admin runs with their rights', async () => {
    bot = await createTestBot({
      plugins: [admin, forger(['messages:read', 'messages:send'], false)],
      config: { access: { admin: { users: ['boss'] } } },
    })
    await bot.receive({ content: 'go', author: { id: 'boss' } })
    expect(seen).toEqual(['ok'])
    expect(bot.sent.map((m) => m.content)).toEqual(['shut down by boss'])
  })

  it('what the command answers needs the calling plugin’s messages:send', async () => {
    bot = await createTestBot({
      plugins: [admin, forger(['messages:read'], false)],
      config: { access: { admin: { users: ['boss'] } } },
    })
    await bot.receive({ content: 'go', author: { id: 'boss' } })
    expect(bot.sent).toEqual([])
    expect(seen).toEqual(['HOOK_FAILED'])
  })
})

describe('services act with the caller’s rights', () => {
  const provider = makePlugin({
    name: 'poster',
    permissions: ['messages:send'],
    init: (ctx) =>
      void ctx.services.provideFor('poster', (caller) => ({
        post: async (channelId, text) => {
          caller.assert('messages:send', 'post through the poster service')
          await caller.messages.send(channelId, text)
        },
      })),
  })
  const consumer = (permissions: ('messages:send' | 'messages:read')[]) =>
    makePlugin({
      name: 'consumer',
      permissions,
      uses: ['poster'],
      init: (ctx) =>
        void ctx.events.on('message.received', async ({ message }) => {
          try {
            await ctx.services.get('poster').post('elsewhere', `relayed ${message.content}`)
          } catch (error) {
            failures.push((error as { code?: string }).code ?? 'unknown')
          }
        }),
    })
  let failures: string[] = []
  afterEach(() => {
    failures = []
  })

  it('a caller without messages:send cannot send through a service', async () => {
    bot = await createTestBot({ plugins: [provider, consumer(['messages:read'])] })
    await bot.receive('hello')
    expect(failures).toEqual(['PERMISSION_DENIED'])
    expect(bot.sent).toEqual([])
  })

  it('a caller with messages:send does, and the message carries the caller as source', async () => {
    bot = await createTestBot({ plugins: [provider, consumer(['messages:read', 'messages:send'])] })
    await bot.receive('hello')
    expect(failures).toEqual([])
    expect(bot.sent.map((m) => [m.source, m.channelId, m.content])).toEqual([
      ['consumer', 'elsewhere', 'relayed hello'],
    ])
  })
})

describe('smaller holes', () => {
  it.each(['core', 'banter'])('the plugin name %s is reserved', async (name) => {
    bot = await createTestBot({ plugins: [replier(name)] })
    expect(bot.plugins.list()).toMatchObject([{ status: 'error', error: { code: 'NAME_RESERVED' } }])
  })

  it('a message without mentions is refused with MESSAGE_INVALID and leaves nothing in flight', async () => {
    bot = await createTestBot({ plugins: [replier('ok')] })
    const broken = {
      id: 'm1',
      channelId: 'c',
      author: { id: 'u', name: 'u', bot: false },
      content: '!ok',
      attachments: [],
      timestamp: 0,
      platform: 'test',
    } as unknown as ChatMessage
    await expect(bot.bot.receive(broken)).rejects.toMatchObject({ code: 'MESSAGE_INVALID' })
    expect(bot.bot.inFlight).toBe(0)
    expect((await bot.receive('!ok')).map((r) => r.content)).toEqual(['ok ok'])
  })

  it('a plugin without destroy() stops cleanly', async () => {
    const bare = class {
      static manifest = {
        name: 'bare',
        version: '1.0.0',
        description: 'no destroy',
        permissions: ['messages:read'],
      }
      initialize(): void {}
      onMessageReceived(): void {}
    }
    bot = await createTestBot({ plugins: [bare as never] })
    const errors: string[] = []
    bot.events.on('plugin.error', (e) => void errors.push(e.hook))
    await bot.plugins.disable('bare')
    expect(errors).toEqual([])
    expect(bot.plugins.get('bare')?.status).toBe('disabled')
  })

  it('ctx.onDispose runs when the plugin stops, after destroy()', async () => {
    const order: string[] = []
    const p = makePlugin({
      name: 'tidy',
      init: (ctx) => void ctx.onDispose(() => order.push('disposed')),
      destroy: () => void order.push('destroy'),
    })
    bot = await createTestBot({ plugins: [p] })
    await bot.plugins.disable('tidy')
    expect(order).toEqual(['destroy', 'disposed'])
  })

  it('a stopping plugin’s background work is awaited before its destroy()', async () => {
    const order: string[] = []
    let finish: (() => void) | undefined
    const p = makePlugin({
      name: 'busy',
      init: (ctx) =>
        void ctx.background(
          new Promise<void>((resolve) => {
            finish = () => {
              order.push('work done')
              resolve()
            }
          }),
        ),
      destroy: () => void order.push('destroy'),
    })
    bot = await createTestBot({ plugins: [p] })
    const stopping = bot.plugins.disable('busy')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(order).toEqual([])
    finish?.()
    await stopping
    expect(order).toEqual(['work done', 'destroy'])
  })

  it('messages that arrive while plugins start wait for them instead of being refused', async () => {
    let release: (() => void) | undefined
    const slow = makePlugin({
      name: 'slow',
      init: async (ctx) => {
        await new Promise<void>((resolve) => {
          release = resolve
        })
        ctx.commands.register({
          name: 'slow',
          description: 's',
          handler: ({ reply }) => reply('ready').then(() => undefined),
        })
      },
    })
    const adapter = new TestAdapter()
    const raw = createBot({ adapter, plugins: [slow], logger: createLogger({ level: 'silent' }) })
    const starting = raw.start()
    await new Promise((resolve) => setTimeout(resolve, 20))
    const early = raw.receive({
      id: 'early',
      channelId: 'c',
      author: { id: 'u', name: 'u', bot: false },
      content: '!slow',
      attachments: [],
      mentions: { users: [], roles: [], everyone: false, bot: false },
      timestamp: 0,
      platform: 'test',
    })
    release?.()
    await starting
    expect(await early).toMatchObject({ command: 'slow' })
    expect(adapter.sent.map((m) => m.content)).toEqual(['ready'])
    await raw.stop()
  })
})

describe('a hung plugin call keeps the process alive until its timeout', () => {
  it('a hung initialize ends with the documented HOOK_TIMEOUT, not a silent exit 13', async () => {
    // Inside the package, so that @banter/core resolves; .mts so that top-level await is allowed.
    const dir = mkdtempSync(join(import.meta.dirname, '.tmp-hang-'))
    try {
      const script = join(dir, 'hang.mts')
      writeFileSync(
        script,
        `import { BasePlugin, createBot, createLogger } from '@banter/core'
import { TestAdapter } from '@banter/core/testing'
class Hang extends BasePlugin {
  static manifest = { name: 'hang', version: '1.0.0', description: 'never starts', permissions: [] }
  override initialize() { return new Promise<void>(() => {}) }
}
const bot = createBot({ adapter: new TestAdapter(), plugins: [Hang], timeouts: { initializeMs: 300 }, logger: createLogger({ level: 'silent' }) })
await bot.start()
process.stdout.write(JSON.stringify(bot.plugins.get('hang')?.error) + '\\n')
await bot.stop()
`,
      )
      const child = spawn(process.execPath, ['--conditions=@banter/source', '--import', 'tsx', script], {
        cwd: join(import.meta.dirname, '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      child.stdout.on('data', (d) => {
        out += d
      })
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
      expect(code).toBe(0)
      expect(JSON.parse(out.trim())).toMatchObject({ code: 'HOOK_TIMEOUT' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
