import type { CliIo } from './io.js'
import { startOfflineApp } from './offline-app.js'

/**
 * `banter plugins list`: starts every configured plugin without a chat connection or HTTP, prints
 * name, version, status, permissions, the events it may emit (and why a plugin is down, and which
 * handlers the circuit breaker switched off), then stops. Exit 1 when one is down.
 */
export async function runPluginsList(
  path: string,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const app = await startOfflineApp(path, io, env)
  if (!app) return 1
  const plugins = app.bot.plugins.list()
  await app.stop('plugins listed')
  const rows = plugins.map((p) => [
    p.name,
    p.version,
    p.status,
    p.permissions.join(', ') || '-',
    p.emits.join(', ') || '-',
  ])
  const header = ['PLUGIN', 'VERSION', 'STATUS', 'PERMISSIONS', 'EMITS']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  io.out(line(header))
  for (const row of rows) io.out(line(row))
  const down = plugins.filter((p) => p.status !== 'active')
  for (const p of down) io.err(`\n${p.name}: ${p.error?.message ?? p.status}`)
  for (const p of plugins)
    for (const off of p.switchedOff) io.err(`\n${p.name}: ${off.handler} switched off: ${off.error.message}`)
  return down.length > 0 ? 1 : 0
}
