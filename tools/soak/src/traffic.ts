import type { MessageInit } from '@banter/core'

const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
const encoder = new TextEncoder()

function file(name: string, text: string) {
  const bytes = encoder.encode(text)
  return { id: name, name, size: bytes.length, read: async () => bytes }
}

/**
 * The message mix of the soak run, one kind per index so every kind recurs steadily: commands of
 * core and every plugin, workflow runs (a command trigger and a message trigger), links the
 * antivirus checks, files it scans (clean and EICAR), plain chat from many users and channels.
 */
export function trafficMessage(n: number): MessageInit {
  const user = { id: `u${n % 500}`, name: `user ${n % 500}`, bot: false }
  const channelId = `c${n % 20}`
  const base = { author: user, channelId, guildId: 'g1' }
  switch (n % 12) {
    case 0:
      return { ...base, content: '!ping' }
    case 1:
      return { ...base, content: '!run hello' }
    case 2:
      return { ...base, content: `echo soak message ${n}` }
    case 3:
      return { ...base, content: `look at https://example${n % 50}.com/page?n=${n} and discord.com` }
    case 4:
      return { ...base, content: 'free nitro https://dіscord-nitro.gift/claim' }
    case 5:
      return { ...base, content: `report ${n}`, attachments: [file(`r${n % 7}.txt`, `report ${n % 7}`)] }
    case 6:
      return { ...base, content: 'test file', attachments: [file('eicar.com', EICAR)] }
    case 7:
      return { ...base, content: '!help' }
    case 8:
      return { ...base, content: '!workflow list' }
    case 9:
      return { ...base, content: `!remind ${n}` }
    default:
      return { ...base, content: `just chatting, message ${n} ${'·'.repeat(n % 300)}` }
  }
}
