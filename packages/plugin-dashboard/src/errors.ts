import { defineErrors } from '@banter/core'

/** The dashboard's error codes. */
export const { codes: DASHBOARD_ERRORS, error: dashboardError } = defineErrors(
  {
    DASHBOARD_NOT_BUILT:
      'Build the package (`npm run build -w @banter/plugin-dashboard`); its web assets are made by `vite build`.',
    DASHBOARD_NO_SERVER: 'Turn the bot HTTP server on (`http.enabled: true` in banter.config.yaml).',
  },
  { plugin: 'dashboard' },
)
