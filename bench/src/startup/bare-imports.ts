/**
 * The start-up suite's baseline: a bare Node process that loads the given module files (the
 * dependencies the bot loaded, discord.js excluded) the way the bot did (`import`, or `require` for
 * `require:<url>`), prints `ready`, and exits at the end of input.
 *
 * argv[2] is a JSON file with the URLs.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const urls = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as string[]
let failed = 0
for (const url of urls) {
  try {
    if (url.startsWith('require:')) require(fileURLToPath(url.slice('require:'.length)))
    else await import(url)
  } catch {
    failed += 1
  }
}
process.stdout.write(`ready ${urls.length - failed}/${urls.length}\n`)
process.stdin.resume()
process.stdin.on('end', () => process.exit(0))
