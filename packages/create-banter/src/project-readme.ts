import type { OfficialPlugin } from './official-plugins.js'
import type { ProjectOptions } from './project-options.js'

/** The README of a new project: how to run it, test it, add plugins. */
export function projectReadme(options: ProjectOptions, plugins: readonly OfficialPlugin[]): string {
  const discord = options.platform === 'discord'
  return `# ${options.name}

A chat bot made with [Banter](https://github.com/banter-bot/banter).

## Run it

\`\`\`sh
npm install
${discord ? 'cp .env.example .env   # then set DISCORD_TOKEN\n' : ''}npm start
\`\`\`

${
  discord
    ? 'The bot connects to Discord with the token in `.env`. To try it in the terminal first: `npx banter start --adapter console`.'
    : 'The bot chats in this terminal: type `!help`, `!ping` or `!hello`. Ctrl-D stops it.'
}

## What is in here

- \`banter.config.yaml\`: the bot's configuration (\`npm run check\` says what is wrong and where).
- \`.env.example\`: the environment variables the configuration reads; copy it to \`.env\`.
- \`plugins/\`: your own plugins. \`hello.ts\` answers \`!hello\`; \`hello.test.ts\` tests it.
${plugins.length > 0 ? `\nPlugins from npm:\n\n${plugins.map((p) => `- \`${p.packageName}\`: ${p.description}.`).join('\n')}\n` : ''}
## Test your plugins

\`\`\`sh
npm test           # vitest, on @banter/core/testing: no chat platform needed
npm run typecheck
\`\`\`

## Manage plugins

\`\`\`sh
npx banter plugin search [words]      # plugins on npm (keyword banter-plugin)
npx banter plugin install <name>      # installs it and adds it to banter.config.yaml
npx banter plugin outdated            # newer compatible versions
npx banter plugin update [name]       # updates, rolling back a version that fails to load
npx banter plugin uninstall <name>
\`\`\`
`
}
