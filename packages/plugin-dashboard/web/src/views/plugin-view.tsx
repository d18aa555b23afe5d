import { api, problem } from '../api'
import { useLoad } from '../hooks'
import { mergePatch } from '../parts/form-values'
import { MarkdownText } from '../parts/markdown-text'
import { PluginActions } from '../parts/plugin-actions'
import { SchemaForm } from '../parts/schema-form'
import { ScopeEditor, type Scopes } from '../parts/scope-editor'
import { StatusBadge } from '../parts/status-badge'
import type { AuditEntry, Plugin, Schema, UiPage } from '../types'
import { type Line, UsageTable } from './analytics-view'
import { AuditTable } from './audit-view'

interface Detail {
  readonly plugin: Plugin
  readonly options: unknown
  readonly schema: Schema
  readonly dependents: readonly string[]
  readonly pages: readonly UiPage[]
  readonly scopes: Scopes
  readonly readme?: string
  readonly usage: { readonly plugin?: Line; readonly commands: readonly Line[] }
  readonly audit: readonly AuditEntry[]
}

const APPLIED: Record<string, string> = {
  hook: 'Saved: applied live.',
  restart: 'Saved: the plugin restarted on the new settings.',
  stored: 'Saved: the plugin is not running; the settings apply when it starts.',
  unchanged: 'Nothing changed.',
}

/** One plugin: facts, actions, the settings form from its JSON Schema, its pages and audit entries. */
export function PluginView({ name }: { name: string }) {
  const { data, error, reload } = useLoad(() => api<Detail>(`plugins/${encodeURIComponent(name)}`), [name])
  if (error) return <p class="error">{problem(error)}</p>
  if (!data) return <p class="loading">Loading…</p>
  const { plugin } = data
  const save = async (draft: unknown) => {
    const result = await api<{ applied: string }>(`plugins/${encodeURIComponent(name)}/config`, {
      method: 'PATCH',
      body: mergePatch(data.options, draft),
    })
    reload()
    return APPLIED[result.applied] ?? `Saved (${result.applied}).`
  }
  return (
    <>
      <h1>
        {plugin.name} <StatusBadge status={plugin.status} />
      </h1>
      <p>{plugin.description}</p>
      {data.readme ? (
        <section class="card" aria-label="README summary">
          <MarkdownText text={data.readme} />
        </section>
      ) : null}
      <section class="card">
        <dl class="facts">
          <dt>Version</dt>
          <dd>{plugin.version}</dd>
          <dt>Source</dt>
          <dd>{plugin.source}</dd>
          <dt>Permissions</dt>
          <dd>{plugin.permissions.join(', ') || 'none'}</dd>
          <dt>Depends on</dt>
          <dd>{Object.keys(plugin.dependencies).join(', ') || 'nothing'}</dd>
          <dt>Needed by</dt>
          <dd>{data.dependents.join(', ') || 'nothing running'}</dd>
          {plugin.error && (
            <>
              <dt>Last error</dt>
              <dd class="error">{plugin.error.message}</dd>
            </>
          )}
        </dl>
        <PluginActions plugin={{ ...plugin, dependents: data.dependents }} onDone={reload} />
      </section>
      {data.pages.length > 0 && (
        <section class="card">
          <h2>Pages</h2>
          <ul>
            {data.pages.map((p) => (
              <li key={p.id}>
                <a href={`#/ui/${encodeURIComponent(p.plugin)}/${encodeURIComponent(p.id)}`}>{p.title}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section class="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        {'x-banter-unknown' in data.schema ? (
          <p>This plugin's options schema cannot be shown as a form; edit them in the config file.</p>
        ) : (
          <SchemaForm
            id="settings"
            schema={data.schema}
            value={data.options}
            submitLabel="Save settings"
            onSubmit={save}
          />
        )}
      </section>
      <section class="card" aria-labelledby="scopes-title">
        <h2 id="scopes-title">Scopes</h2>
        <p class="help">
          On/off and option overrides per guild and per channel (a channel wins over its guild).
        </p>
        <ScopeEditor plugin={plugin.name} scopes={data.scopes} onDone={reload} />
      </section>
      <UsageTable
        caption="Usage over 7 days"
        lines={[...(data.usage.plugin ? [data.usage.plugin] : []), ...data.usage.commands]}
      />
      <section class="card">
        <h2>Audit entries</h2>
        <AuditTable entries={data.audit} />
      </section>
    </>
  )
}
