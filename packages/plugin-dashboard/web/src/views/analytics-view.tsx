import { api, problem } from '../api'
import { useLoad } from '../hooks'

/** One line of the usage report. */
export interface Line {
  readonly name: string
  readonly plugin?: string
  readonly calls: number
  readonly errors: number
  readonly timeouts: number
  readonly p50Ms: number | null
  readonly p99Ms: number | null
  readonly lastUsed: string | null
}

interface Report {
  readonly hours: number
  readonly plugins: readonly Line[]
  readonly commands: readonly Line[]
  readonly mostUsed: readonly Line[]
  readonly mostFailing: readonly Line[]
}

/** Usage lines as a table. */
export function UsageTable({ caption, lines }: { caption: string; lines: readonly Line[] }) {
  return (
    <section class="card">
      <h2>{caption}</h2>
      {lines.length === 0 ? (
        <p class="muted">Nothing recorded yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Calls</th>
                <th scope="col">Errors</th>
                <th scope="col">Timeouts</th>
                <th scope="col">p50 / p99 ms</th>
                <th scope="col">Last use</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={`${l.plugin ?? ''}/${l.name}`}>
                  <th scope="row">
                    {l.name}
                    {l.plugin ? <span class="muted"> ({l.plugin})</span> : null}
                  </th>
                  <td>{l.calls}</td>
                  <td>{l.errors}</td>
                  <td>{l.timeouts}</td>
                  <td>
                    {l.p50Ms ?? '–'} / {l.p99Ms ?? '–'}
                  </td>
                  <td>{l.lastUsed ? new Date(l.lastUsed).toLocaleString() : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

/** Usage over 7 days: most used and most failing commands, per plugin and per command. */
export function AnalyticsView() {
  const { data, error } = useLoad(() => api<Report>('analytics?hours=168'), [])
  if (error) return <p class="error">{problem(error)}</p>
  if (!data) return <p class="loading">Loading…</p>
  return (
    <>
      <h1>Analytics</h1>
      <p class="muted">The last {Math.round(data.hours / 24)} days (counted every minute).</p>
      <UsageTable caption="Most used commands" lines={data.mostUsed} />
      <UsageTable caption="Most failing" lines={data.mostFailing} />
      <UsageTable caption="Plugins" lines={data.plugins} />
      <UsageTable caption="Commands" lines={data.commands} />
    </>
  )
}
