import { describe, expect, it } from 'vitest';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed } from '../fixtures/api-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';
import { hashContact } from '../../shared/adapters/dynamodb/keys.js';

// 未留姓名: a petitioner who gives a contact and no name — a caller with only a telephone number,
// a letter with only a return address — is registered with it, not made anonymous nor refused,
// and told by it like any petitioner (待电话告知 for a number alone).
const { dynamo, invoke } = apiTestBed({ now: '2026-11-23T02:00:00.000Z' });

const CALL = {
  jurisdiction: '330122',
  channel: 'phone',
  receivedAt: '2026-11-23T09:40:00+08:00',
  subject: '拖欠工资',
  matter: '某服装厂拖欠工资三个月。',
  petitioner: { phone: '13900002222' },
};

const written = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!.map((i) => (i.Put ? unpacked(i.Put.Item!) : { update: i.Update })));

async function registerCall(body: Record<string, unknown> = CALL) {
  dynamo.on(UpdateCommand).resolves({ Attributes: { seq: 7 } });
  dynamo.on(TransactWriteCommand).resolves({});
  return invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body });
}

describe('a caller who leaves only a telephone number (未留姓名)', () => {
  it('is registered with the number, not as anonymous, and the case is indexed by it', async () => {
    const response = await registerCall();

    expect(response.status).toBe(201);
    expect(response.body.case).toMatchObject({ caseNumber: '330122-2026-000007', channel: 'phone', petitioner: { anonymous: false, phone: '13900002222' } });
    expect(response.body.case.petitioner.name).toBeUndefined();
    const stored = written()[0]!.find((i) => i.entity === 'case')!;
    expect(stored.gsi4pk).toBe(`CONTACT#${hashContact('phone:13900002222')}`);
  });

  it('calling again on the same matter is a repeat, found by the number', async () => {
    dynamo.on(QueryCommand, { IndexName: 'byContact' }).resolves({ Items: [{ caseNumber: '330122-2026-000003' }] });
    dynamo.on(BatchGetCommand).resolves({
      Responses: {
        'xinfang-test-cases': [{ caseNumber: '330122-2026-000003', jurisdiction: '330122', receivingOffice: '330122', status: 'accepted', registeredAt: '2026-11-10T02:00:00.000Z', updatedAt: '2026-11-12T02:00:00.000Z', matter: '某服装厂拖欠工资三个月。' }],
      },
    });

    // The answer names the earlier case only to a caller who may read it (linked-cases.ts): it is read to judge that.
    dynamo.on(GetCommand, { Key: { pk: 'CASE#330122-2026-000003', sk: 'CASE' } }).resolves({
      Item: { pk: 'CASE#330122-2026-000003', sk: 'CASE', entity: 'case', caseNumber: '330122-2026-000003', jurisdiction: '330122', receivingOffice: '330122', status: 'accepted' },
    });
    const response = await registerCall({ ...CALL, matter: '某服装厂拖欠工资已经三个月了。' });

    expect(response.status).toBe(201);
    expect(response.body.case.repeatOf).toBe('330122-2026-000003');
  });

  it('is told by phone: the refusal goes on the office’s 待电话告知 list, addressed to 信访人, and no email or post is sent', async () => {
    await registerCall();
    const registered = written()[0]!.find((i) => i.entity === 'case')!;
    dynamo.reset();
    dynamo.on(QueryCommand).resolves({ Items: [registered] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/decline', staffId: 'tonglu-office', body: { reason: '该事项已申请劳动仲裁，请依法通过仲裁途径解决。' } });

    expect(response.status).toBe(200);
    expect(response.body.case.postalLetters).toEqual([expect.objectContaining({ kind: 'declineNotice', channel: 'phone', from: '330122' })]);
    const items = written()[0]!;
    const letter = items.find((i) => i.entity === 'message')!;
    expect(letter).toMatchObject({ byPhone: true, gsi2pk: 'PHONE#330122' });
    // Read out on the phone: a salutation that makes sense without a name.
    expect(String(letter.text)).toMatch(/^信访人：\n/);
    expect(String(letter.text)).not.toContain('undefined');
    expect(outboxMessages(items.filter((i) => i.entity))).toEqual([]);
  });

  it('a petitioner with neither a name nor any contact, not marked anonymous, is refused, naming the field and the ways out', async () => {
    const response = await registerCall({ ...CALL, petitioner: { gender: 'male' } });

    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual([
      expect.objectContaining({
        path: 'body.petitioner.name',
        message: 'give the petitioner’s name or a contact (phone, email or postal address), or set anonymous: true',
        // The console shows the rule in Chinese, not the English above.
        messageZh: '请填写信访人姓名或联系方式（电话、电子邮箱或通信地址）；信访人不愿留下任何信息的，请选择“匿名”',
      }),
    ]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('anonymous stays anonymous: registered with nothing, and refused with a number, saying to drop anonymous to keep it', async () => {
    const anonymous = await registerCall({ ...CALL, petitioner: { anonymous: true } });
    expect(anonymous.status).toBe(201);
    expect(anonymous.body.case.petitioner).toEqual({ anonymous: true });

    dynamo.resetHistory();
    const withNumber = await registerCall({ ...CALL, petitioner: { anonymous: true, phone: '13900002222' } });
    expect(withNumber.status).toBe(400);
    expect(withNumber.body.error.issues).toEqual([expect.objectContaining({ path: 'body.petitioner.anonymous', message: expect.stringContaining('set anonymous: false') })]);
    // An address would be kept and never written to.
    const withAddress = await registerCall({ ...CALL, channel: 'letter', petitioner: { anonymous: true, address: '桐庐县城南街道' } });
    expect(withAddress.status).toBe(400);
    expect(withAddress.body.error.issues).toEqual([expect.objectContaining({ path: 'body.petitioner.anonymous' })]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('a letter signed with only a return address (未留姓名)', () => {
  it('is registered with the address, and a query code posted to it is addressed to 信访人', async () => {
    const letter = await registerCall({ ...CALL, channel: 'letter', petitioner: { address: '桐庐县城南街道白云源路12号' } });
    expect(letter.status).toBe(201);
    expect(letter.body.case.petitioner).toEqual({ anonymous: false, address: '桐庐县城南街道白云源路12号' });
    const registered = written()[0]!.find((i) => i.entity === 'case')!;
    dynamo.reset();
    dynamo.on(QueryCommand).resolves({ Items: [registered] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: '/cases/330122-2026-000007/query-code', staffId: 'tonglu-registrar', body: { via: 'post' } });

    expect(response.status).toBe(201);
    expect(response.body.postTo).toEqual({ name: '信访人', address: '桐庐县城南街道白云源路12号' });
  });
});

describe('a collective petition’s representatives are still named (第二十条)', () => {
  it('refuses an age that is not one, saying precisely what was wrong with it, and writes nothing', async () => {
    const cases: [unknown, string][] = [
      ['二百', 'must be a number of years written in digits, e.g. 58: "二百" is not a number'],
      ['58', 'must be a number of years written in digits, e.g. 58: "58" is not a number'],
      [58.5, 'must be whole years, e.g. 58: 58.5 is not a whole number'],
      [200, 'must be at most 120 years: check the age given'],
      [-1, 'cannot be negative: give the age in years, e.g. 58'],
    ];
    for (const [age, message] of cases) {
      dynamo.resetHistory();
      const response = await registerCall({ ...CALL, petitioner: { name: '王强', phone: '13900002222', age } });
      expect(response.status, JSON.stringify(age)).toBe(400);
      expect(response.body.error.issues).toEqual([expect.objectContaining({ path: 'body.petitioner.age', message })]);
      expect(written()).toEqual([]);
    }
    // Out of range is said in Chinese as an age, not as a text's length (最多120个字).
    const old = await registerCall({ ...CALL, petitioner: { name: '王强', phone: '13900002222', age: 200 } });
    expect(old.body.error.issues).toEqual([expect.objectContaining({ kind: 'rule', messageZh: '年龄不能超过120岁，请核对' })]);
    expect((await registerCall({ ...CALL, petitioner: { name: '王强', phone: '13900002222', age: 120 } })).status).toBe(201);
  });

  it('refuses a representative with only a number, naming that representative’s name', async () => {
    const response = await registerCall({
      ...CALL,
      channel: 'visit',
      petitioner: { name: '王强', phone: '13900002222' },
      collective: { headCount: 12, representatives: [{ name: '王强' }, { phone: '13900003333' }] },
    });

    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual([expect.objectContaining({ path: 'body.collective.representatives[1].name' })]);
  });
});
