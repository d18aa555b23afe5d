import { BanterError, type BanterErrorCode, isBanterError } from '@banter/core/guest'
import type { ErrorData } from './protocol.js'

/** Turns anything thrown into plain data that crosses the boundary. */
export function toErrorData(error: unknown): ErrorData {
  if (isBanterError(error)) {
    return {
      name: error.name,
      message: error.summary,
      code: error.code,
      hint: error.hint,
      stack: error.stack,
    }
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return {
      name: error.name,
      message: error.message,
      stack: error.stack,
      ...(typeof code === 'string' ? { code } : {}),
    }
  }
  return { name: 'Error', message: typeof error === 'string' ? error : `non-error thrown: ${String(error)}` }
}

/**
 * Rebuilds an error from its data: a BanterError when it had a code of that shape (so that
 * `isBanterError`, `code` and `summary` work on both sides), a plain `Error` otherwise.
 */
export function fromErrorData(data: ErrorData): Error {
  const { name, message, code, hint, stack } = data
  if (
    typeof code === 'string' &&
    /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(code) &&
    name.startsWith('BanterError')
  ) {
    const error = new BanterError(code as BanterErrorCode, String(message), hint ? { hint } : {})
    if (stack) error.stack = `${error.name}: ${error.message}\n${stackFrames(stack)}`
    return error
  }
  const error = new Error(String(message))
  error.name = typeof name === 'string' ? name : 'Error'
  if (typeof code === 'string') (error as { code?: string }).code = code
  if (stack) error.stack = `${error.name}: ${error.message}\n${stackFrames(stack)}`
  return error
}

function stackFrames(stack: string): string {
  return String(stack)
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n')
}
