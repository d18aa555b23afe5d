/**
 * Where a plugin's code runs: `inline` on the bot's event loop (the default), `worker` in a
 * `worker_threads` worker with resource limits, `isolate` in a V8 isolate with no Node APIs
 * (`@banter/sandbox`, see docs/sandbox.md).
 */
export type IsolationMode = 'inline' | 'worker' | 'isolate'

/** How one plugin is isolated (`BotOptions.sandbox`, keyed by the config's plugin key or manifest name). */
export interface SandboxSettings {
  /** The isolation mode. */
  readonly isolation: IsolationMode
  /** Heap limit of the worker or isolate, in MB. */
  readonly memoryMb?: number | undefined
  /** CPU budget of one call into the plugin, in ms (a wall-clock budget of a busy worker). */
  readonly cpuMs?: number | undefined
  /** Hosts `ctx.fetch` may reach (`example.com`, `*.example.com`, `127.0.0.1:8080`). */
  readonly network?: readonly string[] | undefined
}
