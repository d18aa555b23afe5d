import { BasePlugin, type PluginManifest } from '@banter/core'
import { createTestBot } from '@banter/core/testing'
import { describe, expect, it } from 'vitest'

class Echo extends BasePlugin {
  static manifest = {
    name: 'echo',
    version: '1.0.0',
    description: 'echo',
    permissions: ['messages:send'],
  } satisfies PluginManifest
}

describe('smoke', () => {
  it('answers ping', async () => {
    const bot = await createTestBot({ plugins: [Echo] })
    const replies = await bot.receive('!ping')
    expect(replies.map((r) => r.content)).toEqual(['pong'])
    await bot.stop()
  })
})
