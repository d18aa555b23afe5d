import { useState } from 'preact/hooks'
import { api, problem } from '../api'
import { useLoad } from '../hooks'
import type { Schema, UiComponent } from '../types'
import { MarkdownText } from './markdown-text'
import { SchemaForm } from './schema-form'

const data = <T,>(plugin: string, route: string) =>
  api<T>(`ui/${encodeURIComponent(plugin)}/data?route=${encodeURIComponent(route)}`)

const call = (plugin: string, route: string, method: string, body?: unknown) =>
  api<{ message?: string; text?: string }>(`ui/${encodeURIComponent(plugin)}/call`, {
    method: 'POST',
    body: { route, method, body },
  })

/** The components of a contributed page or widget, top to bottom. */
export function UiBody({ plugin, body }: { plugin: string; body: readonly UiComponent[] }) {
  // A form or an action may change what the other components show: they load again.
  const [version, setVersion] = useState(0)
  const changed = () => setVersion((v) => v + 1)
  return (
    <div class="ui-body">
      {body.map((component, i) => (
        <UiPart
          key={`${component.type}-${i}`}
          plugin={plugin}
          component={component}
          index={i}
          version={version}
          changed={changed}
        />
      ))}
    </div>
  )
}

interface PartProps {
  readonly plugin: string
  readonly component: UiComponent
  readonly version: number
  readonly changed: () => void
}

function UiPart({ index, ...props }: PartProps & { index: number }) {
  const { plugin, component: c } = props
  switch (c.type) {
    case 'stat':
      return <Stat {...props} />
    case 'keyValue':
      return (
        <div>
          {c.title ? <h3>{String(c.title)}</h3> : null}
          <dl class="facts">
            {(c.items as { label: string; value: unknown }[]).map((item) => (
              <>
                <dt key={`t-${item.label}`}>{item.label}</dt>
                <dd key={`d-${item.label}`}>{String(item.value)}</dd>
              </>
            ))}
          </dl>
        </div>
      )
    case 'markdown':
      return <MarkdownText text={String(c.text)} />
    case 'table':
      return <Table {...props} />
    case 'chart':
      return <Chart {...props} />
    case 'form':
      return (
        <div>
          {c.title ? <h3>{String(c.title)}</h3> : null}
          <SchemaForm
            id={`form-${index}`}
            schema={c.schema as Schema}
            value={{}}
            submitLabel={String(c.submitLabel ?? 'Save')}
            onSubmit={async (value) => {
              const answer = await call(plugin, String(c.route), String(c.method ?? 'POST'), value)
              props.changed()
              return answer.message ?? answer.text ?? 'Done.'
            }}
          />
        </div>
      )
    case 'action':
      return <Action {...props} />
    default:
      return <p class="muted">Unknown component "{c.type}".</p>
  }
}

function Stat({ plugin, component: c, version }: PartProps) {
  const route = c.route as string | undefined
  const { data: live } = useLoad(
    () => (route ? data<{ value: unknown }>(plugin, route) : Promise.resolve({ value: c.value })),
    [plugin, route, version],
  )
  return (
    <div class="stat">
      <span class="stat-label">{String(c.label)}</span>
      <span class="stat-value">{String(live?.value ?? c.value ?? '–')}</span>
    </div>
  )
}

interface RowAction {
  readonly label: string
  readonly route: string
  readonly method: string
  readonly confirm: string
}

/** A row action's route with its `:field` segments filled from the row. */
function fill(route: string, row: Record<string, unknown>): string {
  return route
    .split('/')
    .map((part) => (part.startsWith(':') ? encodeURIComponent(String(row[part.slice(1)] ?? '')) : part))
    .join('/')
}

function Table({ plugin, component: c, version, changed }: PartProps) {
  const columns = c.columns as { key: string; label: string }[]
  const actions = (c.rowActions as RowAction[] | undefined) ?? []
  const {
    data: rows,
    error,
    reload,
  } = useLoad(
    () => data<{ rows: Record<string, unknown>[] }>(plugin, String(c.route)),
    [plugin, c.route, version],
  )
  const [asking, setAsking] = useState<{ row: number; action: number } | undefined>(undefined)
  const [result, setResult] = useState('')
  const run = async (action: RowAction, row: Record<string, unknown>) => {
    setAsking(undefined)
    try {
      const answer = await call(plugin, fill(action.route, row), action.method)
      setResult(answer.message ?? answer.text ?? 'Done.')
    } catch (failure) {
      setResult(problem(failure))
    }
    reload()
    changed()
  }
  return (
    <div>
      {c.title ? <h3>{String(c.title)}</h3> : null}
      {error ? <p class="error">{problem(error)}</p> : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              {columns.map((col) => (
                <th scope="col" key={col.key}>
                  {col.label}
                </th>
              ))}
              {actions.length > 0 && (
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {(rows?.rows ?? []).map((row, i) => (
              <tr key={i}>
                {columns.map((col) => (
                  <td key={col.key}>{String(row[col.key] ?? '')}</td>
                ))}
                {actions.length > 0 && (
                  <td>
                    {asking?.row === i ? (
                      <fieldset class="confirm">
                        <legend class="sr-only">{actions[asking.action]?.label}</legend>
                        <p>{actions[asking.action]?.confirm}</p>
                        <button
                          type="button"
                          class="danger"
                          onClick={() => void run(actions[asking.action] as RowAction, row)}
                        >
                          Confirm
                        </button>
                        <button type="button" class="secondary" onClick={() => setAsking(undefined)}>
                          Cancel
                        </button>
                      </fieldset>
                    ) : (
                      actions.map((action, a) => (
                        <button
                          type="button"
                          class="secondary"
                          key={action.label}
                          onClick={() => setAsking({ row: i, action: a })}
                        >
                          {action.label}
                          <span class="sr-only"> {String(row[columns[0]?.key ?? ''] ?? i + 1)}</span>
                        </button>
                      ))
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows && rows.rows.length === 0 ? <p class="muted">Nothing yet.</p> : null}
      {result && <p role="status">{result}</p>}
    </div>
  )
}

function Chart({ plugin, component: c, version }: PartProps) {
  const { data: series } = useLoad(
    () => data<{ points: { t: string | number; v: number }[] }>(plugin, String(c.route)),
    [plugin, c.route, version],
  )
  const points = series?.points ?? []
  const [w, h] = [600, 160]
  const times = points.map((p) => new Date(p.t).getTime())
  const [t0, t1] = [Math.min(...times), Math.max(...times)]
  const vmax = Math.max(1, ...points.map((p) => p.v))
  const xy = points.map((p, i) => {
    const x = t1 > t0 ? (((times[i] as number) - t0) / (t1 - t0)) * w : w / 2
    return `${x.toFixed(1)},${(h - (p.v / vmax) * (h - 10)).toFixed(1)}`
  })
  const title = String(c.title)
  const last = points[points.length - 1]
  return (
    <figure class="chart">
      <figcaption>
        {title}
        {last ? ` (latest ${last.v}${c.unit ? ` ${String(c.unit)}` : ''}, max ${vmax})` : ''}
      </figcaption>
      <svg
        viewBox={`0 0 ${w} ${h}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${title}: ${points.length} points, max ${vmax}`}
      >
        <polyline points={xy.join(' ')} fill="none" stroke="currentColor" stroke-width="2" />
      </svg>
    </figure>
  )
}

function Action({ plugin, component: c, changed }: PartProps) {
  const [asking, setAsking] = useState(false)
  const [result, setResult] = useState('')
  const run = async () => {
    setAsking(false)
    try {
      const answer = await call(plugin, String(c.route), String(c.method ?? 'POST'))
      setResult(answer.message ?? answer.text ?? 'Done.')
      changed()
    } catch (error) {
      setResult(problem(error))
    }
  }
  return (
    <div class="action">
      {asking ? (
        <fieldset class="confirm">
          <legend class="sr-only">{String(c.label)}</legend>
          <p>{String(c.confirm)}</p>
          <button type="button" class="danger" onClick={() => void run()}>
            Confirm
          </button>
          <button type="button" class="secondary" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </fieldset>
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          {String(c.label)}
        </button>
      )}
      {result && <p role="status">{result}</p>}
    </div>
  )
}
