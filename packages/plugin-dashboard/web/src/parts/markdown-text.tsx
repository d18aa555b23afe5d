import type { ComponentChildren } from 'preact'

function inline(text: string): ComponentChildren[] {
  // **bold** and `code`; everything else is text (no HTML is ever parsed).
  return text.split(/(\*\*[^*]+\*\*|`[^`]+`)/).map((part, i) => {
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4)
      return <strong key={i}>{part.slice(2, -2)}</strong>
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2)
      return <code key={i}>{part.slice(1, -1)}</code>
    return part
  })
}

/** A small markdown subset (paragraphs, `- ` lists, headings, bold, code) rendered as text nodes. */
export function MarkdownText({ text }: { text: string }) {
  const blocks = text.split(/\n\s*\n/)
  return (
    <div class="markdown">
      {blocks.map((block, i) => {
        const lines = block.split('\n')
        if (lines.every((l) => /^\s*[-*] /.test(l)))
          return (
            <ul key={i}>
              {lines.map((l, j) => (
                <li key={j}>{inline(l.replace(/^\s*[-*] /, ''))}</li>
              ))}
            </ul>
          )
        const heading = /^(#{1,3}) (.*)$/.exec(block)
        if (heading) return <h3 key={i}>{inline(heading[2] as string)}</h3>
        return <p key={i}>{inline(block)}</p>
      })}
    </div>
  )
}
