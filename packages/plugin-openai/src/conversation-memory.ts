import type { PluginStorage } from '@banter/core'

/** One remembered turn of a channel's conversation. */
export interface Turn {
  /** Who spoke. */
  readonly role: 'user' | 'assistant'
  /** What was said (the answer as the model wrote it, never as the chat shows it). */
  readonly content: string
  /** The speaker's name, for user turns. */
  readonly name?: string
}

/** Tokens every message costs on top of its text (role and separators). */
const PER_MESSAGE = 4

/**
 * Estimates the tokens of a text: about four characters per token, the rule of thumb for English
 * with OpenAI's tokenizers. Exact counts depend on the model (and local servers use their own
 * tokenizers), so the budget is an estimate, on the safe side for prose.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4) + PER_MESSAGE
}

/**
 * Keeps the newest turns that fit in `budget` tokens, and never starts with an answer whose question
 * was dropped.
 */
export function trimTurns(turns: readonly Turn[], budget: number): Turn[] {
  let used = 0
  let from = turns.length
  while (from > 0) {
    const cost = estimateTokens((turns[from - 1] as Turn).content)
    if (used + cost > budget) break
    used += cost
    from -= 1
  }
  while (from < turns.length && (turns[from] as Turn).role === 'assistant') from += 1
  return turns.slice(from)
}

function isTurn(value: unknown): value is Turn {
  const t = value as Turn | null
  return (
    t !== null &&
    typeof t === 'object' &&
    (t.role === 'user' || t.role === 'assistant') &&
    typeof t.content === 'string'
  )
}

/**
 * Conversation memory per channel, in plugin storage (so every shard sees the same, and it survives
 * restarts with SQLite or Redis storage), trimmed to a token budget and forgotten after `ttlMs`
 * without a new turn.
 */
export class ConversationMemory {
  readonly #storage: PluginStorage
  readonly #budget: number
  readonly #ttlMs: number

  constructor(storage: PluginStorage, budget: number, ttlMs: number) {
    this.#storage = storage
    this.#budget = budget
    this.#ttlMs = ttlMs
  }

  /** Whether memory is on (`memoryTokens` > 0). */
  get enabled(): boolean {
    return this.#budget > 0
  }

  #key(channelId: string): string {
    return `memory:${channelId}`
  }

  /** The remembered turns of a channel, oldest first. */
  async load(channelId: string): Promise<Turn[]> {
    if (!this.enabled) return []
    const stored = await this.#storage.get<unknown>(this.#key(channelId))
    if (!Array.isArray(stored)) return []
    return trimTurns(stored.filter(isTurn), this.#budget)
  }

  /** Adds turns to a channel's memory and trims it to the budget. */
  async append(channelId: string, turns: readonly Turn[]): Promise<void> {
    if (!this.enabled) return
    const kept = trimTurns([...(await this.load(channelId)), ...turns], this.#budget)
    await this.#storage.set(this.#key(channelId), kept, this.#ttlMs)
  }

  /** Forgets a channel's conversation; resolves whether there was one. */
  forget(channelId: string): Promise<boolean> {
    return this.#storage.delete(this.#key(channelId))
  }
}
