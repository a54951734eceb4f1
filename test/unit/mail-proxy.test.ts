import { describe, expect, it } from 'vitest';
import { addressedAs, writtenForWords } from '../../shared/domain/case.js';
import type { ParsedEmail } from '../../shared/domain/mail/parsed-email.js';
import { petitionerFromEmail } from '../../shared/domain/mail/petitioner.js';
import { writtenFor } from '../../shared/domain/mail/proxy.js';

function email(text: string, from: ParsedEmail['from'] = { address: 'wangxiaoli88@163.example', name: '快乐小鱼' }): ParsedEmail {
  return {
    messageId: 'proxy-1@163.example',
    references: [],
    from,
    returnPath: from?.address ?? '',
    to: [{ address: 'xinfang@tonglu.petitions.example' }],
    cc: [],
    subject: '反映养老金问题',
    text,
    headers: {},
    contentType: 'text/plain',
    attachments: [],
    defects: [],
    contentHash: '0'.repeat(64),
  };
}

describe('代为反映: a letter written for someone', () => {
  it.each([
    ['我替我父亲王大山反映一个问题：他的养老金从今年3月起停发了。', { relation: '父亲', name: '王大山' }],
    ['我代我母亲李秀兰（80岁，行动不便）写信，反映村里拆她房子不给补偿的事。', { relation: '母亲', name: '李秀兰' }],
    ['我是张某的女儿，我爸让我帮他写信反映一下厂里拖欠工资的事。', { relation: '父亲', name: '张某' }],
    ['受我舅舅委托，反映他承包的鱼塘被强行填埋一事。', { relation: '舅舅', entrusted: true }],
    ['浙江某律师事务所律师：本人受王大山委托，就其宅基地被占用一事向贵局反映如下。', { relation: '委托人', name: '王大山', entrusted: true }],
    ['我帮我奶奶反映，她的低保被取消了。', { relation: '奶奶' }],
    // Only the relative written for is checked for a death: the mother's is no bar to writing for the father.
    ['我母亲病逝后，我替我父亲反映他的养老金问题。', { relation: '父亲' }],
    ['我替我父亲向贵局反映，他的养老金停发了。', { relation: '父亲' }],
    ['领导您好！我是浙江某律师事务所律师，受当事人张三委托，就其工资被拖欠一事反映如下。', { relation: '委托人', name: '张三', entrusted: true }],
  ])('%s', (text, expected) => {
    expect(writtenFor(text)).toEqual(expected);
  });

  it.each([
    ['我父亲去世后，村里一直不给办理宅基地继承手续，我替我父亲讨个说法。'],
    ['我替单位反映一下，园区道路塌陷已经半年没人修。'],
    ['我想替群众说句话，镇上的垃圾站臭气熏天。'],
    ['我要举报我舅舅王某在村里违建，占用耕地。'],
    ['受单位委托，现将我厂职工反映的情况报告如下。'],
    ['八十年代我父亲在厂里工作，现在反映工龄认定问题。'],
    ['我叫陈秀英，反映我家承包地的补偿款问题。'],
    // 受…委托 said of someone else: the accused, the other side of a dispute.
    ['我举报村支书王建国，他委托他人冒领低保，还受张某委托代办土地证'],
    ['李四受王五委托，强占我家承包地，我要反映'],
    ['律师张华受李四委托，起诉了我，我不服，反映'],
    // Something done for a relative is the writer's own matter when they complain of it in another clause.
    ['我帮我妈交了3万块钱给保健品公司，对方不退款，特来信投诉'],
    ['我替我老公还了网贷12万元，平台还天天催收，我要投诉'],
    ['我帮我儿子申请了助学贷款，银行半年不放款，特此反映'],
    ['我代我女儿去学校交了补课费2000元，学校乱收费，我要反映'],
    // A neighbour's or friend's matter is the writer's too, as a rule.
    ['我帮邻居反映一下，楼下广场舞太吵，我自己也睡不着'],
    ['我帮朋友反映，他在工地干活的工钱没拿到'],
  ])('not for someone: %s', (text) => {
    expect(writtenFor(text)).toBeUndefined();
  });

  it('finds the relative’s name said elsewhere in the letter (the 61-mail audit corpus, mails 15 and 45), and takes no illness for a name', () => {
    expect(writtenFor('帮我父亲转发一下，他不会用电脑。我是他儿子马骏。\n主题：代父亲反映低保问题\n我父亲马长福，78岁，独居。')).toEqual({ relation: '父亲', name: '马长福' });
    expect(writtenFor('代我母亲（钟秀兰，电话13511112222）转发她的来信：房屋漏水，替我母亲反映。')).toEqual({ relation: '母亲', name: '钟秀兰' });
    expect(writtenFor('我替我母亲反映：母亲高血压，常年吃药，低保被取消。')).toEqual({ relation: '母亲' });
    expect(writtenFor('我替我父亲反映，父亲向村里反映多次无果。')).toEqual({ relation: '父亲' });
  });

  it('registers the person concerned as the petitioner and the sender as the one who wrote for them', () => {
    const petitioner = petitionerFromEmail(
      email('领导您好！我替我父亲王大山反映：他今年78岁，养老金从3月起停发，社保所说要本人去办，可他卧床不能走动。\n联系电话：13957112233\n王小丽\n2026年12月7日'),
    );
    expect(petitioner).toEqual({
      anonymous: false,
      name: '王大山',
      email: 'wangxiaoli88@163.example',
      phone: '13957112233',
      writtenBy: { relation: '父亲', name: '王小丽', email: 'wangxiaoli88@163.example' },
    });
    // Letters go to the writer, by name, and name the person concerned.
    expect(addressedAs(petitioner)).toBe('王小丽');
    expect(writtenForWords(petitioner)).toBe('父亲王大山');
  });

  it('addresses an unnamed writer as the family of the named petitioner, or as 委托代理人', () => {
    expect(addressedAs(petitionerFromEmail(email('我代我母亲李秀兰写信，反映她的低保被取消了。')))).toBe('李秀兰家属');
    expect(addressedAs(petitionerFromEmail(email('受我舅舅委托，反映他的鱼塘被填埋一事。')))).toBe('委托代理人');
    expect(addressedAs(petitionerFromEmail(email('我帮我奶奶反映，她的低保被取消了。')))).toBe('代为反映人');
  });

  it('keeps a petitioner who wrote for themselves as before', () => {
    const petitioner = petitionerFromEmail(email('我叫陈秀英，反映我家承包地的补偿款至今未发。'));
    expect(petitioner).toEqual({ anonymous: false, name: '陈秀英', email: 'wangxiaoli88@163.example' });
    expect(addressedAs(petitioner)).toBe('陈秀英');
  });
});
