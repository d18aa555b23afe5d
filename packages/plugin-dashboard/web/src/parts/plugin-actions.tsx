import { useState } from 'preact/hooks'
import { api, problem } from '../api'
import type { Plugin } from '../types'

/**
 * Enable, disable and reload buttons for one plugin. Disable asks first, naming the plugins that
 * depend on it and would stop too.
 */
export function PluginActions({ plugin, onDone }: { plugin: Plugin; onDone: () => void }) {
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const act = async (action: 'enable' | 'disable' | 'reload') => {
    setBusy(true)
    setError('')
    try {
      await api(`plugins/${encodeURIComponent(plugin.name)}/${action}`, { method: 'POST' })
      setConfirming(false)
      onDone()
    } catch (failure) {
      setError(problem(failure))
    } finally {
      setBusy(false)
    }
  }
  if (plugin.name === 'dashboard') return <span class="muted">this dashboard</span>
  const running = plugin.status === 'active'
  const dependents = plugin.dependents ?? []
  return (
    <div class="actions">
      {running ? (
        <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming(true)}>
          Disable<span class="sr-only"> {plugin.name}</span>
        </button>
      ) : (
        <button type="button" disabled={busy} onClick={() => void act('enable')}>
          Enable<span class="sr-only"> {plugin.name}</span>
        </button>
      )}
      <button type="button" class="secondary" disabled={busy} onClick={() => void act('reload')}>
        Reload<span class="sr-only"> {plugin.name}</span>
      </button>
      {confirming && (
        <fieldset class="confirm">
          <legend class="sr-only">Disable {plugin.name}?</legend>
          <p>
            Disable <strong>{plugin.name}</strong>?
            {dependents.length > 0
              ? ` This also stops: ${dependents.join(', ')}.`
              : ' Nothing else depends on it.'}
          </p>
          <button type="button" class="danger" disabled={busy} onClick={() => void act('disable')}>
            Yes, disable {plugin.name}
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
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
