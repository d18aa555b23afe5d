import { useEffect, useState } from 'preact/hooks'
import { api, problem } from '../api'
import { useLoad } from '../hooks'
import { onLive } from '../live'
import { StatusBadge } from '../parts/status-badge'
import { UiBody } from '../parts/ui-body'
import type { UiWidget } from '../types'

interface Overview {
  readonly bot: {
    readonly status: string
    readonly platform: string
    readonly uptimeMs: number
    readonly counters: { readonly received: number; readonly sent: number; readonly stopped: number }
  }
  readonly plugins: readonly {
    readonly name: string
    readonly status: string
    readonly errors: number
    readonly timeouts: number
    readonly calls: number
  }[]
  readonly widgets: readonly UiWidget[]
}

function uptime(ms: number): string {
  const s = Math.floor(ms / 1000)
  const [d, h, m] = [Math.floor(s / 86400), Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60)]
  return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m ${s % 60}s`
}

/** Bot status, live message rate, errors per plugin, and the widgets plugins contribute. */
export function OverviewView() {
  const { data, error } = useLoad(() => api<Overview>('overview'), [])
  const [rate, setRate] = useState({ received: 0, sent: 0 })
  useEffect(
    () =>
      onLive((event, payload) => {
        if (event === 'stats')
          setRate((payload as { perSecond: { received: number; sent: number } }).perSecond)
      }),
    [],
  )
  if (error) return <p class="error">{problem(error)}</p>
  if (!data) return <p class="loading">Loading…</p>
  const { bot } = data
  return (
    <>
      <h1>Overview</h1>
      <section class="stats" aria-label="Bot">
        <div class="stat">
          <span class="stat-label">Status</span>
          <span class="stat-value">
            <StatusBadge status={bot.status} />
          </span>
        </div>
        <div class="stat">
          <span class="stat-label">Platform</span>
          <span class="stat-value">{bot.platform}</span>
        </div>
        <div class="stat">
          <span class="stat-label">Uptime</span>
          <span class="stat-value">{uptime(bot.uptimeMs)}</span>
        </div>
        <div class="stat">
          <span class="stat-label">Messages in / out per second</span>
          <span class="stat-value" aria-live="polite">
            {rate.received} / {rate.sent}
          </span>
        </div>
      </section>
      {data.widgets.length > 0 && (
        <section aria-label="Widgets" class="widgets">
          {data.widgets.map((w) => (
            <article class="card widget" key={`${w.plugin}/${w.id}`} data-widget={`${w.plugin}/${w.id}`}>
              <h2>{w.title}</h2>
              <UiBody plugin={w.plugin} body={w.body} />
            </article>
          ))}
        </section>
      )}
      <section class="card">
        <h2>Plugins</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Plugin</th>
                <th scope="col">Status</th>
                <th scope="col">Calls</th>
                <th scope="col">Errors</th>
                <th scope="col">Timeouts</th>
              </tr>
            </thead>
            <tbody>
              {data.plugins.map((p) => (
                <tr key={p.name}>
                  <th scope="row">
                    <a href={`#/plugins/${encodeURIComponent(p.name)}`}>{p.name}</a>
                  </th>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td>{p.calls}</td>
                  <td>{p.errors}</td>
                  <td>{p.timeouts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  )
}
