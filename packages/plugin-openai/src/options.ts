import { z } from '@banter/core'

const positiveInt = () => z.number().int().positive()

/** One bot command the model may call, as the operator lists it under `tools`. */
const toolSchema = z.union([
  z.string().min(1),
  z.object({
    /** The command name, without the prefix (`remind`). */
    command: z.string().min(1),
    /** What the model is told the tool does (default: the command's own description). */
    description: z.string().min(1).optional(),
  }),
])

/** The options schema of the OpenAI plugin. */
export const openaiOptionsSchema = z.strictObject({
  /**
   * The API key (write `${OPENAI_API_KEY}` in the config file). Optional when `baseURL` points at a
   * local server that needs none.
   */
  apiKey: z.string().optional().meta({ secret: true, description: 'The API key (kept in .env)' }),
  /** Any OpenAI-compatible endpoint: Ollama, vLLM, llama.cpp server, ... (default: OpenAI). */
  // An empty value (`${OPENAI_BASE_URL:-}` in config) means "not set".
  baseURL: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:11434/v1' })
      .optional(),
  ),
  /** The model to ask. */
  model: z.string().min(1).default('gpt-4o-mini').meta({ description: 'The model to ask' }),
  /** Sampling temperature (0 to 2); the server's default when absent. */
  temperature: z.number().min(0).max(2).optional(),
  /** Cap on the tokens of one answer; the server's default when absent. */
  maxTokens: positiveInt().optional(),
  /** The system prompt. */
  systemPrompt: z
    .string()
    .default(
      'You are a helpful assistant in a group chat. Answer briefly and in the language of the question.',
    ),
  /** System prompts per channel id, replacing `systemPrompt` there. */
  channelPrompts: z.record(z.string(), z.string()).default({}),
  /** Channel ids where the bot answers every message (with `channels` in `trigger`). */
  channels: z.array(z.string().min(1)).default([]),
  /** What makes the bot answer: a mention, the command, every message in `channels`. */
  trigger: z.array(z.enum(['mention', 'command', 'channels'])).default(['mention', 'command', 'channels']),
  /** The name of the ask command (`!ask <question>`). */
  command: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be a command name: lower-case letters, digits and dashes')
    .default('ask'),
  /** Stream answers into chat as they are written (edits), or post them whole. */
  stream: z.boolean().default(true),
  /** Shortest time between two edits of a streamed answer, in milliseconds (Discord limits edits). */
  editIntervalMs: z.number().int().min(100).default(1000),
  /** How long one answer may take in all, retries included, in milliseconds. */
  timeoutMs: positiveInt().default(60_000),
  /** Retries of a request that failed with 408, 409, 429, 5xx or a lost connection. */
  maxRetries: z.number().int().min(0).max(10).default(2),
  /**
   * The longest `Retry-After` the plugin waits out; past it the user is told when to try again
   * instead, in milliseconds.
   */
  maxRetryAfterMs: z.number().int().min(0).default(20_000),
  /** Answers one user may ask per window (`false`: no limit). */
  rateLimit: z
    .union([
      z.literal(false),
      z.object({ max: positiveInt().default(5), windowMs: positiveInt().default(60_000) }),
    ])
    .default({ max: 5, windowMs: 60_000 }),
  /** Answers this bot process writes at the same time; more are refused with a short notice. */
  maxConcurrent: positiveInt().default(4),
  /** Longest question, in characters. */
  maxInputLength: positiveInt().default(4000),
  /** Conversation memory per channel, in (estimated) tokens; 0 turns memory off. */
  memoryTokens: z.number().int().min(0).default(2000),
  /** Memory of a channel is forgotten after this long without a question, in milliseconds. */
  memoryTtlMs: positiveInt().default(24 * 60 * 60 * 1000),
  /** Bot commands the model may call as tools (only these). */
  tools: z.array(toolSchema).default([]),
  /** Model round trips per answer when it calls tools. */
  maxToolRounds: z.number().int().min(1).max(10).default(4),
  /**
   * Chat messages one answer may take. A longer answer is cut there, its last message ending with a
   * note that says so, and the rest is not requested.
   */
  maxMessagesPerAnswer: z.number().int().min(1).max(50).default(5),
  /**
   * Characters left free in each chat message for what the outbound pipeline adds (a timestamp, a
   * signature) before the platform's length limit.
   */
  reserveChars: z.number().int().min(0).default(64),
})

/** Options of the OpenAI plugin, as written in config. */
export type OpenAIOptions = z.input<typeof openaiOptionsSchema>

/** Options of the OpenAI plugin after validation (defaults applied). */
export type ResolvedOpenAIOptions = z.output<typeof openaiOptionsSchema>

/** A tool entry of the options, as written in config. */
export type OpenAIToolOption = z.input<typeof toolSchema>

/** OpenAI's own endpoint, used when `baseURL` is absent. */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1'
