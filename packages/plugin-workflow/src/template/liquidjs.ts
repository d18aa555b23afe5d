import { createRequire } from 'node:module'
import type * as Liquidjs from 'liquidjs'

/**
 * liquidjs. Its `main` is a 180 kB CommonJS file without a `"type"`: an `import` makes Node 20
 * compile it twice (to detect its module syntax, then as CommonJS) and scan it for export names;
 * `require` compiles it once.
 */
export const liquidjs = createRequire(import.meta.url)('liquidjs') as typeof Liquidjs

/** liquidjs's types, by the names of its exports. */
export type { Liquidjs }
