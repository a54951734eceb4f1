import type { ParsedAttachment } from './parsed-email.js';

/** How many forwarded messages deep the parts are read: a forward of a forward of a forward; one deeper is refused. */
export const MAX_FORWARD_DEPTH = 3;
/**
 * How many forwarded messages, and how many of their bytes, one email (or upload) has read in all, whatever the
 * nesting: each is parsed whole, and forty forwards of forty forwards would keep the intake past its timeout on
 * every receive (and the emails batched with it) until it went to the DLQ. Those beyond are refused unread.
 */
export const MAX_FORWARDS_READ = { messages: 20, bytes: 25 * 1024 * 1024 } as const;

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

/** CFB (OLE2 Compound File): the container of legacy Office documents (.doc, .xls, .ppt). */
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The storages and streams where Word and Excel 97–2003 keep a VBA project (Macros/VBA/_VBA_PROJECT, _VBA_PROJECT_CUR/VBA). */
const VBA_ENTRIES = new Set(['macros', 'vba', '_vba_project', '_vba_project_cur']);

/**
 * Whether a legacy Office file carries macros, as a .docm's or .xlsm's type says for the newer formats: a directory
 * entry of its Compound File names a VBA storage or stream. Directory entries are 128 bytes at 128-byte offsets
 * (sectors are 512 or 4096 bytes after the header), so every such offset is read as one — the sector chains are not
 * followed, and a file whose allocation table is broken (Office opens some anyway) is judged all the same. An entry:
 * the name in UTF-16LE with its terminator, its length in bytes at 64, its kind at 66 (1 storage, 2 stream).
 */
export function hasLegacyMacros(content: Uint8Array): boolean {
  if (content.byteLength < 512 + 128 || CFB_SIGNATURE.some((byte, i) => content[i] !== byte)) return false;
  for (let at = 512; at + 128 <= content.byteLength; at += 128) {
    const length = content[at + 64]! | (content[at + 65]! << 8);
    const kind = content[at + 66];
    if ((kind !== 1 && kind !== 2) || length < 4 || length > 64 || length % 2 !== 0) continue;
    if (content[at + length - 2] !== 0 || content[at + length - 1] !== 0) continue;
    let name = '';
    for (let i = 0; i < length - 2; i += 2) name += String.fromCharCode(content[at + i]! | (content[at + i + 1]! << 8));
    if (VBA_ENTRIES.has(name.toLowerCase())) return true;
  }
  return false;
}

/** A forwarded message (作为附件转发) by its type (effectiveType), whose parts are judged as the email's own are. */
export function isForwardedMessage(type: string): boolean {
  return type === 'message/rfc822' || type === 'message/global';
}

/** Why a file is refused, and within which forwarded messages it sits (their parts' names, outermost first). */
interface Refusal {
  reason: string;
  within: string[];
}

/** The judgement of one file, whatever the count: the reason it is refused, or undefined when it may be kept. */
function judge(attachment: ParsedAttachment, policy: AttachmentPolicy): Refusal | undefined {
  const name = normaliseFilename(attachment.filename);
  const names = judgedNames(name);
  const declared = declaredType(attachment.contentType);
  const named = extensionType(name);
  const detected = attachment.detectedType?.toLowerCase();
  const type = effectiveType(attachment);
  const claims = [...new Set([...(declared && declared !== 'application/octet-stream' ? [declared] : []), ...(named ? [named] : [])])];
  const misfit = claims.find((claimed) => !contentFits(claimed, detected));
  const refused = (reason: string): Refusal => ({ reason, within: [] });
  if (names.some((n) => DANGEROUS_EXTENSIONS.test(n))) return refused('不接受可执行程序或脚本文件');
  if (names.some((n) => ACTIVE_EXTENSIONS.test(n)) || [declared, detected ?? ''].some(isActiveType) || hasLegacyMacros(attachment.content)) return refused('不接受网页、SVG 图形或含宏文档等可能执行脚本的文件');
  if (detected && EXECUTABLE_CONTENT.has(detected)) return refused('文件实际内容是可执行程序或安装包（与文件名或类型不符）');
  if (!typeAllowed(type, policy.allowedTypes)) return refused(`不接受此类型的文件（${type}）`);
  if (misfit) return refused(`文件内容与文件名或声明的类型（${misfit}）不符`);
  if (attachment.size > policy.maxBytes) return refused(`文件超过 ${Math.round(policy.maxBytes / 1024 / 1024)} MB ${SIZE_LIMIT_WORDS}`);
  return isForwardedMessage(type) ? judgeForwarded(attachment, policy) : undefined;
}

/**
 * A forwarded message is kept whole when each part it carries would be kept as a file of the email itself (the
 * count aside), a message inside it judged so in turn; else it is refused whole, the reason naming the inner file.
 */
function judgeForwarded(attachment: ParsedAttachment, policy: AttachmentPolicy): Refusal | undefined {
  const forwarded = attachment.forwarded;
  if (!forwarded) return { reason: '转发的邮件未经检查，无法确认其中的附件安全', within: [] };
  if (forwarded.unread === 'tooDeep') return { reason: `转发的邮件嵌套超过 ${MAX_FORWARD_DEPTH} 层，无法检查其中的附件`, within: [] };
  if (forwarded.unread === 'unreadable') return { reason: '转发的邮件格式无法解析，无法检查其中的附件', within: [] };
  if (forwarded.unread === 'tooMany') return { reason: `转发的邮件过多（超过 ${MAX_FORWARDS_READ.messages} 封），无法逐一检查其中的附件`, within: [] };
  for (const part of forwarded.attachments) {
    const refusal = judge(part, policy);
    if (refusal) return { reason: refusal.reason, within: [normaliseFilename(part.filename) || part.filename, ...refusal.within] };
  }
  return undefined;
}

const SIZE_LIMIT_WORDS = '的大小限制';
const COUNT_LIMIT_WORDS = '的数量限制';

/**
 * What a refusal's reason (as admitAttachments words it, and the case keeps
 * it) was about, for the advice that goes with it: too large (compress or
 * split it, or bring it), one file too many (send it apart), or its type or
 * content (send a common format).
 */
export function refusalGround(reason: string): 'size' | 'count' | 'format' {
  if (reason.endsWith(SIZE_LIMIT_WORDS)) return 'size';
  if (reason.endsWith(COUNT_LIMIT_WORDS)) return 'count';
  return 'format';
}

/** The reason the petitioner reads: a part of a forwarded message is named, with the messages it sits in. */
function reasonOf(refusal: Refusal): string {
  if (refusal.within.length === 0) return refusal.reason;
  return `转发的邮件中附带${refusal.within.map((name) => `“${name}”`).join('中的')}，${refusal.reason}`;
}

/**
 * Which attachments are kept with the case and which are refused (and listed
 * to the petitioner with the reason). Names are judged as Windows reads them
 * (normaliseFilename); the content as file-type reads its leading bytes
 * (`detectedType`, set by the MIME adapter): it must fit both the name and the
 * declared type, and is never a program or active content — nor a legacy
 * Office file with a VBA project (hasLegacyMacros). A forwarded message
 * (message/rfc822) is judged by what it carries (`forwarded`, read by the
 * MIME adapter, to MAX_FORWARD_DEPTH): one part refused refuses the message
 * whole, naming that part; one nobody could read is refused too.
 */
export function admitAttachments(attachments: readonly ParsedAttachment[], policy: AttachmentPolicy): AttachmentDecision {
  const decision: AttachmentDecision = { admitted: [], refused: [] };
  for (const attachment of attachments) {
    const refusal = judge(attachment, policy);
    const refuse = (reason: string) => decision.refused.push({ filename: normaliseFilename(attachment.filename) || attachment.filename, reason });
    if (refusal) refuse(reasonOf(refusal));
    else if (decision.admitted.length >= policy.maxCount) refuse(`附件超过 ${policy.maxCount} 个${COUNT_LIMIT_WORDS}`);
    else decision.admitted.push(attachment);
  }
  return decision;
}
