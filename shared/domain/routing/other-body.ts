import type { Category } from '../case.js';
import type { DepartmentKind } from '../department.js';
import { NEGATIONS, precededBy } from './text.js';

export interface OtherBody {
  /** The body the petitioner is told to turn to. */
  body: string;
  reason: string;
  /** What the petitioner is told. */
  notice: string;
  /** When that body is a department in the jurisdiction tree, its kind: the case is transferred there. */
  treeDepartment?: DepartmentKind;
  /** The kind of petition every matter of this body is (纪检监察: 检举控告), for a case nobody has classed. */
  category?: Category;
}

/** A character within the sentence. */
const S = '[^。；;！!？?\\n]';

interface BodyRule extends OtherBody {
  re: RegExp;
}

/**
 * Matters that belong to bodies outside the administrative petitions system
 * (信访工作条例: 指明正确渠道). Kept small and precise: each entry is a kind of
 * matter the law gives to one body, recognised by words that hardly occur
 * otherwise. Checked in this order.
 */
const BODIES: readonly BodyRule[] = [
  {
    // 检举控告 of 违纪, 职务违法 and 职务犯罪 are for the 纪委监委 (监察法: all public officials, village cadres included).
    // 腐败变质 is spoilt food, a market-regulation matter.
    body: '纪检监察机关',
    reason: '党员、公职人员违纪违法问题由纪检监察机关处理',
    // A matter of 违纪违法 told to the discipline body is a 检举控告, whether or not it says 举报: the statistics count it so.
    category: 'report',
    notice: '您反映的党员、公职人员违纪违法问题属于纪检监察机关职责范围，请向纪检监察机关反映（可拨打12388举报电话）。',
    re: /违纪|违反(?:党纪|纪律)|贪污|受贿|索贿|行贿|挪用公款|侵吞|以权谋私|权钱交易|利益输送|滥用职权|玩忽职守|渎职|贪腐|腐败(?!变质)|公款吃喝|公车私用|吃拿卡要|违规收受|收受(?:好处|红包|礼金|贿赂)/,
  },
  {
    // Complaints about judges and court staff are 涉法涉诉, handled by the courts themselves.
    body: '人民法院',
    reason: '法官及法院工作人员的问题属涉法涉诉，由人民法院处理，不属行政信访',
    notice: '您反映的事项属于人民法院职责范围，请向有关人民法院反映（可拨打12368诉讼服务热线）。',
    re: new RegExp(`法官|审判员|审判人员|法院(?:工作人员|干警)|执行干警|法院${S}{0,6}?(?:不作为|乱作为|违法)`),
  },
  {
    // Prosecution decisions (不起诉, 批捕) and prosecutors' conduct: the procuratorate's 控告申诉 channel.
    body: '人民检察院',
    reason: '检察决定及检察人员的问题由人民检察院处理',
    notice: '您反映的事项属于人民检察院职责范围，请向有关人民检察院反映（可拨打12309检察服务热线）。',
    re: /检察院|检察官|检察机关|不起诉决定/,
  },
  {
    // The election, recall and conduct of people's congress deputies (代表法, 选举法).
    body: '人大常委会',
    reason: '人大代表的选举、罢免和履职问题由人大常委会处理',
    notice: '您反映的人大代表相关事项属于人民代表大会常务委员会职责范围，请向有关人大常委会反映。',
    re: new RegExp(`人大代表${S}{0,12}?(?:选举|罢免|资格|补选|辞职|履职)|(?:选举|罢免|补选)${S}{0,8}?人大代表`),
  },
  {
    // A consumer's dispute with a merchant has its own statutory channel (12315, 消费者权益保护法),
    // run by market regulation — a department in the tree, so the case is transferred there.
    body: '市场监督管理部门（12315）',
    reason: '消费者与商家的纠纷有专门渠道12315，由市场监督管理部门处理',
    notice: '您反映的消费纠纷属于市场监督管理部门职责范围，可通过12315平台或热线投诉。',
    treeDepartment: 'marketRegulation',
    re: new RegExp(
      `12315|消费纠纷|消费者投诉|(?:商家|商场|店家|卖家|网店|超市|门店|4S店)${S}{0,20}?(?:退款|退货|不退|欺骗|欺诈|售后|拒绝赔偿|不给换)|预付卡|霸王条款`,
    ),
  },
];

/**
 * Which body outside the petitions office's own routing the matter belongs to,
 * if any. A negation before the words (没有受贿) takes them back.
 */
export function otherBodyFor(text: string): OtherBody | undefined {
  for (const { re, ...body } of BODIES) {
    for (const m of text.matchAll(new RegExp(re.source, 'g'))) {
      if (precededBy(text, m.index, NEGATIONS, 4)) continue;
      return { ...body, reason: `${m[0]} → ${body.body}：${body.reason}` };
    }
  }
  return undefined;
}
