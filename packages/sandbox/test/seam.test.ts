import { createTestBot } from '@banter/core/testing'
import { describe, expect, it } from 'vitest'
import EchoPlugin from './fixtures/echo.js'
import { fixture } from './helpers.js'

const scope = globalThis as { __banterMarker?: number }
const contents = (messages: { content: string }[]) => messages.map((m) => m.content)

describe('how core hands plugins to the sandbox', () => {
  it('never evaluates a sandboxed module in the bot process when it is keyed by its specifier', async () => {
    delete scope.__banterMarker
    for (const isolation of ['worker', 'isolate'] as const) {
      const bot = await createTestBot({ plugins: [fixture('marker.ts')], isolation })
      expect(bot.plugins.get('marker')?.status).toBe('active')
      await bot.stop()
    }
    expect(scope.__banterMarker).toBeUndefined()
    const inline = await createTestBot({ plugins: [fixture('marker.ts')] })
    await inline.stop()
    expect(scope.__banterMarker).toBe(1)
  })

  it('wraps a plugin keyed by its manifest name, from the file it was loaded from', async () => {
    const bot = await createTestBot({
      plugins: [fixture('dice.ts'), fixture('parity.ts')],
      config: { sandbox: { parity: { isolation: 'worker' } } },
    })
    try {
      expect(contents(await bot.receive('!where'))).toEqual(['worker'])
    } finally {
      await bot.stop()
    }
  })

  it('refuses a class given in code with a clear error, and the bot runs on', async () => {
    const bot = await createTestBot({ plugins: [[EchoPlugin, {}]], isolation: 'isolate' })
    try {
      expect(bot.plugins.get('echo')).toMatchObject({
        status: 'error',
        error: { code: 'SANDBOX_SOURCE_MISSING', message: expect.stringContaining('given as a class') },
      })
      expect(contents(await bot.receive('!ping'))).toEqual(['pong'])
    } finally {
      await bot.stop()
    }
  })

  it('refuses settings it cannot honour, naming the key', async () => {
    const echo = fixture('echo.ts')
    const bot = await createTestBot({
      plugins: [echo],
      config: { sandbox: { [echo]: { isolation: 'isolate', memoryMb: 2, network: ['not a host!'] } } },
    })
    try {
      const info = bot.plugins.get(echo)
      expect(info?.error?.code).toBe('SANDBOX_SETTINGS_INVALID')
      expect(info?.error?.message).toContain(`sandbox.${echo}.memoryMb`)
      expect(info?.error?.message).toContain(`sandbox.${echo}.network.0`)
    } finally {
      await bot.stop()
    }
  })

  it('validates options with the plugin schema inside the guest', async () => {
    const bot = await createTestBot({
      plugins: [[fixture('echo.ts'), { greeting: 42 }]],
      isolation: 'isolate',
    })
    try {
      expect(bot.plugins.get('echo')?.error).toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('plugin "echo": options.greeting'),
      })
    } finally {
      await bot.stop()
    }
  })
})
