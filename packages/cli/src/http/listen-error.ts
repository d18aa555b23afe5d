import { appError } from '../app-error-codes.js'

/** `127.0.0.1:8080`, `[::1]:8080`. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`
}

/**
 * Turns a failed `listen` into one clear error that names the address, why it failed and what to do
 * (`configured` says where the address is set, e.g. `http.port in banter.config.yaml:14:3`). Errors
 * other than a taken port, a privileged port or a foreign host are returned as they are.
 */
export function listenError(error: unknown, host: string, port: number, configured?: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const address = hostPort(host, port)
  const where = configured ? ` (${configured})` : ''
  const details = { host, port, errno: code }
  if (code === 'EADDRINUSE') {
    return appError(
      'BOT_HTTP_ADDRESS_IN_USE',
      `the HTTP server cannot listen on ${address}${where}: another program, or another bot, already listens there`,
      {
        cause: error,
        details,
        hint: `Stop the program on port ${port} (\`ss -ltnp 'sport = :${port}'\` shows which), or set http.port to a free port (0 picks one), or http.enabled: false.`,
      },
    )
  }
  if (code === 'EACCES') {
    return appError(
      'BOT_HTTP_ADDRESS_DENIED',
      `the HTTP server may not listen on ${address}${where}: ports below 1024 need privileges this process lacks`,
      { cause: error, details },
    )
  }
  if (code === 'EADDRNOTAVAIL') {
    return appError(
      'BOT_HTTP_ADDRESS_UNAVAILABLE',
      `the HTTP server cannot listen on ${address}${where}: ${host} is not an address of this machine`,
      { cause: error, details },
    )
  }
  return error
}
