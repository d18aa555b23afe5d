import { argSlots, excerpt, tokenize, usageLine, validateArgs, z } from '@banter/core'
import { propertyRuns, propertySeed } from '@banter/test-servers'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseArgs } from '../src/commands/parse-args.js'

// Property-based tests of the command parser (issue 16): 10,000 runs each under CI=true.
const runs = { numRuns: propertyRuns(), ...propertySeed() }

/** A lone surrogate: half of an emoji, which a platform shows as "�" or refuses. */
const LONE_SURROGATE = /\p{Surrogate}/u

/** Any text a user may type: full Unicode, whitespace of every kind, quotes. */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '"', "'", 'a', 'é', '😀', '`', '@'), maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 200 }).filter((s) => !LONE_SURROGATE.test(s)),
)
/** A word as tokenize sees one: no whitespace, no quote characters. */
const word = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .filter((s) => !/[\s"']/.test(s) && s.length > 0)
const gap = fc.string({
  unit: fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000'),
  minLength: 1,
  maxLength: 3,
})

/** Argument names, the schemas' own and prototype keys among them. */
const argKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'command',
    'minutes',
    'text',
    'a',
    'b',
    'n',
    'flag',
  ),
  fc.string({ maxLength: 8 }),
)

const schemas = {
  none: undefined,
  rest: z.object({ minutes: z.coerce.number().int().positive(), text: z.string() }),
  optional: z.object({ command: z.string().optional() }),
  pair: z.object({ a: z.enum(['on', 'off']), b: z.coerce.number().max(10) }),
  defaults: z.object({ n: z.coerce.number().default(1), flag: z.coerce.boolean().optional() }),
} as const

describe('command parser properties (issue 16)', () => {
  it('tokenize: every token is found where it says, whole words never hold whitespace', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        for (const token of tokenize(raw)) {
          expect(token.start).toBeGreaterThanOrEqual(0)
          expect(token.start).toBeLessThan(raw.length)
          const quote = raw[token.start] as string
          const quoted =
            (quote === '"' || quote === "'") &&
            raw.slice(token.start, token.start + token.text.length + 2) === quote + token.text + quote
          if (!quoted) {
            expect(raw.slice(token.start, token.start + token.text.length)).toBe(token.text)
            expect(token.text).not.toMatch(/\s/)
          }
        }
      }),
      runs,
    )
  })

  it('tokenize: words joined by any whitespace come back as the words, quoted phrases as one', () => {
    const item = fc.oneof(
      word.map((w) => ({ text: w, typed: w })),
      fc
        .array(word, { minLength: 1, maxLength: 3 })
        .map((ws) => ({ text: ws.join(' '), typed: `"${ws.join(' ')}"` })),
      fc
        .array(word, { minLength: 1, maxLength: 3 })
        .map((ws) => ({ text: ws.join(' '), typed: `'${ws.join(' ')}'` })),
    )
    fc.assert(
      fc.property(fc.array(fc.tuple(item, gap), { maxLength: 8 }), gap, (items, lead) => {
        const raw = lead + items.map(([i, g]) => i.typed + g).join('')
        expect(tokenize(raw).map((t) => t.text)).toEqual(items.map(([i]) => i.text))
      }),
      runs,
    )
  })

  it('parseArgs: never throws, and fails only with problems to show', () => {
    const schema = fc.constantFrom(...(Object.keys(schemas) as (keyof typeof schemas)[]))
    fc.assert(
      fc.property(schema, anyText, (name, raw) => {
        const s = schemas[name]
        const result = parseArgs(s, argSlots(s), raw)
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0)
          for (const problem of result.problems) expect(problem.length).toBeLessThan(400)
        }
      }),
      runs,
    )
  })

  it('parseArgs: a last string argument takes the rest of the line as typed (round trip)', () => {
    const rest = fc
      .tuple(word, fc.array(fc.tuple(gap, word), { maxLength: 5 }))
      .map(([first, more]) => first + more.map(([g, w]) => g + w).join(''))
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), gap, rest, (minutes, g, text) => {
        const result = parseArgs(schemas.rest, argSlots(schemas.rest), `${minutes}${g}${text}`)
        expect(result).toEqual({ ok: true, value: { minutes, text } })
      }),
      runs,
    )
  })

  it('parseArgs: more words than slots (no rest slot) is refused, never silently dropped', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 3, maxLength: 8 }), (words) => {
        const result = parseArgs(schemas.pair, argSlots(schemas.pair), words.join(' '))
        expect(result.ok).toBe(false)
      }),
      runs,
    )
  })

  it('validateArgs: structured arguments of any shape never throw', () => {
    fc.assert(
      fc.property(fc.dictionary(argKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), (input) => {
        for (const s of Object.values(schemas)) {
          const result = validateArgs(s, input)
          if (!result.ok) for (const p of result.problems) expect(p.length).toBeLessThan(400)
        }
      }),
      runs,
    )
  })

  it('excerpt: bounded, one line, no backtick, mentions defused, never half an emoji', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 2, max: 80 }), (text, max) => {
        const out = excerpt(text, max)
        expect(out.startsWith('"') && out.endsWith('"')).toBe(true)
        const inner = out.slice(1, -1)
        // `max` code points at most (an emoji counts as one), each `@` followed by a zero-width space.
        expect([...inner.replaceAll('@\u200b', '@')].length).toBeLessThanOrEqual(max)
        expect(inner).not.toMatch(/[`\n\r]/)
        expect(inner).not.toMatch(/@(?!\u200b)/)
        expect(LONE_SURROGATE.test(out)).toBe(false)
      }),
      runs,
    )
  })

  it('usageLine: names every slot once, in order, required ones in angle brackets', () => {
    for (const s of Object.values(schemas)) {
      const slots = argSlots(s)
      const line = usageLine('!', 'cmd', slots)
      const parts = line.split(' ').slice(1)
      expect(parts).toHaveLength(slots.length)
      for (const [i, slot] of slots.entries()) {
        expect(parts[i]?.startsWith(slot.required ? '<' : '[')).toBe(true)
        expect(parts[i]).toContain(slot.name)
      }
    }
  })
})

describe('command parser: shrunk counter-examples kept as regression cases', () => {
  it('excerpt("@ ", 2) keeps the mention guard: "@…" is never cut between "@" and its zero-width space', () => {
    expect(excerpt('@ ', 2)).toBe('"@\u200b "')
    expect(excerpt('@@', 2)).toBe('"@\u200b@\u200b"')
  })

  it('excerpt never cuts an emoji in half (it counts code points)', () => {
    expect(excerpt('😀😀😀', 2)).toBe('"😀…"')
    expect(LONE_SURROGATE.test(excerpt(`${' '.repeat(159)}😀 and more`, 40))).toBe(false)
  })
})

describe('validateArgs: shrunk counter-examples kept as regression cases', () => {
  it('an argument whose toString is not callable is refused with a problem, not a TypeError', () => {
    const result = validateArgs(schemas.rest, { text: { toString: null } })
    expect(result.ok).toBe(false)
    expect(result.ok ? [] : result.problems).toContainEqual(
      expect.stringContaining('text "{"toString":null}": '),
    )
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(validateArgs(schemas.rest, { minutes: 1, text: circular }).ok).toBe(false)
  })
})
