import { z } from '@banter/core'

/** The options of the dashboard plugin. */
export const dashboardOptionsSchema = z.object({
  path: z
    .string()
    .regex(/^\/[a-z0-9-]+$/, 'one path segment of lower-case letters, digits and dashes, e.g. /dashboard')
    .default('/dashboard')
    .meta({ description: 'Where the dashboard is served on the bot HTTP server.' }),
  sessionHours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(12)
    .meta({ description: 'How long a login lasts without activity, in hours.' }),
  loginLinkMinutes: z.number().int().min(1).max(60).default(10).meta({
    description: 'How long the one-time login link printed at start stays valid (no admin token set).',
  }),
})

/** Options as given. */
export type DashboardOptions = z.input<typeof dashboardOptionsSchema>
/** Options with defaults applied. */
export type ResolvedDashboardOptions = z.output<typeof dashboardOptionsSchema>
