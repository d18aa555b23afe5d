import { useState } from 'preact/hooks'
import { api, problem } from '../api'

/** Log in with the admin token (or follow the one-time link `banter start` printed). */
export function LoginView({ onLoggedIn }: { onLoggedIn: () => void }) {
  const [token, setToken] = useState('')
  const [error, setError] = useState('')
  const submit = async (event: Event) => {
    event.preventDefault()
    setError('')
    try {
      await api('login', { method: 'POST', body: { token } })
      onLoggedIn()
    } catch (failure) {
      setError(problem(failure))
    }
  }
  return (
    <main id="main" class="login">
      <h1>Banter dashboard</h1>
      <form onSubmit={submit} class="card">
        <label for="token">Admin token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="current-password"
          value={token}
          onInput={(e) => setToken((e.target as HTMLInputElement).value)}
          aria-describedby={error ? 'login-error' : 'login-help'}
          aria-invalid={error ? 'true' : undefined}
          required
        />
        <p id="login-help" class="help">
          The value of <code>http.adminToken</code>. Without one, open the one-time link that{' '}
          <code>banter start</code> printed.
        </p>
        {error && (
          <p id="login-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">Log in</button>
      </form>
    </main>
  )
}
