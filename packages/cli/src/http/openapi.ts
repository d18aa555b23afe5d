/** One operation of the OpenAPI document. */
interface Operation {
  readonly summary: string
  readonly body?: string
  readonly ok?: string
}

const NAME = { name: 'name', in: 'path', required: true, schema: { type: 'string' } }
const KIND = {
  name: 'kind',
  in: 'path',
  required: true,
  schema: { type: 'string', enum: ['guilds', 'channels'] },
}
const ID = { name: 'id', in: 'path', required: true, schema: { type: 'string' } }

const ROUTES: Record<string, Record<string, Operation>> = {
  '/api/plugins': {
    get: { summary: 'List plugins: status, version, permissions, emits, stats, switched-off handlers' },
    post: {
      summary: 'Load plugins from a specifier (an installed package name or a path on disk)',
      body: '{ "specifier": string, "options"?: object }',
      ok: '201',
    },
  },
  '/api/plugins/{name}': {
    get: { summary: 'One plugin, with its options (secrets masked)' },
    delete: { summary: 'Unload a plugin' },
  },
  '/api/plugins/{name}/schema': { get: { summary: "The JSON Schema of the plugin's options" } },
  '/api/plugins/{name}/config': {
    get: { summary: 'The options the plugin runs on, as given (secrets masked)' },
    patch: {
      summary:
        'Change options (JSON merge patch): validated (400 with issues [{ path, message }], nothing changed), applied live, written back to the config file (secrets to .env); 409 when the file changed on disk',
      body: 'application/merge-patch+json',
    },
  },
  '/api/plugins/{name}/enable': { post: { summary: 'Start a plugin' } },
  '/api/plugins/{name}/disable': { post: { summary: 'Stop a plugin (it stays loaded)' } },
  '/api/plugins/{name}/reload': { post: { summary: 'Restart a plugin, re-reading its code' } },
  '/api/plugins/{name}/scopes': { get: { summary: "The plugin's rules per guild and per channel" } },
  '/api/plugins/{name}/scopes/{kind}/{id}': {
    put: {
      summary:
        'Set the rule of the plugin in one guild or channel (kind: guilds | channels): on/off and options over its own; persisted',
      body: '{ "enabled"?: boolean, "options"?: object }',
    },
    delete: { summary: 'Remove the rule: the guild or channel follows the wider setting again' },
  },
  '/api/analytics': {
    get: {
      summary:
        'Usage per plugin and per command over the last hours (?hours=168, at most 7 days): calls, errors, timeouts, p50/p99, last use, most used, most failing',
    },
  },
  '/api/audit': { get: { summary: 'The audit log, newest first (?limit=50)' } },
}

/** The OpenAPI 3.1 document of the admin API, served at `/api/openapi.json`. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const [path, operations] of Object.entries(ROUTES)) {
    paths[path] = {}
    for (const [method, op] of Object.entries(operations)) {
      paths[path][method] = {
        summary: op.summary,
        ...(path.includes('{name}')
          ? { parameters: path.includes('{kind}') ? [NAME, KIND, ID] : [NAME] }
          : {}),
        ...(op.body
          ? {
              requestBody: {
                required: true,
                content: {
                  [op.body.startsWith('application/') ? op.body : 'application/json']: {
                    schema: { type: 'object', description: op.body },
                  },
                },
              },
            }
          : {}),
        responses: {
          [op.ok ?? '200']: {
            description: 'OK',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          '400': { description: 'Bad request: { error, issues?: [{ path, message }] }' },
          '401': { description: 'Missing or wrong admin token (audited)' },
          '404': { description: 'No such plugin' },
          '409': {
            description: 'Conflict: the config file changed on disk, or the plugin is already loaded',
          },
          '422': { description: 'The plugin could not take the change; it runs on the previous options' },
        },
      }
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Banter admin API', version: '0.2.0' },
    components: { securitySchemes: { admin: { type: 'http', scheme: 'bearer' } } },
    security: [{ admin: [] }],
    paths,
  }
}
