import type { PluginContext, ScanResult } from '@banter/core'
import { BasePlugin } from '@banter/core'
import { afterEach, describe, expect, it } from 'vitest'
import { antivirusBot } from './fixtures/bot-helpers.js'

let stop: (() => Promise<void>) | undefined
afterEach(async () => {
  await stop?.()
  stop = undefined
})

let scan: ((text: string) => Promise<ScanResult>) | undefined

/** Hands the scanner service to the test. */
class Consumer extends BasePlugin {
  static manifest = { name: 'consumer', version: '1.0.0', description: 'uses the scanner', permissions: [] }
  override initialize(ctx: PluginContext) {
    const scanner = ctx.services.get('scanner')
    scan = (text) => scanner.scanMessage(text)
  }
}

describe('antivirus lists changed at run time', () => {
  it('blocks a domain added to links.blocklist at once, without a restart; other options restart it', async () => {
    const { bot } = await antivirusBot({}, { plugins: [Consumer] })
    stop = () => bot.stop()
    expect((await scan?.('see https://evil.example.org/x'))?.safe).toBe(true)
    const result = await bot.plugins.configure('antivirus', { links: { blocklist: ['evil.example.org'] } })
    expect(result.applied).toBe('hook')
    expect(await scan?.('see https://evil.example.org/x')).toMatchObject({
      safe: false,
      threats: [expect.objectContaining({ name: 'phishing:blocklisted-domain' })],
    })
    expect((await bot.plugins.configure('antivirus', { maxFileSize: 1_000_000 })).applied).toBe('restart')
  })
})
