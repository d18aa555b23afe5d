import { describe, expect, it } from 'vitest'
import { mention, mentionedIds, renderMentions } from './mention.js'

describe('mention', () => {
  it('writes the platform-neutral markup adapters render', () => {
    expect(mention({ id: '42' })).toBe('<@42>')
    expect(mentionedIds(`hi ${mention({ id: '42' })} and <@!7>, again <@42>`)).toEqual(['42', '7'])
  })

  it('renders mentions for platforms without markup', () => {
    expect(renderMentions('hi <@42> and <@7>', (id) => (id === '42' ? '@Ada' : `@${id}`))).toBe(
      'hi @Ada and @7',
    )
    expect(renderMentions('no mention <@ here>', () => 'x')).toBe('no mention <@ here>')
  })
})
