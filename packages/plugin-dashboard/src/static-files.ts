import { existsSync, readdirSync, readFileSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/**
 * The folder of the built web assets: `dist/web` of this package, whether this module runs from
 * `dist/` (published) or from `src/` (the workspace's tests).
 */
export function webRoot(): string | undefined {
  const here = fileURLToPath(new URL('.', import.meta.url))
  return [join(here, 'web'), join(here, '../dist/web')].find((dir) => existsSync(join(dir, 'index.html')))
}

/** One file, read once. */
interface Asset {
  readonly body: Buffer
  readonly type: string
}

/** Reads every built asset below `root`, with `index.html`'s `<base href>` set to `basePath`. */
function readAssets(root: string, basePath: string): Map<string, Asset> {
  const files = new Map<string, Asset>()
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${prefix}/${entry.name}`
      if (entry.isDirectory()) walk(join(dir, entry.name), path)
      else
        files.set(path, {
          body: readFileSync(join(dir, entry.name)),
          type: TYPES[extname(entry.name)] ?? 'application/octet-stream',
        })
    }
  }
  walk(root, '')
  const index = files.get('/index.html')
  if (index)
    files.set('/index.html', {
      ...index,
      body: Buffer.from(
        index.body.toString('utf8').replace(/<base href="[^"]*"/, `<base href="${basePath}/"`),
      ),
    })
  return files
}

/**
 * The built assets, read into memory on the first request (not at start: a bot whose dashboard
 * nobody opens never reads them): a fixed list, so no request path ever reaches the file system.
 * `index.html` answers every page path (the app routes in the browser).
 */
export class StaticFiles {
  readonly #root: string
  readonly #basePath: string
  #loaded: Map<string, Asset> | undefined

  /**
   * @param root - the built assets
   * @param basePath - where the dashboard is served (`/dashboard`): `index.html`'s `<base href>`
   */
  constructor(root: string, basePath: string) {
    this.#root = root
    this.#basePath = basePath
  }

  get #files(): Map<string, Asset> {
    this.#loaded ??= readAssets(this.#root, this.#basePath)
    return this.#loaded
  }

  /** Answers a GET for `path` (below the dashboard's prefix); false when it is no asset. */
  serve(path: string, response: ServerResponse): boolean {
    const asset = this.#files.get(path)
    if (asset) {
      response.statusCode = 200
      response.setHeader('content-type', asset.type)
      response.setHeader(
        'cache-control',
        path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      )
      response.end(asset.body)
      return true
    }
    if (path.startsWith('/assets/') || extname(path) !== '') return false
    const index = this.#files.get('/index.html')
    if (!index) return false
    response.statusCode = 200
    response.setHeader('content-type', index.type)
    response.setHeader('cache-control', 'no-cache')
    response.end(index.body)
    return true
  }
}
