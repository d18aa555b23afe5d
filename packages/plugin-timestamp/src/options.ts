import { z } from '@banter/core'
import { format as formatDate } from 'date-fns/format'

function isTimeZone(value: string): boolean {
  // The default needs no check, and checking loads ICU's zone data (25-60 ms at start-up).
  if (value === 'UTC') return true
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value })
    return true
  } catch {
    return false
  }
}

// date-fns refuses week-year and day-of-year tokens unless asked (and warns on the console first):
// catch them here so the error is ours.
const CONFUSING_TOKENS = /Y{2,4}|(?<!D)D{1,2}(?!D)/

function isFormat(value: string): boolean {
  if (CONFUSING_TOKENS.test(value.replace(/'[^']*'/g, ''))) return false
  try {
    formatDate(0, value)
    return true
  } catch {
    return false
  }
}

/** The options schema of the timestamp plugin. */
export const timestampOptionsSchema = z.object({
  /** date-fns format tokens (https://date-fns.org/docs/format). */
  format: z
    .string()
    .min(1)
    .refine(isFormat, {
      error: (issue) => `"${String(issue.input)}" is not a valid date-fns format (years are yyyy, days dd)`,
    })
    .default('yyyy-MM-dd HH:mm:ss')
    .meta({ description: 'date-fns format tokens (https://date-fns.org/docs/format)', examples: ['HH:mm'] }),
  /** IANA time zone. */
  timeZone: z
    .string()
    .refine(isTimeZone, { error: (issue) => `"${String(issue.input)}" is not an IANA time zone` })
    .default('UTC')
    .meta({ description: 'IANA time zone', examples: ['Europe/Paris'] }),
  /** Where the stamp goes. */
  position: z.enum(['prefix', 'suffix']).default('prefix').meta({ description: 'Where the stamp goes' }),
  /** Only stamp messages to these channel ids (all channels when absent). */
  channels: z
    .array(z.string())
    .optional()
    .meta({ description: 'Only stamp messages to these channel ids (all channels when absent)' }),
})

/** Options of the timestamp plugin, as written in config. */
export type TimestampOptions = z.input<typeof timestampOptionsSchema>

/** Options of the timestamp plugin after validation (defaults applied). */
export type ResolvedTimestampOptions = z.output<typeof timestampOptionsSchema>
