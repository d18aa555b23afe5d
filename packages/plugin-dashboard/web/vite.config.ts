import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

// The dashboard's front end: Preact, bundled into ../dist/web with relative asset URLs (the server
// sets <base href> to the configured path). No inline script: the CSP forbids it.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
})
