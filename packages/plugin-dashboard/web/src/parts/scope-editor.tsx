import { useState } from 'preact/hooks'
import { api, problem } from '../api'

/** A plugin's rule in one guild or channel. */
interface Rule {
  readonly enabled?: boolean
  readonly options?: Readonly<Record<string, unknown>>
}

/** A plugin's rules by guild and by channel. */
export interface Scopes {
  readonly guilds?: Readonly<Record<string, Rule>>
  readonly channels?: Readonly<Record<string, Rule>>
}

/** The scope editor: on/off and option overrides per guild and per channel. */
export function ScopeEditor({
  plugin,
  scopes,
  onDone,
}: {
  plugin: string
  scopes: Scopes
  onDone: () => void
}) {
  const [kind, setKind] = useState<'guild' | 'channel'>('channel')
  const [id, setId] = useState('')
  const [enabled, setEnabled] = useState('inherit')
  const [options, setOptions] = useState('')
  const [error, setError] = useState('')
  const path = (k: string, i: string) =>
    `plugins/${encodeURIComponent(plugin)}/scopes/${k}/${encodeURIComponent(i)}`
  const rows = [
    ...Object.entries(scopes.guilds ?? {}).map(([i, r]) => ({ kind: 'guild', id: i, rule: r })),
    ...Object.entries(scopes.channels ?? {}).map(([i, r]) => ({ kind: 'channel', id: i, rule: r })),
  ]
  const run = async (work: () => Promise<unknown>) => {
    setError('')
    try {
      await work()
      onDone()
      return true
    } catch (failure) {
      setError(problem(failure))
      return false
    }
  }
  const save = async (event: Event) => {
    event.preventDefault()
    let parsed: unknown
    try {
      parsed = options.trim() ? JSON.parse(options) : undefined
    } catch {
      setError('Options must be a JSON object, e.g. {"format": "HH:mm"}.')
      return
    }
    const body = {
      ...(enabled === 'inherit' ? {} : { enabled: enabled === 'on' }),
      ...(parsed === undefined ? {} : { options: parsed }),
    }
    if (await run(() => api(path(kind, id.trim()), { method: 'PUT', body }))) {
      setId('')
      setOptions('')
    }
  }
  return (
    <div>
      {rows.length === 0 ? (
        <p class="muted">No rules: the plugin runs everywhere on its bot-wide settings.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Where</th>
                <th scope="col">On/off</th>
                <th scope="col">Options</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.kind}:${r.id}`}>
                  <td>
                    {r.kind} {r.id}
                  </td>
                  <td>{r.rule.enabled === undefined ? 'as wider scopes' : r.rule.enabled ? 'on' : 'off'}</td>
                  <td>{r.rule.options ? <code>{JSON.stringify(r.rule.options)}</code> : 'bot-wide'}</td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => void run(() => api(path(r.kind, r.id), { method: 'DELETE' }))}
                    >
                      Remove
                      <span class="sr-only">
                        {' '}
                        the rule for {r.kind} {r.id}
                      </span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form class="scope-form" onSubmit={save}>
        <div class="field">
          <label for="scope-kind">Scope</label>
          <select
            id="scope-kind"
            value={kind}
            onChange={(e) => setKind((e.target as HTMLSelectElement).value as 'guild')}
          >
            <option value="channel">channel</option>
            <option value="guild">guild</option>
          </select>
        </div>
        <div class="field">
          <label for="scope-id">Id</label>
          <input
            id="scope-id"
            value={id}
            required
            onInput={(e) => setId((e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="scope-enabled">On/off there</label>
          <select
            id="scope-enabled"
            value={enabled}
            onChange={(e) => setEnabled((e.target as HTMLSelectElement).value)}
          >
            <option value="inherit">as wider scopes</option>
            <option value="on">on</option>
            <option value="off">off</option>
          </select>
        </div>
        <div class="field">
          <label for="scope-options">Options there (JSON)</label>
          <textarea
            id="scope-options"
            rows={2}
            value={options}
            placeholder='{"format": "HH:mm"}'
            onInput={(e) => setOptions((e.target as HTMLTextAreaElement).value)}
          />
        </div>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">Save rule</button>
      </form>
    </div>
  )
}
