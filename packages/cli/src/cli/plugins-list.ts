import { isBanterError } from '@banter/core'
import { createApp } from '../runtime/create-app.js'
import { NullAdapter } from '../runtime/null-adapter.js'
import type { CliIo } from './io.js'

/**
 * `banter plugins list`: starts every configured plugin without a chat connection or HTTP, prints
 * name, version, status, permissions (and why a plugin is down), then stops. Exit 1 when one is down.
 */
export async function runPluginsList(
  path: string,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let app: Awaited<ReturnType<typeof createApp>>
  try {
    app = await createApp({ config: path, env, adapterOverride: new NullAdapter(), http: false })
  } catch (error) {
    if (!isBanterError(error)) throw error
    io.err(error.message)
    return 1
  }
  await app.start()
  const plugins = app.bot.plugins.list()
  await app.stop('plugins listed')
  const rows = plugins.map((p) => [p.name, p.version, p.status, p.permissions.join(', ') || '-'])
  const header = ['PLUGIN', 'VERSION', 'STATUS', 'PERMISSIONS']
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
  return down.length > 0 ? 1 : 0
}
