/** What a service the bot depends on looks like right now. */
export interface HealthState {
  /** Whether it answers. */
  readonly ready: boolean
  /** What is wrong (or what was checked), for `/readyz` and the operator. */
  readonly detail?: string
}

/**
 * A plugin whose work depends on an outside service (a queue on Redis, an API) implements this:
 * `/readyz` calls `health()` on every active plugin that has it, and answers 503 while one says
 * `ready: false`. Keep it cheap and local (report the state the plugin's client already knows, e.g.
 * ioredis's `status === 'ready'`): it runs on every probe, and after 1 s it counts as not ready.
 */
export interface HealthReporter {
  health(): HealthState | Promise<HealthState>
}
