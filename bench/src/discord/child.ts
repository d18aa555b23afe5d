/**
 * Child process entry of the discord-e2e suite: starts four fake Discords with one client each, then
 * injects `!ping` messages one at a time, the four clients in a new random order every iteration (so
 * all see the same load at about the same moment), and times each from MESSAGE_CREATE to the reply's
 * POST reaching its fake. argv[2] is a JSON {@link DiscordChildSpec}; the result goes back over IPC.
 *
 * The four clients, in two like-for-like pairs:
 * - `banter`: Banter (Discord adapter, timestamp plugin, built-in `!ping`), replies `[stamp] pong`;
 * - `bareStamped`: bare discord.js, replies `[stamp] pong` with the stamp from the same plugin code;
 * - `banterPlain`: Banter (Discord adapter, built-in `!ping`, no plugin), replies `pong`;
 * - `bare`: bare discord.js, `message.reply('pong')`.
 *
 * Between two messages the child lets the event loop settle, so that what a client does after its
 * POST (reading the response, the echo of its own message) is not timed as part of the next message.
 */
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { createBot, createLogger } from '@banter/core'
import { DiscordAdapter } from '@banter/discord'
import { FakeDiscord } from '@banter/discord/testing'
import TimestampPlugin, { timestampOptionsSchema } from '@banter/plugin-timestamp'
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js'
import { nullStream } from '../dispatch/banter-cases.js'
import { answerParent } from '../harness/answer-parent.js'

/** What the parent asks for. */
export interface DiscordChildSpec {
  /** Messages per client sent before timing starts. */
  readonly warmup: number
  /** Messages timed per client. */
  readonly messages: number
}

/** The clients measured. */
export const DISCORD_SIDES = ['banter', 'bareStamped', 'banterPlain', 'bare'] as const

/** One of {@link DISCORD_SIDES}. */
export type DiscordSide = (typeof DISCORD_SIDES)[number]

/** Milliseconds from injection to the reply's POST per timed message; index i of every side is one iteration. */
export type DiscordChildResult = Readonly<Record<DiscordSide, readonly number[]>>

interface Running {
  readonly fake: FakeDiscord
  stop(): Promise<void>
}

const REPLY = /^\/channels\/\d+\/messages$/
/** Time for the previous reply's aftermath (response, echo) before the next message. */
const SETTLE_MS = 2

async function startBanter(stamped: boolean): Promise<Running> {
  const fake = await FakeDiscord.start()
  const bot = createBot({
    adapter: new DiscordAdapter({ token: 'bench-token', api: fake.apiUrl, waitGuildTimeout: 1000 }),
    plugins: stamped ? [TimestampPlugin] : [],
    storage: 'memory',
    logger: createLogger({ level: 'info', destination: nullStream() }),
  })
  await bot.start()
  return { fake, stop: () => bot.stop('bench finished') }
}

async function startBare(stamped: boolean): Promise<Running> {
  const fake = await FakeDiscord.start()
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.DirectMessages,
    ],
    partials: [Partials.Channel],
    waitGuildTimeout: 1000,
    rest: { api: fake.apiUrl },
  })
  // The timestamp plugin's own formatting (date-fns, default format and time zone), so that the
  // stamped pair does the same work and sends the same text.
  const stamper = new TimestampPlugin()
  const config = timestampOptionsSchema.parse({})
  client.on(Events.MessageCreate, (message) => {
    if (message.author.bot || message.content !== '!ping') return
    const text = stamped ? `${stamper.stamp(Date.now(), config)} pong` : 'pong'
    message.reply(text).catch(() => {})
  })
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()))
  await client.login('bench-token')
  await ready
  return { fake, stop: () => client.destroy() }
}

/** Injects one `!ping` and resolves to the milliseconds until the reply's POST reached the fake. */
async function once(fake: FakeDiscord): Promise<number> {
  const calls = fake.calls
  const from = calls.length
  // Looks only at the calls made since the injection (the list grows by a few per message).
  const replied = () => {
    for (let i = from; i < calls.length; i++) {
      const call = calls[i]
      if (call?.method === 'POST' && REPLY.test(call.path)) return true
    }
    return false
  }
  const started = performance.now()
  fake.userMessage({ content: '!ping' })
  await fake.waitFor(replied)
  return performance.now() - started
}

function shuffle<T>(items: readonly T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
  }
  return copy
}

async function main(): Promise<DiscordChildResult> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as DiscordChildSpec
  const running: Partial<Record<DiscordSide, Running>> = {}
  try {
    running.banter = await startBanter(true)
    running.bareStamped = await startBare(true)
    running.banterPlain = await startBanter(false)
    running.bare = await startBare(false)
    const samples: Record<DiscordSide, number[]> = { banter: [], bareStamped: [], banterPlain: [], bare: [] }
    for (let i = 0; i < spec.warmup + spec.messages; i++) {
      for (const side of shuffle(DISCORD_SIDES)) {
        const ms = await once((running[side] as Running).fake)
        if (i >= spec.warmup) samples[side].push(ms)
        await sleep(SETTLE_MS)
      }
    }
    return samples
  } finally {
    for (const side of DISCORD_SIDES) {
      const one = running[side]
      if (!one) continue
      await one.stop().catch(() => {})
      await one.fake.close()
    }
  }
}

answerParent(main())
