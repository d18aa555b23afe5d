/**
 * Child process entry of the discord-e2e suite: starts two fake Discords, Banter (Discord adapter and
 * timestamp plugin) on one and a bare discord.js client on the other, then injects `!ping` messages
 * one at a time, alternating between the two (so both see the same load at the same moment), and
 * times each from MESSAGE_CREATE to the reply's POST reaching its fake. argv[2] is a JSON
 * {@link DiscordChildSpec}; the result goes back over IPC.
 */
import { performance } from 'node:perf_hooks'
import { createBot, createLogger } from '@banter/core'
import { DiscordAdapter } from '@banter/discord'
import { FakeDiscord } from '@banter/discord/testing'
import TimestampPlugin from '@banter/plugin-timestamp'
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js'
import { nullStream } from '../dispatch/banter-cases.js'

/** What the parent asks for. */
export interface DiscordChildSpec {
  /** Messages per client sent before timing starts. */
  readonly warmup: number
  /** Messages timed per client. */
  readonly messages: number
}

/** Milliseconds from injection to the reply's POST, per timed message, in pairs (same index). */
export interface DiscordChildResult {
  readonly banterMs: readonly number[]
  readonly bareMs: readonly number[]
}

interface Running {
  stop(): Promise<void>
}

const REPLY = /^\/channels\/\d+\/messages$/

async function startBanter(fake: FakeDiscord): Promise<Running> {
  const bot = createBot({
    adapter: new DiscordAdapter({ token: 'bench-token', api: fake.apiUrl, waitGuildTimeout: 1000 }),
    plugins: [TimestampPlugin],
    storage: 'memory',
    logger: createLogger({ level: 'info', destination: nullStream() }),
  })
  await bot.start()
  return { stop: () => bot.stop('bench finished') }
}

async function startBare(fake: FakeDiscord): Promise<Running> {
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
  client.on(Events.MessageCreate, (message) => {
    if (message.author.bot || message.content !== '!ping') return
    message.reply('pong').catch(() => {})
  })
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()))
  await client.login('bench-token')
  await ready
  return { stop: () => client.destroy() }
}

/** Injects one `!ping` and resolves to the milliseconds until the reply's POST reached the fake. */
async function once(fake: FakeDiscord): Promise<number> {
  const from = fake.calls.length
  const started = performance.now()
  fake.userMessage({ content: '!ping' })
  await fake.waitFor(
    (call) => call.method === 'POST' && REPLY.test(call.path) && fake.calls.indexOf(call) >= from,
  )
  return performance.now() - started
}

async function main(): Promise<DiscordChildResult> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as DiscordChildSpec
  const banterFake = await FakeDiscord.start()
  const bareFake = await FakeDiscord.start()
  const banter = await startBanter(banterFake)
  const bare = await startBare(bareFake)
  try {
    const banterMs: number[] = []
    const bareMs: number[] = []
    for (let i = 0; i < spec.warmup + spec.messages; i++) {
      // Alternate which goes first, so neither always follows the other's garbage.
      const first = i % 2 === 0
      const a = first ? await once(banterFake) : 0
      const b = await once(bareFake)
      const c = first ? a : await once(banterFake)
      if (i >= spec.warmup) {
        banterMs.push(c)
        bareMs.push(b)
      }
    }
    return { banterMs, bareMs }
  } finally {
    await banter.stop().catch(() => {})
    await bare.stop().catch(() => {})
    await banterFake.close()
    await bareFake.close()
  }
}

main().then(
  (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
  (error: unknown) =>
    process.send?.(
      { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) },
      () => process.exit(1),
    ),
)
