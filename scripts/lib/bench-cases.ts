/**
 * Stored cases for the sweep benchmark (scripts/bench-sweep.ts): realistic
 * case records in the handling stage (status inProgress, a lead unit of the
 * province configuration, the 60-day handling clock running) whose chase
 * state the sweep already planned, as it would be after earlier sweeps.
 *
 * Three kinds, relative to the sweep's `now`:
 *  - notDue:   the clock started 0–40 days ago; the first reminder (20% of the
 *              period left, day 48) is still ahead, so `chase.nextAt` > now.
 *  - remind:   started 49–57 days ago, the deadline still ahead; the first
 *              reminder fell due and was not sent: `chase.nextAt` ≤ now.
 *  - escalate: started 61–75 days ago, the deadline passed, every reminder sent
 *              and no escalation step taken: `chase.nextAt` = the deadline ≤ now.
 *
 * The chase state is what `planChase` answers (the sweep's own planning), so
 * the due index key the store derives from it (`sweepDueAt`) is the real one.
 */
import type { Province } from '../../shared/domain/province.js';
import { escalationRecipients } from '../../shared/app/sweep/recipients.js';
import { formatCaseNumber } from '../../shared/domain/case-number.js';
import type { Case, Category, Channel } from '../../shared/domain/case.js';
import { planChase } from '../../shared/domain/chase.js';

export type BenchCaseKind = 'notDue' | 'remind' | 'escalate';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const CHINA_OFFSET_MS = 8 * HOUR_MS;
const HANDLING_DAYS = 60;

/** Small, fast, seeded PRNG (mulberry32): the same index gives the same case. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['建国', '秀英', '桂兰', '志强', '丽娟', '海峰', '晓燕', '国平', '玉梅', '建华', '春生', '美玲', '伟', '敏', '静', '磊', '洋', '芳'];
const PLACES = ['春江花苑', '锦绣华庭', '阳光新城', '桂花苑', '滨江府', '翠苑新村', '青溪村', '白岘村', '夏峰村', '东坞村', '石门村', '桃源村'];
const DOMAINS = ['163.example', '126.example', 'qq.example', 'sina.example', 'outlook.example'];
const CHANNELS: readonly Channel[] = ['email', 'email', 'email', 'web', 'letter', 'visit', 'phone'];
const CATEGORIES: readonly Category[] = ['request', 'complaint', 'complaint', 'report', 'dispute', 'suggestion'];

const MATTERS: Record<string, readonly { subject: string; text: (place: string, n: number) => string }[]> = {
  housing: [
    {
      subject: '小区电梯长期故障无人维修',
      text: (p, n) =>
        `我是${p}${n}幢的住户，本幢电梯自今年以来已故障${n % 9 + 3}次，最近一次停运已超过两周。楼内多位八十岁以上老人和残疾人无法上下楼，` +
        '就医、买菜都要靠邻居背。物业公司称维修资金申请未获批准，业委会称是物业责任，双方互相推诿。恳请住建部门督促物业和维保单位尽快修复，并明确维修资金的使用流程。',
    },
    {
      subject: '商品房延期交房',
      text: (p, n) =>
        `本人于前年购买${p}开发项目住宅一套，合同约定去年12月底交房，至今已逾期${n % 11 + 4}个月，开发商既未交房也未按合同支付违约金。` +
        '工地多次停工，售楼处无人答复。我们一百多户业主已多次向开发商反映未果，请求有关部门依法督促开发商复工并履行合同义务。',
    },
  ],
  humanResourcesSocialSecurity: [
    {
      subject: '反映公司拖欠工资',
      text: (p, n) =>
        `我在${p}附近一家针织厂工作，公司自今年${n % 6 + 3}月起拖欠我们${n % 40 + 20}名工人工资，人均一万余元。老板以订单减少为由一拖再拖，` +
        '现在厂门已经关闭，联系不上负责人。我们多数是外地务工人员，家中老人孩子等着用钱，请求劳动保障部门依法帮助追讨欠薪。',
    },
  ],
  ecologyEnvironment: [
    {
      subject: '工厂夜间排放刺鼻废气',
      text: (p, n) =>
        `${p}东侧的化工厂每天晚上十点以后排放刺鼻气味的废气，已持续${n % 8 + 2}个月，周边居民经常被熏醒，孩子咳嗽不止。` +
        '白天检查时工厂停产，晚上又偷偷生产。请求环保部门夜间突击检查，依法查处偷排行为，并公布监测结果。',
    },
  ],
  naturalResources: [
    {
      subject: '宅基地审批迟迟没有结果',
      text: (p, n) =>
        `我家是${p}村民，原有住房为土木结构危房，${n % 3 + 1}年前已按要求提交宅基地建房申请，村里和镇里均已签字同意，但材料报上去后一直没有答复。` +
        '眼看雨季又到，一家五口住在危房里提心吊胆。请求有关部门说明审批进度，依法及时办理。',
    },
  ],
};
const GENERIC_MATTER = {
  subject: '反映有关问题',
  text: (p: string, n: number) =>
    `我是${p}的居民，就本地一个长期没有解决的问题向你们反映：问题已持续${n % 12 + 1}个月，多次向有关单位反映，均答复正在研究，没有实质进展。` +
    '附近很多住户都受影响，大家意见很大。恳请领导重视，责成有关部门调查核实，依法依规处理并给我们一个答复。',
};

interface UnitChoice {
  unit: string;
  department: string;
  staff: string[];
}

export class BenchCaseGenerator {
  /** Jurisdictions that have units, each with its units: cases go round them in turn. */
  private readonly jurisdictions: { code: string; units: UnitChoice[] }[];
  private readonly now: number;

  constructor(
    private readonly province: Province,
    now: string,
    private readonly seed = 1,
  ) {
    this.now = Date.parse(now);
    this.jurisdictions = province.config.jurisdictions
      .filter((j) => j.units.length > 0)
      .map((j) => ({
        code: j.code,
        units: j.units.map((u) => ({
          unit: u.id,
          department: u.department,
          staff: province.config.staff.filter((s) => s.unit === u.id && s.roles.includes('handler')).map((s) => s.id),
        })),
      }));
    if (this.jurisdictions.length === 0) throw new Error('the province configuration has no units to hand cases to');
  }

  /** Case number `index` of the store (0-based); the same index always gives the same case. */
  case(index: number, kind: BenchCaseKind): Case {
    const rng = new Rng(Math.imul(this.seed ^ 0x9e3779b9, 2654435761) ^ Math.imul(index + 1, 0x85ebca6b));
    const jurisdiction = this.jurisdictions[index % this.jurisdictions.length]!;
    const sequence = Math.floor(index / this.jurisdictions.length) + 1;
    const caseNumber = formatCaseNumber({ jurisdiction: jurisdiction.code, year: 2026, sequence });
    const choice = rng.pick(jurisdiction.units);

    // When the handling clock started, by kind (see the file comment); deadline at midnight China time.
    const startedDaysAgo = kind === 'notDue' ? rng.next() * 40 : kind === 'remind' ? 49 + rng.next() * 8 : 61 + rng.next() * 14;
    const built = this.build(index, kind, rng, jurisdiction, caseNumber, choice, startedDaysAgo);
    if (kind !== 'notDue' || !built.due) return this.checked(caseNumber, kind, built);
    // A jurisdiction's own reminder stages (settable per jurisdiction) may fall due sooner than the
    // default's: a case meant to be not due starts later, halving its age until nothing is due.
    let age = startedDaysAgo;
    let later = built;
    for (let tries = 0; later.due && tries < 10; tries++) {
      age /= 2;
      later = this.build(index, kind, rng, jurisdiction, caseNumber, choice, age);
    }
    return this.checked(caseNumber, kind, later);
  }

  private checked(caseNumber: string, kind: BenchCaseKind, built: { chased: Case; due: boolean; nextAt: string | undefined }): Case {
    if (built.due !== (kind !== 'notDue')) throw new Error(`generated case ${caseNumber} (${kind}) is ${built.due ? '' : 'not '}due: chase.nextAt ${built.nextAt}`);
    return built.chased;
  }

  private build(
    index: number,
    kind: BenchCaseKind,
    rng: Rng,
    jurisdiction: BenchCaseGenerator['jurisdictions'][number],
    caseNumber: string,
    choice: BenchCaseGenerator['jurisdictions'][number]['units'][number],
    startedDaysAgo: number,
  ): { chased: Case; due: boolean; nextAt: string | undefined } {
    const started = this.now - startedDaysAgo * DAY_MS;
    const startDay = Math.floor((started + CHINA_OFFSET_MS) / DAY_MS);
    const deadline = (startDay + HANDLING_DAYS + 1) * DAY_MS - CHINA_OFFSET_MS;
    const received = started - rng.int(3, 12) * DAY_MS - rng.int(0, 8 * 60) * 60_000;
    const registered = received + rng.int(1, 90) * 1000;
    const iso = (ms: number) => new Date(ms).toISOString();

    const name = `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`;
    const place = rng.pick(PLACES);
    const matter = rng.pick(MATTERS[choice.department] ?? [GENERIC_MATTER]);
    const channel = rng.pick(CHANNELS);
    const phone = `1${rng.pick(['35', '38', '39', '58', '59', '77', '88'])}${String(index).padStart(8, '0')}`;
    const owner = choice.staff.length && rng.next() < 0.5 ? rng.pick(choice.staff) : undefined;

    const c: Case = {
      caseNumber,
      jurisdiction: jurisdiction.code,
      receivingOffice: jurisdiction.code,
      channel,
      category: rng.pick(CATEGORIES),
      status: 'inProgress',
      subject: matter.subject,
      matter: matter.text(place, index),
      petitioner: {
        anonymous: false,
        name,
        phone,
        ...(channel === 'email' || channel === 'web' ? { email: `user${index}@${rng.pick(DOMAINS)}` } : {}),
        address: `${place}${rng.int(1, 30)}幢${rng.int(1, 6)}单元${rng.int(101, 1802)}室`,
      },
      urgent: rng.next() < 0.03,
      handling: { lead: choice.unit, cooperating: [] },
      reviewLevel: 0,
      ...(owner ? { owner } : {}),
      receivedAt: iso(received),
      registeredAt: iso(registered),
      registeredBy: channel === 'email' ? 'system:intake' : 'zj-registrar',
      deadlines: { handling: iso(deadline), started: { handling: iso(started) } },
      attachments: [],
      ...(channel === 'email' ? { acknowledgement: 'queued' as const } : {}),
      // registered, accepted, assigned, started.
      version: 4,
      updatedAt: iso(started),
    };

    // The chase state the sweep planned when the clock started (a new clock is planned at once) …
    const available = (step: Parameters<typeof escalationRecipients>[2]) => escalationRecipients(this.province, c, step).length > 0;
    const settings = this.province.chaseSettingsFor(c.jurisdiction);
    const planned = planChase(c, iso(started), settings, this.province.calendar, available);
    let chased: Case = { ...c, chase: planned.state! };
    if (kind === 'escalate') {
      // … and, for an overdue case, after the reminders were sent (each one recorded: a version each).
      const reminders = planChase(chased, iso(deadline - 60_000), settings, this.province.calendar, available);
      const last = reminders.action?.kind === 'remind' ? reminders.action.at : undefined;
      chased = { ...chased, chase: reminders.state!, version: chased.version + reminders.state!.reminded.length, ...(last ? { updatedAt: last } : {}) };
    }
    const nextAt = chased.chase?.nextAt;
    return { chased, due: nextAt !== undefined && Date.parse(nextAt) <= this.now, nextAt };
  }
}

/**
 * Which of the cases numbered [from, to) are due: `due` of them, spread
 * evenly, alternately for a reminder and for an escalation step. A different
 * `offset` (below (to − from) / due) picks a disjoint set of cases.
 */
export function dueIndexes(from: number, to: number, due: number, offset = 0): Map<number, BenchCaseKind> {
  const kinds = new Map<number, BenchCaseKind>();
  const count = to - from;
  if (offset >= Math.floor(count / due)) throw new Error(`offset ${offset} too large for ${due} due cases among ${count}`);
  for (let k = 0; k < due; k++) kinds.set(from + Math.floor((k * count) / due) + offset, k % 2 === 0 ? 'remind' : 'escalate');
  return kinds;
}
