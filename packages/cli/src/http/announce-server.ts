import type { Bot, Disposer } from '@banter/core'
import { adminTokenMatches } from './admin-token.js'

/**
 * Tells the bot's plugins (a dashboard) where the bot app's HTTP server is and lets them check the
 * admin token (`ctx.admin.server()`). Returns the disposer that withdraws it.
 */
export function announceServer(bot: Bot, url: string, adminToken: string | undefined): Disposer {
  return bot.http.attachServer({
    url,
    adminToken: Boolean(adminToken),
    verifyAdminToken: (candidate) =>
      Boolean(adminToken) && adminTokenMatches(adminToken ?? '', `Bearer ${candidate}`),
  })
}
