import { describe, expect, it } from 'vitest';
import { admitAttachments, normaliseFilename, type AttachmentPolicy } from '../../shared/domain/mail/attachment-policy.js';
import type { ParsedAttachment } from '../../shared/domain/mail/parsed-email.js';

/** The province defaults (config/province-schema.ts). */
const POLICY: AttachmentPolicy = {
  maxBytes: 10 * 1024 * 1024,
  maxCount: 20,
  allowedTypes: [
    'image/*',
    'application/pdf',
    'text/plain',
    'application/msword',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.ms-excel',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'audio/*',
    'video/mp4',
  ],
};

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function file(filename: string, contentType: string, detectedType?: string, size = 2048): ParsedAttachment {
  return { filename, contentType, size, content: new Uint8Array(0), inline: false, ...(detectedType ? { detectedType } : {}) };
}

function verdict(attachment: ParsedAttachment, policy: AttachmentPolicy = POLICY): string {
  const { admitted, refused } = admitAttachments([attachment], policy);
  return admitted.length ? 'admitted' : refused[0]!.reason;
}

describe('normaliseFilename: the name Windows would create', () => {
  it.each([
    ['evil.exe.', 'evil.exe'],
    ['evil.exe . .', 'evil.exe'],
    ['run.bat::$DATA', 'run.bat'],
    ['run.bat:Zone.Identifier:$DATA', 'run.bat'],
    ['run.bat::$DATA. ', 'run.bat'],
    ['photo\u202Egpj.exe', 'photogpj.exe'],
    ['in\u200Bvoice.e\u200Dxe', 'invoice.exe'],
    ['\uFEFF工资条.jpg', '工资条.jpg'],
    ['证据\u2066照片\u2069.jpg', '证据照片.jpg'],
    ['证据：照片.jpg', '证据：照片.jpg'],
    ['考勤记录.pdf', '考勤记录.pdf'],
  ])('%j → %j', (raw, name) => {
    expect(normaliseFilename(raw)).toBe(name);
  });
});

describe('admitAttachments: names are judged as Windows reads them', () => {
  it.each([
    ['a trailing dot', file('evil.exe.', 'application/octet-stream')],
    ['trailing dots and spaces', file('证据视频.exe. . ', 'application/octet-stream')],
    ['an NTFS stream suffix', file('run.bat::$DATA', 'text/plain')],
    ['a named NTFS stream', file('说明.txt:run.bat', 'text/plain')],
    ['a right-to-left override hiding .exe', file('照片\u202Egpj.exe', 'image/jpeg', 'application/x-msdownload')],
    ['zero-width characters inside the extension', file('播放器.e\u200Bx\u200Ce', 'application/octet-stream')],
    ['a full-width extension', file('安装．ｅｘｅ', 'application/octet-stream')],
  ])('%s: refused as a program', (_name, attachment) => {
    expect(verdict(attachment)).toBe('不接受可执行程序或脚本文件');
  });

  it('lists a refused file under its normalised name: no direction marks reach the acknowledgement', () => {
    const { refused } = admitAttachments([file('照片\u202Egpj.exe', 'image/jpeg')], POLICY);
    expect(refused).toEqual([{ filename: '照片gpj.exe', reason: '不接受可执行程序或脚本文件' }]);
  });
});

describe('admitAttachments: active content', () => {
  const ACTIVE = '不接受网页、SVG 图形或含宏文档等可能执行脚本的文件';

  it.each([
    ['an SVG (image/* admits it by type)', file('现场示意图.svg', 'image/svg+xml', 'application/xml')],
    ['an SVG sent as octet-stream', file('map.svg', 'application/octet-stream')],
    ['an SVG without an extension', file('map', 'image/svg+xml')],
    ['HTML', file('举报材料.html', 'text/html')],
    ['HTML named .htm, declared as text', file('举报材料.htm', 'text/plain')],
    ['XHTML', file('page.xhtml', 'application/xhtml+xml')],
    ['XML', file('data.xml', 'application/xml', 'application/xml')],
    ['XML behind a .txt name', file('说明.txt', 'text/plain', 'application/xml')],
    ['XSLT', file('style.xsl', 'text/xsl')],
    ['a web archive', file('网页.mht', 'application/octet-stream')],
    ['a Word document with macros', file('申请书.docm', 'application/vnd.ms-word.document.macroenabled.12')],
    ['a macro workbook named .xlsx', file('明细.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel.sheet.macroenabled.12')],
  ])('%s: refused', (_name, attachment) => {
    expect(verdict(attachment)).toBe(ACTIVE);
  });

  it('SVG stays refused even where the configuration lists it', () => {
    expect(verdict(file('图.svg', 'image/svg+xml'), { ...POLICY, allowedTypes: ['image/svg+xml'] })).toBe(ACTIVE);
  });
});

describe('admitAttachments: what the leading bytes say', () => {
  it.each([
    ['a program named .jpg', file('现场照片.jpg', 'image/jpeg', 'application/x-msdownload')],
    ['a program named .jpg, sent as octet-stream', file('现场照片.jpg', 'application/octet-stream', 'application/x-msdownload')],
    ['a program named .pdf', file('判决书.pdf', 'application/pdf', 'application/x-msdownload')],
    ['a Linux program named .txt', file('说明.txt', 'text/plain', 'application/x-elf')],
    ['an Android app named .docx', file('材料.docx', DOCX, 'application/vnd.android.package-archive')],
    ['a Java archive named .zip', file('材料.doc', 'application/msword', 'application/java-archive')],
    ['a shortcut named .jpg', file('照片.jpg', 'image/jpeg', 'application/x.ms.shortcut')],
  ])('%s: refused as a program', (_name, attachment) => {
    expect(verdict(attachment)).toBe('文件实际内容是可执行程序或安装包（与文件名或类型不符）');
  });

  it.each([
    ['a PDF named .jpg', file('照片.jpg', 'image/jpeg', 'application/pdf'), 'image/jpeg'],
    ['a .jpg whose bytes are no image at all (an SVG or a script)', file('照片.jpg', 'image/jpeg'), 'image/jpeg'],
    ['a .pdf whose bytes are no PDF', file('判决书.pdf', 'application/pdf'), 'application/pdf'],
    ['a .docx whose bytes are no document', file('材料.docx', DOCX), DOCX],
    ['a .txt holding a PDF', file('说明.txt', 'text/plain', 'application/pdf'), 'text/plain'],
    ['a photo declared as PDF', file('照片.jpg', 'application/pdf', 'image/jpeg'), 'application/pdf'],
  ])('%s: refused as not what it claims', (_name, attachment, type) => {
    expect(verdict(attachment)).toBe(`文件内容与文件名或声明的类型（${type}）不符`);
  });

  it.each([
    ['a JPEG', file('工资条.jpg', 'image/jpeg', 'image/jpeg')],
    ['a PNG saved as .jpg (WeChat does that)', file('微信图片_20260112.jpg', 'image/jpeg', 'image/png')],
    ['a HEIC photo sent as octet-stream', file('IMG_0412.HEIC', 'application/octet-stream', 'image/heic')],
    ['a PDF', file('考勤记录.pdf', 'application/pdf', 'application/pdf')],
    ['a .docx file-type reads as a zip', file('情况说明.docx', DOCX, 'application/zip')],
    ['a .docx file-type reads as Word', file('情况说明.docx', DOCX, DOCX)],
    ['a password-protected .docx (a CFB container)', file('情况说明.docx', DOCX, 'application/x-cfb')],
    ['an .xls', file('拖欠工资明细表.xls', 'application/vnd.ms-excel', 'application/x-cfb')],
    ['a voice message', file('录音.amr', 'audio/amr', 'audio/amr')],
    ['an m4a detected as audio/mp4', file('录音.m4a', 'audio/mp4', 'audio/x-m4a')],
    ['a video', file('现场视频.mp4', 'video/mp4', 'video/mp4')],
    ['an mp3 file-type cannot place', file('录音.mp3', 'audio/mpeg')],
    ['plain text', file('补充说明.txt', 'text/plain')],
    ['plain text sent as octet-stream', file('补充说明.txt', 'application/octet-stream')],
  ])('%s: admitted', (_name, attachment) => {
    expect(verdict(attachment)).toBe('admitted');
  });

  it('CSV, which file-type cannot detect, is admitted where the configuration allows it and name and type agree', () => {
    const policy = { ...POLICY, allowedTypes: [...POLICY.allowedTypes, 'text/csv'] };
    expect(verdict(file('拖欠名单.csv', 'text/csv'), policy)).toBe('admitted');
    expect(verdict(file('拖欠名单.csv', 'text/plain'), policy)).toBe('admitted');
    expect(verdict(file('拖欠名单.csv', 'application/octet-stream'), policy)).toBe('admitted');
  });

  it('the existing rules still apply: unknown types, size and count', () => {
    expect(verdict(file('压缩包.rar', 'application/x-rar-compressed', 'application/x-rar-compressed'))).toBe('不接受此类型的文件（application/x-rar-compressed）');
    expect(verdict(file('照片.jpg', 'image/jpeg', 'image/jpeg', 11 * 1024 * 1024))).toBe('文件超过 10 MB 的大小限制');
    const three = [1, 2, 3].map((n) => file(`${n}.jpg`, 'image/jpeg', 'image/jpeg'));
    expect(admitAttachments(three, { ...POLICY, maxCount: 2 }).refused).toEqual([{ filename: '3.jpg', reason: '附件超过 2 个的数量限制' }]);
  });
});
