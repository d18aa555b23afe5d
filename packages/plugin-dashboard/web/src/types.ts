/** A plugin as the API lists it. */
export interface Plugin {
  readonly name: string
  readonly version: string
  readonly description: string
  readonly status: string
  readonly error?: { readonly code: string; readonly message: string }
  readonly stats: {
    readonly calls: number
    readonly errors: number
    readonly timeouts: number
    readonly p50Ms: number | null
    readonly p99Ms: number | null
  }
  readonly permissions: readonly string[]
  readonly emits: readonly string[]
  readonly dependencies: Readonly<Record<string, string>>
  readonly switchedOff: readonly { readonly handler: string; readonly error: { readonly message: string } }[]
  readonly source: string
  readonly dependents?: readonly string[]
}

/** One component of a contributed page or widget. */
export type UiComponent = { readonly type: string } & Readonly<Record<string, unknown>>

/** A contributed page. */
export interface UiPage {
  readonly plugin: string
  readonly id: string
  readonly title: string
  readonly icon?: string
  readonly menu: boolean
  readonly body: readonly UiComponent[]
}

/** A contributed widget. */
export interface UiWidget {
  readonly plugin: string
  readonly id: string
  readonly title: string
  readonly body: readonly UiComponent[]
}

/** A menu entry. */
export interface UiMenuItem {
  readonly plugin: string
  readonly label: string
  readonly page?: string
  readonly href?: string
}

/** One audit entry. */
export interface AuditEntry {
  readonly seq: number
  readonly at: string
  readonly actor: {
    readonly kind: string
    readonly id: string
    readonly name?: string
    readonly from?: string
  }
  readonly action: string
  readonly target?: string
  readonly outcome: string
  readonly before?: unknown
  readonly after?: unknown
  readonly error?: string
}

/** A JSON Schema node, as far as the forms read it. */
export interface Schema {
  readonly type?: string | readonly string[]
  readonly properties?: Readonly<Record<string, Schema>>
  readonly required?: readonly string[]
  readonly enum?: readonly unknown[]
  readonly items?: Schema
  readonly default?: unknown
  readonly description?: string
  readonly title?: string
  readonly examples?: readonly unknown[]
  readonly secret?: boolean
  readonly minimum?: number
  readonly maximum?: number
  readonly anyOf?: readonly Schema[]
}
