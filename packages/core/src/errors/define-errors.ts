import { BanterError, type BanterErrorOptions } from './banter-error.js'
import type { BanterErrorCode } from './error-codes.js'

/** A function that creates the errors of one catalogue (see {@link defineErrors}). */
export type ErrorFactory<Code extends string> = (
  code: Code,
  message: string,
  options?: Omit<BanterErrorOptions, 'hint'> & { readonly hint?: string },
) => BanterError

/**
 * Declares a package's error catalogue: permanent codes, each with the sentence that says what to do.
 * Returns the catalogue and a factory that builds a {@link BanterError} with the catalogue's hint (and,
 * with `defaults.plugin`, the plugin the errors are about).
 * Every package keeps its own codes, prefixed with its name; core's own are in `ERROR_CODES`.
 *
 * @example
 * ```ts
 * export const { codes: GREETER_ERRORS, error: greeterError } = defineErrors({
 *   GREETER_NO_NAME: 'Give the user a display name, or set `fallbackName`.',
 * })
 * throw greeterError('GREETER_NO_NAME', 'user 42 has no name to greet')
 * ```
 */
export function defineErrors<
  const Catalogue extends Readonly<Record<`${Uppercase<string>}_${Uppercase<string>}`, string>>,
>(
  catalogue: Catalogue,
  defaults: { readonly plugin?: string } = {},
): { readonly codes: Catalogue; readonly error: ErrorFactory<keyof Catalogue & string> } {
  const error: ErrorFactory<keyof Catalogue & string> = (code, message, options = {}) =>
    new BanterError(code as BanterErrorCode, message, {
      ...(defaults.plugin === undefined ? {} : { plugin: defaults.plugin }),
      ...options,
      hint: options.hint ?? (catalogue[code] as string),
    })
  return { codes: catalogue, error }
}
