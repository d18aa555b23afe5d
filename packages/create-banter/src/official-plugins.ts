/** An official plugin a new project can start with. */
export interface OfficialPlugin {
  /** The short name used in `--plugins` and as the config key (`timestamp`). */
  readonly key: string
  /** Its npm package. */
  readonly packageName: string
  /** One line for the prompt and the README. */
  readonly description: string
  /** Its `plugins:` entry in banter.config.yaml, indented by two spaces, comments included. */
  readonly config: string
  /** Environment variables it reads, for .env.example (`NAME=value # comment`). */
  readonly env: readonly string[]
}

/** The official plugins, in the order the prompt lists them. */
export const OFFICIAL_PLUGINS: readonly OfficialPlugin[] = [
  {
    key: 'timestamp',
    packageName: '@banter/plugin-timestamp',
    description: 'stamps every message the bot sends with the time',
    config: `  # Stamps everything the bot sends.
  timestamp:
    format: HH:mm
    timeZone: \${TZ:-UTC}
`,
    env: ['TZ=UTC'],
  },
  {
    key: 'openai',
    packageName: '@banter/plugin-openai',
    description: 'AI replies through OpenAI or any OpenAI-compatible server (Ollama, ...)',
    config: `  # AI replies: set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server such as Ollama.
  # Without either, the plugin says so in one line and stays off.
  openai:
    apiKey: \${OPENAI_API_KEY:-}
    baseURL: \${OPENAI_BASE_URL:-}
    model: \${OPENAI_MODEL:-gpt-4o-mini}
`,
    env: ['OPENAI_API_KEY=', '# OPENAI_BASE_URL=http://127.0.0.1:11434/v1', 'OPENAI_MODEL=gpt-4o-mini'],
  },
  {
    key: 'antivirus',
    packageName: '@banter/plugin-antivirus',
    description: 'scans attachments and links, quarantines threats',
    config: `  # Scans attachments and links with the built-in engine (no server needed).
  antivirus: {}
`,
    env: [],
  },
  {
    key: 'workflow',
    packageName: '@banter/plugin-workflow',
    description: 'automations: triggers and steps declared in the config (!run <id>)',
    config: `  # Automation on the in-memory queue (for production: driver bullmq, redisUrl redis://...).
  workflow:
    workflows:
      - id: hello
        description: Says hello (try !run hello)
        trigger: { command: true }
        steps:
          - type: reply
            text: "Hello, {{ trigger.message.author.name }}!"
`,
    env: [],
  },
]

/** The official plugin with this key, or `undefined`. */
export function officialPlugin(key: string): OfficialPlugin | undefined {
  return OFFICIAL_PLUGINS.find((plugin) => plugin.key === key)
}
