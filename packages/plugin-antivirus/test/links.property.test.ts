import { propertyRuns, propertySeed } from '@banter/test-servers'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DomainSet } from '../src/lists/domain-set.js'
import { extractLinks, extractMaskedLinks } from '../src/message/link-extractor.js'
import { skeleton } from '../src/message/skeleton.js'

// Property-based tests of link extraction (issue 16): 10,000 runs each under CI=true.
const runs = { numRuns: propertyRuns(), ...propertySeed() }

const INVISIBLE = ['\u200b', '\u200d', '\u00ad', '\ufeff', '\u2060']
// A valid host label (`xn--` starts a punycode label: a random one is no valid name).
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/).filter((l) => !l.startsWith('xn--'))
const suffix = fc.constantFrom('com', 'ru', 'gift', 'co.uk', 'xyz', 'org', 'io', 'live')
const host = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), suffix)
  .map(([labels, s]) => ({ host: `${labels.join('.')}.${s}`, labels, suffix: s }))
const path = fc.oneof(fc.constant(''), fc.stringMatching(/^\/[a-zA-Z0-9_~-]{0,12}(?:\?[a-z]=[0-9]{1,3})?$/))
/** Text around a link: any text, kept apart from it by a space. */
const around = fc.string({ unit: 'grapheme', maxLength: 30 })
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom(
      'h',
      't',
      'p',
      's',
      ':',
      '/',
      '.',
      '@',
      '[',
      ']',
      '(',
      ')',
      '<',
      '>',
      'a',
      'x',
      'n',
      '-',
      ' ',
      '\u200b',
      '\\',
      'c',
      'o',
      'm',
    ),
    maxLength: 80,
  }),
)

describe('link extraction regressions found by the properties', () => {
  it('a host written with a trailing dot is the same host (fast-check: "//h./")', () => {
    expect(extractLinks('//h./').map((l) => l.hostname)).toEqual(['h'])
    const [link] = extractLinks('see https://Evil.Example./gift')
    expect(link).toMatchObject({ hostname: 'evil.example', suffix: 'example', labels: ['evil'] })
  })
})

describe('link extraction properties (issue 16)', () => {
  it('extractLinks: never throws; every link is an http(s) link to a lower-case host, each host once', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const links = extractLinks(text)
        const keys = new Set<string>()
        for (const link of links) {
          expect(link.hostname).not.toBe('')
          expect(link.hostname).toBe(link.hostname.toLowerCase())
          expect(['http:', 'https:']).toContain(
            new URL(link.url.startsWith('//') ? `https:${link.url}` : link.url).protocol,
          )
          expect(link.unicodeLabels).toHaveLength(link.labels.length)
          // The labels left of the suffix, then the suffix, spell the host (a host that is all suffix,
          // `//intranet`, keeps its one label for the look-alike checks).
          if (!link.isIp && link.suffix !== '' && link.hostname !== link.suffix)
            expect(`${link.labels.join('.')}.${link.suffix}`).toBe(link.hostname)
          const key = `${link.hostname} ${link.hasUserinfo}`
          expect(keys.has(key)).toBe(false)
          keys.add(key)
        }
      }),
      runs,
    )
  })

  it('extractLinks: a link written in any text is found, with or without a scheme, in any case', () => {
    const scheme = fc.constantFrom('https://', 'http://', 'HTTPS://', 'hTtP://', '//', '')
    fc.assert(
      fc.property(around, scheme, host, path, around, (before, s, h, p, after) => {
        const text = `${before} ${s}${h.host}${p} ${after}`
        const found = extractLinks(text).find((link) => link.hostname === h.host)
        expect(found).toBeDefined()
        expect(found?.hasScheme).toBe(s !== '')
        expect(found?.hasUserinfo).toBe(false)
        expect(found?.hasPath).toBe(p !== '')
        expect(found?.labels).toEqual(h.labels)
        expect(found?.suffix).toBe(h.suffix)
      }),
      runs,
    )
  })

  it('extractLinks: invisible characters inside a host do not hide it', () => {
    fc.assert(
      fc.property(
        host,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE)), { minLength: 1, maxLength: 4 }),
        (h, cuts) => {
          let hidden = h.host
          for (const [at, char] of cuts) {
            const i = at % (hidden.length + 1)
            hidden = hidden.slice(0, i) + char + hidden.slice(i)
          }
          expect(extractLinks(`see https://${hidden}/x now`).map((l) => l.hostname)).toContain(h.host)
        },
      ),
      runs,
    )
  })

  it('extractLinks: a user name before the host never hides the host the browser opens', () => {
    fc.assert(
      fc.property(host, host, (shown, real) => {
        const links = extractLinks(`https://${shown.host}@${real.host}/login`)
        const opened = links.find((l) => l.hostname === real.host && l.hasUserinfo)
        expect(opened).toBeDefined()
      }),
      runs,
    )
  })

  it('extractMaskedLinks: every [label](target) is found with its label and target; never throws', () => {
    const labelText = fc.string({ maxLength: 20 }).filter((s) => !/[[\]\\()]/.test(s))
    const target = fc
      .tuple(fc.constantFrom('https://', 'http://', '//'), host, path)
      .map(([s, h, p]) => `${s}${h.host}${p}`)
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            labelText,
            target,
            around.filter((s) => !/[[\]\\()]/.test(s)),
          ),
          { maxLength: 4 },
        ),
        anyText,
        (parts, noise) => {
          const text = parts.map(([l, t, gap]) => `[${l}](${t})${gap}`).join('')
          expect(extractMaskedLinks(text)).toEqual(parts.map(([l, t]) => ({ label: l.trim(), target: t })))
          extractMaskedLinks(noise + text + noise)
        },
      ),
      runs,
    )
  })
})

describe('look-alike skeleton and domain list properties (issue 16)', () => {
  // Letters that form none of the two-letter look-alikes by accident (c, l, n, r, v only come from a swap).
  const word = fc.stringMatching(/^[abdefghijkmopqstuwxyz]{1,12}$/)

  it('skeleton: the documented swaps do not change it (1/l/i, 0/o, rn/m, vv/w, cl/d, doubled letters)', () => {
    const swaps: [RegExp, string][] = [
      [/i/g, 'l'],
      [/i/g, '1'],
      [/o/g, '0'],
      [/m/g, 'rn'],
      [/w/g, 'vv'],
      [/d/g, 'cl'],
      [/([a-z])/, '$1$1'],
    ]
    fc.assert(
      fc.property(word, fc.constantFrom(...swaps), (w, [from, to]) => {
        expect(skeleton(w.replace(from, to))).toBe(skeleton(w))
      }),
      runs,
    )
  })

  it('skeleton: idempotent (a skeleton is its own skeleton)', () => {
    fc.assert(
      fc.property(fc.oneof(word, fc.string({ unit: 'grapheme', maxLength: 12 })), (w) => {
        expect(skeleton(skeleton(w))).toBe(skeleton(w))
      }),
      runs,
    )
  })

  it('DomainSet: a listed domain matches itself and its subdomains, never a longer name that ends with it', () => {
    fc.assert(
      fc.property(host, fc.array(label, { maxLength: 3 }), label, (listed, subs, prefix) => {
        const set = new DomainSet([listed.host])
        expect(set.match(listed.host)).toBe(listed.host)
        if (subs.length > 0) expect(set.match(`${subs.join('.')}.${listed.host}`)).toBe(listed.host)
        expect(set.match(`${prefix}${listed.host}`)).toBeUndefined()
      }),
      runs,
    )
  })
})

describe('links: shrunk counter-examples kept as regression cases', () => {
  it('skeleton("clk") is skeleton("dk"): `cl` reads as `d` although `l` reads as `i`', () => {
    expect(skeleton('clk')).toBe(skeleton('dk'))
    expect(skeleton('cliscord')).toBe('discord')
    expect(skeleton('dlscord')).toBe('discord')
  })
})
