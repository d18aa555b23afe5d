import { describe, expect, it } from 'vitest'
import { runConfigSchema } from '../src/cli/options-schema.js'
import { recordingIo, tempDir } from './helpers.js'

describe('banter config schema <plugin>', () => {
  it("prints the JSON Schema of a configured plugin's options, and names the loaded ones for a typo", async () => {
    const t = tempDir({
      'banter.config.yaml': 'http:\n  enabled: false\nplugins:\n  timestamp: {}\nlog:\n  level: silent\n',
    })
    const io = recordingIo()
    expect(await runConfigSchema(t.path('banter.config.yaml'), 'timestamp', io, {})).toBe(0)
    const schema = JSON.parse(io.out_.join('\n')) as { properties: Record<string, Record<string, unknown>> }
    expect(schema.properties.position).toMatchObject({ enum: ['prefix', 'suffix'], default: 'prefix' })
    expect(schema.properties.timeZone).toMatchObject({ description: 'IANA time zone' })
    expect(await runConfigSchema(t.path('banter.config.yaml'), 'timestmap', io, {})).toBe(1)
    expect(io.err_.join('\n')).toContain('loaded: timestamp')
    t.cleanup()
  })
})
