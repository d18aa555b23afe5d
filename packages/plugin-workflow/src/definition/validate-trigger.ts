import { cronParser } from './cron.js'
import {
  commandTriggerSchema,
  cronScheduleSchema,
  eventTriggerSchema,
  everyScheduleSchema,
  manualTriggerSchema,
  webhookTriggerSchema,
} from './definition-schema.js'
import { parseDuration } from './duration.js'
import { type Path, type Problems, zodProblems } from './problems.js'
import type { Trigger } from './workflow.js'

/** The trigger kinds, by the key that names them. */
export const TRIGGER_KEYS = ['event', 'schedule', 'command', 'webhook', 'manual'] as const

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value })
    return true
  } catch {
    return false
  }
}

/**
 * Validates a trigger; problems go to `problems` and the result is `undefined`. `webhookSecret` says
 * whether the plugin has a default webhook secret.
 */
export function validateTrigger(
  raw: Record<string, unknown>,
  problems: Problems,
  webhookSecret: boolean,
): Trigger | undefined {
  const present = TRIGGER_KEYS.filter((key) => key in raw)
  if (present.length !== 1) {
    problems.add(
      ['trigger'],
      present.length === 0
        ? `needs one of ${TRIGGER_KEYS.join(', ')}`
        : `has ${present.join(' and ')}: a workflow has exactly one trigger`,
    )
    return undefined
  }
  const kind = present[0] as (typeof TRIGGER_KEYS)[number]
  const at: Path = ['trigger']
  if (kind === 'event') {
    const parsed = eventTriggerSchema.safeParse(raw)
    if (!parsed.success) return void zodProblems(problems, at, parsed.error)
    const t = parsed.data
    let pattern: RegExp | undefined
    if (t.pattern !== undefined) {
      try {
        pattern = new RegExp(t.pattern, t.flags ?? '')
      } catch (error) {
        problems.add([...at, 'pattern'], `is not a regular expression: ${(error as Error).message}`)
      }
    }
    if ((t.pattern !== undefined || t.channels !== undefined) && t.event !== 'message.received') {
      problems.add(
        [...at, t.pattern !== undefined ? 'pattern' : 'channels'],
        'applies to message.received only',
      )
    }
    return {
      kind,
      event: t.event,
      ignoreBots: t.ignoreBots ?? true,
      ...(pattern ? { pattern } : {}),
      ...(t.channels ? { channels: new Set(t.channels) } : {}),
      ...(t.key ? { key: t.key } : {}),
    }
  }
  if (kind === 'schedule') {
    const schedule = raw.schedule
    if (schedule === null || typeof schedule !== 'object' || Array.isArray(schedule)) {
      problems.add([...at, 'schedule'], 'must be { cron, tz } or { every }')
      return undefined
    }
    for (const key of Object.keys(raw).filter((k) => k !== 'schedule'))
      problems.add([...at, key], `unknown field "${key}"`)
    if ('cron' in schedule) {
      const parsed = cronScheduleSchema.safeParse(schedule)
      if (!parsed.success) return void zodProblems(problems, [...at, 'schedule'], parsed.error)
      const { cron, tz } = parsed.data
      if (tz !== undefined && !isTimeZone(tz)) {
        problems.add([...at, 'schedule', 'tz'], `"${tz}" is not an IANA time zone`)
        return undefined
      }
      try {
        cronParser().parse(cron, { tz: tz ?? 'UTC', strict: false })
      } catch (error) {
        problems.add(
          [...at, 'schedule', 'cron'],
          `"${cron}" is not a cron expression: ${(error as Error).message}`,
        )
        return undefined
      }
      return { kind, cron, ...(tz ? { tz } : {}) }
    }
    const parsed = everyScheduleSchema.safeParse(schedule)
    if (!parsed.success) return void zodProblems(problems, [...at, 'schedule'], parsed.error)
    const every = parseDuration(parsed.data.every) ?? 0
    if (every < 1000) {
      problems.add([...at, 'schedule', 'every'], 'must be at least 1s')
      return undefined
    }
    return { kind, every }
  }
  if (kind === 'command') {
    const parsed = commandTriggerSchema.safeParse(raw)
    if (!parsed.success) return void zodProblems(problems, at, parsed.error)
    const description = parsed.data.command === true ? undefined : parsed.data.command.description
    return { kind, ...(description ? { description } : {}) }
  }
  if (kind === 'webhook') {
    const parsed = webhookTriggerSchema.safeParse(raw)
    if (!parsed.success) {
      // Never echo a secret back: keep the message, drop quoted values.
      for (const issue of parsed.error.issues)
        problems.add([...at, ...(issue.path as Path)], issue.message.replace(/"[^"]*"/g, '"***"'))
      return undefined
    }
    const secret = parsed.data.webhook === true ? undefined : parsed.data.webhook.secret
    if (secret === undefined && !webhookSecret) {
      problems.add([...at, 'webhook', 'secret'], "is required (or set the plugin's `webhookSecret`)")
      return undefined
    }
    return { kind, ...(secret ? { secret } : {}) }
  }
  const parsed = manualTriggerSchema.safeParse(raw)
  if (!parsed.success) return void zodProblems(problems, at, parsed.error)
  return { kind: 'manual' }
}
