/** One turn of a conversation for an AI provider. */
export interface AIMessage {
  /** Who said it. */
  readonly role: 'system' | 'user' | 'assistant'
  /** What was said. */
  readonly content: string
  /** Optional speaker name (a chat user name). */
  readonly name?: string
}

/** Options of {@link AIService.generate} and {@link AIService.stream}. */
export interface AIGenerateOptions {
  /** Model override. */
  readonly model?: string
  /** Sampling temperature override. */
  readonly temperature?: number
  /** Output token cap override. */
  readonly maxTokens?: number
  /** System prompt override. */
  readonly system?: string
  /** Earlier turns to send before the input. */
  readonly history?: readonly AIMessage[]
  /** Aborts the request. */
  readonly signal?: AbortSignal
  /** The user on whose behalf the request is made (for rate limits and provider abuse tracking). */
  readonly user?: string
}

/** The outcome of {@link AIService.generate}. */
export interface AIResult {
  /** The generated text. */
  readonly text: string
  /** Why generation ended: `stop`, `length`, `cut-off` (connection lost or timed out), ... */
  readonly finishReason: string
  /** The model that answered. */
  readonly model: string
}

/**
 * The `ai` service: whatever AI provider plugin is loaded provides it, and other plugins (the
 * workflow plugin's `ai` step, for one) use it through `ctx.services.get('ai')`.
 */
export interface AIService {
  /** Generates a whole answer. */
  generate(input: string | readonly AIMessage[], options?: AIGenerateOptions): Promise<AIResult>
  /** Streams an answer as text chunks. */
  stream(input: string | readonly AIMessage[], options?: AIGenerateOptions): AsyncIterable<string>
}
