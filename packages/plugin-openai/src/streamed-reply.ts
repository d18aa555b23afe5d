import type { ChatMessage, Disposer, Logger, PluginMessages, PluginTimers, SentMessage } from '@banter/core'
import { splitMessage } from './split-message.js'

/** What a {@link StreamedReply} needs. */
export interface StreamedReplyDeps {
  /** `ctx.messages`. */
  readonly messages: PluginMessages
  /** `ctx.timers` (the bot clock: a fake one in tests). */
  readonly timers: PluginTimers
  /** The message answered. */
  readonly to: ChatMessage
  /** Characters per chat message. */
  readonly limit: number
  /** Shortest time between two updates, in milliseconds. */
  readonly intervalMs: number
  /** For failed sends and edits. */
  readonly logger: Logger
}

/**
 * An answer written into chat as it arrives: the first text is posted at once, later text is shown by
 * editing the message at most once per `intervalMs` (one timer, on the bot clock), and text past the
 * platform's length limit continues in further messages.
 *
 * It keeps its own copy of the text: what the chat shows may have been changed by the outbound
 * pipeline (a timestamp), so it never reads posted content back.
 */
export class StreamedReply {
  readonly #deps: StreamedReplyDeps
  #text = ''
  /** The text the last update showed. */
  #rendered = ''
  /** Posted messages, one per part. */
  readonly #posted: (SentMessage | undefined)[] = []
  /** What each posted part shows (raw, before the outbound pipeline). */
  readonly #shown: string[] = []
  #lastUpdate: number | undefined
  #timer: Disposer | undefined
  #updating: Promise<boolean> | undefined
  #finished = false

  constructor(deps: StreamedReplyDeps) {
    this.#deps = deps
  }

  /** The text received so far. */
  get text(): string {
    return this.#text
  }

  /** Ids of the messages posted so far, in order. */
  get messageIds(): string[] {
    return this.#posted.filter((m): m is SentMessage => m !== undefined).map((m) => m.id)
  }

  /** Adds text; the chat shows it at the next update. */
  push(delta: string): void {
    if (this.#finished || delta === '') return
    this.#text += delta
    this.#schedule()
  }

  /**
   * Shows `finalText` (the answer, or a notice), waiting for an update in progress first. Resolves
   * whether every part is shown.
   */
  async finish(finalText: string): Promise<boolean> {
    this.#finished = true
    this.#timer?.()
    this.#timer = undefined
    if (this.#updating) await this.#updating
    return this.#render(finalText)
  }

  #schedule(): void {
    if (this.#finished || this.#timer || this.#updating || this.#text === this.#rendered) return
    const now = this.#deps.timers.now()
    const wait = this.#lastUpdate === undefined ? 0 : this.#lastUpdate + this.#deps.intervalMs - now
    if (wait <= 0) {
      this.#update()
      return
    }
    this.#timer = this.#deps.timers.setTimeout(() => {
      this.#timer = undefined
      this.#update()
    }, wait)
  }

  #update(): void {
    this.#lastUpdate = this.#deps.timers.now()
    this.#updating = this.#render(this.#text).finally(() => {
      this.#updating = undefined
      this.#schedule()
    })
  }

  /** Brings the posted messages in line with `text`; never rejects. */
  async #render(text: string): Promise<boolean> {
    const { messages, to, limit, logger } = this.#deps
    const parts = splitMessage(text, limit)
    let ok = true
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string
      if (this.#shown[i] === part) continue
      const posted = this.#posted[i]
      try {
        if (posted) await messages.edit(posted, part)
        else this.#posted[i] = await messages.reply(to, part)
        this.#shown[i] = part
      } catch (error) {
        ok = false
        logger.warn(
          { err: error, channelId: to.channelId },
          `could not ${posted ? 'edit' : 'post'} part ${i + 1} of an answer: ${(error as Error).message}`,
        )
        // Later parts would come out of order; the next update tries again.
        break
      }
    }
    if (ok) this.#rendered = text
    return ok
  }
}
