export { ConfigError, type ConfigProblem, formatProblem } from './config/config-problem.js'
export {
  type BanterConfig,
  type BanterConfigInput,
  configSchema,
  defineConfig,
} from './config/config-schema.js'
export { type LoadedConfig, loadConfig } from './config/load-config.js'
export { ConsoleAdapter, type ConsoleAdapterOptions } from './console/console-adapter.js'
export { type HttpServer, type HttpServerOptions, startHttpServer } from './http/http-server.js'
export { createMetrics } from './http/metrics.js'
export { type App, type AppOptions, createApp } from './runtime/create-app.js'
