import type { IsolationMode, SandboxSettings } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { fixture } from './helpers.js'

type Mode = Exclude<IsolationMode, 'inline'>
type PluginError = { name: string; hook: string; error: { code: string; message: string } }

const FAILED = "Sorry, `!%s` failed. The bot's log says why."

async function start(isolation: SandboxSettings, extra: Parameters<typeof createTestBot>[0] = {}) {
  const bot = await createTestBot({ plugins: [fixture('faulty.ts')], isolation, clock: 'real', ...extra })
  const errors: PluginError[] = []
  bot.events.on('plugin.error', (e) => {
    errors.push(e as PluginError)
  })
  expect(bot.plugins.get('faulty')?.status).toBe('active')
  return { bot, errors }
}

const contents = (messages: { content: string }[]) => messages.map((m) => m.content)

/** Waits until the plugin's guest was replaced after a fault (a worker takes a moment to start). */
async function restarted(bot: TestBot): Promise<void> {
  await expect
    .poll(() => bot.logs.some((l) => String(l.msg).includes('a new guest took over')), { timeout: 20_000 })
    .toBe(true)
}

/**
 * Sends `command` (a fault), then `!ping` while the fault is going on: the bot must answer `pong`
 * before the faulting command has finished failing. Resolves to the faulting command's replies.
 */
async function faultWithPing(bot: TestBot, command: string): Promise<string[]> {
  let settled = false
  const faulting = bot.receive(command).finally(() => {
    settled = true
  })
  expect(contents(await bot.receive('!ping'))).toEqual(['pong'])
  expect(settled).toBe(false)
  return contents(await faulting)
}

describe.each(['worker', 'isolate'] as Mode[])('faults in %s mode', (mode) => {
  let bot: TestBot | undefined
  afterEach(async () => {
    await bot?.stop()
    bot = undefined
  })

  it('stops an endless loop, reports SANDBOX_TIMEOUT, restarts the guest, and answers !ping meanwhile', async () => {
    const started = await start({ isolation: mode, cpuMs: 1500 })
    bot = started.bot
    expect(await faultWithPing(bot, '!spin')).toEqual([FAILED.replace('%s', 'spin')])
    expect(started.errors).toContainEqual(
      expect.objectContaining({
        name: 'faulty',
        hook: 'command:spin',
        error: expect.objectContaining({ code: 'SANDBOX_TIMEOUT' }),
      }),
    )
    await restarted(bot)
    expect(contents(await bot.receive('!fine'))).toEqual(['fine'])
    expect(bot.plugins.get('faulty')?.status).toBe('active')
  })

  it('stops an allocation bomb, reports SANDBOX_MEMORY, and restarts the guest', async () => {
    const started = await start({ isolation: mode, memoryMb: mode === 'worker' ? 64 : 32, cpuMs: 20_000 })
    bot = started.bot
    expect(await faultWithPing(bot, '!bomb')).toEqual([FAILED.replace('%s', 'bomb')])
    expect(started.errors).toContainEqual(
      expect.objectContaining({
        name: 'faulty',
        hook: 'command:bomb',
        error: expect.objectContaining({ code: 'SANDBOX_MEMORY' }),
      }),
    )
    await restarted(bot)
    expect(contents(await bot.receive('!fine'))).toEqual(['fine'])
  })

  it('ends a call that never answers, reports SANDBOX_TIMEOUT, and restarts the guest', async () => {
    const started = await start({ isolation: mode }, { config: { timeouts: { hookMs: 1500 } } })
    bot = started.bot
    expect(await faultWithPing(bot, '!hang')).toEqual([FAILED.replace('%s', 'hang')])
    expect(started.errors).toContainEqual(
      expect.objectContaining({
        name: 'faulty',
        hook: 'command:hang',
        error: expect.objectContaining({ code: 'SANDBOX_TIMEOUT' }),
      }),
    )
    await restarted(bot)
    expect(contents(await bot.receive('!fine'))).toEqual(['fine'])
  })

  it('leaves a plugin whose initialize throws in error, reported, while the bot runs', async () => {
    const errors: PluginError[] = []
    bot = await createTestBot({ plugins: [fixture('broken-init.ts')], isolation: mode })
    const info = bot.plugins.get('broken-init')
    expect(info?.status).toBe('error')
    expect(info?.error).toMatchObject({
      code: 'INITIALIZE_FAILED',
      message: expect.stringContaining('broken on purpose'),
    })
    expect(bot.logText()).toContain('broken on purpose')
    bot.events.on('plugin.error', (e) => {
      errors.push(e as PluginError)
    })
    expect(contents(await bot.receive('!ping'))).toEqual(['pong'])
    await bot.plugins.enable('broken-init')
    expect(errors).toContainEqual(expect.objectContaining({ name: 'broken-init', hook: 'initialize' }))
  })

  it('switches the faulting handler off after repeated faults; the rest of the plugin runs on', async () => {
    const started = await start(
      { isolation: mode, cpuMs: 200 },
      { config: { circuitBreaker: { threshold: 2 } } },
    )
    bot = started.bot
    await bot.receive('!spin')
    expect(bot.plugins.get('faulty')?.switchedOff).toEqual([])
    await bot.receive('!spin')
    await bot.settle()
    await expect
      .poll(() => started.errors.map((e) => `${e.hook} ${e.error.code}`))
      .toContain('command:spin HANDLER_DISABLED')
    expect(bot.plugins.get('faulty')).toMatchObject({
      status: 'active',
      switchedOff: [{ handler: 'command:spin', error: { code: 'HANDLER_DISABLED' } }],
    })
    // The command left the bot: no guest call, no reply; core and the plugin's other commands answer.
    expect(contents(await bot.receive('!spin'))).toEqual([])
    expect(contents(await bot.receive('!fine'))).toEqual(['fine'])
    expect(contents(await bot.receive('!ping'))).toEqual(['pong'])
  })
})

describe('a crash in a worker between calls', () => {
  it('is reported as SANDBOX_CRASHED and the worker restarts', async () => {
    const { bot, errors } = await start({ isolation: 'worker' })
    try {
      await bot.receive('!crash')
      await expect
        .poll(() => errors.find((e) => e.error.code === 'SANDBOX_CRASHED'))
        .toMatchObject({ name: 'faulty', error: { message: expect.stringContaining('thrown from a timer') } })
      await restarted(bot)
      expect(contents(await bot.receive('!fine'))).toEqual(['fine'])
    } finally {
      await bot.stop()
    }
  })
})
