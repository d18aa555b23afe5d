import { createTestBot, type TestBot } from '@banter/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { makePlugin } from './helpers.js'

let bot: TestBot | undefined
afterEach(async () => {
  await bot?.stop()
  bot = undefined
})

describe('ctx.signal under load (found by the message fuzzer, issue 16)', () => {
  it('many operations in flight listening to the plugin signal raise no "memory leak" warning', async () => {
    const warnings: Error[] = []
    const onWarning = (warning: Error) => warnings.push(warning)
    process.on('warning', onWarning)
    let signal: AbortSignal | undefined
    bot = await createTestBot({
      plugins: [
        makePlugin({
          name: 'busy',
          init: (ctx) => {
            signal = ctx.signal
          },
        }),
      ],
    })
    const listeners = Array.from({ length: 64 }, () => () => undefined)
    for (const listener of listeners) signal?.addEventListener('abort', listener, { once: true })
    await new Promise((resolve) => setImmediate(resolve))
    process.off('warning', onWarning)
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([])
    for (const listener of listeners) signal?.removeEventListener('abort', listener)
  })
})
