import type { AuditActor } from '../audit/audit-log.js'
import {
  changedPaths,
  maskSecrets,
  mergePatch,
  type OptionPath,
  pathText,
  valueAt,
} from '../config/option-paths.js'
import { optionsJsonSchema, secretPaths } from '../config/options-json-schema.js'
import { validateOptions } from '../config/validate-options.js'
import { BanterError } from '../errors/banter-error.js'
import { FAILED } from '../runtime/guard.js'
import { lifecycleSlot } from '../runtime/handler-slot.js'
import type { Runtime } from '../runtime/runtime.js'
import type { PluginClass } from './base-plugin.js'
import type { ConfigApplied, ConfigureResult, OptionChange } from './configure-result.js'
import type { PluginLifecycle } from './plugin-lifecycle.js'
import type { PluginRecord } from './plugin-record.js'

export type { ConfigApplied, ConfigureResult, OptionChange }

/** The option paths of a plugin class that hold secrets (schema `.meta({ secret: true })`). */
export function pluginSecretPaths(cls: PluginClass): OptionPath[] {
  return secretPaths(optionsJsonSchema(cls.configSchema))
}

/**
 * Changes a plugin's options at run time: merges `patch` (JSON merge patch) into the options it runs
 * on, validates them (`CONFIG_INVALID`, nothing changed), lets the config store refuse (a conflict),
 * then applies them: through the plugin's `onConfigChange(next, previous)` when it has one, else by
 * restarting it alone (storage is kept). A failed apply rolls back to the previous options, with the
 * plugin running on them, and throws `CONFIG_APPLY_FAILED`.
 */
export async function configurePlugin(
  runtime: Runtime,
  life: PluginLifecycle,
  record: PluginRecord,
  patch: unknown,
  actor: AuditActor | undefined,
): Promise<ConfigureResult> {
  try {
    const result = await configure(runtime, life, record, patch)
    if (actor && result.applied !== 'unchanged')
      await runtime.audit.record({
        actor,
        action: 'configure',
        target: record.name,
        outcome: 'ok',
        before: Object.fromEntries(result.changes.map((c) => [c.path, c.before])),
        after: Object.fromEntries(result.changes.map((c) => [c.path, c.after])),
      })
    return result
  } catch (error) {
    if (actor) {
      const message = error instanceof BanterError ? error.summary : (error as Error).message
      await runtime.audit.record({
        actor,
        action: 'configure',
        target: record.name,
        outcome: 'failed',
        error: message,
      })
    }
    throw error
  }
}

async function configure(
  runtime: Runtime,
  life: PluginLifecycle,
  record: PluginRecord,
  patch: unknown,
): Promise<ConfigureResult> {
  const store = runtime.configStore
  const before = record.options ?? {}
  const after = mergePatch(before, patch)
  const secrets = pluginSecretPaths(record.pluginClass)
  const next = await validateOptions(record.name, record.pluginClass.configSchema, after, secrets)
  const changed = changedPaths(before, after)
  const changes = changed.map((path) => ({
    path: pathText(path),
    before: maskSecrets(valueAt(before, path), secrets, path),
    after: maskSecrets(valueAt(after, path), secrets, path),
  }))
  const result = (applied: ConfigApplied): ConfigureResult => ({
    plugin: record.info(),
    applied,
    changes,
    options: maskSecrets(record.options ?? {}, secrets),
  })
  if (changed.length === 0) return result('unchanged')
  const change = { plugin: record.name, source: record.source, before, after, changed, secrets }
  await store?.check(change)
  const previous = record.config
  const applied = await apply(
    runtime,
    life,
    record,
    { options: after, config: next },
    { options: before, config: previous },
  )
  await store?.save(change)
  runtime.logger.info(
    { plugin: record.name, changed: changes.map((c) => c.path), applied },
    `plugin "${record.name}" configured: ${changes.map((c) => c.path).join(', ')}`,
  )
  await runtime.events.emit('plugin.configured', { name: record.name, applied, changes })
  return result(applied)
}

interface Options {
  readonly options: unknown
  readonly config: unknown
}

async function apply(
  runtime: Runtime,
  life: PluginLifecycle,
  record: PluginRecord,
  next: Options,
  previous: Options,
): Promise<ConfigApplied> {
  const set = (to: Options) => {
    record.options = to.options
    record.config = to.config
    runtime.scopes.invalidate()
  }
  set(next)
  if (record.status !== 'active') return 'stored'
  const instance = record.instance
  const hook = (instance as { onConfigChange?: unknown } | undefined)?.onConfigChange
  if (typeof hook === 'function') {
    const call = (to: unknown, from: unknown) => {
      const result = runtime.guard.call(
        record,
        'onConfigChange',
        (value: unknown) => hook.call(instance, value, from),
        undefined,
        to,
        record.timeoutMs,
        lifecycleSlot('onConfigChange'),
      )
      return result instanceof Promise ? result : Promise.resolve(result)
    }
    const taken = await call(next.config, previous.config)
    if (taken !== FAILED && taken !== 'restart') return 'hook'
    if (taken === 'restart') return restartOn(life, record, previous, set)
    set(previous)
    // The plugin may have taken part of the new options: hand it the old ones again, else restart it.
    if ((await call(previous.config, next.config)) === FAILED) await restart(life, record)
    throw applyFailed(record, 'its onConfigChange() failed')
  }
  return restartOn(life, record, previous, set)
}

/** Restarts the plugin on the options set; when it does not start, back to `previous`. */
async function restartOn(
  life: PluginLifecycle,
  record: PluginRecord,
  previous: Options,
  set: (to: Options) => void,
): Promise<ConfigApplied> {
  await restart(life, record)
  if (record.status === 'active') return 'restart'
  const why = record.error?.summary ?? `it is ${record.status}`
  set(previous)
  await restart(life, record)
  throw applyFailed(record, `it did not start on them: ${why}`)
}

async function restart(life: PluginLifecycle, record: PluginRecord): Promise<void> {
  if (record.status === 'active') await life.stop(record, 'restarting on new options')
  await life.startMany([record])
}

function applyFailed(record: PluginRecord, why: string): BanterError {
  return new BanterError(
    'CONFIG_APPLY_FAILED',
    `plugin "${record.name}" could not take its new options (${why}); it runs on the previous ones`,
    { plugin: record.name },
  )
}
