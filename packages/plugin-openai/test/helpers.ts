import type { AIService, BotEventName, BotEvents, PluginEntry } from '@banter/core'
import { createTestBot, type TestBot, type TestBotOptions } from '@banter/core/testing'
import { onTestFinished } from 'vitest'
import { type OpenAIOptions, OpenAIPlugin } from '../src/index.js'
import { FakeOpenAIServer } from './fake-openai-server.js'

/** The API key of the tests: it must never show up in a log line or a chat message. */
export const TEST_KEY = 'sk-test-DO-NOT-LEAK-4f9a2c7e1b3d'

/** Starts a fake OpenAI server, closed when the test finishes. */
export async function startServer(): Promise<FakeOpenAIServer> {
  const server = await FakeOpenAIServer.start()
  onTestFinished(() => server.close())
  return server
}

/** Options of {@link openaiBot}. */
export interface OpenAIBotOptions extends Omit<TestBotOptions, 'plugins'> {
  /** Plugins loaded before the OpenAI plugin. */
  readonly before?: readonly PluginEntry[]
  /** Plugins loaded after it. */
  readonly after?: readonly PluginEntry[]
}

/**
 * A test bot (fake clock, memory storage) with the OpenAI plugin pointed at `server` with the test key,
 * stopped when the test finishes.
 */
export async function openaiBot(
  server: FakeOpenAIServer,
  options: OpenAIOptions = {},
  bot: OpenAIBotOptions = {},
): Promise<TestBot> {
  const { before = [], after = [], ...rest } = bot
  const b = await createTestBot({
    ...rest,
    plugins: [...before, [OpenAIPlugin, { apiKey: TEST_KEY, baseURL: server.url, ...options }], ...after],
  })
  onTestFinished(() => b.stop())
  return b
}

/** Resolves with the payload of the next `name` event. */
export function nextEvent<Name extends BotEventName>(b: TestBot, name: Name): Promise<BotEvents[Name]> {
  return new Promise((resolve) => {
    b.events.once(name, (payload) => resolve(payload))
  })
}

/** Every piece of text the bot showed: message contents now and before each edit. */
export function everythingSent(b: TestBot): string {
  return b.sent.flatMap((m) => [...m.history, m.content]).join('\n')
}

/** Asserts the test key is nowhere in the logs or in chat. */
export function keyNeverShown(b: TestBot): boolean {
  return !b.logText().includes(TEST_KEY) && !everythingSent(b).includes(TEST_KEY)
}

/** The bot's `ai` service, as a plugin gets it from `ctx.services.get('ai')`. */
export function aiService(b: TestBot): AIService {
  return b.bot.services.get('ai') as AIService
}
