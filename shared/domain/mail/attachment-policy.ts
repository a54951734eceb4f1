import type { ParsedAttachment } from './parsed-email.js';

export interface AttachmentPolicy {
  maxBytes: number;
  maxCount: number;
  /** MIME types, `image/*` style wildcards allowed. */
  allowedTypes: readonly string[];
}

export interface AttachmentDecision {
  admitted: ParsedAttachment[];
  refused: { filename: string; reason: string }[];
}

/** Never stored, whatever type the sender's client claimed: programs, scripts, installers and disk images. */
const DANGEROUS_EXTENSIONS =
  /\.(exe|com|bat|cmd|scr|pif|msi|msp|msc|vbs|vbe|vb|js|jse|wsf|wsh|ws|wsc|ps1|psm1|psd1|jar|lnk|url|scf|hta|cpl|reg|inf|dll|ocx|sys|apk|sh|chm|hlp|appx|appxbundle|msix|msixbundle|application|gadget|xll|iso|img|vhd|vhdx)$/i;

/** Content a browser or Office runs: web pages, SVG, XML (stylesheets, XHTML), macro-enabled documents. */
const ACTIVE_EXTENSIONS = /\.(svg|svgz|htm|html|xhtml|xht|shtml|mht|mhtml|xml|xsl|xslt|docm|dotm|xlsm|xltm|xlam|pptm|potm|ppsm|ppam|sldm)$/i;

function isActiveType(type: string): boolean {
  return (
    /^(?:text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/xsl|application\/xslt\+xml|application\/x-mimearchive|text\/javascript|application\/(?:x-)?javascript|application\/ecmascript|application\/vnd\.ms-htmlhelp)$/.test(type) ||
    type.endsWith('+xml') ||
    type.includes('macroenabled')
  );
}

/** What file-type names programs, installers and archives of programs; refused whatever the name says. */
const EXECUTABLE_CONTENT = new Set([
  'application/x-msdownload',
  'application/x-elf',
  'application/x-mach-binary',
  'application/java-vm',
  'application/java-archive',
  'application/vnd.android.package-archive',
  'application/x-xpinstall',
  'application/x-google-chrome-extension',
  'application/x.ms.shortcut',
  'application/x-ms-regedit',
  'application/x-shockwave-flash',
  'application/wasm',
  'application/x-deb',
  'application/x-rpm',
  'application/x-apple-diskimage',
]);

/** Mail clients often send documents as application/octet-stream; the extension tells. */
const TYPE_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  heic: 'image/heic',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  amr: 'audio/amr',
  wav: 'audio/wav',
  mp4: 'video/mp4',
};

/**
 * A filename as Windows would create it, which is what decides how it opens:
 * Unicode format characters removed (U+202E RIGHT-TO-LEFT OVERRIDE makes
 * `gpj.exe` display as `exe.jpg`; zero-width characters split an extension),
 * an NTFS stream suffix (`::$DATA`, `:name:$DATA`) dropped, and trailing dots
 * and spaces dropped (Windows drops them: `evil.exe.` is `evil.exe`).
 */
export function normaliseFilename(name: string): string {
  let out = name.normalize('NFC').replace(/\p{Cf}/gu, '');
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(/(?::[^:]*)?:\$[A-Za-z_]*$/, '').replace(/[\s.]+$/u, '');
  }
  return out.trim();
}

/**
 * Every name the judgement looks at: the file and each NTFS stream named
 * after a colon (`说明.txt:run.bat`), compatibility forms folded (a
 * full-width `．ｅｘｅ` is `.exe`), lower-cased.
 */
function judgedNames(normalised: string): string[] {
  const folded = normalised.normalize('NFKC').toLowerCase();
  return [folded, ...folded.split(':').map((part) => part.replace(/[\s.]+$/u, ''))];
}

function extensionType(name: string): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(name.normalize('NFKC'))?.[1]?.toLowerCase();
  return extension ? TYPE_BY_EXTENSION[extension] : undefined;
}

function declaredType(contentType: string): string {
  return contentType.toLowerCase().split(';')[0]!.trim();
}

/** The type to judge an attachment by: the declared one, or the extension's when the declaration says nothing. */
export function effectiveType(attachment: Pick<ParsedAttachment, 'filename' | 'contentType'>): string {
  const declared = declaredType(attachment.contentType);
  if (declared && declared !== 'application/octet-stream') return declared;
  return extensionType(normaliseFilename(attachment.filename)) || declared || 'application/octet-stream';
}

function typeAllowed(type: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) => (pattern.endsWith('/*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern));
}

/** Types whose files always start with bytes file-type recognises: a file of such a type must show them. */
const OFFICE = new Set([
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  // what file-type reads them as when it cannot tell which document a container holds (CFB: .doc, .xls, encrypted .docx)
  'application/x-cfb',
  'application/zip',
]);

function family(type: string): string {
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('audio/') || type.startsWith('video/') || type === 'application/ogg') return 'media';
  if (OFFICE.has(type)) return 'office';
  if (type.startsWith('text/')) return 'text';
  return type;
}

const MUST_BE_DETECTED = new Set(['image', 'office', 'application/pdf']);

/**
 * Whether the leading bytes fit a claimed type. Families, not exact types: a
 * PNG saved as .jpg is still a picture, and file-type often reads a .docx as
 * the zip it is. Text (plain, CSV) has no signature, so nothing detected is
 * fine for it; an image, a PDF or an Office file always has one.
 */
function contentFits(claimed: string, detected: string | undefined): boolean {
  const wanted = family(claimed);
  if (!detected) return !MUST_BE_DETECTED.has(wanted);
  if (wanted === 'text') return detected.startsWith('text/');
  return family(detected) === wanted;
}

/**
 * Which attachments are kept with the case and which are refused (and listed
 * to the petitioner with the reason). Names are judged as Windows reads them
 * (normaliseFilename); the content as file-type reads its leading bytes
 * (`detectedType`, set by the MIME adapter): it must fit both the name and the
 * declared type, and is never a program or active content. Parts of bounce
 * reports and forwarded messages (message/*) are material too, but only as
 * the raw email keeps them.
 */
export function admitAttachments(attachments: readonly ParsedAttachment[], policy: AttachmentPolicy): AttachmentDecision {
  const decision: AttachmentDecision = { admitted: [], refused: [] };
  for (const attachment of attachments) {
    const name = normaliseFilename(attachment.filename);
    const names = judgedNames(name);
    const declared = declaredType(attachment.contentType);
    const named = extensionType(name);
    const detected = attachment.detectedType?.toLowerCase();
    const type = effectiveType(attachment);
    const claims = [...new Set([...(declared && declared !== 'application/octet-stream' ? [declared] : []), ...(named ? [named] : [])])];
    const misfit = claims.find((claimed) => !contentFits(claimed, detected));
    const refuse = (reason: string) => decision.refused.push({ filename: name || attachment.filename, reason });
    if (names.some((n) => DANGEROUS_EXTENSIONS.test(n))) refuse('不接受可执行程序或脚本文件');
    else if (names.some((n) => ACTIVE_EXTENSIONS.test(n)) || [declared, detected ?? ''].some(isActiveType)) refuse('不接受网页、SVG 图形或含宏文档等可能执行脚本的文件');
    else if (detected && EXECUTABLE_CONTENT.has(detected)) refuse('文件实际内容是可执行程序或安装包（与文件名或类型不符）');
    else if (!typeAllowed(type, policy.allowedTypes)) refuse(`不接受此类型的文件（${type}）`);
    else if (misfit) refuse(`文件内容与文件名或声明的类型（${misfit}）不符`);
    else if (attachment.size > policy.maxBytes) refuse(`文件超过 ${Math.round(policy.maxBytes / 1024 / 1024)} MB 的大小限制`);
    else if (decision.admitted.length >= policy.maxCount) refuse(`附件超过 ${policy.maxCount} 个的数量限制`);
    else decision.admitted.push(attachment);
  }
  return decision;
}
