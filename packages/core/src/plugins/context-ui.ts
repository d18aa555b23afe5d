import type { UiMenuItemInput, UiPageInput, UiWidgetInput } from '../ui/ui-components.js'
import type { ContextKit } from './context-kit.js'
import type { PluginUi } from './plugin-ui.js'

/** @internal Builds `ctx.ui`. */
export function createPluginUi(kit: ContextKit): PluginUi {
  const { record, runtime, alive, track } = kit
  const add =
    <Input>(action: string, run: (plugin: string, input: Input) => () => void) =>
    (input: Input) => {
      alive(action)
      return track(run(record.name, input))
    }
  return {
    page: add('add pages', (plugin, page: UiPageInput) => runtime.ui.addPage(plugin, page)),
    widget: add('add widgets', (plugin, widget: UiWidgetInput) => runtime.ui.addWidget(plugin, widget)),
    menuItem: add('add menu items', (plugin, item: UiMenuItemInput) => runtime.ui.addMenuItem(plugin, item)),
  }
}
