export { type CheckOptions, checkPackages } from './check-packages.js'
export { fieldProblems, type PackageProblem, referenceProblems } from './field-checks.js'
export { attwProblems, publintProblems } from './tarball-checks.js'
export { type WorkspacePackage, workspacePackages } from './workspace-packages.js'
