import { describe, expect, it } from 'vitest'
import { ThreatLists } from '../lists/threat-lists.js'
import { antivirusOptionsSchema } from '../options.js'
import { MessageScanner } from './message-scanner.js'

function scanner(links: Record<string, unknown> = {}, massMentionThreshold = 10) {
  const options = antivirusOptionsSchema.parse({ links })
  const lists = new ThreatLists({
    sha256: [],
    sha256Files: [],
    blocklist: options.links.blocklist,
    blocklistFiles: [],
    allowlist: options.links.allowlist,
    allowlistFiles: [],
    useSeedLists: options.links.useSeedLists,
  })
  return new MessageScanner({ links: options.links, secrets: true, massMentionThreshold }, lists)
}

const names = (s: MessageScanner, text: string) => s.scan(text).map((t) => t.name)

// A made-up bot token: its first part is the base64 of a snowflake, like real ones.
const FAKE_BOT_TOKEN = `${Buffer.from('112233445566778899').toString('base64url')}.GhIjKl.${'a1B2c3D4e5'.repeat(3)}xyz`
const FAKE_OPENAI_KEY = `sk-proj-${'Ab3dE'.repeat(8)}T3BlbkFJ${'Zy9xW'.repeat(6)}`

describe('MessageScanner: links that must never be flagged', () => {
  const ordinary = [
    'https://cdn.discordapp.com/attachments/123/456/screenshot.png',
    'https://media.discordapp.net/attachments/1/2/a.gif?width=400',
    'join us at discord.gg/banter',
    'https://discord.com/channels/1/2/3',
    'https://discord.gift/AbCdEf',
    'https://store.steampowered.com/app/730',
    'https://steamcommunity.com/id/someone',
    'the docs are at https://discord.js.org and github.com/discordjs/discord.js',
    'https://steamdb.info/app/730/ and https://nitro.build',
    'stream.com, myteam.com, disboard.org, discogs.com',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'see https://en.wikipedia.org/wiki/Phishing',
    'version 1.2.3.4 is out',
    'mail me at someone@example.com',
    '[the docs](https://docs.example.com/start) and [example.com](https://www.example.com/x)',
  ]
  it.each(ordinary)('%s', (text) => {
    expect(scanner().scan(text)).toEqual([])
  })
})

describe('MessageScanner: links that must be flagged', () => {
  it('blocklisted domains, on the host and its parent domains, with or without a scheme', () => {
    const s = scanner({ blocklist: ['evil.live'] })
    expect(names(s, 'free stuff https://evil.live/claim')).toEqual(['phishing:blocklisted-domain'])
    expect(names(s, 'free stuff at login.evil.live/x')).toEqual(['phishing:blocklisted-domain'])
    expect(names(s, 'EVIL.LIVE')).toEqual(['phishing:blocklisted-domain'])
    // never a substring match
    expect(names(s, 'https://notevil.live and https://evil.live.org')).toEqual([])
  })

  it('the bundled seed list (known Discord phishing domains)', () => {
    expect(names(scanner(), 'get nitro https://dicsord-gift.com/nitro')).toEqual([
      'phishing:blocklisted-domain',
    ])
    expect(names(scanner(), 'https://1nitro.club')).toEqual(['phishing:blocklisted-domain'])
    expect(names(scanner({ useSeedLists: false }), 'https://1nitro.club')).toEqual([])
  })

  it('look-alikes of protected names: digits, homoglyphs, swapped and doubled letters', () => {
    const s = scanner({ useSeedLists: false })
    const cases: [string, string][] = [
      ['https://d1scord.com/gift', 'phishing:lookalike:discord'],
      ['https://dlscord-app.net', 'phishing:lookalike:discordapp'],
      ['https://dlscord-login.net', 'phishing:lookalike:discord'],
      ['https://dicsord.gg/x', 'phishing:lookalike:discord'],
      ['https://diiscord.com', 'phishing:lookalike:discord'],
      ['https://dіscord.com (Cyrillic i)', 'phishing:lookalike:discord'],
      ['steamcommunlty.com/tradeoffer/new', 'phishing:lookalike:steamcommunity'],
      ['https://stearn-powered.ru', 'phishing:lookalike:steampowered'],
      ['https://stearn.store/gift', 'phishing:lookalike:steam'],
      ['https://n1tro.xyz', 'phishing:lookalike:nitro'],
      ['https://rob1ox.com/games', 'phishing:lookalike:roblox'],
    ]
    for (const [text, expected] of cases) expect(names(s, text), text).toEqual([expected])
  })

  it('a protected name next to a bait word', () => {
    const s = scanner({ useSeedLists: false })
    expect(names(s, 'https://discord-nitro.gift/claim')).toEqual(['phishing:brand-bait:discord'])
    expect(names(s, 'https://steam-gift.ru')).toEqual(['phishing:brand-bait:steam'])
    expect(names(s, 'free nitro at discordnitro.shop')).toEqual(['phishing:brand-bait:discord'])
  })

  it('masked links whose text shows another site than the target', () => {
    const s = scanner({ useSeedLists: false })
    const found = s.scan('[https://discord.com/gifts](https://claim-prize.example/x)')
    expect(found).toEqual([
      { name: 'phishing:masked-link', engine: 'links', location: 'claim-prize.example' },
    ])
  })

  it('IP literals with a scheme or a path, and punycode hosts', () => {
    const s = scanner()
    expect(names(s, 'http://203.0.113.7/login')).toEqual(['link:ip-literal'])
    expect(names(s, 'http://[2001:db8::1]/x')).toEqual(['link:ip-literal'])
    expect(names(s, 'https://xn--80ak6aa92e.com')).toEqual(['link:punycode'])
    expect(
      names(
        scanner({ flagIpLinks: false, flagPunycode: false }),
        'http://203.0.113.7/ https://xn--80ak6aa92e.com',
      ),
    ).toEqual([])
  })

  it('ignores invisible characters put inside a domain', () => {
    expect(names(scanner({ blocklist: ['evil.example'] }), 'https://ev\u200Bil.example/x')).toEqual([
      'phishing:blocklisted-domain',
    ])
  })

  it('lets the allowlist win over every check', () => {
    const s = scanner({
      blocklist: ['evil.example'],
      allowlist: ['evil.example', 'd1scord.com'],
      useSeedLists: false,
    })
    expect(s.scan('https://evil.example https://d1scord.com')).toEqual([])
  })
})

describe('MessageScanner: secrets and mentions', () => {
  it('finds a Discord bot token and an OpenAI key without repeating them', () => {
    const found = scanner().scan(`my token is ${FAKE_BOT_TOKEN} and key ${FAKE_OPENAI_KEY}`)
    expect(found.map((t) => t.name)).toEqual(['secret:discord-bot-token', 'secret:openai-api-key'])
    expect(JSON.stringify(found)).not.toContain(FAKE_BOT_TOKEN)
    expect(JSON.stringify(found)).not.toContain('T3BlbkFJ')
  })

  it('does not take dotted identifiers for tokens', () => {
    expect(
      scanner().scan('see a.b.c and abcdefghijklmnopqrstuvwxyz.abcdef.abcdefghijklmnopqrstuvwxyz12345'),
    ).toEqual([])
  })

  it('flags mass mentions from the threshold on', () => {
    const mentions = (n: number) =>
      Array.from({ length: n }, (_, i) => `<@1000000000000000${String(i).padStart(2, '0')}>`).join(' ')
    expect(names(scanner({}, 5), mentions(4))).toEqual([])
    expect(names(scanner({}, 5), mentions(5))).toEqual(['spam:mass-mention'])
    expect(names(scanner({}, 5), `${mentions(4)} @everyone`)).toEqual(['spam:mass-mention'])
    expect(names(scanner({}, 0), mentions(50))).toEqual([])
  })
})

describe('masked links (issue 11): parsed the way Discord renders them', () => {
  const s = () => scanner({ useSeedLists: true, blocklist: ['evil.live'] })
  const cases: [string, string][] = [
    ['upper-case scheme', '[discord.com/gifts](HTTPS://claim-prize.example/x)'],
    ['mixed-case schemes', '[HtTpS://discord.com/gifts](hTTps://claim-prize.example)'],
    [
      'a label over 256 characters',
      `[${'free nitro for everyone '.repeat(12)} discord.com/gifts](https://claim-prize.example)`,
    ],
    ['a scheme-relative target', '[discord.com](//claim-prize.example/x)'],
    ['nested brackets in the label', '[[discord.com/gifts]](https://claim-prize.example)'],
    ['a title and angle brackets', '[discord.com](<https://claim-prize.example/x> "Discord")'],
    ['a label on two lines', '[discord.com\n/gifts](https://claim-prize.example)'],
  ]
  it.each(cases)('flags %s', (_, text) => {
    expect(names(s(), text)).toEqual(['phishing:masked-link'])
  })

  it('checks the target of every masked link, whatever its case or form', () => {
    expect(names(s(), '[click here](HTTPS://EVIL.LIVE/claim)')).toEqual(['phishing:blocklisted-domain'])
    expect(names(s(), '[click here](//evil.live/claim)')).toEqual(['phishing:blocklisted-domain'])
  })

  it('does not flag a masked link to the site its label shows', () => {
    expect(
      s().scan('[Discord.com](HTTPS://discord.com/channels/1/2) [docs](https://docs.example.com)'),
    ).toEqual([])
  })
})

describe('brand names used as a subdomain or in userinfo (issue 11)', () => {
  const s = () => scanner()
  it.each([
    ['https://discord.com.evil.ru/login', 'phishing:brand-spoof:discord'],
    ['discord.com.evil.ru', 'phishing:brand-spoof:discord'],
    ['https://steamcommunity.com.ru/tradeoffer/new', 'phishing:brand-spoof:steamcommunity'],
    ['steamcommunity.com.ru', 'phishing:brand-spoof:steamcommunity'],
    ['https://discordapp.com@evil.com/x', 'phishing:userinfo-link'],
    ['HTTPS://discord.com:nitro@evil.example', 'phishing:userinfo-link'],
    ['[discordapp.com](https://discordapp.com@evil.com/x)', 'phishing:userinfo-link'],
  ])('%s', (text, expected) => {
    expect(names(s(), text)).toContain(expected)
  })

  it('leaves official and look-similar-but-fine hosts alone', () => {
    for (const text of [
      'https://discord.js.org',
      'https://cdn.discordapp.com/a.png',
      'https://discord.com/x',
      'https://amazon.com.br',
    ]) {
      expect(s().scan(text), text).toEqual([])
    }
  })
})
