/**
 * Traditional characters read as their simplified forms, for the rules that
 * read a petition's words (urgency, a reply's answer, 补充): Big5 mail from
 * Hong Kong, Taiwan and overseas writes 跳樓, 自殺, 喝農藥, 我們不會去堵路,
 * 不滿意, 補充材料, and a threat to life must
 * reach the leaders however it is written (条例 第二十五条). Only what those
 * rules read is mapped — the characters of their words, negations and
 * readings, and the everyday ones around them — not a full conversion: the
 * text is only read this way, never stored or shown so.
 */
const PAIRS =
  '業业兩两個个為为爲为舉举麼么麽么買买親亲從从們们夥伙會会體体眾众衆众黨党關关農农衝冲沖冲決决況况準准幾几兇凶則则別别劃划辦办務务區区廠厂廳厅縣县號号後后噴喷團团圍围國国場场壩坝備备復复複复頭头媽妈學学寧宁實实尋寻導导將将盡尽屆届帶带幫帮幹干乾干並并歸归當当憂忧願愿戲戏報报擔担搶抢敵敌數数無无時时殺杀權权條条來来標标樣样橋桥樓楼殘残氣气湯汤沒没潑泼澆浇潰溃滅灭爐炉燒烧現现蓋盖離离種种窯窑緊紧約约縱纵組组經经結结給给絕绝維维繳缴罷罢聯联脅胁藥药蟲虫補补覺觉計计認认討讨議议記记訪访證证詢询諮咨說说請请調调貪贪貼贴資资輕轻車车輛辆過过還还這这進进鄰邻裡里裏里鐘钟鍾钟錢钱鎮镇長长門门問问鬧闹陣阵險险領领題题飯饭馬马罵骂魚鱼開开強强機机橫横遊游靜静著着於于兒儿週周洩泄' +
  // Around the words: who writes, what happened, where they go.
  '滿满郵邮養养繼继協协積积覆复謝谢話话對对讓让嗎吗應应該该頁页據据處处戶户鄉乡級级員员師师東东電电視视網网寫写讀读聽听見见愛爱難难點点錯错樹树變变態态總总統统濟济產产醫医療疗億亿萬万幣币價价償偿賠赔損损環环汙污響响鬥斗罰罚傷伤亂乱壞坏槍枪彈弹揚扬獄狱監监嚇吓懼惧極极憤愤槓杠鋼钢鐵铁廢废棄弃銷销齊齐聲声勢势隊队' +
  // 告狀 (进京告状), and the words of a withdrawal disputed (不是我主動撤回, 違背本人意願, 盜用, 不是我簽的, 確實, 壓力, 沒有誰逼我).
  '狀状動动簽签違违盜盗確确係系續续壓压較较書书誰谁';

const SIMPLIFIED: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const chars = [...PAIRS];
  for (let i = 0; i + 1 < chars.length; i += 2) if (chars[i] !== chars[i + 1]) map.set(chars[i]!, chars[i + 1]!);
  return map;
})();

/** The text with the traditional characters mapped read as simplified; every other character as it was, so positions stay. */
export function readAsSimplified(text: string): string {
  let out = '';
  for (const char of text) out += SIMPLIFIED.get(char) ?? char;
  return out;
}
