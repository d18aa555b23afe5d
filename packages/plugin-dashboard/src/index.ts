export { DashboardPlugin, DashboardPlugin as default } from './dashboard-plugin.js'
export { DASHBOARD_ERRORS } from './errors.js'
export { type DashboardOptions, dashboardOptionsSchema, type ResolvedDashboardOptions } from './options.js'
