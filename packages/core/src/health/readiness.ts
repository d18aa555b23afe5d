import type { Bot } from '../bot/bot.js'
import type { StorageBackend } from '../storage/storage-backend.js'
import type { HealthReporter, HealthState } from './health-state.js'

/** What {@link checkReadiness} found. */
export interface ReadinessReport {
  /** Whether every check said ready. */
  readonly ready: boolean
  /** `storage` (Redis and SQLite storage), then `plugin:<name>` for each plugin with `health()`. */
  readonly checks: Readonly<Record<string, HealthState>>
}

const PROBE_KEY = '__banter_readyz__'

function hasHealth(instance: unknown): instance is HealthReporter {
  return (
    typeof instance === 'object' &&
    instance !== null &&
    typeof (instance as { health?: unknown }).health === 'function'
  )
}

/** Runs `check`, turning a throw, a rejection or no answer within `timeoutMs` into not ready. */
async function bounded(
  check: () => HealthState | Promise<HealthState>,
  timeoutMs: number,
): Promise<HealthState> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<HealthState>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs)
    timer.unref()
  })
  try {
    const state = Promise.resolve().then(check)
    const answer = await Promise.race([state, late])
    return typeof answer?.ready === 'boolean'
      ? answer
      : { ready: false, detail: 'health() returned no state' }
  } catch (error) {
    return { ready: false, detail: error instanceof Error ? error.message : String(error) }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Checks what the bot depends on besides its adapter: storage answers a read (Redis and SQLite; memory
 * always does), and every active plugin implementing {@link HealthReporter} says it is ready. Each
 * check gets `timeoutMs` (default 1000); they run at the same time. Never throws.
 */
export async function checkReadiness(
  bot: Bot,
  options: { readonly timeoutMs?: number } = {},
): Promise<ReadinessReport> {
  const timeoutMs = options.timeoutMs ?? 1000
  const names: string[] = []
  const pending: Promise<HealthState>[] = []
  let storage: StorageBackend | undefined
  try {
    storage = bot.storage
  } catch {
    storage = undefined
  }
  if (storage !== undefined && storage.kind !== 'memory') {
    const store = storage.namespace('core')
    names.push('storage')
    pending.push(
      bounded(async () => {
        await store.get(PROBE_KEY)
        return { ready: true, detail: `${storage.kind} answers` }
      }, timeoutMs),
    )
  }
  for (const plugin of bot.plugins.active()) {
    const instance = plugin.instance
    if (!hasHealth(instance)) continue
    names.push(`plugin:${plugin.name}`)
    pending.push(bounded(() => instance.health(), timeoutMs))
  }
  const states = await Promise.all(pending)
  const checks: Record<string, HealthState> = {}
  names.forEach((name, i) => {
    checks[name] = states[i] as HealthState
  })
  return { ready: states.every((s) => s.ready), checks }
}
