import { readFileSync, writeFileSync } from 'node:fs'
import { isMap, isScalar, parseDocument, YAMLMap } from 'yaml'

/**
 * Adds `key` to the `plugins:` map of a YAML config, with `options` (default `{}`), keeping every
 * comment and the layout of the rest. Does nothing when the key is there already. Returns whether
 * the file changed.
 */
export function addPluginToConfig(file: string, key: string, options: Record<string, unknown> = {}): boolean {
  const doc = parseDocument(readFileSync(file, 'utf8'))
  let plugins = doc.get('plugins', true)
  if (!isMap(plugins)) {
    plugins = new YAMLMap()
    doc.set('plugins', plugins)
  }
  const map = plugins as YAMLMap
  if (map.has(key)) return false
  // `plugins: {}` is written in flow style; a new entry goes on its own line.
  map.flow = false
  map.set(doc.createNode(key), doc.createNode(options))
  writeFileSync(file, doc.toString())
  return true
}

/**
 * Sets `sandbox.<key>.isolation` (comments kept); `inline` removes the entry. Returns whether the
 * file changed.
 */
export function setPluginIsolation(
  file: string,
  key: string,
  isolation: 'inline' | 'worker' | 'isolate',
): boolean {
  const doc = parseDocument(readFileSync(file, 'utf8'))
  const current = doc.getIn(['sandbox', key, 'isolation'])
  if (isolation === 'inline') {
    if (current === undefined) return false
    doc.deleteIn(['sandbox', key])
  } else {
    if (current === isolation) return false
    if (!isMap(doc.get('sandbox', true))) doc.set('sandbox', new YAMLMap())
    const sandbox = doc.get('sandbox', true) as YAMLMap
    if (isMap(sandbox.get(key, true))) doc.setIn(['sandbox', key, 'isolation'], isolation)
    else sandbox.set(doc.createNode(key), doc.createNode({ isolation }))
  }
  writeFileSync(file, doc.toString())
  return true
}

/** Removes `key` from the `plugins:` map, keeping the comments of the other entries. Returns whether it was there. */
export function removePluginFromConfig(file: string, key: string): boolean {
  const doc = parseDocument(readFileSync(file, 'utf8'))
  const plugins = doc.get('plugins', true)
  if (!isMap(plugins) || !plugins.has(key)) return false
  plugins.delete(key)
  writeFileSync(file, doc.toString())
  return true
}

/** The keys of the `plugins:` map as written (no interpolation). */
export function configPluginKeys(file: string): string[] {
  const plugins = parseDocument(readFileSync(file, 'utf8')).get('plugins', true)
  if (!isMap(plugins)) return []
  return plugins.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)))
}
