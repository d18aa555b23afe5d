/**
 * Broad kinds of files. A name and bytes of different kinds (a `.pdf` that is an executable, a `.jpg`
 * that is a zip) are a mismatch; different types of one kind (a `.gif` that is an mp4) are not.
 */
export type FileFamily = 'executable' | 'archive' | 'media' | 'document' | 'text'

const FAMILIES: Record<FileFamily, readonly string[]> = {
  executable: [
    'exe',
    'dll',
    'scr',
    'com',
    'pif',
    'elf',
    'so',
    'macho',
    'dylib',
    'app',
    'dmg',
    'msi',
    'apk',
    'dex',
    'lnk',
    'jar',
    'class',
    'deb',
    'rpm',
    'crx',
    'xpi',
    'reg',
    'chm',
    'wasm',
    'swf',
    'bat',
    'cmd',
    'ps1',
    'vbs',
    'vbe',
    'wsf',
    'hta',
    'cpl',
  ],
  archive: [
    'zip',
    'rar',
    '7z',
    'tar',
    'gz',
    'tgz',
    'tar.gz',
    'bz2',
    'xz',
    'zst',
    'cab',
    'lz',
    'lz4',
    'lzh',
    'z',
    'cpio',
    'ar',
    'arj',
    'ace',
    'iso',
  ],
  media: [
    'jpg',
    'jpeg',
    'jfif',
    'png',
    'apng',
    'gif',
    'webp',
    'bmp',
    'tif',
    'tiff',
    'ico',
    'cur',
    'icns',
    'heic',
    'avif',
    'jxl',
    'psd',
    'mp3',
    'wav',
    'ogg',
    'oga',
    'opus',
    'flac',
    'm4a',
    'aac',
    'aif',
    'aiff',
    'amr',
    'mid',
    'midi',
    'mp4',
    'm4v',
    'mkv',
    'webm',
    'mov',
    'avi',
    'mpg',
    'mpeg',
    'flv',
    '3gp',
    'ogv',
  ],
  document: [
    'pdf',
    'doc',
    'docx',
    'docm',
    'xls',
    'xlsx',
    'xlsm',
    'ppt',
    'pptx',
    'pptm',
    'odt',
    'ods',
    'odp',
    'rtf',
    'epub',
    'mobi',
    'cfb',
  ],
  text: [
    'txt',
    'md',
    'csv',
    'tsv',
    'json',
    'log',
    'xml',
    'svg',
    'html',
    'htm',
    'css',
    'js',
    'mjs',
    'ts',
    'py',
    'rb',
    'rs',
    'go',
    'java',
    'c',
    'h',
    'cpp',
    'cs',
    'sh',
    'yml',
    'yaml',
    'toml',
    'ini',
    'sql',
    'lua',
  ],
}

const FAMILY_OF = new Map<string, FileFamily>()
for (const [family, extensions] of Object.entries(FAMILIES) as [FileFamily, readonly string[]][]) {
  for (const ext of extensions) FAMILY_OF.set(ext, family)
}

// Containers that other formats are built on: an office file, a jar or an apk may sniff as plain zip
// (and a .doc or .msi as cfb) when file-type cannot see deep enough.
const CONTAINER_COMPATIBLE: Record<string, readonly FileFamily[]> = {
  zip: ['archive', 'document', 'executable'],
  cfb: ['document', 'executable'],
  xml: ['text', 'document'],
}

/** The family of an extension (`pdf` -> `document`), if known. */
export function familyOf(ext: string): FileFamily | undefined {
  return FAMILY_OF.get(ext.toLowerCase())
}

/** The lower-case extension of a file name (`Invoice.PDF` -> `pdf`, `a.tar.gz` -> `gz`), or `''`. */
export function extensionOf(name: string | undefined): string {
  if (!name) return ''
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
  const dot = base.lastIndexOf('.')
  return dot <= 0 || dot === base.length - 1 ? '' : base.slice(dot + 1).toLowerCase()
}

/**
 * Whether a file named with extension `declared` but sniffed as `detected` is a mismatch: both are
 * known and belong to different families (containers excepted).
 */
export function isMismatch(declared: string, detected: string): boolean {
  const declaredFamily = familyOf(declared)
  const detectedFamily = familyOf(detected)
  if (declaredFamily === undefined || detectedFamily === undefined) return false
  if (declaredFamily === detectedFamily) return false
  return !CONTAINER_COMPATIBLE[detected]?.includes(declaredFamily)
}
