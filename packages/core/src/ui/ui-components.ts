import { z } from 'zod'

/** A path of one of the plugin's own routes (`/stats`), served under `/plugins/<name>/`. */
const ownRoute = z
  .string()
  .max(300)
  .regex(/^\/(?!\/)[A-Za-z0-9._~:/-]*$/, 'a path of one of the plugin\'s own routes, starting with one "/"')
  .refine((path) => !path.split('/').includes('..'), 'no ".." segment')

const text = z.string().min(1).max(200)

function isZodObject(value: unknown): boolean {
  const def = (value as { _zod?: { def?: { type?: unknown } } } | null)?._zod?.def
  return typeof value === 'object' && def?.type === 'object'
}

/** One number or short text, with a label; `route` (GET) may answer `{ value }` to refresh it. */
export const statSchema = z.strictObject({
  type: z.literal('stat'),
  label: text,
  value: z.union([z.string().max(200), z.number()]).optional(),
  route: ownRoute.optional(),
  hint: z.string().max(500).optional(),
})

/**
 * A button on each row of a table: its route's `:field` segments are filled from the row
 * (`/quarantine/:scope/:id` with the row's `scope` and `id`), called after the operator confirms.
 */
export const rowActionSchema = z.strictObject({
  label: text,
  route: ownRoute,
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
  confirm: z.string().min(1).max(500),
})

/**
 * A table whose rows come from one of the plugin's GET routes answering `{ rows: [...] }`, with
 * optional row actions.
 */
export const tableSchema = z.strictObject({
  type: z.literal('table'),
  title: text.optional(),
  columns: z
    .array(z.strictObject({ key: z.string().min(1).max(100), label: text }))
    .min(1)
    .max(20),
  route: ownRoute,
  rowActions: z.array(rowActionSchema).max(5).optional(),
})

/** A time-series chart fed by a GET route answering `{ points: [{ t: ISO date | ms, v: number }] }`. */
export const chartSchema = z.strictObject({
  type: z.literal('chart'),
  title: text,
  route: ownRoute,
  unit: z.string().max(20).optional(),
})

/** Label and value pairs. */
export const keyValueSchema = z.strictObject({
  type: z.literal('keyValue'),
  title: text.optional(),
  items: z
    .array(z.strictObject({ label: text, value: z.union([z.string().max(2000), z.number(), z.boolean()]) }))
    .max(100),
})

/** Markdown text (rendered as text: no HTML passes through). */
export const markdownSchema = z.strictObject({
  type: z.literal('markdown'),
  text: z.string().max(20_000),
})

/**
 * A form built from a zod object schema (turned into JSON Schema at registration), posted as JSON to
 * one of the plugin's routes.
 */
export const formSchema = z.strictObject({
  type: z.literal('form'),
  title: text.optional(),
  // Duck-typed: a plugin may bundle its own copy of zod 4.
  schema: z.custom<z.ZodObject>(isZodObject, 'a zod object schema (z.object)'),
  route: ownRoute,
  method: z.enum(['POST', 'PUT', 'PATCH']).default('POST'),
  submitLabel: text.default('Save'),
})

/** A button that calls one of the plugin's routes, after the operator confirms `confirm`. */
export const actionSchema = z.strictObject({
  type: z.literal('action'),
  label: text,
  route: ownRoute,
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
  confirm: z.string().min(1).max(500),
})

/** Every component a plugin page or widget may hold. */
export const uiComponentSchema = z.discriminatedUnion('type', [
  statSchema,
  tableSchema,
  chartSchema,
  keyValueSchema,
  markdownSchema,
  formSchema,
  actionSchema,
])

/** The body of a page or widget: components, top to bottom. */
export const uiBodySchema = z.array(uiComponentSchema).min(1).max(50)

/** One component as a plugin writes it. */
export type UiComponentInput = z.input<typeof uiComponentSchema>

/** The id of a page or widget: lower-case letters, digits and dashes. */
export const uiIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits, dashes')

/** What `ctx.ui.page` takes. */
export const pageSchema = z.strictObject({
  id: uiIdSchema,
  title: text,
  icon: z.string().max(8).optional(),
  /** Whether the page gets an entry in the dashboard's menu (default true). */
  menu: z.boolean().default(true),
  body: uiBodySchema,
})

/** What `ctx.ui.widget` takes. */
export const widgetSchema = z.strictObject({ id: uiIdSchema, title: text, body: uiBodySchema })

/** What `ctx.ui.menuItem` takes: a link to one of the plugin's pages or to one of its own routes. */
export const menuItemSchema = z.union([
  z.strictObject({ label: text, page: uiIdSchema }),
  z.strictObject({ label: text, href: ownRoute }),
])

/** A page as a plugin declares it. */
export type UiPageInput = z.input<typeof pageSchema>
/** A widget as a plugin declares it. */
export type UiWidgetInput = z.input<typeof widgetSchema>
/** A menu item as a plugin declares it. */
export type UiMenuItemInput = z.input<typeof menuItemSchema>
