import { api, problem } from '../api'
import { useLoad } from '../hooks'
import type { AuditEntry } from '../types'

/** Audit entries as a table (newest first). */
export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  if (entries.length === 0) return <p>No entries yet.</p>
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>
                <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
              </td>
              <td>{e.actor.name ?? `${e.actor.kind} ${e.actor.id}`}</td>
              <td>{e.action}</td>
              <td>{e.target ?? ''}</td>
              <td>
                {e.outcome}
                {e.error ? `: ${e.error}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The audit log: every change from chat, CLI, admin API and dashboard. */
export function AuditView() {
  const { data, error } = useLoad(() => api<{ entries: AuditEntry[] }>('audit?limit=200'), [])
  return (
    <>
      <h1>Audit log</h1>
      {error ? <p class="error">{problem(error)}</p> : null}
      <section class="card">
        {data ? <AuditTable entries={data.entries} /> : <p class="loading">Loading…</p>}
      </section>
    </>
  )
}
