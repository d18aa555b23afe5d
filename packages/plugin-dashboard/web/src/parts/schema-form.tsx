import { useState } from 'preact/hooks'
import { ApiError, problem } from '../api'
import type { Schema } from '../types'
import { getAt, setAt, typeOf } from './form-values'

/** Per-field messages from the server's problems (`{ path: 'format', message }`). */
export type FieldErrors = Readonly<Record<string, string>>

interface Props {
  /** A form id, prefixing field ids. */
  readonly id: string
  /** The JSON Schema of an object. */
  readonly schema: Schema
  /** The values to start from. */
  readonly value: unknown
  /** The submit button's text. */
  readonly submitLabel: string
  /** Sends the values; resolves to a message shown after success. */
  readonly onSubmit: (value: unknown) => Promise<string>
}

/**
 * A form generated from a JSON Schema (types, enums, defaults, descriptions; secrets masked and
 * write-only). The server's problems are shown next to their fields.
 */
export function SchemaForm({ id, schema, value, submitLabel, onSubmit }: Props) {
  const [draft, setDraft] = useState<unknown>(value)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [message, setMessage] = useState('')
  const [failure, setFailure] = useState('')
  const [busy, setBusy] = useState(false)
  const submit = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setMessage('')
    setFailure('')
    try {
      setMessage(await onSubmit(draft))
      setErrors({})
    } catch (error) {
      const issues = error instanceof ApiError ? (error.body.issues ?? []) : []
      setErrors(Object.fromEntries(issues.map((i) => [i.path, i.message])))
      setFailure(issues.length > 0 ? ((error as ApiError).body.error ?? 'invalid values') : problem(error))
    } finally {
      setBusy(false)
    }
  }
  const field = {
    id,
    draft,
    errors,
    set: (path: string[], next: unknown) => setDraft((d: unknown) => setAt(d, path, next)),
  }
  return (
    <form class="schema-form" onSubmit={submit} noValidate>
      <Fields schema={schema} path={[]} {...field} />
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      {message && (
        <p class="ok" role="status">
          {message}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  )
}

interface FieldProps {
  readonly id: string
  readonly schema: Schema
  readonly path: string[]
  readonly draft: unknown
  readonly errors: FieldErrors
  readonly set: (path: string[], next: unknown) => void
}

function Fields(props: FieldProps) {
  const properties = Object.entries(props.schema.properties ?? {})
  if (properties.length === 0) return <p class="muted">This plugin takes no options.</p>
  return (
    <>
      {properties.map(([key, child]) => (
        <Field key={key} {...props} schema={child} path={[...props.path, key]} />
      ))}
    </>
  )
}

function Field({ id, schema, path, draft, errors, set }: FieldProps) {
  const name = path.join('.')
  const fieldId = `${id}-${path.join('-')}`
  const error = errors[name]
  const label = schema.title ?? (path[path.length - 1] as string)
  const value = getAt(draft, path)
  const type = typeOf(schema)
  const describedBy = [schema.description ? `${fieldId}-help` : '', error ? `${fieldId}-error` : '']
    .filter(Boolean)
    .join(' ')
  const common = {
    id: fieldId,
    name,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy || undefined,
  }
  const after = (
    <>
      {schema.description && (
        <p id={`${fieldId}-help`} class="help">
          {schema.description}
          {schema.default !== undefined && schema.secret !== true
            ? ` (default: ${JSON.stringify(schema.default)})`
            : ''}
        </p>
      )}
      {error && (
        <p id={`${fieldId}-error`} class="error field-error">
          {error}
        </p>
      )}
    </>
  )
  if (type === 'object' && schema.properties) {
    return (
      <fieldset>
        <legend>{label}</legend>
        <Fields id={id} schema={schema} path={path} draft={draft} errors={errors} set={set} />
        {after}
      </fieldset>
    )
  }
  let input: preact.JSX.Element
  if (schema.enum || (type === 'enum' && schema.anyOf)) {
    const options = schema.enum ?? []
    input = (
      <select
        {...common}
        value={String(value ?? schema.default ?? '')}
        onChange={(e) => set(path, (e.target as HTMLSelectElement).value)}
      >
        {options.map((o) => (
          <option key={String(o)} value={String(o)}>
            {String(o)}
          </option>
        ))}
      </select>
    )
  } else if (type === 'boolean') {
    return (
      <div class="field checkbox">
        <input
          {...common}
          type="checkbox"
          checked={Boolean(value ?? schema.default)}
          onChange={(e) => set(path, (e.target as HTMLInputElement).checked)}
        />
        <label for={fieldId}>{label}</label>
        {after}
      </div>
    )
  } else if (type === 'number' || type === 'integer') {
    input = (
      <input
        {...common}
        type="number"
        step={type === 'integer' ? 1 : 'any'}
        value={value === undefined ? '' : String(value)}
        placeholder={schema.default === undefined ? '' : String(schema.default)}
        onInput={(e) => {
          const text = (e.target as HTMLInputElement).value
          set(path, text === '' ? undefined : Number(text))
        }}
      />
    )
  } else if (type === 'array' && typeOf(schema.items ?? {}) === 'string') {
    input = (
      <textarea
        {...common}
        rows={3}
        value={Array.isArray(value) ? value.join('\n') : ''}
        onInput={(e) => {
          const lines = (e.target as HTMLTextAreaElement).value.split('\n').map((l) => l.trim())
          const items = lines.filter(Boolean)
          set(path, items.length > 0 ? items : undefined)
        }}
      />
    )
  } else if (type === 'string' || type === undefined) {
    const secret = schema.secret === true
    input = (
      <input
        {...common}
        type={secret ? 'password' : 'text'}
        autocomplete={secret ? 'new-password' : 'off'}
        value={secret ? (value === '***' ? '' : String(value ?? '')) : String(value ?? '')}
        placeholder={
          secret
            ? value === '***'
              ? 'set (hidden): type to replace'
              : 'not set'
            : schema.default === undefined
              ? ''
              : String(schema.default)
        }
        onInput={(e) => {
          const text = (e.target as HTMLInputElement).value
          set(path, text === '' ? (secret && value === '***' ? '***' : undefined) : text)
        }}
      />
    )
  } else {
    input = (
      <textarea
        {...common}
        rows={4}
        value={value === undefined ? '' : JSON.stringify(value, null, 2)}
        onInput={(e) => {
          const text = (e.target as HTMLTextAreaElement).value
          try {
            set(path, text.trim() === '' ? undefined : JSON.parse(text))
          } catch {
            // Kept as typed until it parses; the server says what is wrong on save.
          }
        }}
      />
    )
  }
  return (
    <div class="field">
      <label for={fieldId}>{label}</label>
      {input}
      {after}
    </div>
  )
}
