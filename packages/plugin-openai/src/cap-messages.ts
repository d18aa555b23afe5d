import { openFence, splitMessage } from './split-message.js'

/** Closes a code block left open at the end of a part. */
const CLOSE = '\n```'

/** The fewest characters of an answer kept in front of the cut note. */
const MIN_HEAD = 32

/** An answer laid out in chat messages, at most `maxMessages` of them. */
export interface CappedMessages {
  /** The text of each message, in order. */
  readonly parts: string[]
  /** Whether the answer was cut (its last part then ends with the cut note). */
  readonly cut: boolean
}

/**
 * The most characters of an answer worth keeping for `maxMessages` messages of `limit` characters:
 * past it the answer is cut whatever it holds, so a huge answer is never split in full.
 */
export function answerBudget(limit: number, maxMessages: number): number {
  return (maxMessages + 1) * limit
}

/** The note that ends an answer cut at `maxMessages` messages (a short one when messages are tiny). */
export function cutNote(limit: number, maxMessages: number): string {
  const note = `\n\n*(cut: the answer was longer than ${maxMessages} message${maxMessages === 1 ? '' : 's'})*`
  return limit - note.length - CLOSE.length >= MIN_HEAD ? note : ' *(cut)*'
}

/** `part` shortened to end with `note` within `limit` characters, closing a code block left open. */
function endWith(part: string, limit: number, note: string): string {
  const room = limit - note.length - CLOSE.length
  let head = part
  if (head.length > room) {
    // splitMessage cuts at a blank line, a line end or a space and closes a code block it cuts.
    head = room >= MIN_HEAD ? (splitMessage(head, room)[0] ?? '') : head.slice(0, Math.max(room, 0))
  }
  head = head.trimEnd()
  return `${head}${openFence(head) === undefined ? '' : CLOSE}${note}`
}

/**
 * Splits an answer into chat messages of at most `limit` characters (see {@link splitMessage}) and
 * keeps at most `maxMessages` of them. An answer that needs more, or that is marked `overflowed`
 * (more text came than {@link answerBudget} keeps), is cut: its last message ends with a note saying
 * so. Only the first {@link answerBudget} characters are ever split.
 */
export function capMessages(
  text: string,
  limit: number,
  maxMessages: number,
  overflowed = false,
): CappedMessages {
  const budget = answerBudget(limit, maxMessages)
  const over = overflowed || text.length > budget
  const parts = splitMessage(over ? text.slice(0, budget) : text, limit)
  if (!over && parts.length <= maxMessages) return { parts, cut: false }
  const kept = parts.slice(0, maxMessages)
  const last = kept.length - 1
  kept[last] = endWith(kept[last] ?? '', limit, cutNote(limit, maxMessages))
  return { parts: kept, cut: true }
}
