import { api, problem } from '../api'
import { useLoad } from '../hooks'
import { UiBody } from '../parts/ui-body'
import type { UiPage } from '../types'

/** A page a plugin contributed, rendered from its declarative components. */
export function ContributedView({ plugin, page }: { plugin: string; page: string }) {
  const { data, error } = useLoad(() => api<{ pages: UiPage[] }>('ui'), [])
  if (error) return <p class="error">{problem(error)}</p>
  if (!data) return <p class="loading">Loading…</p>
  const found = data.pages.find((p) => p.plugin === plugin && p.id === page)
  if (!found)
    return (
      <>
        <h1>Page not found</h1>
        <p>
          Plugin <strong>{plugin}</strong> has no page "{page}" now (it may be disabled).
        </p>
      </>
    )
  return (
    <>
      <h1>
        {found.icon ? <span aria-hidden="true">{found.icon} </span> : null}
        {found.title}
      </h1>
      <p class="muted">Contributed by the {plugin} plugin</p>
      <UiBody plugin={plugin} body={found.body} />
    </>
  )
}
