import { useState } from 'preact/hooks'
import { api, problem } from '../api'
import type { Plugin } from '../types'

type Asking = 'disable' | 'unload' | undefined

/**
 * Enable, disable, reload and unload buttons for one plugin. Disable and unload ask first, naming the
 * plugins that depend on it and would stop too.
 */
export function PluginActions({ plugin, onDone }: { plugin: Plugin; onDone: () => void }) {
  const [asking, setAsking] = useState<Asking>(undefined)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const path = `plugins/${encodeURIComponent(plugin.name)}`
  const act = async (work: () => Promise<unknown>, after = onDone) => {
    setBusy(true)
    setError('')
    try {
      await work()
      setAsking(undefined)
      after()
    } catch (failure) {
      setError(problem(failure))
    } finally {
      setBusy(false)
    }
  }
  if (plugin.name === 'dashboard') return <span class="muted">this dashboard</span>
  const running = plugin.status === 'active'
  const dependents = plugin.dependents ?? []
  const name = <span class="sr-only"> {plugin.name}</span>
  return (
    <div class="actions">
      {running ? (
        <button type="button" class="secondary" disabled={busy} onClick={() => setAsking('disable')}>
          Disable{name}
        </button>
      ) : (
        <button
          type="button"
          disabled={busy}
          onClick={() => void act(() => api(`${path}/enable`, { method: 'POST' }))}
        >
          Enable{name}
        </button>
      )}
      <button
        type="button"
        class="secondary"
        disabled={busy}
        onClick={() => void act(() => api(`${path}/reload`, { method: 'POST' }))}
      >
        Reload{name}
      </button>
      <button type="button" class="secondary" disabled={busy} onClick={() => setAsking('unload')}>
        Unload{name}
      </button>
      {asking && (
        <fieldset class="confirm">
          <legend class="sr-only">
            {asking === 'disable' ? 'Disable' : 'Unload'} {plugin.name}?
          </legend>
          <p>
            {asking === 'disable' ? 'Disable' : 'Unload'} <strong>{plugin.name}</strong>?
            {dependents.length > 0
              ? ` This also stops: ${dependents.join(', ')}.`
              : ' Nothing else depends on it.'}
            {asking === 'unload' ? ' Loading it again needs its package name or path.' : ''}
          </p>
          <button
            type="button"
            class="danger"
            disabled={busy}
            onClick={() =>
              void (asking === 'disable'
                ? act(() => api(`${path}/disable`, { method: 'POST' }))
                : act(
                    () => api(path, { method: 'DELETE' }),
                    () => {
                      window.location.hash = '#/plugins'
                      onDone()
                    },
                  ))
            }
          >
            Yes, {asking} {plugin.name}
          </button>
          <button type="button" class="secondary" onClick={() => setAsking(undefined)}>
            Cancel
          </button>
        </fieldset>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
