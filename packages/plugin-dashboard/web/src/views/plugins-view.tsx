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
    </>
  )
}
