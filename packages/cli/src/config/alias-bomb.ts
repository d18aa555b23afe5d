import { type Document, isAlias, type Node, visit } from 'yaml'

/**
 * The most alias expansions a configuration may cause (the `yaml` library's `maxAliasCount`; its
 * default, written out so that a change of default cannot loosen it). An ordinary config uses a few.
 */
export const MAX_ALIAS_COUNT = 100

/** Whether a node holds an alias anywhere inside it. */
function holdsAlias(node: Node): boolean {
  let found = false
  visit(node, {
    Alias() {
      found = true
      return visit.BREAK
    },
  })
  return found
}

/**
 * Where an alias bomb starts: the first alias (`*name`) that points at a value holding aliases
 * itself, since repeating repeats is what makes the expansion explode; else the first alias. Its
 * name and offset in the text, or nothing when the document has no alias.
 */
export function aliasBombAt(doc: Document.Parsed): { alias: string; offset: number } | undefined {
  let first: { alias: string; offset: number } | undefined
  let nested: { alias: string; offset: number } | undefined
  visit(doc, {
    Alias(_key, node) {
      const at = { alias: node.source, offset: node.range?.[0] ?? 0 }
      first ??= at
      const target = node.resolve(doc)
      if (target && !isAlias(target) && holdsAlias(target)) {
        nested = at
        return visit.BREAK
      }
      return undefined
    },
  })
  return nested ?? first
}
