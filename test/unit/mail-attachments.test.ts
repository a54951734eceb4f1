import { describe, expect, it } from 'vitest';
import { admitAttachments, MAX_FORWARD_DEPTH, normaliseFilename, type AttachmentPolicy } from '../../shared/domain/mail/attachment-policy.js';
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
    'message/rfc822',
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

describe('admitAttachments: a forwarded message (message/rfc822) is judged by what it carries', () => {
  const eml = (forwarded: ParsedAttachment['forwarded'], filename = 'evidence.eml'): ParsedAttachment => ({ ...file(filename, 'message/rfc822'), ...(forwarded ? { forwarded } : {}) });
  const program = file('invoice.exe', 'application/x-msdownload', 'application/x-msdownload');

  it('a program inside is refused with the forwarded message, naming the inner file', () => {
    const { admitted, refused } = admitAttachments([eml({ attachments: [file('回复.pdf', 'application/pdf', 'application/pdf'), program] }), file('照片.jpg', 'image/jpeg', 'image/jpeg')], POLICY);
    expect(refused).toEqual([{ filename: 'evidence.eml', reason: '转发的邮件中附带“invoice.exe”，不接受可执行程序或脚本文件' }]);
    expect(admitted.map((a) => a.filename)).toEqual(['照片.jpg']);
  });

  it('inner parts meet every rule of a top-level file: a program behind a picture’s name, a macro document, an unknown type', () => {
    expect(verdict(eml({ attachments: [file('照片.jpg', 'image/jpeg', 'application/x-msdownload')] }))).toBe('转发的邮件中附带“照片.jpg”，文件实际内容是可执行程序或安装包（与文件名或类型不符）');
    expect(verdict(eml({ attachments: [file('通知.docm', 'application/vnd.ms-word.document.macroenabled.12')] }))).toBe('转发的邮件中附带“通知.docm”，不接受网页、SVG 图形或含宏文档等可能执行脚本的文件');
    expect(verdict(eml({ attachments: [file('压缩包.rar', 'application/x-rar-compressed', 'application/x-rar-compressed')] }))).toBe('转发的邮件中附带“压缩包.rar”，不接受此类型的文件（application/x-rar-compressed）');
  });

  it('a forwarded message within a forwarded message is judged too, the path named', () => {
    const inner = eml({ attachments: [program] }, '原邮件.eml');
    expect(verdict(eml({ attachments: [inner] }))).toBe('转发的邮件中附带“原邮件.eml”中的“invoice.exe”，不接受可执行程序或脚本文件');
    expect(verdict(eml({ attachments: [eml({ attachments: [file('答复.pdf', 'application/pdf', 'application/pdf')] }, '原邮件.eml')] }))).toBe('admitted');
  });

  it('one nested too deep, unreadable or never inspected is refused with the reason', () => {
    expect(verdict(eml({ attachments: [eml({ attachments: [], unread: 'tooDeep' }, '原邮件.eml')] }))).toBe(`转发的邮件中附带“原邮件.eml”，转发的邮件嵌套超过 ${MAX_FORWARD_DEPTH} 层，无法检查其中的附件`);
    expect(verdict(eml({ attachments: [], unread: 'unreadable' }))).toBe('转发的邮件格式无法解析，无法检查其中的附件');
    expect(verdict(eml(undefined))).toBe('转发的邮件未经检查，无法确认其中的附件安全');
  });

  it('an official’s reply forwarded as evidence, with its letter attached, is kept whole', () => {
    const reply = eml({ attachments: [file('答复意见书.pdf', 'application/pdf', 'application/pdf'), file('现场.jpg', 'image/jpeg', 'image/jpeg'), file('logo.png', 'image/png', 'image/png')] });
    const { admitted } = admitAttachments([reply], POLICY);
    expect(admitted).toEqual([reply]);
    expect(verdict(eml({ attachments: [] }))).toBe('admitted');
  });

  it('inner parts do not count against the number of attachments', () => {
    const many = eml({ attachments: [1, 2, 3].map((n) => file(`${n}.jpg`, 'image/jpeg', 'image/jpeg')) });
    expect(admitAttachments([many], { ...POLICY, maxCount: 1 }).admitted).toHaveLength(1);
  });
});

/**
 * A Compound File (CFB/OLE2) as legacy Office writes it: the 512-byte header, then directory entries of 128 bytes
 * (UTF-16LE name, its length in bytes with the terminator at 64, the entry's kind at 66: 1 storage, 2 stream, 5 root).
 */
function compoundFile(entries: [name: string, kind: 1 | 2 | 5][]): Uint8Array {
  const bytes = Buffer.alloc(512 + 128 * Math.max(4, entries.length) + 512);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(bytes, 0);
  bytes.writeUInt16LE(0x003e, 24);
  bytes.writeUInt16LE(0x0003, 26);
  bytes.writeUInt16LE(0xfffe, 28);
  bytes.writeUInt16LE(9, 30);
  entries.forEach(([name, kind], index) => {
    const at = 512 + index * 128;
    bytes.write(name, at, 'utf16le');
    bytes.writeUInt16LE((name.length + 1) * 2, at + 64);
    bytes[at + 66] = kind;
  });
  return new Uint8Array(bytes);
}

describe('admitAttachments: legacy Office documents (CFB/OLE2) with macros', () => {
  const ACTIVE = '不接受网页、SVG 图形或含宏文档等可能执行脚本的文件';
  const cfb = (filename: string, contentType: string, entries: [string, 1 | 2 | 5][]): ParsedAttachment => {
    const content = compoundFile(entries);
    return { ...file(filename, contentType, 'application/x-cfb', content.byteLength), content };
  };
  const WORD = [['Root Entry', 5], ['WordDocument', 2], ['1Table', 2], ['\u0005SummaryInformation', 2]] as [string, 1 | 2 | 5][];

  it.each([
    ['a Word 97 document with a VBA project', cfb('情况说明.doc', 'application/msword', [...WORD, ['Macros', 1], ['VBA', 1], ['_VBA_PROJECT', 2], ['dir', 2], ['ThisDocument', 2]])],
    ['a .doc whose macros are only a _VBA_PROJECT stream', cfb('情况说明.doc', 'application/msword', [...WORD, ['_VBA_PROJECT', 2]])],
    ['an Excel 97 workbook with a VBA project', cfb('明细.xls', 'application/vnd.ms-excel', [['Root Entry', 5], ['Workbook', 2], ['_VBA_PROJECT_CUR', 1], ['VBA', 1]])],
    ['a macro .doc sent as octet-stream', cfb('材料.doc', 'application/octet-stream', [...WORD, ['Macros', 1]])],
  ])('%s: refused as a macro document', (_name, attachment) => {
    expect(verdict(attachment)).toBe(ACTIVE);
  });

  it.each([
    ['a plain Word 97 document', cfb('情况说明.doc', 'application/msword', WORD)],
    ['a plain Excel 97 workbook', cfb('明细.xls', 'application/vnd.ms-excel', [['Root Entry', 5], ['Workbook', 2], ['\u0005SummaryInformation', 2]])],
  ])('%s: admitted', (_name, attachment) => {
    expect(verdict(attachment)).toBe('admitted');
  });

  it('a macro document inside a forwarded message refuses the message', () => {
    const doc = cfb('通知.doc', 'application/msword', [...WORD, ['Macros', 1], ['VBA', 1]]);
    expect(verdict({ ...file('evidence.eml', 'message/rfc822'), forwarded: { attachments: [doc] } })).toBe(`转发的邮件中附带“通知.doc”，${ACTIVE}`);
  });
});
