import type { z } from 'zod'

/** One word of a command line, with where it started. */
interface Token {
  readonly text: string
  readonly start: number
}

/** An argument slot derived from a command's zod schema. */
export interface ArgSlot {
  /** Key in the schema. */
  readonly name: string
  /** Whether the user must give it. */
  readonly required: boolean
  /** Whether it takes the rest of the line (last string key). */
  readonly rest: boolean
}

/** The outcome of {@link parseArgs}. */
export type ParsedArgs =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly problems: string[] }

/** Splits a command line into words; "double" or 'single' quotes group words. */
export function tokenize(raw: string): Token[] {
  const tokens: Token[] = []
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g
  for (let m = pattern.exec(raw); m !== null; m = pattern.exec(raw)) {
    tokens.push({ text: m[1] ?? m[2] ?? m[3] ?? '', start: m.index })
  }
  return tokens
}

function baseType(field: z.ZodType): string {
  let def = (field as { _zod?: { def?: { type?: string; innerType?: z.ZodType } } })._zod?.def
  while (
    def &&
    (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault')
  ) {
    def = (def.innerType as { _zod?: { def?: { type?: string; innerType?: z.ZodType } } } | undefined)?._zod
      ?.def
  }
  return def?.type ?? 'unknown'
}

/** The argument slots of a schema, in declaration order. */
export function argSlots(schema: z.ZodObject | undefined): ArgSlot[] {
  if (!schema) return []
  const entries = Object.entries(schema.shape as Record<string, z.ZodType>)
  return entries.map(([name, field], index) => ({
    name,
    required: !field.safeParse(undefined).success,
    rest: index === entries.length - 1 && baseType(field) === 'string',
  }))
}

/** The usage line of a command: `!remind <minutes> <text...>`, optional slots in brackets. */
export function usageLine(prefix: string, name: string, slots: readonly ArgSlot[]): string {
  const parts = slots.map((s) => {
    const label = s.rest ? `${s.name}...` : s.name
    return s.required ? `<${label}>` : `[${label}]`
  })
  return [`${prefix}${name}`, ...parts].join(' ')
}

/**
 * Maps the words of `raw` onto the schema's keys in order and validates them. A last string key
 * takes the rest of the line as typed.
 */
export function parseArgs(
  schema: z.ZodObject | undefined,
  slots: readonly ArgSlot[],
  raw: string,
): ParsedArgs {
  const tokens = tokenize(raw)
  if (!schema) return { ok: true, value: {} }
  const input: Record<string, unknown> = {}
  for (let i = 0; i < slots.length && i < tokens.length; i++) {
    const slot = slots[i] as ArgSlot
    const token = tokens[i] as Token
    if (slot.rest && tokens.length > i + 1) {
      input[slot.name] = raw.slice(token.start).trim()
    } else {
      input[slot.name] = token.text
    }
  }
  const last = slots.at(-1)
  if (tokens.length > slots.length && !last?.rest) {
    return {
      ok: false,
      problems: [`too many arguments: expected at most ${slots.length}, got ${tokens.length}`],
    }
  }
  return validateArgs(schema, input)
}

/**
 * Validates structured arguments (a slash command's options, `message.invocation.args`) against the
 * command's schema, without re-parsing any text.
 */
export function validateArgs(
  schema: z.ZodObject | undefined,
  input: Readonly<Record<string, unknown>>,
): ParsedArgs {
  if (!schema) return { ok: true, value: {} }
  const result = schema.safeParse(input)
  if (result.success) return { ok: true, value: result.data as Record<string, unknown> }
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const key = issue.path[0]
      const given = typeof key === 'string' ? input[key] : undefined
      const what = given === undefined ? 'is missing' : `${excerpt(shown(given))}: ${issue.message}`
      return `${typeof key === 'string' ? key : 'arguments'} ${what}`
    }),
  }
}

/** A value as text for an echo, whatever it is: `String()` throws on `{ toString: null }`. */
function shown(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

/**
 * A short, quoted excerpt of user input for a reply: at most `max` characters (code points: an
 * emoji is never cut in half), on one line, with backticks and mention markup defused, so an echo
 * never floods a channel or breaks a code span.
 */
export function excerpt(text: string, max = 40): string {
  // A bounded head (the input may be a megabyte long), never ending in half an emoji.
  let head = text.slice(0, max * 4)
  if (head.length < text.length && /[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1)
  // Cut by code points, then defuse mentions: a cut never splits an emoji or an `@` from its guard.
  const chars = [...head.replace(/\s+/g, ' ').replace(/[`]/g, "'")]
  const cut = chars.length > max || head.length < text.length
  const kept = cut ? `${chars.slice(0, max - 1).join('')}…` : chars.join('')
  return `"${kept.replace(/@/g, '@\u200b')}"`
}
