import { useEffect, useState } from 'preact/hooks'
import { api, setCsrf } from './api'
import { useLoad, useRoute } from './hooks'
import { connectLive, disconnectLive } from './live'
import type { UiMenuItem } from './types'
import { AnalyticsView } from './views/analytics-view'
import { AuditView } from './views/audit-view'
import { ContributedView } from './views/contributed-view'
import { LoginView } from './views/login-view'
import { OverviewView } from './views/overview-view'
import { PluginView } from './views/plugin-view'
import { PluginsView } from './views/plugins-view'

type SessionState = { state: 'checking' } | { state: 'out' } | { state: 'in'; user: string }

/** The dashboard: the login form, or the menu and the page the hash names. */
export function App() {
  const [session, setSession] = useState<SessionState>({ state: 'checking' })
  const check = () =>
    api<{ user: string; csrf: string }>('session').then(
      (s) => {
        setCsrf(s.csrf)
        connectLive()
        setSession({ state: 'in', user: s.user })
      },
      () => setSession({ state: 'out' }),
    )
  useEffect(() => {
    void check()
  }, [])
  if (session.state === 'checking') return <p class="loading">Loading…</p>
  if (session.state === 'out') return <LoginView onLoggedIn={() => void check()} />
  const logout = async () => {
    await api('logout', { method: 'POST' }).catch(() => undefined)
    disconnectLive()
    setSession({ state: 'out' })
  }
  return <Shell onLogout={logout} />
}

function Shell({ onLogout }: { onLogout: () => void }) {
  const route = useRoute()
  const { data } = useLoad(() => api<{ menu: UiMenuItem[] }>('ui'), [])
  const link = (href: string, label: string) => (
    <li>
      <a
        href={href}
        aria-current={`#${route}` === href || (href === '#/' && route === '/') ? 'page' : undefined}
      >
        {label}
      </a>
    </li>
  )
  return (
    <div class="shell">
      <header class="top">
        <a class="brand" href="#/">
          Banter
        </a>
        <nav aria-label="Main">
          <ul>
            {link('#/', 'Overview')}
            {link('#/plugins', 'Plugins')}
            {link('#/audit', 'Audit log')}
            {link('#/analytics', 'Analytics')}
            {(data?.menu ?? []).map((item) =>
              item.page ? (
                link(`#/ui/${item.plugin}/${item.page}`, item.label)
              ) : (
                <li key={item.href}>
                  <a href={item.href} rel="noopener">
                    {item.label}
                  </a>
                </li>
              ),
            )}
          </ul>
        </nav>
        <button type="button" class="secondary" onClick={onLogout}>
          Log out
        </button>
      </header>
      <main id="main">
        <Page route={route} />
      </main>
    </div>
  )
}

function Page({ route }: { route: string }) {
  const parts = route.split('/').filter(Boolean).map(decodeURIComponent)
  if (parts[0] === 'plugins' && parts[1]) return <PluginView name={parts[1]} />
  if (parts[0] === 'plugins') return <PluginsView />
  if (parts[0] === 'audit') return <AuditView />
  if (parts[0] === 'analytics') return <AnalyticsView />
  if (parts[0] === 'ui' && parts[1] && parts[2]) return <ContributedView plugin={parts[1]} page={parts[2]} />
  return <OverviewView />
}
