/** The HTTP server that serves the bot's routes, as the bot app describes it (`bot.http.server`). */
export interface HttpServerInfo {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string
  /** Whether an admin token is configured (`http.adminToken`). */
  readonly adminToken: boolean
  /** Whether `candidate` is the admin token (compared in constant time); false when none is set. */
  verifyAdminToken(candidate: string): boolean
}
