import type { MessageInit } from '@banter/core'
import fc from 'fast-check'

/** EICAR's test string: every antivirus engine reports it. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'

/** Command lines of the official plugins and core, well-formed or not, with random arguments. */
const COMMANDS = [
  'ping',
  'help',
  'commands',
  'run',
  'workflow',
  'workflow list',
  'workflow run hello',
  'workflow status',
  'workflow cancel',
  'scan stats',
  'quarantine list',
  'quarantine delete',
  'allowdomain',
  'forget',
  'run hello',
  'nope',
  '',
]

/** Text a user may send: full Unicode, links, mentions, markup, commands, huge lines. */
export const content: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom('!', '! ', '<@1> ', '<@!2> ', '!!', '!HELP ', ''),
        fc.constantFrom(...COMMANDS),
        fc.string({ unit: 'grapheme', maxLength: 30 }),
        fc.constantFrom('', ' "quoted words"', " 'x", ' __proto__', ' constructor', ` ${'y'.repeat(3000)}`),
      )
      .map(([prefix, command, args, tail]) => `${prefix}${command} ${args}${tail}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'https://discord.com@evil.example/login',
          'http://dіscord-nitro.gift/free',
          'steamcommunlty.com/trade',
          '[discord.com/gifts](https://cliscord-gift.xyz/x)',
          'https://192.168.0.1:8080/a',
          '//xn--dscord-pvf.com',
          'https://\u200bdiscord.com',
          '[a]([b](c))',
          '<https://example.com>',
        ),
        fc.string({ maxLength: 20 }),
      )
      .map(([link, text]) => `${text} ${link} ${text}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('@everyone', '@here', '<@&123>', '`', '```', '\u0000', '\uFEFF', EICAR),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('a', '😀', 'é', ' ', '[', '(', 'https://a.io/', '\n', '{{ x }}'),
        // Mostly long lines; one in a hundred is 20,000 to 100,000 characters.
        fc.oneof(
          { weight: 99, arbitrary: fc.integer({ min: 1, max: 4_000 }) },
          { weight: 1, arbitrary: fc.integer({ min: 20_000, max: 100_000 }) },
        ),
      )
      .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length))),
  },
)

/** A value of the wrong type, for any field. */
const wrong = fc.oneof(
  fc.constantFrom(null, 0, -1, Number.NaN, true, '', [], {}, 'x'),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')),
)

/** A file as an adapter hands it over: bytes that are fine, EICAR, a zip, a failing or lying `read`. */
const attachment = fc.oneof(
  fc
    .tuple(fc.string({ maxLength: 12 }), fc.uint8Array({ maxLength: 64 }))
    .map(([name, bytes]) => ({ id: 'a1', name, size: bytes.length, read: async () => bytes })),
  fc.constant({
    id: 'a2',
    name: 'eicar.com',
    size: EICAR.length,
    read: async () => new TextEncoder().encode(EICAR),
  }),
  fc.constant({
    id: 'a3',
    name: 'broken.zip',
    size: 22,
    read: async () => Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0xff)]),
  }),
  fc.constant({
    id: 'a4',
    name: 'gone.png',
    size: 10,
    read: () => Promise.reject(new Error('the platform lost it')),
  }),
  fc.constant({
    id: 'a5',
    name: 'throws.txt',
    size: 10,
    read: () => {
      throw new Error('read threw')
    },
  }),
  fc.constant({
    id: 'a6',
    name: 'lies.txt',
    size: -5,
    read: async () => 'not bytes' as unknown as Uint8Array,
  }),
  fc.constant({ id: 'a7', name: 'huge.bin', size: 1e12, read: async () => new Uint8Array(8) }),
  wrong,
)

const id = fc.oneof(
  fc.constantFrom('user', 'admin', '__proto__', 'constructor', 'toString', 'hasOwnProperty', ''),
  fc.string({ maxLength: 12 }),
)

/**
 * A message as an adapter could deliver it: mostly well-formed with hostile content, sometimes with
 * fields missing, of the wrong type, or named after prototype keys.
 */
export const messageInit: fc.Arbitrary<MessageInit> = fc
  .record(
    {
      content: fc.oneof({ weight: 20, arbitrary: content }, { weight: 1, arbitrary: wrong }),
      author: fc.oneof(
        fc.record(
          {
            id,
            name: fc.string({ maxLength: 12 }),
            bot: fc.boolean(),
            roles: fc.array(id, { maxLength: 2 }),
          },
          { requiredKeys: ['id'] },
        ),
        wrong,
      ),
      channelId: fc.oneof(id, wrong),
      guildId: fc.oneof(id, wrong),
      mentions: fc.oneof(
        fc.record(
          {
            users: fc.array(id, { maxLength: 3 }),
            roles: fc.array(id, { maxLength: 2 }),
            everyone: fc.boolean(),
            bot: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        wrong,
      ),
      attachments: fc.oneof(fc.array(attachment, { maxLength: 3 }), wrong),
      replyTo: fc.oneof(id, wrong),
      invocation: fc.oneof(
        fc.record({
          command: fc.constantFrom(
            'ping',
            'help',
            'run',
            'workflow',
            'quarantine',
            '__proto__',
            'constructor',
            'nope',
          ),
          args: fc.oneof(
            fc.dictionary(id, fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), wrong), { maxKeys: 3 }),
            wrong,
          ),
        }),
        wrong,
      ),
      timestamp: fc.oneof(fc.integer(), wrong),
    },
    { requiredKeys: ['content'] },
  )
  .map((init) => init as unknown as MessageInit)
