/**
 * The catalogue of every {@link BanterError} code. Codes are permanent: once published a code is
 * never reused for another meaning, and a code that is no longer raised stays listed here.
 *
 * Each entry says, in plain words, what to do about the error; the message of the error itself says
 * what happened and why.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: 'Fix the option named in the message and start again.',
  MANIFEST_INVALID: 'Fix the static `manifest` of the plugin class (see "Write your first plugin").',
  PLUGIN_NOT_FOUND:
    'Check the name or path; install the package with `npm install <name>` if it is an npm package.',
  PLUGIN_EXPORTS_INVALID:
    'Export a plugin: a class that extends BasePlugin or a definePlugin() object (default export or by name), or hook functions (initialize, onMessageReceived, ...) with a manifest.',
  PLUGIN_ALREADY_LOADED: 'Unload the loaded copy first, or give each copy its own manifest name.',
  PLUGIN_NOT_LOADED: 'Check the name with `bot.plugins.list()`.',
  DEPENDENCY_MISSING: 'Load the missing plugin too, or remove the dependency from the manifest.',
  DEPENDENCY_VERSION: 'Install a version of the dependency inside the range, or widen the range.',
  DEPENDENCY_CYCLE: 'Break the cycle: one of these plugins must not depend on the other.',
  DEPENDENCY_DOWN: 'Fix the dependency first; this plugin starts when it is active.',
  PERMISSION_UNKNOWN: 'Use only the permissions listed in the @banter/core README.',
  PERMISSION_DENIED: 'Declare the permission in the manifest, or remove it from the operator deny list.',
  INITIALIZE_FAILED: 'Read the cause below, fix the plugin or its options, then `reload` it.',
  HOOK_TIMEOUT: 'Make the handler finish sooner, or raise `timeouts` in the bot options.',
  HOOK_FAILED: 'Read the cause below; the plugin is disabled after repeated failures.',
  CIRCUIT_OPEN: 'Fix the cause, then enable the plugin again (`bot.plugins.enable(name)`).',
  SERVICE_MISSING: 'Load a plugin that provides the service, or list it in the manifest `uses` as optional.',
  SERVICE_TAKEN: 'Only one plugin may provide a service; disable the other provider.',
  COMMAND_TAKEN: 'Rename the command or one of its aliases; another plugin owns that name.',
  STORAGE_UNAVAILABLE: 'Check the storage URL and that the backend package is installed.',
  STORAGE_CONFLICT:
    'Other writers kept changing the key: try again later, or spread the writes over more keys (or use `increment`).',
  STORAGE_VALUE_INVALID:
    'Store only what JSON can hold, increment only keys that hold numbers, and pass finite numbers of milliseconds.',
  LOCK_TIMEOUT: 'Another holder kept the lock: keep critical sections short, or raise `waitMs`.',
  LOCK_LOST: 'The store was unreachable longer than the lock TTL: check the connection, or raise `ttlMs`.',
  BOT_STOPPED: 'Start the bot first; a stopped bot takes no messages.',
  ADAPTER_FAILED: 'Check the adapter options and the platform connection.',
  MESSAGE_INVALID: 'Send a message with at least a channel id and text content.',
  UI_INVALID:
    "Fix the page, widget or menu item named in the message: only the listed components, ids of lower-case letters, routes of the plugin's own.",
  ROUTE_INVALID: 'Use a path that starts with "/" and is not already taken by the plugin.',
  EVENT_NOT_ALLOWED:
    "Emit only `<plugin name>.*` events or names listed in the manifest `emits`; `bot.*`, `plugin.*`, `message.*` and `command.*` are core's alone.",
  HANDLER_DISABLED:
    'Fix the handler named in the message, then `enable` or `reload` the plugin to switch it back on.',
  NAME_RESERVED: 'Pick another plugin name; core uses this one for itself.',
  CONFIG_APPLY_FAILED:
    'The plugin kept its previous options: read the cause below, fix the value or the plugin, then try again.',
  CORE_INCOMPATIBLE:
    'Install a version of the plugin made for the running @banter/core, or upgrade @banter/core to a version inside the range the plugin declares.',
} as const

/** A permanent error code of core, from {@link ERROR_CODES}. */
export type CoreErrorCode = keyof typeof ERROR_CODES

/**
 * A permanent error code: one of core's, or a plugin's own, written `PLUGIN_CODE` in upper case with the
 * plugin name first (`OPENAI_KEY_REJECTED`). Plugins keep their codes in one catalogue file and pass the
 * "what to do" sentence as `hint`.
 */
export type BanterErrorCode = CoreErrorCode | `${Uppercase<string>}_${Uppercase<string>}`
