import { describe, expect, it } from 'vitest';
import type { ParsedEmail } from '../../shared/domain/mail/parsed-email.js';
import { declaresAnonymity, extractPhone, petitionerFromEmail } from '../../shared/domain/mail/petitioner.js';

function email(overrides: Partial<ParsedEmail> = {}): ParsedEmail {
  return {
    messageId: 'tencent_8C2E71A04B@qq.com',
    references: [],
    from: { address: '1395720088@qq.com', name: '陈秀英' },
    returnPath: '1395720088@qq.com',
    to: [{ address: 'xinfang@tonglu.gov.cn' }],
    cc: [],
    subject: '分水镇五丰村土地征收补偿款未发放',
    text: '领导您好：我家承包的2.3亩责任田2025年被征收，补偿款至今没有发到手。',
    headers: {},
    contentType: 'text/plain',
    attachments: [],
    defects: [],
    contentHash: '0'.repeat(64),
    ...overrides,
  };
}

describe('petitionerFromEmail', () => {
  it('takes the name the letter is signed with over a display name that is a form of address, and the number signed with it', () => {
    const petition = email({
      from: { address: 'mashifu@qq.example', name: '马师傅' },
      subject: '再不解决我就跳楼',
      text: '老板欠我们三个月工资，明天再不给钱，我就从工地楼顶跳下去。马建军 13655556666',
    });
    expect(petitionerFromEmail(petition)).toEqual({ anonymous: false, name: '马建军', email: 'mashifu@qq.example', phone: '13655556666' });
  });

  it('a name alone on the last line signs the letter; closing words and titles do not', () => {
    const signed = (last: string, display = '快乐小鱼') => petitionerFromEmail(email({ from: { address: 'a@163.example', name: display }, text: `小区路灯坏了三个月，请求维修。\n${last}` })).name;
    expect(signed('方志明')).toBe('方志明');
    expect(signed('欧阳明月')).toBe('欧阳明月');
    expect(signed('谢谢')).toBeUndefined();
    expect(signed('此致敬礼')).toBeUndefined();
    expect(signed('王书记', '王书记')).toBeUndefined();
    expect(signed('请尽快处理。', '张总')).toBeUndefined();
    // A three-character name that happens to end in 工 is a name.
    expect(signed('请尽快处理。', '张建工')).toBe('张建工');
    expect(signed('盼复', '李老师')).toBeUndefined();
    // The display name still counts when the letter is not signed.
    expect(signed('请尽快处理。', '王芳')).toBe('王芳');
    // Someone else's name and number at the end are not a signature.
    expect(petitionerFromEmail(email({ text: '请找包工头，他叫张三 13900001111' })).phone).toBeUndefined();
  });

  it('a writer who says they report anonymously is anonymous: nothing identifying kept, nothing sent', () => {
    const petition = email({ from: { address: 'anon123@proton.example', name: '' }, text: '我匿名举报桐庐县某局副局长违规收受工程老板礼金，请组织调查。不要回复我。' });
    expect(petitionerFromEmail(petition)).toEqual({ anonymous: true });
    expect(declaresAnonymity('本人现匿名反映以下问题')).toBe(true);
    expect(declaresAnonymity('我收到一封匿名举报信')).toBe(false);
    expect(declaresAnonymity('有人匿名举报我')).toBe(false);
    // An earlier anonymous letter, or a writer who now gives their name, is not an anonymous petition.
    expect(declaresAnonymity('上次我匿名举报过没人管，这次实名反映。')).toBe(false);
    expect(declaresAnonymity('我曾经匿名反映过此事，没有下文。')).toBe(false);
    expect(petitionerFromEmail(email({ text: '上次我匿名举报过没人管，这次实名反映。\n姓名：张伟\n联系电话：13812345678' }))).toMatchObject({ anonymous: false, name: '张伟', phone: '13812345678' });
  });

  it('registers the sender: lower-cased From address, display name, phone and address from the text', () => {
    const petition = email({
      from: { address: 'ChenXiuYing1962@163.COM', name: '陈秀英' },
      text: [
        '领导您好：',
        '我家承包的2.3亩责任田2025年被征收，补偿款至今没有发到手，村里说钱在镇上。',
        '家庭住址：桐庐县分水镇五丰村下宅自然村12号  联系电话：138-5711-2345',
      ].join('\n'),
    });
    expect(petitionerFromEmail(petition)).toEqual({
      anonymous: false,
      name: '陈秀英',
      email: 'chenxiuying1962@163.com',
      phone: '13857112345',
      address: '桐庐县分水镇五丰村下宅自然村12号',
    });
  });

  it('prefers a name written in the text to the display name', () => {
    const petition = email({ from: { address: 'lw_2019@qq.com', name: '陈秀英' }, text: '信访人：李卫东，男，52岁\n反映事项：…' });
    expect(petitionerFromEmail(petition).name).toBe('李卫东');
  });

  it('reads labelled names with either colon, honorifics, and names with a middle dot', () => {
    const of = (text: string) => petitionerFromEmail(email({ from: { address: 'x@qq.com' }, text })).name;
    expect(of('姓名: 王建国')).toBe('王建国');
    expect(of('此致\n敬礼\n反映人：周丽萍女士')).toBe('周丽萍');
    expect(of('联系人：买买提·艾力 电话：13999112233')).toBe('买买提·艾力');
    expect(of('署名：欧阳春花')).toBe('欧阳春花');
  });

  it('does not take the person complained about (被反映人) for the petitioner', () => {
    const petition = email({ from: { address: 'x@qq.com' }, text: '被反映人：李建设（村主任）\n反映人：王建国' });
    expect(petitionerFromEmail(petition).name).toBe('王建国');
  });

  it('does not take a sentence for a name', () => {
    const petition = email({ from: { address: 'x@qq.com' }, text: '联系人：村里的会计一直不接电话' });
    expect(petitionerFromEmail(petition).name).toBeUndefined();
  });

  it('uses a display name only when it reads as a person’s name', () => {
    const nameOf = (name: string) => petitionerFromEmail(email({ from: { address: 'a1@qq.com', name } })).name;
    expect(nameOf('Wang Fang')).toBe('Wang Fang');
    expect(nameOf('欧阳春花')).toBe('欧阳春花');
    expect(nameOf('快乐小鱼')).toBeUndefined();
    expect(nameOf('万事如意')).toBeUndefined();
    expect(nameOf('QQ邮箱用户')).toBeUndefined();
    expect(nameOf('admin')).toBeUndefined();
    expect(nameOf('Customer Service')).toBeUndefined();
    expect(nameOf('wangjianguo')).toBeUndefined();
    expect(nameOf('chenxiuying1962@163.com')).toBeUndefined();
  });

  it('uses From, not Reply-To', () => {
    const petition = email({ replyTo: { address: 'someone-else@qq.com' } });
    expect(petitionerFromEmail(petition).email).toBe('1395720088@qq.com');
  });

  it('ends the address at the next field and keeps at most 300 characters', () => {
    const long = '桐庐县城南街道'.repeat(50);
    const petitioner = petitionerFromEmail(email({ text: `联系地址：${long}\n` }));
    expect(petitioner.address).toHaveLength(300);
    expect(petitionerFromEmail(email({ text: '住址：桐庐县横村镇孝门村3组，手机：13857112345' })).address).toBe('桐庐县横村镇孝门村3组');
  });

  it('does not read 事发地址 (where it happened) as the petitioner’s address', () => {
    expect(petitionerFromEmail(email({ text: '事发地址：桐庐县城南街道迎春南路88号' })).address).toBeUndefined();
  });
});

describe('petitionerFromEmail: anonymity', () => {
  it('is anonymous when the petitioner signs 匿名, and then carries nothing identifying', () => {
    const petition = email({
      text: '镇土管所工作人员收受好处费，违规批建。\n住址：分水镇\n电话：13857112345\n署名：匿名',
    });
    expect(petitionerFromEmail(petition)).toEqual({ anonymous: true });
  });

  it('is anonymous with no usable From address and nothing in the text', () => {
    expect(petitionerFromEmail(email({ from: undefined }))).toEqual({ anonymous: true });
    expect(petitionerFromEmail(email({ from: { address: 'undisclosed-recipients:;' } }))).toEqual({ anonymous: true });
  });

  it('takes no contact from a mailbox nobody reads (noreply@): no acknowledgement goes there, and no repeat is matched by it', () => {
    for (const address of ['no-reply@service.example', 'noreply@gov.example', 'NoReply+web@portal.example', 'do-not-reply@bank.example', 'donotreply@x.example', 'no_reply.notice@y.example']) {
      expect(petitionerFromEmail(email({ from: { address, name: '系统通知' } })), address).toEqual({ anonymous: true });
    }
    // A form relayed through one, naming its writer, is the writer's.
    expect(petitionerFromEmail(email({ from: { address: 'noreply@12345.example' }, text: '反映人：陈秀英\n联系电话：13857112345' }))).toEqual({ anonymous: false, name: '陈秀英', phone: '13857112345' });
    // Not every address with "reply" in it.
    expect(petitionerFromEmail(email({ from: { address: 'replyto.chen@163.example', name: '陈秀英' } }))).toMatchObject({ email: 'replyto.chen@163.example' });
  });

  it('is not anonymous without a From address when the text names the petitioner and a phone', () => {
    const petition = email({ from: undefined, text: '反映人：陈秀英\n联系电话：13857112345' });
    expect(petitionerFromEmail(petition)).toEqual({ anonymous: false, name: '陈秀英', phone: '13857112345' });
  });
});

describe('declaresAnonymity', () => {
  it('recognises the usual declarations', () => {
    expect(declaresAnonymity('这是一封匿名信，请领导重视。')).toBe(true);
    expect(declaresAnonymity('本人不愿透露姓名，怕遭到打击报复。')).toBe(true);
    expect(declaresAnonymity('我们不便透露真实身份')).toBe(true);
    expect(declaresAnonymity('姓名：匿名')).toBe(true);
    expect(declaresAnonymity('署名 保密')).toBe(true);
    expect(declaresAnonymity('……请彻查。\n  匿名群众\n')).toBe(true);
  });

  it('does not take a mention of someone else’s anonymous letter for a declaration', () => {
    expect(declaresAnonymity('村主任说收到一封匿名信，就停了我家的低保。')).toBe(false);
    expect(declaresAnonymity('有人匿名举报我违建，实际上是合法翻建。')).toBe(false);
  });
});

describe('extractPhone', () => {
  it('reads a mobile written plain, with dashes, with spaces, with +86 or in full-width digits', () => {
    expect(extractPhone('手机13857112345')).toBe('13857112345');
    expect(extractPhone('电话：138-5711-2345')).toBe('13857112345');
    expect(extractPhone('请打138 5711 2345找我')).toBe('13857112345');
    expect(extractPhone('联系方式：+86 138 5711 2345')).toBe('13857112345');
    expect(extractPhone('联系电话：１３８５７１１２３４５')).toBe('13857112345');
  });

  it('reads a landline with its area code', () => {
    expect(extractPhone('家里电话：0571-64621234')).toBe('0571-64621234');
    expect(extractPhone('电话(0571)64621234')).toBe('0571-64621234');
    expect(extractPhone('办公室 010-12345678 转分机')).toBe('010-12345678');
    expect(extractPhone('座机：0571 6462 1234')).toBe('0571-64621234');
  });

  it('prefers a number on a labelled line to one mentioned earlier', () => {
    const text = '包工头李某电话13912345678一直不接，老板也躲着不见。\n我的手机：13857112345';
    expect(extractPhone(text)).toBe('13857112345');
  });

  it('takes an unlabelled number the petitioner says is theirs', () => {
    expect(extractPhone('我是陈秀英13857112345，村会计13912345678说钱早发了')).toBe('13857112345');
    expect(extractPhone('派出所电话0571-64612345，我本人手机13957100011')).toBe('13957100011');
    // A signature: the number alone on a line, or after a name.
    expect(extractPhone('工资至今未发，请领导过问。\n张伟 13857112345')).toBe('13857112345');
    expect(extractPhone('工资至今未发，请领导过问。\n13857112345\n')).toBe('13857112345');
    expect(extractPhone('工资至今未发。\n联系人：张伟 13857112345')).toBe('13857112345');
    expect(extractPhone('工资至今未发。\n张伟（13857112345）')).toBe('13857112345');
    // A label opening a sentence is theirs too.
    expect(extractPhone('我是张伟，迎春南路工地拖欠我们工资三个月。电话13912345678')).toBe('13912345678');
  });

  it('never takes a number that is someone else’s: the foreman’s, the police station’s, a clerk’s', () => {
    expect(extractPhone('包工头李四拖欠工资三个月，他的电话13800001234一直不接。')).toBeUndefined();
    expect(extractPhone('我问了村会计13912345678，他说钱早发了')).toBeUndefined();
    expect(extractPhone('包工头李四电话：13800001234')).toBeUndefined();
    expect(extractPhone('派出所电话0571-64612345，民警说不归他们管。')).toBeUndefined();
    expect(extractPhone('物业公司 0571-64610000 没人接。')).toBeUndefined();
  });

  it('never takes an ID-card number, a case number or a date for a phone', () => {
    expect(extractPhone('身份证号：330122198003154312')).toBeUndefined();
    expect(extractPhone('身份证：33012219800315431X')).toBeUndefined();
    expect(extractPhone('登记编号330122-2026-000042的答复我不满意')).toBeUndefined();
    expect(extractPhone('130100-2026-013800 号')).toBeUndefined();
    expect(extractPhone('2026-03-15上午到镇里，2025年10月08日又去')).toBeUndefined();
    expect(extractPhone('身份证号：330122198003154312，电话：13857112345')).toBe('13857112345');
  });

  it('does not read amounts or room numbers as phones', () => {
    expect(extractPhone('拖欠工资38600元，住3幢1单元502室，面积89.5平方米')).toBeUndefined();
  });
});

describe('the petitioner’s own number and name in the signatures the audit met', () => {
  const signatures: [string, string][] = [
    ['附照片和测量表。\n王秀英  手机13967112345\n住址：淳安县千岛湖镇新安东路88号3幢2单元', '13967112345'],
    ['医保局答复含糊。请求核查。\n\n周强 电话13757198765 地址杭州市上城区解放路100号', '13757198765'],
    ['化工厂每天晚上偷排废水，见下图：\n\n村民 吴海军 电话13588812345', '13588812345'],
    ['早晚高峰很危险。李明 13588881111\n--outer3\nContent-Type: image/jpeg', '13588881111'],
    ['学校以课后服务为名每学期强制收费1200元。许静 13566661234 住淳安县千岛湖镇环湖北路8号', '13566661234'],
    ['县环保局不作为，特向省里反映。曹红 13912341234 桐庐县凤川街道三鑫村', '13912341234'],
    ['再不解决我就喝了死在村委会门口。淳安县临岐镇 程大山 13905713333', '13905713333'],
    // Audit mail 44: a landline and a mobile on the labelled line; the mobile reaches them.
    ['住址：淳安县临岐镇审岭村3组\n联系电话：0571-65012345 / 139-5718-8888\n反映事项：养老金被停发。', '13957188888'],
    // Audit mail 07: a Taiwan mobile under a traditional-character label.
    ['當地某部門工作人員多次以檢查為名索要好處費，影響正常經營。聯繫電話：0912345678，微信同號。', '0912345678'],
  ];
  it.each(signatures)('reads the number of %s', (text, phone) => {
    expect(extractPhone(text)).toBe(phone);
  });

  // Someone else's numbers: a list of representatives, an official, a hotline, a company, the emergency numbers.
  const others = [
    '我们多次向劳动监察大队反映。\n\n代表：何师傅 13905710001，吕师傅 13905710002',
    '打了市长热线 12345 也没用。',
    '半夜打110，民警说不归他们管。',
    '村主任 王大海 13700001111',
    '市长热线 0571-12345678',
    '物业公司 0571-64610000 没人接。',
    '包工头 张三 13800001234 （他欠钱不还）',
    '拨打0912345以外的号码',
  ];
  it.each(others)('takes no number from %s', (text) => {
    expect(extractPhone(text)).toBeUndefined();
  });

  const named: [string, string, string?][] = [
    ['杭州市信访局：我叫冯建，反映杭州市滨江区某小区电梯频繁故障的问题。电话13600001234。', '冯建'],
    ['附件是我反映的材料。我叫钱丽，桐庐县江南镇人，反映开发商逾期交房两年。电话13800571111。', '钱丽'],
    ['桐庐县信访局：\n    本人陈志强，桐庐县桐君街道居民，联系电话0571-64212345。反映物业乱收费问题。\n此致\n敬礼！\n陈志强\n2026年12月7日', '陈志强'],
    ['我是桐庐县分水镇村民赵德明，反映村里土地征收补偿款被村干部截留的问题。电话15857101234。', '赵德明'],
    ['物业乱收费，请领导过问。\n此致\n敬礼\n孙丽华\n2026年12月7日', '孙丽华'],
    ['您好，本人黃美玲，台灣同胞，在淳安縣千島湖鎮投資經營民宿。', '黃美玲'],
    ['化工厂每天晚上偷排废水。\n\n村民 吴海军 电话13588812345', '吴海军'],
    ['学校强制收费1200元。许静 13566661234 住淳安县千岛湖镇环湖北路8号', '许静'],
    ['县环保局不作为，特向省里反映。曹红 13912341234 桐庐县凤川街道三鑫村', '曹红'],
  ];
  it.each(named)('reads the name in %s', (text, name) => {
    expect(petitionerFromEmail(email({ from: { address: 'a@163.example' }, text })).name).toBe(name);
  });

  const unnamed = [
    '我叫他老王，他一直不还钱。',
    '本人常年在外务工，家里的地被占了。',
    '我是村民，反映村里修路的问题。',
    '本人现居住在桐庐县城。',
    '邻居王大海占了我家的地。\n2026年12月7日',
    '物业乱收费，经理 王大海 13700001111 （物业公司）',
  ];
  it.each(unnamed)('names nobody in %s', (text) => {
    expect(petitionerFromEmail(email({ from: { address: 'a@163.example' }, text })).name).toBeUndefined();
  });
});

describe('declaresAnonymity: asking not to be known, as the audit found it', () => {
  const declared = [
    // Audit mail 17.
    '实名举报不敢，只能匿名。桐庐县住建局副局长刘某某利用职权在工程招投标中收受好处费。请纪委和相关部门调查。一个知情人',
    '怕打击报复，我选择匿名。',
    '匿名举报桐庐县某局长违规经商。',
    '……请彻查。\n知情群众',
  ];
  it.each(declared)('reads %s as anonymous', (text) => {
    expect(declaresAnonymity(text)).toBe(true);
  });

  const named = [
    '我不想匿名，我叫张伟，电话13857112345。',
    '上次匿名反映过，没有回音，这次实名反映：我叫张伟。',
    '匿名举报人遭到打击报复，请保护我们。',
    '知情人说村主任收了钱，我叫张伟，实名反映。',
    '匿名举报住建局，不如实名反映，我叫张伟。',
  ];
  it.each(named)('does not read %s as anonymous', (text) => {
    expect(declaresAnonymity(text)).toBe(false);
  });

  it('keeps nothing identifying of an anonymous sender (audit mail 17)', () => {
    const text = declared[0]!;
    expect(petitionerFromEmail(email({ from: { address: 'zhiqingren2026@proton.me' }, text }))).toEqual({ anonymous: true });
  });
});
