import {
  type AIGenerateOptions,
  type AIMessage,
  AIProviderPlugin,
  type AIResult,
  type BanterError,
  type ChatMessage,
  type PluginContext,
  type PluginManifest,
  z,
} from '@banter/core'
import type OpenAI from 'openai'
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import type { ChatResponder } from './chat-responder.js'
import { type CompletionRequest, createCompletion, streamCompletion } from './completion.js'
import { ConcurrencySlots } from './concurrency-slots.js'
import { ConversationMemory } from './conversation-memory.js'
import { registerDashboardPage } from './dashboard-page.js'
import { Deadline } from './deadline.js'
import { openaiError } from './error-codes.js'
import './events.js'
import { OPENAI_BASE_URL, openaiOptionsSchema, type ResolvedOpenAIOptions } from './options.js'
import { RateLimiter } from './rate-limiter.js'
import { createRedactor } from './redact.js'
import { speakerName } from './speaker-name.js'

/** Extra time an `!ask` command may run past `timeoutMs`: posting the final edits and saving memory. */
const FINISH_MARGIN_MS = 15_000

/** Discord-style mentions (`<@123>`, `<@!123>`, `<@&role>`), removed from a question. */
const MENTION = /<@[!&]?[\w-]+>/g

/** Options read per answer, which a change at run time reaches without a restart. */
const LIVE_OPTIONS: ReadonlySet<string> = new Set([
  'model',
  'temperature',
  'maxTokens',
  'systemPrompt',
  'channelPrompts',
  'maxInputLength',
  'stream',
  'editIntervalMs',
])

/**
 * AI answers in chat through the official `openai` SDK, against OpenAI or any OpenAI-compatible
 * server (Ollama, vLLM, llama.cpp, ...): answers when mentioned, on `!ask`, or on every message in
 * chosen channels; streams answers by editing its message; remembers each channel's conversation;
 * limits users and load; lets the model run the bot commands the operator lists; and provides the
 * `ai` service to other plugins.
 *
 * @example
 * ```ts
 * const bot = createBot({ adapter, plugins: [[OpenAIPlugin, { apiKey: process.env.OPENAI_API_KEY }]] })
 * ```
 */
export class OpenAIPlugin extends AIProviderPlugin<ResolvedOpenAIOptions> {
  static manifest = {
    name: 'openai',
    version: '0.1.0',
    description: 'AI answers through the openai SDK, from OpenAI or any OpenAI-compatible server',
    permissions: ['messages:read', 'messages:send', 'storage', 'network'],
    // Serves its dashboard page (answers per channel) when the operator leaves it on.
    optionalPermissions: ['http'],
    provides: ['ai'],
  } satisfies PluginManifest

  static configSchema = openaiOptionsSchema

  #client: OpenAI | undefined
  #redact: (text: string) => string = (text) => text
  #baseURL = OPENAI_BASE_URL
  #slots = new ConcurrencySlots(1)
  #responder: ChatResponder | undefined
  #memory: ConversationMemory | undefined
  readonly #tasks = new Set<Promise<void>>()

  #sdk: typeof import('./sdk-parts.js') | undefined

  override async initialize(ctx: PluginContext<ResolvedOpenAIOptions>): Promise<void> {
    const options = ctx.config
    const apiKey = options.apiKey?.trim() || undefined
    if (apiKey === undefined && options.baseURL === undefined) {
      throw openaiError(
        'OPENAI_NOT_CONFIGURED',
        'no apiKey and no baseURL are set, so it cannot reach an AI service; set the OPENAI_API_KEY environment variable',
      )
    }
    // Without it every request would fail (and be retried as a lost connection): refuse to start.
    ctx.permissions.assert('network', 'reach the AI service')
    this.#redact = createRedactor([apiKey])
    this.#baseURL = options.baseURL ?? OPENAI_BASE_URL
    // The SDK is loaded only now: a bot without a key or a base URL never imports it.
    const sdk = await import('./sdk-parts.js')
    this.#sdk = sdk
    const { createClient, ChatResponder } = sdk
    this.#client = createClient({
      options: { ...options, apiKey },
      fetch: ctx.fetch,
      logger: ctx.logger,
      redact: this.#redact,
    })
    this.#slots = new ConcurrencySlots(options.maxConcurrent)
    const { rateLimit } = options
    const memory = new ConversationMemory(ctx.storage, options.memoryTokens, options.memoryTtlMs)
    this.#memory = memory
    this.#responder = new ChatResponder({
      ctx,
      client: this.#client,
      memory,
      limiter: rateLimit
        ? new RateLimiter(ctx.storage, rateLimit.max, rateLimit.windowMs, () => ctx.timers.now())
        : undefined,
      slots: this.#slots,
      redact: this.#redact,
      baseURL: this.#baseURL,
      request: (messages) => this.#request(messages),
    })
    this.provideAI(ctx)
    this.#registerCommands(ctx)
    this.#listen(ctx)
    registerDashboardPage(ctx)
    ctx.logger.info(
      { model: options.model, baseURL: this.#baseURL, stream: options.stream },
      `ready: model "${options.model}" at ${this.#baseURL}`,
    )
  }

  /**
   * Takes the options read per answer at once (model, prompts, sampling, limits of one answer);
   * anything else (key, endpoint, triggers, memory, rate limit, concurrency) restarts the plugin.
   */
  override onConfigChange(
    next: ResolvedOpenAIOptions,
    previous: ResolvedOpenAIOptions,
  ): 'restart' | undefined {
    const changed = (Object.keys(next) as (keyof ResolvedOpenAIOptions)[]).filter(
      (key) => JSON.stringify(next[key]) !== JSON.stringify(previous[key]),
    )
    return changed.every((key) => LIVE_OPTIONS.has(key)) ? undefined : 'restart'
  }

  override async destroy(): Promise<void> {
    // The context's signal is aborted by now, so answers in progress end quickly, cut off.
    await Promise.allSettled([...this.#tasks])
  }

  /** Generates a whole answer (the `ai` service). A stream cut off mid-way returns the part that came. */
  override async generate(
    input: string | readonly AIMessage[],
    options: AIGenerateOptions = {},
  ): Promise<AIResult> {
    const client = this.#requireClient()
    const request = this.#request(this.#serviceMessages(input, options), options)
    const deadline = this.#begin(options.signal)
    let text = ''
    try {
      if (!this.ctx.config.stream) return await createCompletion(client, request, deadline.signal)
      const deltas = streamCompletion(client, request, deadline.signal)
      for (let next = await deltas.next(); ; next = await deltas.next()) {
        if (next.done) return { text, finishReason: next.value.finishReason, model: next.value.model }
        text += next.value
      }
    } catch (error) {
      const failure = this.#serviceError(error, deadline, options.signal)
      if (text === '') throw failure
      this.ctx.logger.warn(
        { code: failure.code, partialChars: text.length },
        `an answer was cut off: ${failure.summary}`,
      )
      return { text, finishReason: 'cut-off', model: request.model }
    } finally {
      deadline.dispose()
      this.#slots.release()
    }
  }

  /** Streams an answer as text chunks (the `ai` service); throws a `BanterError` when it fails. */
  override async *stream(
    input: string | readonly AIMessage[],
    options: AIGenerateOptions = {},
  ): AsyncGenerator<string, void, undefined> {
    const client = this.#requireClient()
    const request = this.#request(this.#serviceMessages(input, options), options)
    const deadline = this.#begin(options.signal)
    const deltas = streamCompletion(client, request, deadline.signal)
    try {
      for (;;) {
        let next: IteratorResult<string, unknown>
        try {
          next = await deltas.next()
        } catch (error) {
          throw this.#serviceError(error, deadline, options.signal)
        }
        if (next.done) return
        yield next.value
      }
    } finally {
      // Ends the request when the consumer stops early.
      await deltas.return({ finishReason: 'cancelled', model: request.model }).catch(() => undefined)
      deadline.dispose()
      this.#slots.release()
    }
  }

  #requireClient(): OpenAI {
    if (!this.#client) {
      throw openaiError('OPENAI_NOT_CONFIGURED', 'plugin "openai" is not running, so it cannot answer')
    }
    return this.#client
  }

  #requireSdk(): typeof import('./sdk-parts.js') {
    if (!this.#sdk) {
      throw openaiError('OPENAI_NOT_CONFIGURED', 'plugin "openai" is not running, so it cannot answer')
    }
    return this.#sdk
  }

  #begin(signal: AbortSignal | undefined): Deadline {
    if (!this.#slots.tryTake()) {
      throw openaiError(
        'OPENAI_BUSY',
        `plugin "openai" is already writing ${this.#slots.max} answers (maxConcurrent), so it refused another`,
      )
    }
    return new Deadline(this.ctx.timers, this.ctx.config.timeoutMs, [this.ctx.signal, signal])
  }

  #serviceError(error: unknown, deadline: Deadline, signal: AbortSignal | undefined): BanterError {
    if (signal?.aborted && !deadline.timedOut) {
      return openaiError('OPENAI_CUT_OFF', 'the request was aborted by its caller')
    }
    const failure = this.#requireSdk().classifyFailure(error, {
      timedOut: deadline.timedOut,
      stopped: this.ctx.signal.aborted,
      timeoutMs: this.ctx.config.timeoutMs,
      model: this.ctx.config.model,
      baseURL: this.#baseURL,
      redact: this.#redact,
    })
    this.ctx.logger[failure.level]({ code: failure.code, status: failure.status }, failure.log)
    return openaiError(failure.code, failure.log, {
      ...(failure.status === undefined ? {} : { status: failure.status }),
      ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
    })
  }

  #request(messages: ChatCompletionMessageParam[], overrides: AIGenerateOptions = {}): CompletionRequest {
    const options = this.ctx.config
    return {
      messages,
      model: overrides.model ?? options.model,
      temperature: overrides.temperature ?? options.temperature,
      maxTokens: overrides.maxTokens ?? options.maxTokens,
      modernTokenCap: this.#baseURL === OPENAI_BASE_URL,
    }
  }

  #serviceMessages(
    input: string | readonly AIMessage[],
    options: AIGenerateOptions,
  ): ChatCompletionMessageParam[] {
    const turns: readonly AIMessage[] = typeof input === 'string' ? [{ role: 'user', content: input }] : input
    const all = [...(options.history ?? []), ...turns]
    const system =
      options.system ?? (all.some((m) => m.role === 'system') ? undefined : this.ctx.config.systemPrompt)
    const messages: ChatCompletionMessageParam[] =
      system === undefined ? [] : [{ role: 'system', content: system }]
    for (const m of all) {
      const name = m.name === undefined ? undefined : speakerName(m.name)
      if (m.role === 'user') messages.push({ role: 'user', content: m.content, ...(name ? { name } : {}) })
      else if (m.role === 'assistant') messages.push({ role: 'assistant', content: m.content })
      else messages.push({ role: 'system', content: m.content })
    }
    return messages
  }

  #registerCommands(ctx: PluginContext<ResolvedOpenAIOptions>): void {
    const options = ctx.config
    if (options.trigger.includes('command')) {
      ctx.commands.register({
        name: options.command,
        description: 'Asks the AI a question',
        args: z.object({ question: z.string().min(1) }),
        // The bot abandons a command after its hook timeout unless told otherwise.
        timeoutMs: options.timeoutMs + FINISH_MARGIN_MS,
        handler: ({ message, args }) => this.#responder?.answer(message, args.question),
      })
    }
    ctx.commands.register({
      name: 'forget',
      description: 'Makes the AI forget the conversation in this channel',
      handler: async ({ message, reply }) => {
        await this.#memory?.forget(message.channelId)
        await reply('🧹 I forgot our conversation in this channel.')
      },
    })
  }

  #listen(ctx: PluginContext<ResolvedOpenAIOptions>): void {
    const { trigger, channels } = ctx.config
    const onMention = trigger.includes('mention')
    const inChannels = trigger.includes('channels') ? new Set(channels) : new Set<string>()
    if (!onMention && inChannels.size === 0) return
    ctx.events.on('message.received', ({ message }) => {
      const question = this.#question(message, onMention, inChannels)
      if (question === undefined || !this.#responder) return
      // Listeners are abandoned after the bot's hook timeout; an answer may take longer, so it runs on
      // its own and the listener returns at once.
      const task = this.#responder.answer(message, question)
      void ctx.background(task, 'answer')
      this.#tasks.add(task)
      void task.finally(() => this.#tasks.delete(task))
    })
  }

  #question(message: ChatMessage, onMention: boolean, inChannels: ReadonlySet<string>): string | undefined {
    if (message.author.bot || message.content.startsWith(this.ctx.bot.prefix)) return undefined
    const mentioned = onMention && message.mentions.bot
    if (!mentioned && !inChannels.has(message.channelId)) return undefined
    const question = (mentioned ? message.content.replace(MENTION, ' ') : message.content).trim()
    if (question === '') return undefined
    // "@bot ping" runs the ping command (core treats a leading mention as a prefix): not a question.
    const first = question.split(/\s+/, 1)[0]?.toLowerCase() ?? ''
    const named = this.ctx.commands.list().some((c) => c.name === first || c.aliases.includes(first))
    return mentioned && named ? undefined : question
  }
}
