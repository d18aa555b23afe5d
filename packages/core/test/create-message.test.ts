import { BanterError, createMessage } from '@banter/core'
import { describe, expect, it } from 'vitest'

describe('createMessage', () => {
  it('fills what is missing: an id, the channel, a user author, no mentions, the time', () => {
    const message = createMessage({ content: 'hi' }, 1_000)
    expect(message).toEqual({
      id: expect.stringMatching(/^m/),
      channelId: 'general',
      author: { id: 'user', name: 'user', bot: false },
      content: 'hi',
      attachments: [],
      mentions: { users: [], roles: [], everyone: false, bot: false },
      timestamp: 1_000,
      platform: 'test',
    })
    expect('guildId' in message).toBe(false)
    expect('replyTo' in message).toBe(false)
    expect(createMessage({ content: 'hi' }).id).not.toBe(message.id)
  })

  it('keeps what it is given, the author’s other fields included, in a stable key order', () => {
    const message = createMessage({
      id: '1',
      channelId: 'c',
      guildId: 'g',
      replyTo: '0',
      content: 'hi',
      platform: 'discord',
      author: { id: 'u', roles: ['r1'], roleNames: ['mods'] },
      mentions: { users: ['x'] },
    })
    expect(message.author).toEqual({ id: 'u', name: 'user', bot: false, roles: ['r1'], roleNames: ['mods'] })
    expect(message.mentions).toEqual({ users: ['x'], roles: [], everyone: false, bot: false })
    expect(Object.keys(message)).toEqual([
      'id',
      'channelId',
      'author',
      'content',
      'attachments',
      'mentions',
      'timestamp',
      'platform',
      'guildId',
      'replyTo',
    ])
  })

  it('takes a null author as none, and keeps a "__proto__" key as data, not as a prototype', () => {
    const init = JSON.parse('{"content":"hi","author":null}')
    expect(createMessage(init).author).toEqual({ id: 'user', name: 'user', bot: false })
    const polluted = JSON.parse('{"content":"hi","author":{"id":"u","__proto__":{"polluted":true}}}')
    const author = createMessage(polluted).author as unknown as Record<string, unknown>
    expect(Object.getPrototypeOf(author)).toBe(Object.prototype)
    expect(author.polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses a message without text content with MESSAGE_INVALID', () => {
    expect(() => createMessage({ content: 5 as unknown as string })).toThrow(BanterError)
    expect(() => createMessage({ content: 5 as unknown as string })).toThrow(/needs text content/)
  })
})
