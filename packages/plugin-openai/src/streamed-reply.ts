import type { ChatMessage, Disposer, Logger, PluginMessages, PluginTimers, SentMessage } from '@banter/core'
import { answerBudget, capMessages } from './cap-messages.js'

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
  /** Chat messages one answer may take; past them it is cut, with a note saying so. */
  readonly maxMessages: number
  /** Shortest time between two updates, in milliseconds. */
  readonly intervalMs: number
  /** For failed sends and edits. */
  readonly logger: Logger
}

/**
 * An answer written into chat as it arrives: the first text is posted at once, later text is shown by
 * editing the message at most once per `intervalMs` (one timer, on the bot clock), and text past the
 * platform's length limit continues in further messages, up to `maxMessages`: an answer that needs
 * more is cut, its last message ending with a note that says so, and text past what those messages
 * can show is not kept.
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
  /** More text came than the answer's messages can show (it was dropped). */
  #overflowed = false
  readonly #budget: number

  constructor(deps: StreamedReplyDeps) {
    this.#deps = deps
    this.#budget = answerBudget(deps.limit, deps.maxMessages)
  }

  /** The text received so far (at most what `maxMessages` messages can show, and a little more). */
  get text(): string {
    return this.#text
  }

  /** Whether the answer is past what `maxMessages` messages show: it will be cut, more text is dropped. */
  get full(): boolean {
    return this.#overflowed
  }

  /** Ids of the messages posted so far, in order. */
  get messageIds(): string[] {
    return this.#posted.filter((m): m is SentMessage => m !== undefined).map((m) => m.id)
  }

  /** Adds text; the chat shows it at the next update. */
  push(delta: string): void {
    if (this.#finished || delta === '' || this.#overflowed) return
    const room = this.#budget - this.#text.length
    if (delta.length > room) {
      this.#overflowed = true
      this.#text += delta.slice(0, room)
    } else {
      this.#text += delta
    }
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
    const { messages, to, limit, maxMessages, logger } = this.#deps
    const { parts } = capMessages(text, limit, maxMessages, this.#overflowed)
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
