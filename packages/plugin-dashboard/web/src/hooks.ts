import { useCallback, useEffect, useState } from 'preact/hooks'
import { onLive } from './live'

/** The current hash route (`#/plugins/timestamp` gives `/plugins/timestamp`). */
export function useRoute(): string {
  const read = () => window.location.hash.replace(/^#/, '') || '/'
  const [route, setRoute] = useState(read)
  useEffect(() => {
    const update = () => setRoute(read())
    window.addEventListener('hashchange', update)
    return () => window.removeEventListener('hashchange', update)
  }, [])
  return route
}

/** Loads data, and loads it again on every live `plugin` event (no page needs a reload). */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const reload = useCallback(() => {
    load().then(
      (value) => {
        setData(value)
        setError(undefined)
      },
      (failure: unknown) => setError(failure),
    )
  }, deps)
  useEffect(() => {
    reload()
    return onLive((event) => {
      if (event === 'plugin') reload()
    })
  }, [reload])
  return { data, error, reload }
}
