import type { Disposer } from '../runtime/disposables.js'
import type { UiMenuItemInput, UiPageInput, UiWidgetInput } from '../ui/ui-components.js'

/**
 * Pages, widgets and menu items a plugin contributes to a dashboard (`ctx.ui`). Bodies are a fixed
 * set of declarative components (stat, table, chart, keyValue, markdown, form, action) validated on
 * registration (`UI_INVALID`); their `route` fields name the plugin's own routes. No plugin script
 * runs in the dashboard. Everything is removed when the plugin stops.
 */
export interface PluginUi {
  /** Adds a page (with a menu entry unless `menu: false`). */
  page(page: UiPageInput): Disposer
  /** Adds a widget to the overview. */
  widget(widget: UiWidgetInput): Disposer
  /** Adds a menu entry: `{ label, page }` or `{ label, href: '/own-route' }`. */
  menuItem(item: UiMenuItemInput): Disposer
}
