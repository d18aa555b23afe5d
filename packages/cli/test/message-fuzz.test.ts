import { isBanterError } from '@banter/core'
import { createTestBot, type TestBot } from '@banter/core/testing'
import { propertyRuns } from '@banter/test-servers'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { messageInit } from './fuzz/messages.js'
import { officialPlugins } from './fuzz/official-plugins.js'

// The message fuzzer of issue 16: 100,000 random and malformed messages under CI=true (a few
// thousand locally; FUZZ_SEED replays a run) through a bot with every official plugin loaded.
const TOTAL = propertyRuns(100_000, 3_000)
/** Messages per bot: a fresh bot every chunk keeps the test adapter's record of sent messages small. */
const CHUNK = 5_000
/** Messages in flight at once. */
const PARALLEL = 32
const SEED =
  Number(process.env.FUZZ_SEED) ||
  (process.env.CI === 'true' ? 20_261_201 : Math.floor(Math.random() * 2 ** 31))
const LIMIT = 2000
/** Error codes a malformed message may be refused with. */
const REFUSALS = ['MESSAGE_INVALID']

const unhandled: unknown[] = []
const onRejection = (reason: unknown) => unhandled.push(reason)
const onException = (error: unknown) => unhandled.push(error)
beforeAll(() => {
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)
})
afterAll(() => {
  process.off('unhandledRejection', onRejection)
  process.off('uncaughtException', onException)
})

describe(`message fuzzer: ${TOTAL} messages through createTestBot with the official plugins (seed ${SEED})`, () => {
  it('no crash, no unhandled rejection, no reply over the platform limit, and !ping still answers', async () => {
    const refused = new Map<string, number>()
    let replies = 0
    let longest = 0
    for (let done = 0, chunk = 0; done < TOTAL; chunk++) {
      const count = Math.min(CHUNK, TOTAL - done)
      const messages = fc.sample(messageInit, { numRuns: count, seed: SEED + chunk })
      const bot: TestBot = await createTestBot({
        clock: 'real',
        logLevel: 'warn',
        maxMessageLength: LIMIT,
        plugins: officialPlugins(),
        config: { access: { admin: { users: ['admin'] } } },
      })
      try {
        // openai has no key: it stays off (status `error`, OPENAI_NOT_CONFIGURED); the others run.
        const statuses = () => bot.plugins.list().map((p) => [p.name, p.status])
        const before = statuses()
        expect(before).toEqual([
          ['antivirus', 'active'],
          ['timestamp', 'active'],
          ['openai', 'error'],
          ['workflow', 'active'],
        ])
        for (let at = 0; at < messages.length; at += PARALLEL) {
          await Promise.all(
            messages.slice(at, at + PARALLEL).map(async (init, i) => {
              try {
                await bot.receive(init)
              } catch (error) {
                const index = done + at + i
                if (!isBanterError(error) || !REFUSALS.includes(error.code)) {
                  throw new Error(
                    `message ${index} (seed ${SEED}) failed with ${String(error)}: ${JSON.stringify(init)?.slice(0, 300)}`,
                    { cause: error },
                  )
                }
                refused.set(error.code, (refused.get(error.code) ?? 0) + 1)
              }
            }),
          )
        }
        await bot.settle()
        for (const sent of bot.sent) {
          longest = Math.max(longest, sent.content.length)
          expect(sent.content.length, `a reply of ${sent.content.length} characters`).toBeLessThanOrEqual(
            LIMIT,
          )
        }
        replies += bot.sent.length
        const [pong] = await bot.receive('!ping')
        expect(pong?.content).toMatch(/pong$/)
        // No plugin was switched off by what it was fed.
        expect(statuses()).toEqual(before)
      } finally {
        await bot.stop()
      }
      done += count
    }
    expect(unhandled).toEqual([])
    // Payloads carried own `__proto__` and `constructor.prototype` keys: nothing reached Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    // The fuzzer reached the plugins: they answered, and malformed messages were refused as such.
    expect(replies).toBeGreaterThan(TOTAL / 20)
    expect(longest).toBeGreaterThan(100)
    expect(refused.get('MESSAGE_INVALID') ?? 0).toBeGreaterThan(0)
  }, 600_000)
})
