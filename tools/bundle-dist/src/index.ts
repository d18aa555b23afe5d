export { type BundleResult, bundleDist } from './bundle-dist.js'
export { entryPoints, type PackageEntries } from './entry-points.js'
