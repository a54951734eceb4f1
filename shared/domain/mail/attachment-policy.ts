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

/** Never stored, whatever type the sender's client claimed: programs and scripts. */
const DANGEROUS_EXTENSIONS = /\.(exe|com|bat|cmd|scr|pif|msi|msp|vbs|vbe|js|jse|wsf|wsh|ps1|jar|lnk|hta|cpl|reg|dll|apk|sh)$/i;

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

/** The type to judge an attachment by: the declared one, or the extension's when the declaration says nothing. */
export function effectiveType(attachment: Pick<ParsedAttachment, 'filename' | 'contentType'>): string {
  const declared = attachment.contentType.toLowerCase().split(';')[0]!.trim();
  if (declared && declared !== 'application/octet-stream') return declared;
  const extension = /\.([a-z0-9]+)$/i.exec(attachment.filename)?.[1]?.toLowerCase();
  return (extension && TYPE_BY_EXTENSION[extension]) || declared || 'application/octet-stream';
}

function typeAllowed(type: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) => (pattern.endsWith('/*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern));
}

/**
 * Which attachments are kept with the case and which are refused (and listed
 * to the petitioner with the reason). Parts of bounce reports and forwarded
 * messages (message/*) are material too, but only as the raw email keeps them.
 */
export function admitAttachments(attachments: readonly ParsedAttachment[], policy: AttachmentPolicy): AttachmentDecision {
  const decision: AttachmentDecision = { admitted: [], refused: [] };
  for (const attachment of attachments) {
    const type = effectiveType(attachment);
    const refuse = (reason: string) => decision.refused.push({ filename: attachment.filename, reason });
    if (DANGEROUS_EXTENSIONS.test(attachment.filename)) refuse('不接受可执行程序或脚本文件');
    else if (!typeAllowed(type, policy.allowedTypes)) refuse(`不接受此类型的文件（${type}）`);
    else if (attachment.size > policy.maxBytes) refuse(`文件超过 ${Math.round(policy.maxBytes / 1024 / 1024)} MB 的大小限制`);
    else if (decision.admitted.length >= policy.maxCount) refuse(`附件超过 ${policy.maxCount} 个的数量限制`);
    else decision.admitted.push(attachment);
  }
  return decision;
}
