import { z } from 'zod'
import { BanterError } from '../errors/banter-error.js'
import type { Disposer } from '../runtime/disposables.js'
import {
  menuItemSchema,
  pageSchema,
  type UiMenuItemInput,
  type UiPageInput,
  type UiWidgetInput,
  type uiBodySchema,
  widgetSchema,
} from './ui-components.js'

/** One component as the dashboard receives it: JSON only (a form's zod schema became JSON Schema). */
export type UiComponent = Readonly<Record<string, unknown>> & { readonly type: string }

/** A page a plugin contributes, as `bot.ui` lists it. */
export interface UiPage {
  /** The plugin that contributed it. */
  readonly plugin: string
  /** Unique within the plugin. */
  readonly id: string
  /** Title. */
  readonly title: string
  /** A short icon (an emoji). */
  readonly icon?: string | undefined
  /** Whether it has a menu entry. */
  readonly menu: boolean
  /** Components; `route` fields are paths under `/plugins/<plugin>`. */
  readonly body: readonly UiComponent[]
}

/** A widget a plugin contributes to the overview. */
export interface UiWidget {
  /** The plugin that contributed it. */
  readonly plugin: string
  /** Unique within the plugin. */
  readonly id: string
  /** Title. */
  readonly title: string
  /** Components. */
  readonly body: readonly UiComponent[]
}

/** A menu entry: one of the plugin's pages, or a link to one of its routes (`/plugins/<name>/...`). */
export interface UiMenuItem {
  /** The plugin that contributed it. */
  readonly plugin: string
  /** Text. */
  readonly label: string
  /** The page id, for a page link. */
  readonly page?: string | undefined
  /** The full path, for a route link. */
  readonly href?: string | undefined
}

type Kind = 'page' | 'widget' | 'menu item'

function invalid(plugin: string, kind: Kind, error: z.ZodError): BanterError {
  return new BanterError(
    'UI_INVALID',
    `plugin "${plugin}": the ${kind} is invalid: ${z.prettifyError(error)}`,
    {
      plugin,
      details: { issues: error.issues },
    },
  )
}

function parse<Out>(plugin: string, kind: Kind, schema: z.ZodType<Out>, input: unknown): Out {
  const result = schema.safeParse(input)
  if (!result.success) throw invalid(plugin, kind, result.error)
  return result.data
}

function toJson(body: z.output<typeof uiBodySchema>): UiComponent[] {
  return body.map((component) =>
    component.type === 'form'
      ? { ...component, schema: z.toJSONSchema(component.schema, { unrepresentable: 'any', io: 'input' }) }
      : { ...component },
  )
}

/**
 * Pages, widgets and menu items plugins contribute through `ctx.ui` (`bot.ui`). Core renders nothing:
 * a dashboard plugin reads this registry. Everything a plugin added goes away when it stops.
 */
export class UiRegistry {
  readonly #pages: UiPage[] = []
  readonly #widgets: UiWidget[] = []
  readonly #menu: UiMenuItem[] = []

  /** Pages, of every plugin or of one. */
  pages(plugin?: string): readonly UiPage[] {
    return plugin === undefined ? [...this.#pages] : this.#pages.filter((p) => p.plugin === plugin)
  }

  /** Widgets, of every plugin or of one. */
  widgets(plugin?: string): readonly UiWidget[] {
    return plugin === undefined ? [...this.#widgets] : this.#widgets.filter((w) => w.plugin === plugin)
  }

  /** Menu entries: one per page with `menu: true`, then the explicit menu items. */
  menu(plugin?: string): readonly UiMenuItem[] {
    const pages = this.pages(plugin)
      .filter((p) => p.menu)
      .map((p) => ({ plugin: p.plugin, label: p.title, page: p.id }))
    const items = plugin === undefined ? this.#menu : this.#menu.filter((m) => m.plugin === plugin)
    return [...pages, ...items]
  }

  /** @internal Adds a page; plugins go through `ctx.ui.page`. Throws `UI_INVALID`. */
  addPage(plugin: string, input: UiPageInput): Disposer {
    const page = parse(plugin, 'page', pageSchema, input)
    this.#unique(plugin, 'page', page.id, this.#pages)
    const entry: UiPage = {
      plugin,
      id: page.id,
      title: page.title,
      ...(page.icon ? { icon: page.icon } : {}),
      menu: page.menu,
      body: toJson(page.body),
    }
    return this.#keep(this.#pages, entry)
  }

  /** @internal Adds a widget; plugins go through `ctx.ui.widget`. Throws `UI_INVALID`. */
  addWidget(plugin: string, input: UiWidgetInput): Disposer {
    const widget = parse(plugin, 'widget', widgetSchema, input)
    this.#unique(plugin, 'widget', widget.id, this.#widgets)
    return this.#keep(this.#widgets, {
      plugin,
      id: widget.id,
      title: widget.title,
      body: toJson(widget.body),
    })
  }

  /** @internal Adds a menu item; plugins go through `ctx.ui.menuItem`. Throws `UI_INVALID`. */
  addMenuItem(plugin: string, input: UiMenuItemInput): Disposer {
    const item = parse(plugin, 'menu item', menuItemSchema, input)
    const entry: UiMenuItem =
      'page' in item
        ? { plugin, label: item.label, page: item.page }
        : { plugin, label: item.label, href: `/plugins/${plugin}${item.href}` }
    return this.#keep(this.#menu, entry)
  }

  #unique(plugin: string, kind: Kind, id: string, list: readonly { plugin: string; id: string }[]): void {
    if (list.some((e) => e.plugin === plugin && e.id === id))
      throw new BanterError(
        'UI_INVALID',
        `plugin "${plugin}": a ${kind} with id "${id}" is registered twice`,
        {
          plugin,
        },
      )
  }

  #keep<Entry>(list: Entry[], entry: Entry): Disposer {
    list.push(entry)
    return () => {
      const at = list.indexOf(entry)
      if (at !== -1) list.splice(at, 1)
    }
  }
}
