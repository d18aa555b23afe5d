import { BasePlugin } from './base-plugin.js'
import type { PluginContext } from './plugin-context.js'
import type { FileInput, FileMeta, ScannerService, ScanResult } from './security-types.js'

/** The pipeline priority security plugins use by default: they run before every other plugin. */
export const SECURITY_PRIORITY = 1000

/**
 * Base of security plugins. Implement `scanFile` and `scanMessage`; `initialize` provides them as the
 * `scanner` service. Give the manifest `priority: SECURITY_PRIORITY` so the plugin's
 * `onMessageReceived` runs first and can stop a message before any other plugin sees it.
 */
export abstract class SecurityPlugin<Config = Record<string, never>>
  extends BasePlugin<Config>
  implements ScannerService
{
  /** Scans a file. */
  abstract scanFile(input: FileInput, meta?: FileMeta): Promise<ScanResult>
  /** Scans message text. */
  abstract scanMessage(text: string): Promise<ScanResult>

  /** Provides this plugin as the `scanner` service. */
  protected provideScanner(ctx: PluginContext<Config>): void {
    ctx.services.provide('scanner', {
      scanFile: (input, meta) => this.scanFile(input, meta),
      scanMessage: (text) => this.scanMessage(text),
    })
  }

  override initialize(ctx: PluginContext<Config>): void | Promise<void> {
    this.provideScanner(ctx)
  }
}
