import type { ChatMessage, PluginContext } from '@banter/core'
import type OpenAI from 'openai'
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import { classifyFailure, type Failure, formatWait } from './classify-failure.js'
import { buildCommandTools, type ToolCall } from './command-tools.js'
import {
  type CompletionEnd,
  type CompletionRequest,
  createCompletion,
  streamCompletion,
} from './completion.js'
import type { ConcurrencySlots } from './concurrency-slots.js'
import type { ConversationMemory, Turn } from './conversation-memory.js'
import { Deadline } from './deadline.js'
import type { OpenAIErrorCode } from './error-codes.js'
import { excerpt } from './excerpt.js'
import type { ResolvedOpenAIOptions } from './options.js'
import type { RateLimiter } from './rate-limiter.js'
import { speakerName } from './speaker-name.js'
import { StreamedReply } from './streamed-reply.js'

/** What a {@link ChatResponder} works with. */
export interface ChatResponderDeps {
  /** The plugin's context. */
  readonly ctx: PluginContext<ResolvedOpenAIOptions>
  /** The SDK client. */
  readonly client: OpenAI
  /** Conversation memory per channel. */
  readonly memory: ConversationMemory
  /** The per-user limit, when `rateLimit` is set. */
  readonly limiter: RateLimiter | undefined
  /** Answers in progress in this process. */
  readonly slots: ConcurrencySlots
  /** Blanks the API key in a text. */
  readonly redact: (text: string) => string
  /** Where requests go, for log lines. */
  readonly baseURL: string
  /** Builds the common request fields (model, temperature, token cap). */
  request(messages: ChatCompletionMessageParam[]): CompletionRequest
}

/** The finish reason of an answer cut at `maxMessagesPerAnswer` messages. */
const MAX_MESSAGES = 'max-messages'

/** Notes appended to an answer that did not end normally. */
const NOTES = {
  length: '\n\n*(cut off: the answer reached its length limit)*',
  content_filter: '\n\n*(cut off by the AI service’s content filter)*',
  timeout: '\n\n*(cut off: the AI service took too long)*',
  stopped: '\n\n*(cut off: the bot is restarting)*',
  lost: '\n\n*(cut off: the connection to the AI service was lost)*',
} as const

function toParam(turn: Turn): ChatCompletionMessageParam {
  return turn.role === 'user'
    ? { role: 'user', content: turn.content, ...(turn.name ? { name: turn.name } : {}) }
    : { role: 'assistant', content: turn.content }
}

/**
 * Answers a question in chat: checks the input length, the user's rate limit and the concurrency
 * limit; sends the channel's memory and system prompt with the question; streams the answer into chat;
 * lets the model run the operator's tool commands; remembers the turn; and turns every failure into a
 * short apology in chat and one clear line in the operator log.
 */
export class ChatResponder {
  readonly #deps: ChatResponderDeps
  readonly #missingTools = new Set<string>()

  constructor(deps: ChatResponderDeps) {
    this.#deps = deps
  }

  /** Answers `question`, asked in `message`. Never rejects. */
  async answer(message: ChatMessage, question: string): Promise<void> {
    const { ctx, slots, limiter } = this.#deps
    const options = ctx.config
    const text = question.trim()
    try {
      if (text.length > options.maxInputLength) {
        return await this.#refuse(
          message,
          'OPENAI_INPUT_TOO_LONG',
          `Your question is ${text.length} characters long; I take at most ${options.maxInputLength}. Please shorten it.`,
        )
      }
      if (!slots.tryTake()) {
        return await this.#refuse(
          message,
          'OPENAI_BUSY',
          `⏳ I'm already writing ${slots.max} answer${slots.max === 1 ? '' : 's'}. Please ask again in a few seconds.`,
        )
      }
      try {
        const decision = await limiter?.take(message.author.id).catch((error: unknown) => {
          ctx.logger.warn({ err: error }, 'the rate limit could not be checked; the question is let through')
          return undefined
        })
        if (decision && !decision.allowed && options.rateLimit) {
          return await this.#refuse(
            message,
            'OPENAI_USER_LIMITED',
            `⏳ You can ask ${options.rateLimit.max} questions per ${formatWait(options.rateLimit.windowMs)}. Please try again in ${formatWait(decision.retryInMs)}.`,
          )
        }
        await this.#run(message, text)
      } finally {
        slots.release()
      }
    } catch (error) {
      // Only the plugin's own code can get here (request failures are handled in #run); the text is
      // redacted all the same, and the raw error object is not logged.
      ctx.logger.error(`answering a question failed: ${this.#deps.redact(String(error))}`)
    }
  }

  async #refuse(message: ChatMessage, code: OpenAIErrorCode, notice: string): Promise<void> {
    const { ctx } = this.#deps
    ctx.logger.info({ code, userId: message.author.id, channelId: message.channelId }, notice)
    await ctx.messages.reply(message, notice).catch((error: unknown) => {
      ctx.logger.warn({ err: error }, 'could not post a refusal notice')
    })
    await ctx.events.emit('openai.failed', {
      channelId: message.channelId,
      userId: message.author.id,
      error: { code, message: notice },
    })
  }

  #tools(message: ChatMessage, calls: ToolCall[]) {
    const { ctx } = this.#deps
    if (ctx.config.tools.length === 0) return []
    return buildCommandTools({
      configured: ctx.config.tools,
      commands: ctx.commands.list(),
      run: (line, as) => ctx.commands.run(line, as),
      as: message,
      onCall: (call) => {
        calls.push(call)
        ctx.logger.info(
          {
            command: call.command,
            line: excerpt(call.line),
            ok: call.ok,
            userId: message.author.id,
            channelId: message.channelId,
          },
          `the model ran the command "${call.command}" for user ${message.author.id}${call.ok ? '' : ' (it failed)'}`,
        )
        void ctx.events.emit('openai.tool', {
          channelId: message.channelId,
          userId: message.author.id,
          ...call,
        })
      },
      onMissing: (command) => {
        if (this.#missingTools.has(command)) return
        this.#missingTools.add(command)
        ctx.logger.warn(
          { command },
          `tools lists the command "${command}", but no plugin registered it; the model will not see it`,
        )
      },
    })
  }

  async #run(message: ChatMessage, question: string): Promise<void> {
    const { ctx, client, memory } = this.#deps
    const options = ctx.config
    const history = await memory.load(message.channelId).catch((error: unknown) => {
      ctx.logger.warn({ err: error }, 'the conversation memory could not be read; answering without it')
      return [] as Turn[]
    })
    const name = speakerName(message.author.name)
    const userTurn: Turn = { role: 'user', content: question, ...(name ? { name } : {}) }
    const calls: ToolCall[] = []
    const request: CompletionRequest = {
      ...this.#deps.request([
        { role: 'system', content: options.channelPrompts[message.channelId] ?? options.systemPrompt },
        ...history.map(toParam),
        toParam(userTurn),
      ]),
      tools: this.#tools(message, calls),
      maxToolRounds: options.maxToolRounds,
    }
    const reply = new StreamedReply({
      messages: ctx.messages,
      timers: ctx.timers,
      to: message,
      limit: Math.max(ctx.bot.maxMessageLength - options.reserveChars, 32),
      maxMessages: options.maxMessagesPerAnswer,
      intervalMs: options.editIntervalMs,
      logger: ctx.logger,
    })
    const deadline = new Deadline(ctx.timers, options.timeoutMs, [ctx.signal])
    let end: CompletionEnd | undefined
    let thrown: unknown
    try {
      if (options.stream) {
        const deltas = streamCompletion(client, request, deadline.signal)
        for (let next = await deltas.next(); ; next = await deltas.next()) {
          if (next.done) {
            end = next.value
            break
          }
          reply.push(next.value)
          if (reply.full) {
            // The answer is past maxMessagesPerAnswer: stop reading (and paying for) the rest.
            end = { finishReason: MAX_MESSAGES, model: request.model }
            await deltas.return(end)
            break
          }
        }
      } else {
        const result = await createCompletion(client, request, deadline.signal)
        reply.push(result.text)
        end = reply.full ? { ...result, finishReason: MAX_MESSAGES } : result
      }
    } catch (error) {
      thrown = error
    } finally {
      deadline.dispose()
    }
    const answer = reply.text
    if (end) {
      const note =
        end.finishReason === 'length' || end.finishReason === 'content_filter' ? NOTES[end.finishReason] : ''
      const shown = answer || (calls.length > 0 ? '✅ Done.' : 'I have no answer to that.')
      await reply.finish(shown + note)
      return this.#answered(message, userTurn, reply, answer, end.finishReason, end.model, calls.length)
    }
    const failure = classifyFailure(thrown, {
      timedOut: deadline.timedOut,
      stopped: ctx.signal.aborted,
      timeoutMs: options.timeoutMs,
      model: options.model,
      baseURL: this.#deps.baseURL,
      redact: this.#deps.redact,
    })
    if (answer === '') {
      this.#log(failure, message)
      await reply.finish(failure.chat)
      await ctx.events.emit('openai.failed', {
        channelId: message.channelId,
        userId: message.author.id,
        error: { code: failure.code, message: failure.log },
      })
      return
    }
    const note = deadline.timedOut ? NOTES.timeout : ctx.signal.aborted ? NOTES.stopped : NOTES.lost
    const cutOff: Failure = deadline.timedOut
      ? failure
      : { ...failure, code: 'OPENAI_CUT_OFF', level: 'warn', log: `the answer was cut off: ${failure.log}` }
    this.#log(cutOff, message, answer.length)
    await reply.finish(answer + note)
    return this.#answered(message, userTurn, reply, answer, 'cut-off', options.model, calls.length)
  }

  #log(failure: Failure, message: ChatMessage, partial?: number): void {
    this.#deps.ctx.logger[failure.level](
      {
        code: failure.code,
        channelId: message.channelId,
        userId: message.author.id,
        ...(failure.status === undefined ? {} : { status: failure.status }),
        ...(partial === undefined ? {} : { partialChars: partial }),
      },
      failure.log,
    )
  }

  async #answered(
    message: ChatMessage,
    userTurn: Turn,
    reply: StreamedReply,
    answer: string,
    finishReason: string,
    model: string,
    toolCalls: number,
  ): Promise<void> {
    const { ctx, memory } = this.#deps
    if (answer !== '') {
      await memory
        .append(message.channelId, [userTurn, { role: 'assistant', content: answer }])
        .catch((error: unknown) => {
          ctx.logger.warn({ err: error }, 'the conversation memory could not be saved')
        })
    }
    ctx.logger.info(
      {
        channelId: message.channelId,
        userId: message.author.id,
        chars: answer.length,
        finishReason,
        toolCalls,
      },
      `answered user ${message.author.id} in channel ${message.channelId}`,
    )
    await ctx.events.emit('openai.answered', {
      channelId: message.channelId,
      userId: message.author.id,
      messageIds: reply.messageIds,
      text: answer,
      finishReason,
      model,
      toolCalls,
    })
  }
}
