import type { ChatAttachment } from '@banter/core'
import type { Attachment } from 'discord.js'
import { discordError } from './errors.js'

const DOWNLOAD_TIMEOUT_MS = 60_000

function tooLarge(name: string, size: number, max: number) {
  return discordError(
    'DISCORD_ATTACHMENT_TOO_LARGE',
    `attachment "${name}" is ${size} bytes${size > max ? '' : ' or more'}, over the ${max}-byte limit: it was not downloaded`,
    { details: { size, max } },
  )
}

/**
 * Downloads a file with a size cap: refuses before downloading when the reported size is over `max`,
 * and stops reading as soon as more than `max` bytes arrive (the reported size may be wrong).
 */
export async function download(
  url: string,
  name: string,
  reportedSize: number,
  max: number,
): Promise<Uint8Array> {
  if (reportedSize > max) throw tooLarge(name, reportedSize, max)
  let response: Response
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) })
  } catch (cause) {
    throw discordError(
      'DISCORD_ATTACHMENT_DOWNLOAD_FAILED',
      `could not download attachment "${name}": ${(cause as Error).message}`,
      { cause },
    )
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel()
    throw discordError(
      'DISCORD_ATTACHMENT_DOWNLOAD_FAILED',
      `could not download attachment "${name}": the CDN answered ${response.status}`,
      { details: { status: response.status } },
    )
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > max) {
    await response.body.cancel()
    throw tooLarge(name, declared, max)
  }
  const chunks: Uint8Array[] = []
  let total = 0
  const reader = response.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > max) {
      await reader.cancel()
      throw tooLarge(name, total, max)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks, total)
}

/**
 * Maps a discord.js attachment to a core {@link ChatAttachment} whose bytes are downloaded on the first
 * `read()` (and kept for later reads), never more than `max` bytes.
 */
export function toChatAttachment(attachment: Attachment, max: number): ChatAttachment {
  let bytes: Promise<Uint8Array> | undefined
  return {
    id: attachment.id,
    name: attachment.name,
    size: attachment.size,
    url: attachment.url,
    ...(attachment.contentType ? { contentType: attachment.contentType } : {}),
    read() {
      bytes ??= download(attachment.url, attachment.name, attachment.size, max).catch((error: unknown) => {
        bytes = undefined
        throw error
      })
      return bytes
    },
  }
}
