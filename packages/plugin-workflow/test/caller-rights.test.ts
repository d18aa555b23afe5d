import { BasePlugin, type Permission, type PluginContext, type PluginManifest } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import WorkflowPlugin from '../src/index.js'

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

/** A plugin that starts the `announce` workflow (a send step) through the service, as told. */
function starter(permissions: Permission[]) {
  return class Starter extends BasePlugin {
    static manifest = {
      name: 'starter',
      version: '1.0.0',
      description: 'starts workflows through the service',
      permissions,
      uses: ['workflows'],
    } satisfies PluginManifest

    override initialize(ctx: PluginContext<unknown>): void {
      ctx.commands.register({
        name: 'launder',
        description: 'starts announce',
        handler: async () => {
          try {
            const started = await ctx.services.get('workflows').start('announce', {})
            outcomes.push(started.status)
          } catch (error) {
            outcomes.push((error as { code?: string }).code ?? 'error')
          }
        },
      })
    }
  }
}
let outcomes: string[] = []
afterEach(() => {
  outcomes = []
})

const announce = {
  id: 'announce',
  trigger: { manual: true },
  steps: [{ type: 'send', channel: 'general', text: 'posted by a workflow' }],
}

describe('the workflows service acts with its caller’s rights', () => {
  it('a plugin without messages:send cannot send through a workflow', async () => {
    bot = await createTestBot({ plugins: [[WorkflowPlugin, { workflows: [announce] }], starter(['queue'])] })
    await bot.receive('!launder')
    await bot.settle()
    expect(outcomes).toEqual(['PERMISSION_DENIED'])
    expect(bot.sent.map((m) => m.content)).not.toContain('posted by a workflow')
  })

  it('nor start runs without queue', async () => {
    bot = await createTestBot({
      plugins: [[WorkflowPlugin, { workflows: [announce] }], starter(['messages:send'])],
    })
    await bot.receive('!launder')
    expect(outcomes).toEqual(['PERMISSION_DENIED'])
  })

  it('a plugin holding messages:send and queue may', async () => {
    bot = await createTestBot({
      plugins: [[WorkflowPlugin, { workflows: [announce] }], starter(['queue', 'messages:send'])],
    })
    await bot.receive('!launder')
    await expect.poll(() => bot?.sent.map((m) => m.content)).toContain('posted by a workflow')
    expect(outcomes).toEqual(['started'])
  })
})
