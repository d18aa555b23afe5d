import { afterEach, describe, expect, it } from 'vitest'
import { type BotEvents, definePlugin } from '../index.js'
import { createTestBot, type TestBot } from '../testing/index.js'

// A command whose reply is still on its way when the command times out (queued behind a platform
// rate limit, say): the 429 storm of the faults suite made users see both the answer and
// "Sorry, `!ping` failed".
const slowReply = definePlugin({
  manifest: {
    name: 'slow-reply',
    version: '1.0.0',
    description: 'a command that answers while its reply is slow to go out',
    permissions: ['messages:send'],
  },
  setup(ctx) {
    ctx.commands.register({
      name: 'answer',
      description: 'replies once',
      timeoutMs: 100,
      handler: ({ reply }) => reply('the answer').then(() => undefined),
    })
  },
})

const FAILED = /failed\. The bot's log says why\.$/

let t: TestBot | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

/** A bot whose adapter takes `delayMs` to deliver each message (as a REST client waiting out a 429). */
async function slowBot(delayMs: number): Promise<TestBot> {
  const bot = await createTestBot({ clock: 'real', plugins: [slowReply] })
  const send = bot.adapter.send.bind(bot.adapter)
  bot.adapter.send = async (message) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs))
    return send(message)
  }
  return bot
}

describe('a command that times out while its reply is being sent', () => {
  it('sends no failure notice once the reply went out, and logs why', async () => {
    t = await slowBot(400)
    const executed: BotEvents['command.executed'][] = []
    t.bot.events.on('command.executed', (event) => void executed.push(event))
    const replies = await t.receive('!answer')
    expect(replies.map((r) => r.content)).toEqual(['the answer'])
    expect(t.sent.filter((m) => FAILED.test(m.content))).toEqual([])
    expect(executed).toMatchObject([{ command: 'answer', ok: false, error: { code: 'HOOK_TIMEOUT' } }])
    expect(t.logs.map((l) => String(l.msg))).toContainEqual(
      expect.stringContaining('the reply was delivered, so no failure notice was sent'),
    )
  })

  it('still sends the failure notice when that reply is refused', async () => {
    t = await slowBot(400)
    t.adapter.failNext.send = new Error('refused by the platform')
    const replies = await t.receive('!answer')
    expect(replies.map((r) => r.content)).toEqual(["Sorry, `!answer` failed. The bot's log says why."])
  })
})
