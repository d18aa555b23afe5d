import { createRequire } from 'node:module'

/**
 * tldts's `parse`. tldts is CommonJS without a `"type"`: an `import` of its 200 kB file makes Node 20
 * compile it twice (to detect its module syntax, then as CommonJS) and scan it for export names;
 * `require` compiles it once, which saves a large part of the plugin's start-up.
 */
export const parseDomain: typeof import('tldts').parse = (
  createRequire(import.meta.url)('tldts') as typeof import('tldts')
).parse
