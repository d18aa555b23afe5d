import { createRequire } from 'node:module'
import type { CronExpressionParser } from 'cron-parser'

const require = createRequire(import.meta.url)

/**
 * cron-parser's parser, required at the first cron schedule: cron-parser and luxon (300 kB) stay
 * unloaded for workflows without one.
 */
export function cronParser(): typeof CronExpressionParser {
  return (require('cron-parser') as typeof import('cron-parser')).CronExpressionParser
}
