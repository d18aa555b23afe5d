import { BanterError } from '../errors/banter-error.js'
import type { ChatMentions, ChatMessage } from './chat-message.js'

const NO_MENTIONS: ChatMentions = Object.freeze({ users: [], roles: [], everyone: false, bot: false })
let counter = 0

/** Input of {@link createMessage}: everything optional except what identifies the text. */
export type MessageInit = Partial<Omit<ChatMessage, 'author' | 'mentions'>> & {
  author?: Partial<ChatMessage['author']>
  mentions?: Partial<ChatMentions>
}

/**
 * Builds a complete {@link ChatMessage} from a partial one, filling ids, author and time. Adapters
 * and tests use it; it throws `MESSAGE_INVALID` when `content` is not a string.
 */
export function createMessage(init: MessageInit, now: number = Date.now()): ChatMessage {
  if (typeof init.content !== 'string') {
    throw new BanterError('MESSAGE_INVALID', `a message needs text content, got ${typeof init.content}`)
  }
  counter += 1
  const author = { id: 'user', name: 'user', bot: false, ...init.author }
  const mentions = init.mentions ? { ...NO_MENTIONS, ...init.mentions } : NO_MENTIONS
  const message: ChatMessage = {
    id: init.id ?? `m${now.toString(36)}${counter.toString(36)}`,
    channelId: init.channelId ?? 'general',
    author,
    content: init.content,
    attachments: init.attachments ?? [],
    mentions,
    timestamp: init.timestamp ?? now,
    platform: init.platform ?? 'test',
    ...(init.guildId === undefined ? {} : { guildId: init.guildId }),
    ...(init.replyTo === undefined ? {} : { replyTo: init.replyTo }),
  }
  return message
}

/**
 * Checks that a value from an adapter has the shape of a {@link ChatMessage}, so a malformed
 * message is refused with a clear error instead of breaking a plugin later.
 */
export function assertChatMessage(value: unknown): asserts value is ChatMessage {
  const m = value as Partial<ChatMessage> | null
  const problem =
    m === null || typeof m !== 'object'
      ? `expected an object, got ${m === null ? 'null' : typeof m}`
      : typeof m.id !== 'string'
        ? '`id` must be a string'
        : typeof m.channelId !== 'string'
          ? '`channelId` must be a string'
          : typeof m.content !== 'string'
            ? '`content` must be a string'
            : m.author === null || typeof m.author !== 'object' || typeof m.author.id !== 'string'
              ? '`author.id` must be a string'
              : !Array.isArray(m.attachments)
                ? '`attachments` must be an array'
                : m.mentions === null ||
                    typeof m.mentions !== 'object' ||
                    !Array.isArray(m.mentions.users) ||
                    !Array.isArray(m.mentions.roles)
                  ? '`mentions` must be an object with `users` and `roles` arrays (createMessage fills it)'
                  : undefined
  if (problem)
    throw new BanterError('MESSAGE_INVALID', `the adapter delivered a malformed message: ${problem}`)
}
