import { describe, expect, it } from 'vitest';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, LETTER } from '../fixtures/api-handler.js';
import { unpacked } from '../fixtures/stored-items.js';
import { hashName } from '../../shared/adapters/dynamodb/keys.js';

// 代写, 代访, 代为来电: staff record who raised the matter for the person concerned, as the mail intake does for a letter.
const { dynamo, invoke } = apiTestBed({ now: '2026-11-23T02:00:00.000Z' });

/** A daughter visits for her father, 82 and bedridden, who left no contact of his own. */
const VISIT = {
  ...LETTER,
  channel: 'visit',
  receivedAt: '2026-11-23T09:40:00+08:00',
  matter: '父亲王大山82岁卧床，村里修路占了他家承包地一直没有补偿。',
  petitioner: { name: '王大山', address: undefined, phone: undefined },
  writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111' },
};

async function register(body: Record<string, unknown>) {
  dynamo.resetHistory();
  dynamo.on(UpdateCommand).resolves({ Attributes: { seq: 7 } });
  dynamo.on(TransactWriteCommand).resolves({});
  const response = await invoke({ method: 'POST', path: '/cases', staffId: 'tonglu-registrar', body });
  const items = dynamo.commandCalls(TransactWriteCommand).flatMap((call) => call.args[0].input.TransactItems!.flatMap((i) => (i.Put ? [unpacked(i.Put.Item!)] : [])));
  return { response, items, stored: items.find((i) => i.entity === 'case') as { petitioner: Record<string, unknown> } | undefined };
}

describe('POST /cases with 代为反映人', () => {
  it('keeps the daughter as the writer, her phone the case’s (her father left none), and indexes her name for the desk', async () => {
    const { response, items, stored } = await register(VISIT);

    expect(response.status).toBe(201);
    expect(stored?.petitioner).toEqual({
      anonymous: false,
      name: '王大山',
      phone: '13900001111',
      writtenBy: { relation: '父亲', name: '王小明', phone: '13900001111' },
    });
    // 我上个月替我父亲写过信，我叫王小明: her own name finds the case, in an entry that says it is the writer's.
    expect(items.find((i) => i.sk === `WRITERNAME#${hashName('王小明')}`)).toMatchObject({ entity: 'nameEntry', gsi4pk: `NAME#${hashName('王小明')}` });
  });

  it('leaves the petitioner’s own contact theirs when they gave one, keeping the writer’s for staff', async () => {
    const { response, stored } = await register({
      ...VISIT,
      channel: 'phone',
      petitioner: { name: '李秀兰', address: '桐庐县分水镇东溪村3组' },
      writtenBy: { relation: '村民', name: '陈建军', phone: '0571-64281234' },
    });

    expect(response.status).toBe(201);
    expect(stored?.petitioner).toEqual({
      anonymous: false,
      name: '李秀兰',
      address: '桐庐县分水镇东溪村3组',
      writtenBy: { relation: '村民', name: '陈建军', phone: '0571-64281234', petitionerOwnContact: true },
    });
  });

  it('registers as before without one: no writer, no writer’s entry', async () => {
    const { response, items, stored } = await register(LETTER);
    expect(response.status).toBe(201);
    expect(stored?.petitioner.writtenBy).toBeUndefined();
    expect(items.some((i) => String(i.sk).startsWith('WRITERNAME#'))).toBe(false);
  });

  it('refuses a writer with no way to reach them, naming the field in Chinese', async () => {
    const { response } = await register({ ...VISIT, writtenBy: { relation: '父亲', name: '王小明' } });
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual([expect.objectContaining({ path: 'body.writtenBy.phone', messageZh: '请填写代为反映人的联系电话或电子邮箱' })]);
  });

  it('refuses a writer who is the petitioner, and one for an anonymous petition, using up no case number', async () => {
    const self = await register({ ...VISIT, writtenBy: { relation: '父亲', name: '王 大山', phone: '13900001111' } });
    expect(self.response.status).toBe(422);
    expect(self.response.body.error).toMatchObject({ messageZh: '代为反映人与信访人是同一人：信访人本人反映的，无需填写代为反映人', issues: [expect.objectContaining({ path: 'body.writtenBy.name' })] });
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);

    const anonymous = await register({ ...VISIT, petitioner: { anonymous: true } });
    expect(anonymous.response.status).toBe(422);
    expect(anonymous.response.body.error.messageZh).toBe('匿名信访不登记代为反映人；如需登记代为反映人，请填写信访人姓名');
  });
});
