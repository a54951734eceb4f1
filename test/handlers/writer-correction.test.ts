import { beforeEach, describe, expect, it } from 'vitest';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed } from '../fixtures/api-handler.js';
import { standInTable } from '../fixtures/stand-in-table.js';
import { unpacked } from '../fixtures/stored-items.js';
import { hashContact, hashName } from '../../shared/adapters/dynamodb/keys.js';

/**
 * 更正信访人信息 for the 代为反映人 learnt after registration: a letter from a villager turns out to have been written
 * by her neighbour (added), then by another (replaced), then the desk finds she wrote it herself (removed). The desk
 * finds the case by whoever is the writer now, and by no one who no longer is; each change is one conditional write.
 */

// Thursday 10 December 2026, 11:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-10T03:00:00Z' });
const { table, serve, serveContactIndex, transactions } = standInTable(dynamo);
beforeEach(() => {
  serve();
  serveContactIndex();
});

const call = (staffId: string, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
  invoke({ method, path, staffId, ...(body === undefined ? {} : { body }), ...(query ? { query } : {}) });
const byName = async (name: string) => {
  const answer = await call('tonglu-office', 'GET', '/petitioners/cases/by-name', undefined, { name });
  expect(answer.status).toBe(200);
  return (answer.body.items as { caseNumber: string; matchedAs: string[] }[]).map(({ caseNumber, matchedAs }) => ({ caseNumber, matchedAs }));
};
const byContact = async (contact: string) => {
  const answer = await call('tonglu-office', 'GET', '/petitioners/cases', undefined, { contact });
  expect(answer.status).toBe(200);
  return (answer.body.items as { caseNumber: string; matchedAs: string[] }[]).map(({ caseNumber, matchedAs }) => ({ caseNumber, matchedAs }));
};

/** A letter from a villager who gave only her postal address. */
const LETTER = {
  jurisdiction: '330122',
  channel: 'letter',
  receivedAt: '2026-12-10T09:30:00+08:00',
  subject: '修路占地补偿',
  matter: '村里修路占用了我家的承包地，约一亩二分，至今没有任何补偿，请求有关部门督促落实征地补偿款。',
  petitioner: { name: '李秀兰', address: '桐庐县分水镇东溪村3组' },
};

describe('POST /cases/{n}/petitioner with writtenBy (更正代为反映人)', () => {
  it('adds, replaces and removes the writer, moving the name and number entries in the same conditional write', async () => {
    const registered = await call('tonglu-registrar', 'POST', '/cases', LETTER);
    expect(registered.status).toBe(201);
    const n = registered.body.case.caseNumber as string;
    const path = `/cases/${n}/petitioner`;

    // The neighbour wrote it: he is found by his name and number, told apart as the writer; letters stay hers, by post.
    let before = transactions();
    dynamo.resetHistory();
    const added = await call('tonglu-registrar', 'POST', path, {
      writtenBy: { relation: '邻居', name: '陈建军', phone: '0571-64281234' },
      reason: '陈建军来电说明该信系其代写',
      expectedVersion: registered.body.case.version,
    });
    expect(added.status).toBe(200);
    expect(added.body.case.petitioner).toEqual({
      anonymous: false,
      name: '李秀兰',
      address: '桐庐县分水镇东溪村3组',
      writtenBy: { relation: '邻居', name: '陈建军', phone: '0571-64281234', petitionerOwnContact: true },
    });
    expect(transactions() - before).toBe(1);
    const write = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const puts = write.flatMap((i) => (i.Put ? [i.Put] : []));
    // The case is written on condition of the version read, with the entries beside it.
    expect(puts.find((p) => unpacked(p.Item!).entity === 'case')!.ConditionExpression).toBeDefined();
    expect(puts.map((p) => String(p.Item!.sk))).toEqual(expect.arrayContaining([`WRITERNAME#${hashName('陈建军')}`, `WRITERCONTACT#${hashContact('phone:057164281234')}`]));
    const event = puts.map((p) => unpacked(p.Item!)).find((i) => i.entity === 'event');
    expect(event).toMatchObject({
      type: 'petitionerCorrected',
      reason: '陈建军来电说明该信系其代写',
      detail: { changed: ['writtenBy'], previous: { writtenBy: null }, writtenBy: { relation: '邻居', name: '陈建军' }, lettersTo: 'petitioner' },
    });
    expect(await byName('陈建军')).toEqual([{ caseNumber: n, matchedAs: ['writer'] }]);
    expect(await byContact('0571-64281234')).toEqual([{ caseNumber: n, matchedAs: ['writer'] }]);

    // Another neighbour wrote it: the first is no longer found by his name or number, the second is.
    before = transactions();
    const replaced = await call('tonglu-registrar', 'POST', path, { writtenBy: { relation: '邻居', name: '陈小军', email: 'cxj@qq.example' }, reason: '核实为陈小军代写' });
    expect(replaced.status).toBe(200);
    expect(transactions() - before).toBe(1);
    expect(await byName('陈建军')).toEqual([]);
    expect(await byContact('0571-64281234')).toEqual([]);
    expect(await byName('陈小军')).toEqual([{ caseNumber: n, matchedAs: ['writer'] }]);
    expect(await byContact('cxj@qq.example')).toEqual([{ caseNumber: n, matchedAs: ['writer'] }]);

    // She wrote it herself: no writer is found, and the case is hers as registered.
    const removed = await call('tonglu-registrar', 'POST', path, { writtenBy: null, reason: '经核实系信访人本人书写' });
    expect(removed.status).toBe(200);
    expect(removed.body.case.petitioner).toEqual({ anonymous: false, name: '李秀兰', address: '桐庐县分水镇东溪村3组' });
    expect(await byName('陈小军')).toEqual([]);
    expect(await byContact('cxj@qq.example')).toEqual([]);
    expect(await byName('李秀兰')).toEqual([{ caseNumber: n, matchedAs: ['petitioner'] }]);
    expect([...table.keys()].some((key) => key.includes('WRITER'))).toBe(false);
  });

  it('refuses, in Chinese at the writer’s field, the petitioner as her own writer and relation 本人, writing nothing', async () => {
    const registered = await call('tonglu-registrar', 'POST', '/cases', LETTER);
    const path = `/cases/${registered.body.case.caseNumber as string}/petitioner`;
    const before = transactions();

    const self = await call('tonglu-registrar', 'POST', path, { writtenBy: { relation: '邻居', name: '李 秀兰', phone: '13700003333' }, reason: '补录' });
    expect(self.status).toBe(422);
    expect(self.body.error).toMatchObject({ messageZh: '代为反映人与信访人是同一人：信访人本人反映的，无需填写代为反映人', issues: [expect.objectContaining({ path: 'body.writtenBy.name' })] });
    const own = await call('tonglu-registrar', 'POST', path, { writtenBy: { relation: '本人', phone: '13700003333' }, reason: '补录' });
    expect(own.status).toBe(422);
    expect(own.body.error.issues).toEqual([expect.objectContaining({ path: 'body.writtenBy.relation', messageZh: '信访人本人反映的，无需填写代为反映人' })]);
    // A writer with no way to reach them is the schema's, as at registration.
    const unreachable = await call('tonglu-registrar', 'POST', path, { writtenBy: { relation: '邻居', name: '陈建军' }, reason: '补录' });
    expect(unreachable.status).toBe(400);
    expect(unreachable.body.error.issues).toEqual([expect.objectContaining({ path: 'body.writtenBy.phone', messageZh: '请填写代为反映人的联系电话或电子邮箱' })]);
    expect(transactions()).toBe(before);
  });

  it('refuses a writer for an anonymous petition with 422, as at registration', async () => {
    const registered = await call('tonglu-registrar', 'POST', '/cases', { ...LETTER, petitioner: { anonymous: true } });
    const answer = await call('tonglu-registrar', 'POST', `/cases/${registered.body.case.caseNumber as string}/petitioner`, {
      writtenBy: { relation: '邻居', name: '陈建军', phone: '0571-64281234' },
      reason: '补录',
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ messageZh: '匿名信访不登记代为反映人；如需登记代为反映人，请填写信访人姓名', issues: [expect.objectContaining({ path: 'body.writtenBy' })] });
  });
});
