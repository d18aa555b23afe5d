import { type DiscordTestBot, startDiscordTestBot } from '@banter/discord/testing'
import { propertyRuns, until } from '@banter/test-servers'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { content, EICAR } from './fuzz/messages.js'
import { officialPlugins } from './fuzz/official-plugins.js'

// The message fuzzer of issue 16 through the real discord.js client and the fake Discord gateway:
// random user messages and malformed gateway payloads (1,000 under CI=true; FUZZ_SEED replays a run).
const TOTAL = propertyRuns(1_000, 200)
const SEED =
  Number(process.env.FUZZ_SEED) ||
  (process.env.CI === 'true' ? 20_261_201 : Math.floor(Math.random() * 2 ** 31))
const LIMIT = 2000

const unhandled: unknown[] = []
const onRejection = (reason: unknown) => unhandled.push(reason)
const onException = (error: unknown) => unhandled.push(error)
let t: DiscordTestBot | undefined
beforeAll(() => {
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)
})
afterAll(async () => {
  await t?.stop()
  process.off('unhandledRejection', onRejection)
  process.off('uncaughtException', onException)
})

const snowflake = fc.bigInt({ min: 10n ** 17n, max: 10n ** 19n - 1n }).map(String)
const wrong = fc.constantFrom(null, 0, true, '', [], {}, 'x', JSON.parse('{"__proto__":{"polluted":1}}'))

/** A MESSAGE_CREATE payload with fields missing, of the wrong type, or named after prototype keys. */
function malformedPayload(channelId: string): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record(
      {
        id: fc.oneof(snowflake, wrong),
        channel_id: fc.oneof(fc.constant(channelId), snowflake, wrong),
        content: fc.oneof(content, wrong),
        author: fc.oneof(
          fc.record({
            id: fc.oneof(snowflake, wrong),
            username: fc.oneof(fc.string(), wrong),
            bot: fc.oneof(fc.boolean(), wrong),
          }),
          wrong,
        ),
        attachments: fc.oneof(
          fc.constant([]),
          fc.array(fc.dictionary(fc.constantFrom('id', 'url', 'filename', 'size', '__proto__'), wrong)),
          wrong,
        ),
        mentions: fc.oneof(fc.constant([]), wrong),
        mention_roles: fc.oneof(fc.constant([]), wrong),
        timestamp: fc.oneof(fc.constant(new Date(0).toISOString()), wrong),
        type: fc.oneof(fc.constant(0), wrong),
      },
      { requiredKeys: [] },
    )
    .map((payload) => payload as Record<string, unknown>)
}

type Action =
  | { kind: 'message'; content: string; author: number; bot: boolean; mention: boolean; files: number }
  | { kind: 'raw'; payload: Record<string, unknown> }
  | { kind: 'garbage'; text: string }

describe(`Discord fuzzer: ${TOTAL} messages and malformed payloads through discord.js (seed ${SEED})`, () => {
  it('no crash, no unhandled rejection, no reply Discord would refuse for length, and !ping still answers', async () => {
    t = await startDiscordTestBot({
      plugins: officialPlugins(),
      config: { access: { admin: { users: [] } } },
    })
    const { fake } = t
    const action: fc.Arbitrary<Action> = fc.oneof(
      {
        weight: 8,
        arbitrary: fc.record({
          kind: fc.constant('message' as const),
          content: content.filter((c) => c.trim() !== ''),
          author: fc.nat({ max: 3 }),
          bot: fc.boolean(),
          mention: fc.boolean(),
          files: fc.nat({ max: 4 }),
        }),
      },
      {
        weight: 2,
        arbitrary: malformedPayload(fake.channelId).map((payload) => ({ kind: 'raw' as const, payload })),
      },
      {
        weight: 1,
        arbitrary: fc.string({ maxLength: 40 }).map((text) => ({ kind: 'garbage' as const, text })),
      },
    )
    const authors = ['100000000000000001', '100000000000000002', '100000000000000003', fake.userId]
    for (const a of fc.sample(action, { numRuns: TOTAL, seed: SEED })) {
      if (a.kind === 'message') {
        fake.userMessage({
          content: a.content,
          author: { id: authors[a.author] as string, bot: a.bot },
          mentionsBot: a.mention,
          attachments:
            a.files === 0
              ? []
              : a.files === 1
                ? [{ name: 'eicar.com', data: EICAR }]
                : [{ name: `f${a.files}.txt`, data: 'hello' }],
        })
      } else if (a.kind === 'raw') fake.sendRaw({ t: 'MESSAGE_CREATE', d: a.payload })
      else fake.sendRaw(a.text)
      // Let the client read the socket now and then, as a real gateway spreads events out.
      if (Math.random() < 0.05) await new Promise((resolve) => setImmediate(resolve))
    }
    // After the fuzz the plugins still work: a command is answered and an infected file deleted (a
    // random run may hold neither, so these two are sent on purpose).
    fake.userMessage({ content: '!help' })
    const infected = fake.userMessage({
      content: 'see this',
      attachments: [{ name: 'eicar.com', data: EICAR }],
    })
    const id = fake.userMessage({ content: '!ping' })
    const pong = await fake.waitForBotMessage((m) => m.message_reference?.message_id === id, 60_000)
    expect(pong.content).toMatch(/pong$/)
    // Scans download their files: an infected message may still be in its scan when !ping is answered.
    const isDeleted = (messageId: string) =>
      fake.messages().some((m) => m.message.id === messageId && m.deleted)
    await until(() => isDeleted(infected), 'the infected file after the fuzz to be deleted', 60_000)
    await t.bot.settle()
    const botMessages = fake.messages().filter((m) => m.message.author.id === fake.botId)
    expect(botMessages.length).toBeGreaterThan(1)
    for (const m of botMessages) expect(m.message.content.length).toBeLessThanOrEqual(LIMIT)
    // Discord refuses a message over 2000 characters with a 400: the bot never sent one.
    const refused = fake.calls.filter(
      (c) => c.status === 400 && JSON.stringify(c.response).includes('BASE_TYPE_MAX_LENGTH'),
    )
    expect(refused).toEqual([])
    expect(t.bot.status).toBe('running')
    expect(unhandled).toEqual([])
    // Payloads carried own `__proto__` and `constructor.prototype` keys: nothing reached Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  }, 300_000)
})
