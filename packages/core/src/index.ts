export { z } from 'zod'
export type { AdapterEventName, AdapterHost } from './adapter/adapter-host.js'
export type { ChatAdapter, DeliveryReceipt } from './adapter/chat-adapter.js'
export type { UsageLine, UsageReport } from './analytics/usage-analytics.js'
export { UsageAnalytics } from './analytics/usage-analytics.js'
export type { AuditActor, AuditEntry, AuditInput, AuditLog } from './audit/audit-log.js'
export { Bot } from './bot/bot.js'
export type { BotOptions, BotStatus } from './bot/bot-options.js'
export { createBot } from './bot/create-bot.js'
export { type AccessConfig, type AccessLevel, hasAccess, type RoleRef } from './commands/access.js'
export type { CommandContext, CommandDefinition, CommandInfo } from './commands/command.js'
export type { CommandRegistry } from './commands/command-registry.js'
export type { CommandCaller, CommandRunResult } from './commands/command-runner.js'
export { argSlots, excerpt, tokenize, usageLine, validateArgs } from './commands/parse-args.js'
export type { ConfigStore, OptionsChange } from './config/config-store.js'
export {
  changedPaths,
  isSecretPath,
  MASK,
  maskSecrets,
  mergePatch,
  type OptionPath,
  pathText,
  valueAt,
} from './config/option-paths.js'
export { type JsonSchema, optionsJsonSchema, secretPaths } from './config/options-json-schema.js'
export type { StandardSchemaV1 } from './config/standard-schema.js'
export { formatPath, isSecretKey, type OptionIssue, validateOptions } from './config/validate-options.js'
export {
  BanterError,
  type BanterErrorOptions,
  isBanterError,
  PermissionDeniedError,
} from './errors/banter-error.js'
export { defineErrors, type ErrorFactory } from './errors/define-errors.js'
export { type BanterErrorCode, ERROR_CODES } from './errors/error-codes.js'
export type { BotEventName, BotEvents, EventError, EventHandler } from './events/bot-events.js'
export { EventManager } from './events/event-manager.js'
export type { HealthReporter, HealthState } from './health/health-state.js'
export { checkReadiness, type ReadinessReport } from './health/readiness.js'
export type {
  HttpAuth,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  HttpRoute,
  NodeHttpHandler,
  RegisteredRoute,
} from './http/http-route.js'
export type { HttpServerInfo } from './http/http-server-info.js'
export type { RouteRegistry } from './http/route-registry.js'
export { type CreateLoggerOptions, createLogger, type Logger, REDACT_PATHS } from './logger/create-logger.js'
export {
  type ChatAttachment,
  type ChatMentions,
  type ChatMessage,
  type ChatUser,
  type CommandInvocation,
  type MessageDraft,
  type MessageRef,
  type OutgoingAttachment,
  type OutgoingMessage,
  type SentMessage,
  STOP,
  type Stop,
} from './messages/chat-message.js'
export { assertChatMessage, createMessage, type MessageInit } from './messages/create-message.js'
export { mention, mentionedIds, renderMentions } from './messages/mention.js'
export { openFence, splitMessage } from './messages/split-message.js'
export {
  isPermission,
  PERMISSIONS,
  type Permission,
  type PermissionOverride,
  PermissionSet,
} from './permissions/permissions.js'
export { AIProviderPlugin } from './plugins/ai-provider-plugin.js'
export type { AIGenerateOptions, AIMessage, AIResult, AIService } from './plugins/ai-types.js'
export { AutomationPlugin, type RunHandle, type WorkflowSummary } from './plugins/automation-plugin.js'
export {
  BasePlugin,
  type ConfigChangeResult,
  type InboundResult,
  isPluginClass,
  type OutboundResult,
  type PluginBaseWithConfig,
  type PluginClass,
} from './plugins/base-plugin.js'
export {
  type DefinedPlugin,
  definePlugin,
  isPluginDefinition,
  type PluginDefinition,
  type PluginTeardown,
} from './plugins/define-plugin.js'
export {
  functionPlugin,
  MODULE_HOOKS,
  type PluginModuleManifest,
  type PluginModuleOrigin,
} from './plugins/function-plugin.js'
export {
  CORE_EVENT_PREFIXES,
  isCoreEvent,
  type PluginManifest,
  RESERVED_PLUGIN_NAMES,
  validateManifest,
} from './plugins/manifest.js'
export {
  assertCoreCompatible,
  CORE_VERSION,
  coreRangeIncludes,
  coreRangeOf,
  type PluginPackageJson,
  packageMetadata,
} from './plugins/package-metadata.js'
export { PluginAdmin } from './plugins/plugin-admin.js'
export type { ConfigApplied, ConfigureResult, OptionChange } from './plugins/plugin-configure.js'
export type {
  PluginCommands,
  PluginContext,
  PluginHttp,
  PluginMessages,
  PluginServices,
  ScopedEvents,
} from './plugins/plugin-context.js'
export {
  type ConfiguredPlugin,
  type PluginOptions,
  type PluginOptionsArgument,
  plugin,
} from './plugins/plugin-entry.js'
export type { FailedEntry, SkippedEntry } from './plugins/plugin-folder.js'
export { type LoadedModule, loadPluginModule, packageCandidates } from './plugins/plugin-loader.js'
export type { ManageActor, ManagedBot, PluginManagement } from './plugins/plugin-management.js'
export { type PluginEntry, PluginManager } from './plugins/plugin-manager.js'
export type { PluginInfo, PluginStatus, SwitchedOffHandler } from './plugins/plugin-record.js'
export type { PluginUi } from './plugins/plugin-ui.js'
export {
  SANDBOXED,
  type SandboxProvider,
  type SandboxRequest,
  sandboxedSettings,
} from './plugins/sandbox-hook.js'
export type { IsolationMode, SandboxSettings } from './plugins/sandbox-settings.js'
export type { InferConfig, InferOptions } from './plugins/schema-types.js'
export { SECURITY_PRIORITY, SecurityPlugin } from './plugins/security-plugin.js'
export type {
  FileInput,
  FileMeta,
  ScannerService,
  ScanResult,
  ScanVerdict,
  SecurityThreat,
  Threat,
} from './plugins/security-types.js'
export type { Disposer } from './runtime/disposables.js'
export type { ReceiveResult } from './runtime/message-flow.js'
export type { PluginStatsSnapshot } from './runtime/plugin-stats.js'
export type { BotInfo, PluginTimeouts } from './runtime/runtime.js'
export type { MessagePlace, ScopeGate } from './scopes/scope-gate.js'
export type { PluginScopes, ScopeRegistry, ScopeRule, ScopesConfig } from './scopes/scope-registry.js'
export type { ServiceCaller, ServiceRegistry } from './services/service-registry.js'
export type { BanterServices, ServiceName } from './services/services.js'
export type { LockOptions, PluginLocks } from './storage/plugin-locks.js'
export type { PluginStorage, StorageUpdater, StorageWriteOptions } from './storage/plugin-storage.js'
export { createStorage, type StorageBackend, type StorageSpec } from './storage/storage-backend.js'
export { type Clock, systemClock, type TimerHandle } from './timers/clock.js'
export type { PluginTimers, TimerCounter } from './timers/plugin-timers.js'
export {
  type UiComponentInput,
  type UiMenuItemInput,
  type UiPageInput,
  type UiWidgetInput,
  uiBodySchema,
  uiComponentSchema,
} from './ui/ui-components.js'
export type { UiComponent, UiMenuItem, UiPage, UiRegistry, UiWidget } from './ui/ui-registry.js'
