import type { PluginStorage } from '@banter/core'

/** A pure change to a stored value: it gets the current value (or `undefined`) and returns the next. */
export type Update<Value> = (current: Value | undefined) => Value

/** The allowlists moderators keep with `!allowdomain`: domains by scope (guild id, or `@dm`). */
export type ScopedAllowlists = Readonly<Record<string, readonly string[]>>

/** Storage key of {@link ScopedAllowlists}. */
export const ALLOWLISTS_KEY = 'allowlists'

/** The key where versions before 0.2 kept one allowlist for every server (no longer read). */
export const LEGACY_ALLOWLIST_KEY = 'allowlist'

/** Most domains one scope's allowlist keeps (the oldest go first). */
export const MAX_ALLOWED_PER_SCOPE = 1000

/** Adds `domain` to the allowlist of `scope`, leaving every other scope as it was. */
export function allowDomainIn(scope: string, domain: string): Update<ScopedAllowlists> {
  return (current) => {
    const list = current?.[scope] ?? []
    if (list.includes(domain)) return current ?? {}
    return { ...current, [scope]: [...list, domain].slice(-MAX_ALLOWED_PER_SCOPE) }
  }
}

/** Appends `id` to an index list, keeping the newest `max`. */
export function appendToIndex(id: string, max: number): Update<readonly string[]> {
  return (current) => [...(current ?? []), id].slice(-max)
}

/** Removes `id` from an index list. */
export function removeFromIndex(id: string): Update<readonly string[]> {
  return (current) => (current ?? []).filter((entry) => entry !== id)
}

/**
 * Applies `change` to the value under `key` with core's `storage.update`: atomic across processes on
 * SQLite and Redis (retried on conflict), so two bots sharing one store lose no change.
 */
export async function updateStored<Value>(
  storage: PluginStorage,
  key: string,
  change: Update<Value>,
  ttlMs?: number,
): Promise<Value> {
  return (await storage.update<Value>(key, change, ttlMs === undefined ? {} : { ttl: ttlMs })) as Value
}
