import { useState } from 'preact/hooks'
import { api, problem } from '../api'
import { useLoad } from '../hooks'
import { PluginActions } from '../parts/plugin-actions'
import { StatusBadge } from '../parts/status-badge'
import type { Plugin } from '../types'

/** Every plugin with its status, version, permissions, emits, stats and last error. */
export function PluginsView() {
  const { data, error, reload } = useLoad(() => api<{ plugins: Plugin[] }>('plugins'), [])
  return (
    <>
      <h1>Plugins</h1>
      {error ? <p class="error">{problem(error)}</p> : null}
      {!data ? (
        <p class="loading">Loading…</p>
      ) : (
        <ul class="plugin-list">
          {data.plugins.map((p) => (
            <li class="card plugin" key={p.name} data-plugin={p.name}>
              <div class="plugin-head">
                <h2>
                  <a href={`#/plugins/${encodeURIComponent(p.name)}`}>{p.name}</a>{' '}
                  <span class="muted">{p.version}</span>
                </h2>
                <StatusBadge status={p.status} />
              </div>
              <p>{p.description}</p>
              <dl class="facts">
                <dt>Permissions</dt>
                <dd>{p.permissions.join(', ') || 'none'}</dd>
                <dt>Emits</dt>
                <dd>{p.emits.join(', ') || 'only its own events'}</dd>
                <dt>Calls / errors / timeouts</dt>
                <dd>
                  {p.stats.calls} / {p.stats.errors} / {p.stats.timeouts}
                </dd>
                {p.error && (
                  <>
                    <dt>Last error</dt>
                    <dd class="error">{p.error.message}</dd>
                  </>
                )}
                {p.switchedOff.length > 0 && (
                  <>
                    <dt>Switched off</dt>
                    <dd>{p.switchedOff.map((h) => `${h.handler} (${h.error.message})`).join('; ')}</dd>
                  </>
                )}
              </dl>
              <PluginActions plugin={p} onDone={reload} />
            </li>
          ))}
        </ul>
      )}
      <LoadForm onDone={reload} />
    </>
  )
}

/** Loads plugins from a package name or a path, with optional JSON options. */
function LoadForm({ onDone }: { onDone: () => void }) {
  const [specifier, setSpecifier] = useState('')
  const [error, setError] = useState('')
  const [message, setMessage] = useState('')
  const submit = async (event: Event) => {
    event.preventDefault()
    setError('')
    setMessage('')
    try {
      const { plugins } = await api<{ plugins: { name: string; status: string }[] }>('plugins', {
        method: 'POST',
        body: { specifier: specifier.trim() },
      })
      setMessage(`Loaded: ${plugins.map((p) => `${p.name} (${p.status})`).join(', ')}.`)
      setSpecifier('')
      onDone()
    } catch (failure) {
      setError(problem(failure))
    }
  }
  return (
    <section class="card" aria-labelledby="load-title">
      <h2 id="load-title">Load a plugin</h2>
      <form onSubmit={submit}>
        <div class="field">
          <label for="load-specifier">Package name or path</label>
          <input
            id="load-specifier"
            value={specifier}
            required
            placeholder="@banter/plugin-timestamp, ./plugins/greeter.ts"
            aria-describedby="load-help"
            onInput={(e) => setSpecifier((e.target as HTMLInputElement).value)}
          />
          <p id="load-help" class="help">
            Resolved from the config file's folder; it starts on its default options.
          </p>
        </div>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {message && (
          <p class="ok" role="status">
            {message}
          </p>
        )}
        <button type="submit">Load</button>
      </form>
    </section>
  )
}
