/**
 * Generated petitions for the intake benchmark: realistic raw emails as Chinese
 * mail clients send them (163/126 Coremail, QQ Mail, Foxmail, Thunderbird,
 * Outlook, Apple Mail, and Traditional Chinese from Hong Kong / Taiwan), in
 * UTF-8, GB2312 (GBK bytes, as clients label it), GBK, GB18030 and Big5, some
 * with attachments, addressed to the office mailboxes of the configuration.
 *
 * Every petition is distinct: its own petitioner (name, sender address, phone,
 * home address), matter, wording and Message-ID. The sender address and phone
 * are unique per index, so the intake's per-address acknowledgement allowance
 * and its repeat detection see a new petitioner each time. The wording avoids
 * the urgency lexicon, except every `urgentEvery`-th petition, which says that
 * someone threatens to jump (跳楼): its alert to the leaders is timed.
 * Deterministic for a seed and index.
 */
import type { ProvinceConfig } from '../../shared/config/province-schema.js';
import {
  base64Body,
  chinaMailDate,
  chineseDate,
  crlf,
  encode,
  encodedWords,
  fakeFile,
  FILE_KINDS,
  qpBody,
  rfc2231,
  Rng,
  type FileKind,
} from './bench-mime.js';

export interface PetitionOptions {
  seed: number;
  /** Every k-th petition carries attachments (0: none). */
  attachmentsEvery: number;
  /** Every m-th petition is also sent to the parent office, so intake receives it twice (0: never). */
  secondOfficeEvery: number;
  /** Every u-th petition is an urgent matter (its words are in the urgency lexicon; 0: none). */
  urgentEvery?: number;
}

export interface GeneratedPetition {
  index: number;
  /** Without angle brackets, as written. */
  messageId: string;
  from: string;
  /** SMTP envelope recipients: office mailboxes (one stored object each). */
  envelopeTo: string[];
  jurisdiction: string;
  client: ClientStyle;
  charset: string;
  matter: string;
  attachments: number;
  /** Written as an urgent matter (urgentEvery): the intake should alert the leaders. */
  urgent: boolean;
  raw: Buffer;
}

type Jurisdiction = ProvinceConfig['jurisdictions'][number];

// ---------------------------------------------------------------------------
// People and places
// ---------------------------------------------------------------------------

const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'],
  ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'],
  ['林', 'lin'], ['高', 'gao'], ['罗', 'luo'], ['郑', 'zheng'], ['谢', 'xie'], ['宋', 'song'], ['沈', 'shen'], ['蒋', 'jiang'],
  ['方', 'fang'], ['叶', 'ye'], ['钱', 'qian'], ['潘', 'pan'], ['金', 'jin'], ['余', 'yu'], ['姚', 'yao'], ['陆', 'lu'],
];
const GIVEN: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['芳', 'fang'], ['敏', 'min'], ['静', 'jing'], ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['勇', 'yong'],
  ['秀英', 'xiuying'], ['秀兰', 'xiulan'], ['桂英', 'guiying'], ['建国', 'jianguo'], ['国强', 'guoqiang'], ['建华', 'jianhua'],
  ['美华', 'meihua'], ['海燕', 'haiyan'], ['志明', 'zhiming'], ['春花', 'chunhua'], ['金凤', 'jinfeng'], ['红梅', 'hongmei'],
  ['德福', 'defu'], ['永康', 'yongkang'], ['雪梅', 'xuemei'], ['文斌', 'wenbin'], ['立新', 'lixin'], ['丽娟', 'lijuan'],
  ['晓东', 'xiaodong'], ['玉兰', 'yulan'], ['宏伟', 'hongwei'], ['月琴', 'yueqin'], ['根水', 'genshui'], ['阿毛', 'amao'],
];
const SURNAMES_T: readonly (readonly [string, string])[] = [
  ['陳', 'chan'], ['林', 'lam'], ['黃', 'wong'], ['張', 'cheung'], ['李', 'lee'], ['王', 'wong'], ['吳', 'ng'], ['劉', 'lau'],
  ['蔡', 'tsai'], ['楊', 'yeung'], ['許', 'hui'], ['鄭', 'cheng'], ['謝', 'tse'], ['郭', 'kwok'], ['曾', 'tsang'], ['周', 'chow'],
];
const GIVEN_T: readonly (readonly [string, string])[] = [
  ['美玲', 'meiling'], ['志明', 'chiming'], ['淑芬', 'shufen'], ['家豪', 'kaho'], ['嘉欣', 'kayan'], ['俊傑', 'chunkit'],
  ['雅婷', 'yating'], ['建宏', 'chienhung'], ['惠如', 'huiju'], ['國華', 'kwokwah'], ['麗華', 'laiwah'], ['佩珊', 'puishan'],
  ['詠詩', 'wingsze'], ['偉倫', 'wailun'], ['寶儀', 'poyee'], ['秀珍', 'sauchun'],
];
const VILLAGES = ['青溪', '白岘', '夏峰', '上杭', '下塘', '东坞', '西坑', '南庄', '北山', '石门', '枫树', '桃源', '芦茨', '徐畈', '金家', '大坪', '横山', '柳溪'];
const COMMUNITIES = ['春江花苑', '锦绣华庭', '阳光新城', '桂花苑', '滨江府', '翠苑新村', '和平里', '新湖家园', '江南水岸', '绿城桃李园', '文昌小区', '丽水湾'];
const STREETS = ['城南街道', '城北街道', '城东街道', '城西街道', '江滨街道'];
const DISTRICTS: Record<string, readonly string[]> = { 杭州市: ['上城区', '拱墅区', '西湖区', '滨江区'], 湖州市: ['吴兴区', '南浔区'] };
const COMPANIES = ['华丰针织', '恒达建材', '鑫源五金', '宏远服饰', '永信电子', '天成竹木', '金利纺织', '众联机械', '东方印染', '瑞丰食品', '新世纪化工', '绿源生态农业'];
const PROJECTS = ['环湖旅游', '产业园区', '城市快速路', '高铁站前广场', '物流园', '新城商业综合体'];

interface Person {
  name: string;
  pinyin: string;
  traditional: boolean;
}

interface Place {
  /** County (or city) and town as a petitioner writes them. */
  area: string;
  town: string;
  village: string;
  community: string;
  /** A full home address. */
  address: string;
}

function person(rng: Rng, traditional: boolean): Person {
  const [s, sp] = rng.pick(traditional ? SURNAMES_T : SURNAMES);
  const [g, gp] = rng.pick(traditional ? GIVEN_T : GIVEN);
  return { name: s + g, pinyin: sp + gp, traditional };
}

function place(rng: Rng, j: Jurisdiction, byCode: Map<string, Jurisdiction>): Place {
  const parent = j.parent ? byCode.get(j.parent) : undefined;
  const village = `${rng.pick(VILLAGES)}村`;
  const community = rng.pick(COMMUNITIES);
  const flat = `${rng.int(1, 28)}幢${rng.int(1, 4)}单元${rng.int(1, 18)}0${rng.int(1, 4)}室`;
  switch (j.level) {
    case 'township': {
      const area = parent?.name ?? '';
      const rural = rng.chance(0.6);
      return { area, town: j.name, village, community, address: rural ? `${area}${j.name}${village}${rng.int(1, 12)}组${rng.int(1, 80)}号` : `${area}${j.name}${community}${flat}` };
    }
    case 'county': {
      const town = rng.pick(STREETS);
      return { area: j.name, town, village, community, address: `${j.name}${town}${community}${flat}` };
    }
    case 'city': {
      const town = rng.pick(DISTRICTS[j.name] ?? ['市区']);
      return { area: j.name, town, village, community, address: `${j.name}${town}${community}${flat}` };
    }
    default:
      return { area: '杭州市', town: '西湖区', village, community, address: `杭州市西湖区${community}${flat}` };
  }
}

// ---------------------------------------------------------------------------
// Matters (Simplified Chinese; Traditional ones for Big5 further down)
// ---------------------------------------------------------------------------

interface MatterContext {
  rng: Rng;
  p: Person;
  at: Place;
  year: number;
}

interface Matter {
  id: string;
  department: string;
  write(c: MatterContext): { subject: string; paragraphs: string[] };
}

const MATTERS: readonly Matter[] = [
  {
    id: 'wageArrears',
    department: 'humanResourcesSocialSecurity',
    write: ({ rng, p, at, year }) => {
      const company = `${at.area.slice(0, 2)}${rng.pick(COMPANIES)}有限公司`;
      const months = rng.int(2, 7);
      const own = rng.int(8, 60) * 1000 + rng.int(0, 9) * 100;
      return {
        subject: rng.pick([`关于${company}拖欠工人工资的投诉`, `${company}拖欠工资${months}个月，请求帮助`, `请求督促${company}支付拖欠的工资`]),
        paragraphs: [
          `我叫${p.name}，是${at.town}${company}的${rng.pick(['挡车工', '电焊工', '包装工', '仓库管理员', '质检员', '木工'])}。公司自${year - 1}年${rng.int(6, 12)}月起拖欠我们车间${rng.int(12, 90)}名工人的工资，到现在已经${months}个月，合计约${rng.int(20, 160)}万元，其中拖欠我本人${own.toLocaleString('en-US')}元。`,
          `我们多次找公司老板讨要，他一直以“货款没有收回来”为由推脱，最近干脆不接电话，工厂也已经停工。家里老人看病、孩子上学都要用钱，工友们都很着急。`,
          `恳请领导督促人力社保部门依法处理，帮我们讨回血汗钱。`,
        ],
      };
    },
  },
  {
    id: 'roofLeak',
    department: 'housing',
    write: ({ rng, p, at, year }) => ({
      subject: rng.pick(['房屋漏水多年物业不管不问，请求帮助', `关于${at.community}顶楼漏水问题的反映`, `${at.community}屋面漏水，维修资金申请无门`]),
      paragraphs: [
        `我是${at.address}的业主${p.name}，今年${rng.int(55, 82)}岁。我家是顶楼，自${year - rng.int(1, 3)}年梅雨季起屋顶就开始漏水，卧室天花板大面积发霉、墙皮脱落，下大雨时要用脸盆接水。`,
        `前后向小区物业报修了不下${rng.int(5, 15)}次，物业只派人上来看过一次，说屋面防水要动用专项维修资金，需要业主签字同意，之后就再也没有下文。我们每年照交物业费，物业却不管不问。`,
        `恳请领导协调住建部门督促物业尽快维修屋顶，或者告诉我们维修资金怎么申请。`,
      ],
    }),
  },
  {
    id: 'landCompensation',
    department: 'naturalResources',
    write: ({ rng, p, at, year }) => {
      const perMu = rng.int(40, 65) / 10;
      const own = rng.int(15, 60) / 10;
      return {
        subject: rng.pick([`关于${at.village}征地补偿款未足额发放的反映`, `${at.village}土地征收补偿不公开、不到位`, '征地补偿款被截留，请求调查']),
        paragraphs: [
          `我是${at.town}${at.village}村民${p.name}。${year - 2}年县里为建设${rng.pick(PROJECTS)}项目征收我村集体土地${rng.int(40, 300)}亩，其中包括我家承包的${own}亩${rng.pick(['茶园', '水田', '竹林', '果园'])}。按照征地补偿安置方案，每亩补偿费和安置补助费合计应为${perMu}万元。`,
          `但是到目前为止，我家只领到了补偿款${(Math.round(own * perMu * 6) / 10).toFixed(1)}万元，比方案少了不少。村委会说剩下的钱“留作村集体发展资金”，既没有召开村民代表大会讨论，也没有张榜公示。全村有类似情况的农户有${rng.int(8, 40)}户。`,
          `请求：一、公开我村征地补偿款的发放明细；二、按方案足额发放补偿款；三、查处截留挪用补偿款的行为。`,
        ],
      };
    },
  },
  {
    id: 'constructionNoise',
    department: 'ecologyEnvironment',
    write: ({ rng, at }) => ({
      subject: rng.pick([`${at.community}附近工地夜间施工噪音扰民`, '工地夜间施工，噪音严重影响休息', `反映${at.town}某工地深夜打桩`]),
      paragraphs: [
        `我住在${at.address}。小区${rng.pick(['东', '南', '西', '北'])}面的${rng.pick(PROJECTS)}工地从${rng.int(1, 12)}月开始天天夜间施工，晚上11点以后还在打桩、浇混凝土，渣土车整夜进出，我们根本没法睡觉。家里孩子今年要${rng.pick(['中考', '高考'])}，老人有高血压。`,
        `我们打过12345热线，城管来过${rng.int(2, 5)}次，工地停一两天又继续干。请问这个工地有没有夜间施工许可？`,
        `请有关部门依法查处，晚上10点到早上6点禁止高噪声作业。`,
      ],
    }),
  },
  {
    id: 'factoryPollution',
    department: 'ecologyEnvironment',
    write: ({ rng, p, at }) => {
      const company = `${rng.pick(COMPANIES)}有限公司`;
      return {
        subject: rng.pick([`反映${company}偷排污水`, `${at.village}附近工厂排污，河水发黑发臭`, '工厂夜间排放废气，异味扰民']),
        paragraphs: [
          `我是${at.town}${at.village}村民${p.name}。村边的${company}近半年来经常在夜里偷排污水，排污口就在${rng.pick(['溪', '河', '渠'])}边上，水发黑发臭，鱼死了不少。厂里的烟囱晚上冒黄烟，有刺鼻的异味，村里老人孩子咳嗽的多了。`,
          `我们向镇里反映过，环保部门来检查时工厂就停产，检查一走又照排不误。`,
          `恳请生态环境部门夜间突击检查，依法处理，还我们一条干净的河。`,
        ],
      };
    },
  },
  {
    id: 'elevator',
    department: 'housing',
    write: ({ rng, at }) => {
      const households = rng.int(12, 24);
      return {
        subject: rng.pick(['老旧小区加装电梯申请迟迟不批，请求协调', `${at.community}加装电梯受阻`, '加装电梯审批卡住，老人上下楼困难']),
        paragraphs: [
          `我们是${at.community}${rng.int(1, 30)}幢的住户，楼里住的大多是六七十岁的老人，上下楼很困难。去年我们按政策申请加装电梯，${households}户业主中已有${households - rng.int(1, 3)}户签字同意，设计方案也做好了。`,
          `但是一楼的住户一直反对，街道调解了${rng.int(2, 6)}次没有结果，审批就一直卡着。`,
          `请求有关部门依法协调，尽快推进加装电梯工作。`,
        ],
      };
    },
  },
  {
    id: 'schoolDistrict',
    department: 'education',
    write: ({ rng, p, at }) => ({
      subject: rng.pick(['关于孩子入学学区划分问题的投诉', `${at.community}学区调整不合理`, '学区划分突然调整，请求公开依据']),
      paragraphs: [
        `我是${p.name}，户籍和房产都在${at.address}。按照往年的学区划分，我们小区对应${at.town.slice(0, 2)}${rng.pick(['实验', '第一', '第二', '城南'])}小学。今年公布的新学区方案把我们小区划到了离家${rng.int(4, 12)}公里外的学校，孩子每天上学要换乘两趟公交。`,
        `我们认为学区调整没有提前征求意见，也没有说明理由。`,
        `请求教育部门公开学区调整的依据，并考虑就近入学的原则。`,
      ],
    }),
  },
  {
    id: 'pension',
    department: 'humanResourcesSocialSecurity',
    write: ({ rng, p, at, year }) => {
      const from = rng.int(1985, 1998);
      return {
        subject: rng.pick(['养老保险缴费年限认定有误，请求核查', '社保缴费记录缺失，无法办理退休', '请求核查本人养老保险缴费记录']),
        paragraphs: [
          `我叫${p.name}，今年${rng.int(55, 61)}岁，${from}年至${from + rng.int(6, 15)}年在原${at.area.slice(0, 2)}${rng.pick(COMPANIES)}厂工作，单位一直为我缴纳养老保险。${year}年办理退休时，社保经办机构说我有${rng.int(2, 6)}年的缴费记录查不到，缴费年限不够。`,
          `原单位已经改制，我手里有当年的工资单和单位出具的证明。`,
          `请求社保部门核查我的缴费记录，依法认定缴费年限。`,
        ],
      };
    },
  },
  {
    id: 'medicalDispute',
    department: 'health',
    write: ({ rng, at }) => {
      const hospital = `${at.area.slice(0, 2)}${rng.pick(['人民医院', '中医院', '第一人民医院', '妇幼保健院'])}`;
      return {
        subject: rng.pick([`对${hospital}医疗纠纷处理结果不满的反映`, `${hospital}术后感染，请求调查`, '医疗纠纷协商无果，请求卫健部门处理']),
        paragraphs: [
          `我父亲今年${rng.int(60, 85)}岁，${rng.int(1, 12)}月因${rng.pick(['胆结石', '股骨骨折', '疝气', '白内障'])}在${hospital}住院手术，术后出现感染，又住院一个多月，花去医疗费${rng.int(3, 15)}万元。我们认为医院在术后护理上有过错。`,
          `我们向医院医务科反映，医院只同意减免部分费用，也不同意进行医疗损害鉴定。`,
          `请求卫生健康部门依法调查处理。`,
        ],
      };
    },
  },
  {
    id: 'illegalBuilding',
    department: 'urbanManagement',
    write: ({ rng, at }) => ({
      subject: rng.pick(['邻居违章搭建影响采光，请求依法拆除', `${at.community}违建多年无人处理`, '反映违章建筑问题']),
      paragraphs: [
        `我住在${at.address}。去年${rng.int(1, 12)}月起，楼下的邻居在自家院子里违章搭建了两层彩钢板房，高度超过了二楼窗台，把我家的采光和通风都挡住了。`,
        `我向社区和城管反映过多次，城管下过整改通知书，但对方一直没有拆除，反而又加盖了一层雨棚。`,
        `请求城市管理部门依法处理违章建筑。`,
      ],
    }),
  },
  {
    id: 'subsistence',
    department: 'civilAffairs',
    write: ({ rng, p, at }) => ({
      subject: rng.pick(['申请低保被取消，请求复核', '低保资格被取消不合理', '请求重新核查我家低保']),
      paragraphs: [
        `我是${at.town}${at.village}村民${p.name}，今年${rng.int(50, 75)}岁，老伴常年患病，家里没有固定收入。我家原来享受农村低保，今年${rng.int(1, 12)}月村里说我家有一辆旧面包车，把低保取消了。`,
        `这辆车是十多年前买的二手车，早就不能开了，一直停在院子里。`,
        `请求民政部门重新核查我家的实际情况，恢复低保待遇。`,
      ],
    }),
  },
  {
    id: 'expiredFood',
    department: 'marketRegulation',
    write: ({ rng, at }) => {
      const shop = `${at.town.slice(0, 2)}${rng.pick(['联华', '世纪联华', '万家福', '好又多'])}超市`;
      return {
        subject: rng.pick([`${shop}销售过期食品，投诉无人处理`, '超市卖过期食品，拒绝赔偿', '投诉超市销售过期食品']),
        paragraphs: [
          `${rng.int(1, 12)}月${rng.int(1, 28)}日我在${shop}购买了${rng.pick(['两箱牛奶', '一袋大米', '几包饼干', '一桶食用油'])}，回家后发现已经过期${rng.int(3, 40)}天。我找超市退换，超市只同意退款，不同意按规定赔偿。`,
          `我拨打12315投诉后，到现在已经一个多月没有答复。`,
          `请求市场监管部门依法查处，维护消费者权益。`,
        ],
      };
    },
  },
  {
    id: 'delayedHandover',
    department: 'housing',
    write: ({ rng, p, year }) => {
      const project = `${rng.pick(['香樟', '云栖', '湖畔', '锦江', '悦府'])}${rng.pick(['名苑', '华府', '雅园', '壹号'])}`;
      return {
        subject: rng.pick([`${project}延期交房两年，开发商不给说法`, `关于${project}项目停工、延期交房的反映`, '商品房延期交房，请求督促复工']),
        paragraphs: [
          `我是${project}的购房业主${p.name}，${year - 3}年签订商品房买卖合同，约定当年年底交房。到现在已经延期两年多，工地时停时工，开发商一直说资金困难。`,
          `我们每月还在还房贷，还要在外面租房住，经济压力很大。`,
          `请求住建部门督促开发商复工，明确交房时间，并按合同支付违约金。`,
        ],
      };
    },
  },
  {
    id: 'landRent',
    department: 'agricultureRural',
    write: ({ rng, p, at, year }) => ({
      subject: rng.pick(['土地流转租金两年未付，请求处理', `${at.village}土地流转费被拖欠`, '请求督促支付土地流转租金']),
      paragraphs: [
        `我是${at.town}${at.village}村民${p.name}。${year - 5}年我家${rng.int(2, 9)}亩承包地通过村集体流转给${rng.pick(COMPANIES)}有限公司种植苗木，合同约定每年每亩租金${rng.int(6, 12) * 100}元，年底支付。`,
        `从前年开始公司就没有支付租金，村里有类似情况的有${rng.int(10, 50)}户，村委会说公司经营困难，让我们再等等。`,
        `请求农业农村部门督促公司支付租金，或者解除合同把地还给我们。`,
      ],
    }),
  },
  {
    id: 'busRoute',
    department: 'transport',
    write: ({ rng, p, at }) => ({
      subject: rng.pick([`${at.village}公交线路停运，村民出行困难`, '请求恢复农村公交线路', '公交停运后村里老人看病难']),
      paragraphs: [
        `我是${at.town}${at.village}村民${p.name}。原来经过我们村的${rng.int(101, 399)}路公交车从${rng.int(1, 12)}月起停运了，村里老人去镇上看病、孩子去学校都没有车坐。`,
        `我们向公交公司反映，对方说这条线路亏损。`,
        `请求交通运输部门恢复这条公交线路，或者开通预约班车。`,
      ],
    }),
  },
];

/** Simplified → Traditional for the characters of the demo province's place and office names. */
const TO_TRADITIONAL: Record<string, string> = { 庐: '廬', 县: '縣', 镇: '鎮', 岛: '島', 临: '臨', 长: '長', 兴: '興', 会: '會', 访: '訪', 办: '辦', 区: '區', 杭: '杭', 门: '門', 阳: '陽' };

function traditional(text: string): string {
  return [...text].map((ch) => TO_TRADITIONAL[ch] ?? ch).join('');
}

function big5Safe(text: string, fallback: string): string {
  try {
    encode(text, 'big5');
    return text;
  } catch {
    return fallback;
  }
}

const MATTERS_TRADITIONAL: readonly Matter[] = [
  {
    id: 'oldHouseDemolished',
    department: 'housing',
    write: ({ rng, p, at }) => {
      const home = big5Safe(traditional(`${at.area}${at.town}`), '浙江老家');
      return {
        subject: rng.pick(['家母老屋被強行拆除，懇請調查處理', '老屋未經協議被拆，請求依法補償']),
        paragraphs: [
          `本人${p.name}，現居香港。家母今年${rng.int(75, 92)}歲，獨居於${home}老屋。上月村委會以「危房改造」為由，在未簽任何協議、未給任何補償的情況下，將家母居住的老屋拆除，家中物品全部被埋。`,
          `家母現暫住鄰居家中，身體每況愈下。本人不便返回內地，如需補充材料，請以電郵聯絡。`,
          `懇請政府調查此事，依法給予安置和補償，並盡快為家母解決住所問題。`,
        ],
      };
    },
  },
  {
    id: 'investorPayment',
    department: 'marketRegulation',
    write: ({ rng, p, at, year }) => {
      const home = big5Safe(traditional(at.area), '浙江');
      return {
        subject: rng.pick(['台商貨款被拖欠，懇請協調', '關於合作企業拖欠貨款的反映']),
        paragraphs: [
          `本人${p.name}，台灣居民，${year - rng.int(3, 9)}年起在${home}投資經營一家小型五金貿易公司。當地一家合作企業自去年起拖欠本公司貨款共${rng.int(30, 220)}萬元人民幣，多次催討，對方均以資金周轉困難為由拖延。`,
          `本公司已提供送貨單、對帳單等證明材料，對方亦書面確認欠款，但至今未付分文。`,
          `懇請有關部門協調處理，保障台商的合法權益。`,
        ],
      };
    },
  },
  {
    id: 'ancestralGrave',
    department: 'civilAffairs',
    write: ({ rng, p, at }) => {
      const home = big5Safe(traditional(`${at.area}${at.town}`), '浙江老家');
      return {
        subject: rng.pick(['先父墳墓被遷移未獲通知，請求說明', '關於祖墳遷移補償的查詢']),
        paragraphs: [
          `本人${p.name}，旅居澳門多年。先父安葬於${home}山上，今年清明返鄉掃墓時，發現墳墓已因修路被遷移，事前未獲任何通知。`,
          `村委會稱遷移補償已發放給「親屬」，但本人及兄弟姊妹${rng.int(2, 5)}人均未收到，也不知先父遺骨現安放何處。`,
          `請求有關部門說明遷移經過及遺骨安放地點，並依規定處理補償事宜。`,
        ],
      };
    },
  },
];

const EXTRA_PARAGRAPHS = [
  '以上情况属实，如有需要我可以提供更多材料。',
  '之前也打过12345热线，工单转到了有关部门，但一直没有实质性进展。',
  '我们不是无理取闹，只是希望问题能依法依规得到解决。',
  '希望领导在百忙之中关注此事，给我们一个答复。',
  '附近有同样情况的还有好几户，大家都在等一个说法。',
];

/** Words of the urgency lexicon (shared/domain/mail/urgency.ts), as a petitioner would write them. */
const URGENT_PARAGRAPHS = [
  '今天上午有一名工友情绪激动，站在厂房楼顶扬言要跳楼，现场已经围了很多人，请领导马上派人来处理！',
  '邻居老人说再不解决就不想活了，这两天一直念叨要喝农药，家里人都很害怕，恳请尽快介入。',
  '几十名工人已经聚集在厂门口，有人说要去堵路，事态随时可能扩大，请立即派人处置。',
];

// ---------------------------------------------------------------------------
// Mail clients
// ---------------------------------------------------------------------------

export type ClientStyle = 'coremail' | 'qqmail' | 'foxmail' | 'thunderbird' | 'outlook' | 'applemail' | 'outlookBig5';

interface Style {
  charset: string;
  transfer: 'base64' | 'quoted-printable';
  html: boolean;
  subject: 'B' | 'Q';
  filenames: 'rfc2231' | 'rfc2047';
  domains: readonly string[];
  mailer?: string;
}

const STYLES: Record<ClientStyle, Style> = {
  coremail: { charset: 'UTF-8', transfer: 'base64', html: true, subject: 'B', filenames: 'rfc2231', domains: ['163.example', '126.example'], mailer: 'Coremail Webmail Server Version XT5.0.14 build 20230109(dcb5de15)' },
  qqmail: { charset: 'utf-8', transfer: 'quoted-printable', html: false, subject: 'Q', filenames: 'rfc2047', domains: ['qq.example'], mailer: 'QQMail 2.x' },
  foxmail: { charset: 'GB2312', transfer: 'base64', html: true, subject: 'B', filenames: 'rfc2047', domains: ['163.example', 'sina.example', 'foxmail.example'], mailer: 'Foxmail 7.2.25.228[cn]' },
  thunderbird: { charset: 'gbk', transfer: 'quoted-printable', html: false, subject: 'Q', filenames: 'rfc2231', domains: ['sina.example', '139.example'] },
  outlook: { charset: 'GB18030', transfer: 'base64', html: true, subject: 'B', filenames: 'rfc2047', domains: ['outlook.example', 'hotmail.example'], mailer: 'Microsoft Outlook 16.0' },
  applemail: { charset: 'utf-8', transfer: 'base64', html: false, subject: 'B', filenames: 'rfc2231', domains: ['icloud.example', '126.example'], mailer: 'iPhone Mail (21F90)' },
  outlookBig5: { charset: 'big5', transfer: 'base64', html: false, subject: 'B', filenames: 'rfc2047', domains: ['hkmail.example', 'netvigator.example', 'hinet.example'] },
};

const STYLE_WEIGHTS: readonly (readonly [ClientStyle, number])[] = [
  ['coremail', 26],
  ['qqmail', 22],
  ['foxmail', 14],
  ['thunderbird', 9],
  ['outlook', 12],
  ['applemail', 11],
  ['outlookBig5', 6],
];

interface Attachment {
  filename: string;
  kind: FileKind;
  data: Buffer;
}

function attachmentsFor(rng: Rng, style: ClientStyle, matter: string): Attachment[] {
  const t = style === 'outlookBig5';
  const names: readonly (readonly [string, FileKind])[] = t
    ? [['照片.jpg', 'jpeg'], ['證明文件.pdf', 'pdf'], ['對帳單.pdf', 'pdf'], ['IMG_0412.JPG', 'jpeg']]
    : [
        [`IMG_${2026_0000 + rng.int(101, 1231)}_${rng.int(100000, 235959)}.jpg`, 'jpeg'],
        ['现场照片.jpg', 'jpeg'],
        ['情况说明.docx', 'docx'],
        [matter === 'wageArrears' ? '考勤记录.pdf' : '相关证明.pdf', 'pdf'],
        ['微信截图.png', 'png'],
        [matter === 'landCompensation' ? '征地补偿协议.pdf' : '申请书.docx', matter === 'landCompensation' ? 'pdf' : 'docx'],
      ];
  const count = rng.weighted([
    [1, 5],
    [2, 3],
    [3, 1],
  ] as const);
  const out: Attachment[] = [];
  for (let i = 0; i < count; i++) {
    const [filename, kind] = rng.pick(names);
    const size = kind === 'jpeg' || kind === 'png' ? rng.int(20, 180) * 1024 : rng.int(8, 60) * 1024;
    out.push({ filename: out.some((a) => a.filename === filename) ? `${i + 1}-${filename}` : filename, kind, data: fakeFile(size, FILE_KINDS[kind].head, FILE_KINDS[kind].tail, rng) });
  }
  return out;
}

function filenameParams(style: Style, filename: string): { type: string; disposition: string } {
  if (/^[\x20-\x7e]+$/.test(filename)) return { type: `name="${filename}"`, disposition: `filename="${filename}"` };
  if (style.filenames === 'rfc2231') return { type: `name*=${rfc2231(filename)}`, disposition: `filename*=${rfc2231(filename)}` };
  const word = encodedWords(filename, style.charset, 'B');
  return { type: `name="${word}"`, disposition: `filename="${word}"` };
}

function transferEncode(style: Style, text: string): string {
  const bytes = encode(crlf(text), style.charset);
  return style.transfer === 'base64' ? base64Body(bytes) : qpBody(bytes);
}

function html(paragraphs: readonly string[], charset: string): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset.toLowerCase()}"></head><body>\n${paragraphs.map((p) => `<div>${p ? escape(p) : '<br>'}</div>`).join('\n')}\n</body></html>\n`;
}

// ---------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------

export class PetitionGenerator {
  private readonly offices: readonly (readonly [Jurisdiction, number])[];
  private readonly byCode: Map<string, Jurisdiction>;

  constructor(
    config: ProvinceConfig,
    private readonly options: PetitionOptions,
  ) {
    this.byCode = new Map(config.jurisdictions.map((j) => [j.code, j]));
    const weight = { province: 0.5, city: 1, county: 3, township: 3 } as const;
    this.offices = config.jurisdictions.map((j) => [j, weight[j.level as keyof typeof weight] ?? 1] as const);
  }

  petition(index: number, now: Date = new Date()): GeneratedPetition {
    const rng = new Rng(Math.imul(this.options.seed ^ 0x9e3779b9, 2654435761) ^ Math.imul(index + 1, 0x85ebca6b));
    const urgent = (this.options.urgentEvery ?? 0) > 0 && index % this.options.urgentEvery! === this.options.urgentEvery! - 1;
    const drawn = rng.weighted(STYLE_WEIGHTS);
    // The urgency lexicon is in simplified characters, which Big5 cannot carry.
    const styleId = urgent && drawn === 'outlookBig5' ? 'coremail' : drawn;
    const style = STYLES[styleId];
    const isTraditional = styleId === 'outlookBig5';
    const j = rng.weighted(this.offices);
    const p = person(rng, isTraditional);
    const at = place(rng, j, this.byCode);
    const year = Number(chineseDate(now).slice(0, 4));
    const matter = rng.pick(isTraditional ? MATTERS_TRADITIONAL : MATTERS);
    const letter = matter.write({ rng, p, at, year });

    // Contact details: unique per index, so every petition is a new petitioner.
    const domain = rng.pick(style.domains);
    const local = styleId === 'qqmail' ? String(10_000_000 + index * 7 + rng.int(0, 6)) : `${p.pinyin}${rng.pick(['', '_', '.'])}${index}`;
    const from = `${local}@${domain}`;
    const unique8 = String((index * 7919 + (this.options.seed % 1000) * 104_729) % 100_000_000).padStart(8, '0');
    const mobile = `1${rng.pick(['35', '36', '37', '38', '39', '57', '58', '59', '77', '88', '89', '99'])}${unique8}`;
    const phone = isTraditional
      ? `+852 ${5 + (index % 5)}${unique8.slice(1, 4)} ${unique8.slice(4)}`
      : rng.pick([mobile, `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`, `${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`]);

    const office = isTraditional ? big5Safe(traditional(j.office.name), '信訪部門') : j.office.name;
    const indent = rng.pick(['    ', '\u3000\u3000', '']);
    const paragraphs = [...letter.paragraphs];
    if (!isTraditional && rng.chance(0.4)) paragraphs.splice(paragraphs.length - 1, 0, rng.pick(EXTRA_PARAGRAPHS));
    if (urgent) paragraphs.splice(paragraphs.length - 1, 0, rng.pick(URGENT_PARAGRAPHS));
    const date = chineseDate(now);
    const salutation = isTraditional
      ? rng.pick([`${office}：`, '敬啟者：'])
      : rng.pick([`${office}：`, `尊敬的${office}领导：`, `${office}领导：\n\n    您好！`]);
    const signature = isTraditional
      ? [`${p.name} 敬上`, `聯絡電話：${phone}`, date]
      : rng.pick([
          [p.name, `联系电话：${phone}`, date],
          [`反映人：${p.name}`, `联系电话：${phone}`, `住址：${at.address}`, date],
          ['此致', '敬礼！', '', p.name, `手机：${phone}`, date],
          [`联系人：${p.name}\u3000电话：${phone}`, `地址：${at.address}`],
        ]);
    const lines = [salutation, '', ...paragraphs.flatMap((para) => [`${indent}${para}`, '']), ...signature];
    const text = `${lines.join('\n')}\n`;

    // Headers as the client writes them.
    const sent = new Date(now.getTime() - rng.int(0, 600_000));
    const uniq = `${index.toString(16).padStart(6, '0')}${rng.hex(10)}`;
    const messageId = {
      coremail: `${rng.hex(8)}.${rng.hex(4)}.${uniq}.Coremail.${local}@${domain}`,
      qqmail: `tencent_${uniq.toUpperCase()}${rng.hex(24).toUpperCase()}@qq.example`,
      foxmail: `${chinaMailDate(sent).replace(/\D/g, '').slice(0, 14)}${uniq}@${domain}`,
      thunderbird: `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${rng.hex(4)}-${uniq.slice(0, 12)}@${domain}`,
      outlook: `TY2PR01MB${rng.int(1000, 9999)}${uniq.toUpperCase()}${rng.hex(12).toUpperCase()}@TY2PR01MB${rng.int(1000, 9999)}.jpnprd01.prod.outlook.example`,
      applemail: `${rng.hex(8).toUpperCase()}-${rng.hex(4).toUpperCase()}-${rng.hex(4).toUpperCase()}-${rng.hex(4).toUpperCase()}-${uniq.toUpperCase().slice(0, 12)}@${domain}`,
      outlookBig5: `HK0PR03MB${rng.int(1000, 9999)}${uniq.toUpperCase()}${rng.hex(12).toUpperCase()}@HK0PR03MB${rng.int(1000, 9999)}.apcprd03.prod.outlook.example`,
    }[styleId];

    const envelopeTo = [j.office.mailbox];
    const parent = j.parent ? this.byCode.get(j.parent) : undefined;
    const cc: string[] = [];
    if (this.options.secondOfficeEvery > 0 && index % this.options.secondOfficeEvery === this.options.secondOfficeEvery - 1 && parent) {
      // "并转县信访局": a copy to the office above, stored once more by the receiving rule.
      envelopeTo.push(parent.office.mailbox);
      cc.push(parent.office.mailbox);
    }
    const unit = j.units.find((u) => u.department === matter.department);
    if (unit && rng.chance(0.15)) cc.push(unit.mailbox); // a unit in Cc only: units' mailboxes take no mail, so not in the envelope

    const attachments =
      this.options.attachmentsEvery > 0 && index % this.options.attachmentsEvery === this.options.attachmentsEvery - 1 ? attachmentsFor(rng, styleId, matter.id) : [];

    const displayName = (name: string, address: string) =>
      styleId === 'qqmail' ? `"${encodedWords(name, 'utf-8', 'B')}" <${address}>` : `${encodedWords(name, style.charset, 'B')} <${address}>`;
    const headers = [
      ...(rng.chance(0.5)
        ? [`Received: from [192.168.${rng.int(0, 9)}.${rng.int(2, 254)}] (unknown [${rng.int(36, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}])\n\tby mx.${domain} with ESMTPA id ${rng.hex(10).toUpperCase()}; ${chinaMailDate(sent)}`]
        : []),
      `Date: ${chinaMailDate(sent)}`,
      `From: ${rng.chance(0.85) ? displayName(p.name, from) : from}`,
      `To: ${rng.chance(0.7) ? displayName(office, j.office.mailbox) : j.office.mailbox}`,
      ...(cc.length ? [`Cc: ${cc.join(', ')}`] : []),
      `Subject: ${encodedWords(letter.subject, style.charset, style.subject)}`,
      `Message-ID: <${messageId}>`,
      'MIME-Version: 1.0',
      ...(style.mailer ? [`X-Mailer: ${style.mailer}`] : []),
      ...(styleId === 'outlook' || styleId === 'outlookBig5' ? [`Content-Language: ${isTraditional ? 'zh-HK' : 'zh-CN'}`] : []),
    ];

    const textPart = [`Content-Type: text/plain; charset="${style.charset}"`, `Content-Transfer-Encoding: ${style.transfer}`, '', transferEncode(style, text)];
    let bodyPart = textPart;
    if (style.html) {
      const alt = `----=_Part_${rng.int(100000, 999999)}_${rng.int(100000000, 999999999)}.${sent.getTime()}`;
      bodyPart = [
        `Content-Type: multipart/alternative; boundary="${alt}"`,
        '',
        `--${alt}`,
        ...textPart,
        `--${alt}`,
        `Content-Type: text/html; charset="${style.charset}"`,
        'Content-Transfer-Encoding: base64',
        '',
        base64Body(encode(crlf(html(lines, style.charset)), style.charset)),
        `--${alt}--`,
        '',
      ];
    }
    let body = bodyPart;
    if (attachments.length) {
      const mixed = `----=_NextPart_${rng.hex(8).toUpperCase()}_${rng.hex(8).toUpperCase()}`;
      body = [
        `Content-Type: multipart/mixed; boundary="${mixed}"`,
        '',
        'This is a multi-part message in MIME format.',
        '',
        `--${mixed}`,
        ...bodyPart,
        ...attachments.flatMap((a) => {
          const params = filenameParams(style, a.filename);
          return [
            `--${mixed}`,
            `Content-Type: ${FILE_KINDS[a.kind].contentType}; ${params.type}`,
            'Content-Transfer-Encoding: base64',
            `Content-Disposition: attachment; ${params.disposition}`,
            '',
            base64Body(a.data),
          ];
        }),
        `--${mixed}--`,
        '',
      ];
    }
    const raw = Buffer.from(crlf([...headers, ...body].join('\n')), 'utf8');
    return {
      index,
      messageId,
      from,
      envelopeTo,
      jurisdiction: j.code,
      client: styleId,
      charset: style.charset.toUpperCase(),
      matter: matter.id,
      attachments: attachments.length,
      urgent,
      raw,
    };
  }
}
