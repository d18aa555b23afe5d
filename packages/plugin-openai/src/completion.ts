import type OpenAI from 'openai'
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import type { CommandTool } from './command-tools.js'
import { raceAbort } from './deadline.js'

/** One request to the model. */
export interface CompletionRequest {
  /** The conversation, system prompt first. */
  readonly messages: ChatCompletionMessageParam[]
  /** The model. */
  readonly model: string
  /** Sampling temperature. */
  readonly temperature?: number | undefined
  /** Cap on the answer's tokens. */
  readonly maxTokens?: number | undefined
  /**
   * Send the cap as `max_completion_tokens` (OpenAI; its reasoning models refuse `max_tokens`)
   * rather than `max_tokens` (what local servers understand).
   */
  readonly modernTokenCap?: boolean
  /** Command tools the model may call. */
  readonly tools?: readonly CommandTool[]
  /** Model round trips when it calls tools. */
  readonly maxToolRounds?: number
}

/** How a completion ended. */
export interface CompletionEnd {
  /** `stop`, `length`, `tool_calls`, `content_filter`, ... as the server said. */
  readonly finishReason: string
  /** The model that answered. */
  readonly model: string
}

/** A whole completion. */
export interface CompletionResult extends CompletionEnd {
  /** The answer's text. */
  readonly text: string
}

function baseParams(request: CompletionRequest) {
  const cap = request.maxTokens
  return {
    model: request.model,
    messages: request.messages,
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(cap === undefined
      ? {}
      : request.modernTokenCap
        ? { max_completion_tokens: cap }
        : { max_tokens: cap }),
  }
}

/** Chunks of a streamed completion, and how to end the request early. */
interface ChunkSource {
  readonly chunks: AsyncIterator<ChatCompletionChunk>
  /** Resolves when the whole exchange ended well (rejects when it failed after the last chunk). */
  done(): Promise<void>
  /** Ends the request. */
  abort(): void
}

/**
 * Without tools: the SDK's raw stream (`create({ stream: true })`), which starts the request at once.
 * The SDK's `stream()` helper would do the same work but starts it from a `setTimeout(0)` and an event
 * layer, which costs about 2 ms of time to first token (see the bench suite openai-ttft).
 */
async function rawSource(
  client: OpenAI,
  request: CompletionRequest,
  signal: AbortSignal,
): Promise<ChunkSource> {
  const stream = await raceAbort(
    client.chat.completions.create({ ...baseParams(request), stream: true }, { signal }),
    signal,
  )
  return {
    chunks: stream[Symbol.asyncIterator](),
    done: () => Promise.resolve(),
    abort: () => stream.controller.abort(),
  }
}

/** With tools: the SDK's `runTools` helper, which runs the tools and the round trips. */
function toolSource(client: OpenAI, request: CompletionRequest, signal: AbortSignal): ChunkSource {
  const runner = client.chat.completions.runTools(
    { ...baseParams(request), stream: true, tools: [...(request.tools ?? [])] },
    { signal, maxChatCompletions: request.maxToolRounds ?? 4 },
  )
  // Failures surface through the iterator and `done()`; this keeps the SDK's event stream from
  // reporting them as unhandled as well.
  runner.done().catch(() => undefined)
  return {
    chunks: runner[Symbol.asyncIterator](),
    // The runner's iterator ends quietly when the stream failed after the last chunk it handed out.
    done: () => runner.done(),
    abort: () => {
      if (!runner.ended) runner.abort()
    },
  }
}

/**
 * Streams a completion as text deltas (through the tool round trips, when there are tools) and returns
 * how it ended. It stops at once when `signal` aborts, even while the SDK sleeps before a retry; a
 * connection lost mid-way, or a stream that ends without a finish reason, makes it throw after the
 * deltas that did arrive.
 */
export async function* streamCompletion(
  client: OpenAI,
  request: CompletionRequest,
  signal: AbortSignal,
): AsyncGenerator<string, CompletionEnd, undefined> {
  const source =
    (request.tools ?? []).length > 0
      ? toolSource(client, request, signal)
      : await rawSource(client, request, signal)
  let finishReason: string | undefined
  let model = request.model
  // With tools, one answer spans several completions: text before a tool call and text after it are
  // set apart by a blank line.
  let completionId: string | undefined
  let wrote = false
  let separate = false
  let complete = false
  try {
    for (;;) {
      const next = await raceAbort(source.chunks.next(), signal)
      if (next.done) break
      const chunk = next.value
      if (chunk.id !== completionId) {
        separate = wrote
        completionId = chunk.id
      }
      if (chunk.model) model = chunk.model
      const choice = chunk.choices[0]
      if (choice?.finish_reason) finishReason = choice.finish_reason
      const delta = choice?.delta?.content
      if (delta) {
        yield separate ? `\n\n${delta}` : delta
        wrote = true
        separate = false
      }
    }
    await raceAbort(source.done(), signal)
    if (finishReason === undefined) throw new StreamCutOffError()
    complete = true
  } finally {
    if (!complete) source.abort()
  }
  return { finishReason, model }
}

/** A stream that ended before the server said the answer was complete. */
export class StreamCutOffError extends Error {
  constructor() {
    super('the stream ended before the answer was complete (no finish reason)')
    this.name = 'StreamCutOffError'
  }
}

/** Asks for a whole completion (through the tool round trips, when there are tools). */
export async function createCompletion(
  client: OpenAI,
  request: CompletionRequest,
  signal: AbortSignal,
): Promise<CompletionResult> {
  const tools = request.tools ?? []
  const params = { ...baseParams(request), stream: false as const }
  const completion =
    tools.length > 0
      ? await raceAbort(
          client.chat.completions
            .runTools(
              { ...params, tools: [...tools] },
              { signal, maxChatCompletions: request.maxToolRounds ?? 4 },
            )
            .finalChatCompletion(),
          signal,
        )
      : await raceAbort(client.chat.completions.create(params, { signal }), signal)
  const choice = completion.choices[0]
  return {
    text: choice?.message.content ?? '',
    finishReason: choice?.finish_reason ?? 'unknown',
    model: completion.model || request.model,
  }
}
