import { PassThrough } from 'node:stream'
import { asWorkerOptions, WORKFLOW_PLUGIN_NAME } from '@banter/plugin-workflow'
import { loadConfig } from '../config/load-config.js'
import { createApp } from '../runtime/create-app.js'
import { relaunchForIsolates } from '../runtime/node-flags.js'
import { describeError, runApp } from '../runtime/run-app.js'
import type { CliIo } from './io.js'

/** Options of {@link runWorker}. */
export interface WorkerOptions {
  /** Configuration file (the same one the bot uses). */
  readonly config: string
  /** Concurrent workflow jobs in this process. */
  readonly workers: number
  /** Serve HTTP too (off by default: several workers on one machine would share the port). */
  readonly http?: boolean
  /** Environment (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv
}

const WORKFLOW_KEYS = [WORKFLOW_PLUGIN_NAME, '@banter/plugin-workflow']

/**
 * `banter worker`: runs workflow jobs only, from the same configuration as the bot. The workflow
 * plugin runs in worker mode (schedules and jobs, no chat triggers); the other plugins load too, so
 * `ai` and `command` steps work; the adapter connects for sending only (Discord over REST, no
 * gateway). Start as many as you like, on any machine that reaches the same Redis.
 */
export async function runWorker(options: WorkerOptions, io: CliIo): Promise<number> {
  let app: Awaited<ReturnType<typeof createApp>>
  try {
    const { config } = await loadConfig(options.config, options.env)
    const relaunched = await relaunchForIsolates(config)
    if (relaunched !== undefined) return relaunched
    const key = Object.keys(config.plugins).find((k) => WORKFLOW_KEYS.includes(k))
    if (!key || config.plugins[key] === false) {
      io.err(
        `${options.config} does not enable the workflow plugin: a worker has nothing to run.\n  → Add \`workflow: { driver: bullmq, redis: redis://… }\` under plugins.`,
      )
      return 1
    }
    const workflow = asWorkerOptions(
      (config.plugins[key] ?? {}) as Parameters<typeof asWorkerOptions>[0],
      options.workers,
    )
    app = await createApp({
      config: options.config,
      ...(options.env ? { env: options.env } : {}),
      pluginOverrides: { [key]: workflow as Record<string, unknown> },
      sendOnly: true,
      input: new PassThrough(), // a worker reads no chat: the console adapter only prints what it sends
      http: options.http ?? false,
    })
  } catch (error) {
    io.err(describeError(error))
    return 1
  }
  return runApp(app, io, () =>
    app.logger.info(
      { workers: options.workers },
      `workflow worker running ${options.workers} job(s) at a time`,
    ),
  )
}
