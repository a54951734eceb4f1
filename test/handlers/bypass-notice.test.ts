import { beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, importApiHandler, STORED_LETTER_CASE, type ApiHandler } from '../fixtures/api-handler.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';
import { unpacked } from '../fixtures/stored-items.js';

/**
 * 越级上访告知单 through the API: a visitor came to the province's reception
 * with a 桐庐县 matter, handed down there (越级, two levels). The province's
 * desk gives the slip once; it is kept on the case and printed from its letters.
 */
// Monday 7 December 2026, 10:00 in China.
const { dynamo, invoke } = apiTestBed({ now: '2026-12-07T02:00:00.000Z' });

const NUMBER = '330000-2026-000031';
const visit = {
  ...STORED_LETTER_CASE,
  pk: `CASE#${NUMBER}`,
  caseNumber: NUMBER,
  channel: 'visit',
  receivingOffice: '330000',
  jurisdiction: '330122',
  status: 'accepted',
  version: 4,
  subject: '城南小区楼顶漏水',
  receivedAt: '2026-12-07T01:30:00.000Z',
  petitioner: { anonymous: false, name: '张伟', phone: '13800001111' },
  bypass: { levels: 2, competent: '330122' },
};
let raw: ApiHandler;
beforeAll(async () => {
  raw = await importApiHandler('ERROR');
});
const written = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!.map((i) => unpacked(i.Put!.Item!)));

describe('POST /cases/{n}/bypass-notice', () => {
  it('writes the slip in the receiving office’s words — who handles it, where they receive visitors, that it went there — and keeps it on the case', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [visit] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await invoke({ method: 'POST', path: `/cases/${NUMBER}/bypass-notice`, staffId: 'zj-registrar', body: { expectedVersion: 4 } });

    expect(response.status).toBe(200);
    expect(response.body.case.bypassNotice).toEqual({ at: '2026-12-07T02:00:00.000Z', by: 'zj-registrar', messageId: `bypass-notice:${NUMBER}` });
    const [items] = written();
    expect(items!.map((i) => i.entity)).toEqual(['case', 'event', 'message']);
    expect(items![1]).toMatchObject({ type: 'bypassNoticeGiven', actor: 'zj-registrar', detail: { competent: '330122', levels: 2 } });
    const slip = items![2]!;
    expect(slip).toMatchObject({ kind: 'bypassNotice', subject: '越级上访告知单', direction: 'out', to: [] });
    expect(slip.text).toContain('张伟：');
    expect(slip.text).toContain('您于2026年12月7日 09:30到浙江省信访局来访反映的问题（登记编号 330000-2026-000031，主题：城南小区楼顶漏水）');
    expect(slip.text).toContain('应由桐庐县信访局负责处理。本机关已将您反映的问题转交桐庐县信访局办理');
    expect(slip.text).toContain('请您到桐庐县信访局反映（地址：桐庐县行政服务中心一楼来访接待大厅；电话：0571-64600000）');
    expect(slip.text).toMatch(/浙江省信访局\n2026年12月7日\n?$/);
  });

  it('prints it from the case’s letters once given', async () => {
    const given = { ...visit, version: 5, bypassNotice: { at: '2026-12-07T02:00:00.000Z', by: 'zj-registrar', messageId: `bypass-notice:${NUMBER}` } };
    const message = { pk: `CASE#${NUMBER}`, sk: 'MSG#2026-12-07T02:00:00.000Z#x', entity: 'message', caseNumber: NUMBER, id: `bypass-notice:${NUMBER}`, direction: 'out', at: '2026-12-07T02:00:00.000Z', to: [], subject: '越级上访告知单', text: '越级上访告知单\n\n张伟：……', messageIds: [], attachments: [], kind: 'bypassNotice' };
    dynamo.on(QueryCommand).resolves({ Items: [given, message] });

    const page = await raw(httpEvent({ method: 'GET', path: `/cases/${NUMBER}/decision-letter`, query: { id: `bypass-notice:${NUMBER}` }, staffId: 'zj-registrar' }), lambdaContext);

    expect(page.statusCode).toBe(200);
    expect(page.headers?.['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('张伟：……');
  });

  it('is once per case, for a 越级 visit, from the office the visitor came to', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...visit, bypassNotice: { at: '2026-12-07T01:50:00.000Z', by: 'zj-registrar', messageId: `bypass-notice:${NUMBER}` } }] });
    const again = await invoke({ method: 'POST', path: `/cases/${NUMBER}/bypass-notice`, staffId: 'zj-registrar' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/given on 2026-12-07: print it again/);

    dynamo.on(QueryCommand).resolves({ Items: [{ ...visit, bypass: undefined }] });
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/bypass-notice`, staffId: 'zj-registrar' })).status).toBe(409);

    dynamo.on(QueryCommand).resolves({ Items: [{ ...visit, channel: 'letter' }] });
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/bypass-notice`, staffId: 'zj-registrar' })).status).toBe(422);

    // 桐庐县 has the case now, but the visitor came to the province: not the county's slip to give.
    dynamo.on(QueryCommand).resolves({ Items: [visit] });
    expect((await invoke({ method: 'POST', path: `/cases/${NUMBER}/bypass-notice`, staffId: 'tonglu-office' })).status).toBe(403);
    expect(written()).toEqual([]);
  });
});
