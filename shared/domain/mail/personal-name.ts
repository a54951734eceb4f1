const CJK = String.raw`\u3400-\u4dbf\u4e00-\u9fff`;

/**
 * The hundred commonest surnames (about 85% of people in China). A display
 * name counts only when it reads as a real name: QQ and 163 display names are
 * mostly nicknames ("快乐小鱼", "万事如意", "QQ邮箱用户"), and a nickname is
 * not a petitioner's name. Four characters only with a compound surname,
 * because four-character nicknames (idioms) are far commoner than such names.
 */
const SURNAMES: ReadonlySet<string> = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文' +
    // The same in traditional characters, as Big5 mail from Taiwan and Hong Kong writes them (本人黃美玲).
    '張劉陳楊黃趙吳孫馬羅鄭謝許韓鄧馮蕭葉蔣蘇呂盧鍾譚陸韋賈鄒閻龍賀顧龔萬錢嚴歐湯喬賴',
);
const COMPOUND_SURNAMES = ['歐陽', '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '夏侯', '令狐', '宇文', '司徒'];
const GENERIC_NAME = /\b(?:admin|user|info|service|support|noreply|no-reply|webmaster|test|root|mail)\b|用户|邮箱|管理员|客服|系统/i;
const CJK_ONLY = new RegExp(`^[${CJK}]+$`);
const DOTTED_NAME = new RegExp(`^[${CJK}]{1,10}(?:[·•・][${CJK}]{1,10})+$`);

/** A surname with a form of address (马师傅, 王先生, 李老师, 张总): how others call the person, not their name. */
const FORM_OF_ADDRESS = new RegExp(`^[${CJK}]{1,2}(?:师傅|先生|女士|小姐|老师|同志|大爷|大妈|阿姨|大姐|大哥|老板|经理|主任|书记|局长|县长|市长|镇长|乡长|村长|科长|处长|所长|队长|院长|部长)$|^[${CJK}](?:总|工)$`);

/**
 * How a word after a relative or title starts when it is no name though it reads as a surname and more
 * (父亲向村里反映, 母亲高血压, 妈妈常年卧床, 儿子王强在…): the callers add the places they may meet.
 */
export const NOT_A_NAME_START = /^(?:向|于|常年|常常|高血|高烧|高龄|高中|方面|方便|文化)|[的在是和与了也都说]/;

export function personalName(displayName: string | undefined): string | undefined {
  const name = displayName?.trim();
  if (!name || name.includes('@') || GENERIC_NAME.test(name) || FORM_OF_ADDRESS.test(name) || CLOSINGS.has(name)) return undefined;
  if (DOTTED_NAME.test(name)) return name;
  if (CJK_ONLY.test(name)) {
    const compound = COMPOUND_SURNAMES.some((s) => name.startsWith(s));
    const fits = compound ? name.length >= 3 && name.length <= 4 : name.length >= 2 && name.length <= 3 && SURNAMES.has(name[0]!);
    return fits ? name : undefined;
  }
  // Latin names need two words ("Wang Fang"): a single token is usually a handle.
  return /^[A-Za-z][A-Za-z'.-]*(?:\s+[A-Za-z][A-Za-z'.-]*){1,3}$/.test(name) ? name : undefined;
}

/** Last lines that read as a name and are not one: the closing words of a letter. */
const CLOSINGS: ReadonlySet<string> = new Set(['谢谢', '谢谢你', '谢谢您', '谢谢了', '万分感谢', '感谢', '敬礼', '此致', '致礼', '盼复', '急盼', '拜托', '求助', '求求', '万望']);
