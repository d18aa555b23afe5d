import type { Workflow } from '../definition/workflow.js'
import type { QueueDriver } from '../queue/queue-driver.js'

/** Schedules this plugin owns in the queue are named `wf-<workflow id>`. */
const SCHEDULE_PREFIX = 'wf-'

/** Reports a schedule operation that failed (the plugin logs it as a warning and goes on). */
export type ScheduleWarn = (what: string, error: unknown) => void

/** Creates or updates the queue's schedule of `workflow` (nothing for other triggers). */
export async function syncSchedule(
  driver: QueueDriver | undefined,
  workflow: Workflow,
  warn: ScheduleWarn,
): Promise<void> {
  const trigger = workflow.trigger
  if (trigger.kind !== 'schedule') return
  const spec =
    trigger.cron !== undefined
      ? { cron: trigger.cron, ...(trigger.tz ? { tz: trigger.tz } : {}) }
      : { every: trigger.every ?? 60_000 }
  try {
    await driver?.upsertSchedule(SCHEDULE_PREFIX + workflow.id, spec, workflow.id)
  } catch (error) {
    warn(`could not schedule workflow "${workflow.id}"`, error)
  }
}

/**
 * Makes the queue's schedules match `workflows`: each scheduled workflow has its schedule, and the
 * plugin's schedules of workflows that are gone are removed.
 */
export async function syncSchedules(
  driver: QueueDriver,
  workflows: Iterable<Workflow>,
  warn: ScheduleWarn,
): Promise<void> {
  const wanted = new Set<string>()
  for (const workflow of workflows) {
    if (workflow.trigger.kind !== 'schedule') continue
    wanted.add(SCHEDULE_PREFIX + workflow.id)
    await syncSchedule(driver, workflow, warn)
  }
  try {
    for (const id of await driver.schedules()) {
      if (id.startsWith(SCHEDULE_PREFIX) && !wanted.has(id)) await driver.removeSchedule(id)
    }
  } catch (error) {
    warn('could not list schedules', error)
  }
}
