import { describe, expect, it } from 'vitest';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { contactKey, contactPartition, hashContact } from '../../shared/adapters/dynamodb/keys.js';
import { apiTestBed, STORED_LETTER_CASE } from '../fixtures/api-handler.js';
import { outboxMessages, unpacked } from '../fixtures/stored-items.js';

// 更正信访人信息: the petitioner moved or changed their number; the desk corrects the record, the event keeps what it was.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-07T02:00:00.000Z' });

const NUMBER = '330122-2026-000007';
const PATH = `/cases/${NUMBER}/petitioner`;
const working = {
  ...STORED_LETTER_CASE,
  status: 'inProgress',
  version: 5,
  handling: { lead: '330122-housing', cooperating: [] },
  petitioner: { anonymous: false, name: '张伟', address: '桐庐县城南街道迎春路8号', phone: '0571-64612345' },
};
const written = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);

describe('POST /cases/{n}/petitioner (更正信访人信息)', () => {
  it('replaces what is given, removes what is null, keeps the rest; the event keeps what it was; the new number is indexed', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({
      method: 'POST',
      path: PATH,
      staffId: 'tonglu-registrar',
      body: { address: '淳安县千岛湖镇新安东路12号', phone: '13905710001', reason: '信访人来电告知已搬家并更换手机号码', expectedVersion: 5 },
    });

    expect(response.status).toBe(200);
    expect(response.body.case.petitioner).toEqual({ anonymous: false, name: '张伟', address: '淳安县千岛湖镇新安东路12号', phone: '13905710001' });
    const items = written()[0]!.filter((i) => i.Put).map((i) => unpacked(i.Put!.Item!));
    expect(items.find((i) => i.entity === 'event')).toMatchObject({
      type: 'petitionerCorrected',
      actor: 'tonglu-registrar',
      reason: '信访人来电告知已搬家并更换手机号码',
      detail: { changed: ['phone', 'address'], previous: { phone: '0571-64612345', address: '桐庐县城南街道迎春路8号' } },
    });
    // The new number finds the case (the case item is indexed by the first contact); the old one, given up, no longer does.
    expect(items.find((i) => i.entity === 'case')!.gsi4pk).toBe(contactPartition(hashContact('phone:13905710001')));
    expect(items.filter((i) => i.entity === 'contact')).toEqual([]);
    const deleted = written()[0]!.filter((i) => i.Delete).map((i) => i.Delete!.Key);
    expect(deleted).toContainEqual(contactKey(NUMBER, hashContact('phone:057164612345')));
  });

  it('refuses a correction that changes nothing (422), one leaving neither name nor contact (422 at the field), an anonymous petition (409) and a body with no field (400)', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [working] });
    const same = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { phone: '0571-64612345', reason: '核对' } });
    expect(same.status).toBe(422);
    dynamo.on(QueryCommand).resolves({ Items: [{ ...working, petitioner: { anonymous: false, phone: '0571-64612345' } }] });
    const bare = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { phone: null, reason: '号码已停机' } });
    expect(bare.status).toBe(422);
    expect(bare.body.error.issues).toEqual([expect.objectContaining({ path: 'body.phone', kind: 'rule' })]);
    dynamo.on(QueryCommand).resolves({ Items: [{ ...working, petitioner: { anonymous: true } }] });
    const anonymous = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { phone: '13905710001', reason: '来电' } });
    expect(anonymous.status).toBe(409);
    const empty = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { reason: '核对' } });
    expect(empty.status).toBe(400);
    // A letter waiting to be told by phone keeps the number it needs until it is told.
    const waiting = { id: 'acceptance-notice:330122-2026-000007:3', kind: 'acceptanceNotice', subject: '受理告知', at: '2026-12-01T02:00:00.000Z', from: '330122', channel: 'phone' };
    dynamo.on(QueryCommand).resolves({ Items: [{ ...working, petitioner: { anonymous: false, name: '张伟', phone: '0571-64612345' }, postalLetters: [waiting] }] });
    const stranded = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { phone: null, address: '淳安县千岛湖镇新安东路12号', reason: '信访人来信告知新地址，原号码停用' } });
    expect(stranded.status).toBe(422);
    expect(stranded.body.error).toMatchObject({ messageZh: expect.stringContaining('《受理告知书》尚待按登记的联系电话告知'), issues: [expect.objectContaining({ path: 'body.phone' })] });
    expect(written()).toEqual([]);
  });

  it('tells the email replaced that letters no longer go there, saying no more than the case number and the new address masked', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...working, petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' } }] });
    dynamo.on(TransactWriteCommand).resolves({});
    const response = await invoke({ method: 'POST', path: PATH, staffId: 'tonglu-office', body: { email: 'zw2026@163.example', reason: '信访人来电告知原邮箱已停用' } });
    expect(response.status).toBe(200);
    const told = outboxMessages(written()[0]!.filter((i) => i.Put).map((i) => unpacked(i.Put!.Item!)));
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toMatchObject({ to: ['zhangwei@qq.example'], subject: expect.stringContaining('【联系邮箱已更正】330122-2026-000007') });
    expect(told[0]!.body.text).toContain('z***@163.example');
    // The old address may have been misheard and be a stranger's: no name, no matter, not the new address.
    for (const secret of ['张伟', 'zw2026@163.example', working.matter ?? '楼顶']) expect(told[0]!.body.text).not.toContain(secret);
  });

  it('is the desk’s and the office’s: the unit handling the case may not redirect the petitioner’s letters (403)', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...working, petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@qq.example' } }] });
    for (const staffId of ['tonglu-housing-handler', 'tonglu-housing-head']) {
      const refused = await invoke({ method: 'POST', path: PATH, staffId, body: { email: 'someone-else@evil.example', reason: '信访人来电' } });
      expect(refused.status, staffId).toBe(403);
    }
    expect(written()).toEqual([]);
  });
});
