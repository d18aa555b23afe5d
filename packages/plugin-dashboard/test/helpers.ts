import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { type App, createApp } from '@banter/cli'

const contrib = new URL('./fixtures/contrib-plugin.ts', import.meta.url).pathname

/** The YAML config of the test bot: timestamp, the contributing fixture, the dashboard. */
export function yaml(adminToken: string | undefined): string {
  return [
    '# dashboard test bot',
    'storage: memory',
    'http:',
    '  port: 0',
    ...(adminToken ? [`  adminToken: ${adminToken}`] : []),
    'plugins:',
    '  antivirus:',
    '    engines: [builtin]',
    '  timestamp:',
    '    format: yyyy-MM-dd HH:mm:ss # the stamp',
    `  ${contrib}: {}`,
    '  dashboard: {}',
    '  workflow:',
    '    workflows:',
    '      - id: hello',
    '        trigger: { command: true }',
    '        steps:',
    '          - { id: greet, type: reply, text: "Hello from a workflow" }',
    'access:',
    '  admin:',
    '    users: [console]',
    'log:',
    '  level: info',
    '',
  ].join('\n')
}

/** A bot started from a YAML file on the console adapter, with its HTTP server. */
export interface RunningBot {
  readonly app: App
  /** Base URL of the dashboard (`http://127.0.0.1:<port>/dashboard`). */
  readonly dashboard: string
  /** The YAML config file. */
  readonly file: string
  /** Log lines so far. */
  readonly logs: string[]
  /** Types a line in the console; resolves to the bot's answer. */
  say(line: string): Promise<string>
  stop(): Promise<void>
}

/** Starts the test bot (with an admin token, or without: then a one-time link is logged). */
export async function startBot(adminToken?: string): Promise<RunningBot> {
  const dir = mkdtempSync(join(tmpdir(), 'banter-dashboard-'))
  const file = join(dir, 'banter.config.yaml')
  writeFileSync(file, yaml(adminToken))
  const input = new PassThrough()
  const output = new PassThrough()
  let text = ''
  output.on('data', (chunk) => {
    text += String(chunk)
  })
  const logs: string[] = []
  const app = await createApp({
    config: file,
    input,
    output,
    env: {},
    logDestination: { write: (line: string) => void logs.push(line) },
  })
  await app.start()
  const say = async (line: string) => {
    const from = text.length
    input.write(`${line}\n`)
    for (let i = 0; i < 150 && !text.slice(from).includes('\n'); i++)
      await new Promise((r) => setTimeout(r, 20))
    return text
      .slice(from)
      .trim()
      .replace(/^bot> /, '')
  }
  return {
    app,
    dashboard: `${app.http?.url}/dashboard`,
    file,
    logs,
    say,
    stop: async () => {
      await app.stop('test done')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A browser-less client of the dashboard API: keeps the session cookie and the CSRF token. */
export class DashboardClient {
  cookie = ''
  csrf = ''
  readonly base: string

  constructor(base: string) {
    this.base = base
  }

  /** Logs in with the admin token; resolves to the response. */
  async login(token: string): Promise<Response> {
    const res = await this.request('POST', '/api/login', { token })
    if (res.ok) this.csrf = ((await res.clone().json()) as { csrf: string }).csrf
    return res
  }

  /** Sends a request with the cookie (and the CSRF token unless `csrf: false`). */
  async request(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: boolean } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {}
    if (this.cookie) headers.cookie = this.cookie
    if (method !== 'GET' && options.csrf !== false && this.csrf) headers['x-csrf-token'] = this.csrf
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const set = res.headers.get('set-cookie')
    if (set) this.cookie = set.split(';')[0] as string
    return res
  }

  /** GETs JSON. */
  async json<T>(path: string): Promise<T> {
    const res = await this.request('GET', path)
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
}
