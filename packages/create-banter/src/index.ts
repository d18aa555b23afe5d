export { type Answers, ask, type FullAnswers } from './ask.js'
export { createProject } from './create-project.js'
export { OFFICIAL_PLUGINS, type OfficialPlugin, officialPlugin } from './official-plugins.js'
export { projectFiles, TOOL_VERSIONS } from './project-files.js'
export {
  DEFAULT_PLUGINS,
  isPlatform,
  PLATFORMS,
  type Platform,
  type ProjectOptions,
  parsePluginList,
  projectName,
} from './project-options.js'
export { type CreateIo, runCreate } from './run-create.js'
export { banterVersions } from './versions.js'
