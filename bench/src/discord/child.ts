/**
 * Child process entry of the discord-e2e suite: starts a fake Discord and one client on it (Banter
 * with the Discord adapter and the timestamp plugin, or a bare discord.js client), then injects
 * `!ping` messages one at a time and times each from MESSAGE_CREATE to the reply's POST reaching the
 * fake. argv[2] is a JSON {@link DiscordChildSpec}; the result goes back over IPC.
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
  readonly kind: 'banter' | 'bare'
  /** Messages sent before timing starts. */
  readonly warmup: number
  /** Messages timed. */
  readonly messages: number
}

/** Milliseconds from injection to the reply's POST, per timed message. */
export interface DiscordChildResult {
  readonly samplesMs: readonly number[]
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
  const fake = await FakeDiscord.start()
  const running = spec.kind === 'banter' ? await startBanter(fake) : await startBare(fake)
  try {
    for (let i = 0; i < spec.warmup; i++) await once(fake)
    const samplesMs: number[] = []
    for (let i = 0; i < spec.messages; i++) samplesMs.push(await once(fake))
    return { samplesMs }
  } finally {
    await running.stop().catch(() => {})
    await fake.close()
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
