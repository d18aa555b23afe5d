import type { PluginLocks } from '../storage/plugin-locks.js'
import type { PluginStorage } from '../storage/plugin-storage.js'
import { type ContextKit, rejecting } from './context-kit.js'

/**
 * A plugin's storage (`ctx.storage`): its own namespace, opened on first use, checked against the
 * `storage` permission on every call.
 */
export function createStorageView(kit: ContextKit): PluginStorage {
  const { record, runtime, check, alive } = kit
  let storage: PluginStorage | undefined
  const store = (): PluginStorage => {
    alive('use storage')
    check('storage', 'use storage')
    storage ??= runtime.requireStorage().namespace(record.name)
    return storage
  }
  return {
    get: (key) => rejecting(() => store().get(key)),
    set: (key, value, ttlMs) => rejecting(() => store().set(key, value, ttlMs)),
    delete: (key) => rejecting(() => store().delete(key)),
    has: (key) => rejecting(() => store().has(key)),
    clear: () => rejecting(() => store().clear()),
    entries: () => store().entries(),
    increment: (key, by, options) => rejecting(() => store().increment(key, by, options)),
    update: (key, fn, options) => rejecting(() => store().update(key, fn, options)),
    list: (prefix) => rejecting(() => store().list(prefix)),
  }
}

/** A plugin's locks (`ctx.locks`), taken in its own namespace. */
export function createLockView(kit: ContextKit): PluginLocks {
  const { record, runtime, check, alive } = kit
  let locks: PluginLocks | undefined
  return {
    run: (key, fn, options) =>
      rejecting(() => {
        alive('take locks')
        check('storage', 'take locks')
        locks ??= runtime.requireStorage().locks(record.name)
        return locks.run(key, fn, options)
      }),
  }
}
