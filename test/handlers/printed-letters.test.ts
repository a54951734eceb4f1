import { beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { apiTestBed, importApiHandler, STORED_LETTER_CASE, type ApiHandler } from '../fixtures/api-handler.js';
import { httpEvent, lambdaContext } from '../fixtures/http-event.js';

/**
 * 待寄送 → 打印: a letter to a petitioner without email, printed to post. It
 * carries its title and, for the envelope's window, the petitioner's name and
 * address; a letter told by phone has no envelope.
 */
const { dynamo } = apiTestBed({ now: '2026-12-07T02:00:00.000Z' });
let raw: ApiHandler;
beforeAll(async () => {
  raw = await importApiHandler('ERROR');
});

const NUMBER = '330122-2026-000007';
const byPost = { ...STORED_LETTER_CASE, status: 'accepted', version: 3, petitioner: { anonymous: false, name: '周美玲', address: '桐庐县城南街道迎春路8号' } };
const acceptance = {
  pk: `CASE#${NUMBER}`,
  sk: 'MSG#2026-12-07T01:00:00.000Z#accepted',
  entity: 'message',
  caseNumber: NUMBER,
  id: `accepted:${NUMBER}`,
  direction: 'out',
  at: '2026-12-07T01:00:00.000Z',
  to: [],
  subject: `【${NUMBER}】信访事项受理告知 — 桐庐县信访局`,
  text: '周美玲：\n\n您反映的信访事项……已受理。',
  messageIds: [],
  attachments: [],
  kind: 'acceptanceNotice',
  postFrom: '330122',
};
const print = (id: string) => raw(httpEvent({ method: 'GET', path: `/cases/${NUMBER}/decision-letter`, query: { id }, staffId: 'tonglu-registrar' }), lambdaContext);

describe('a letter printed for post', () => {
  it('has its title, the case number, and the petitioner’s name and address for the envelope', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [byPost, acceptance] });
    const page = await print(`accepted:${NUMBER}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<p class="envelope">桐庐县城南街道迎春路8号<br>周美玲 收</p>');
    expect(page.body).toContain('<h1>受理告知书</h1>');
    expect(page.body).toContain(`登记编号 ${NUMBER}`);
  });

  it('told by phone, has no envelope', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ ...byPost, petitioner: { anonymous: false, name: '周美玲', phone: '13905710001' } }, { ...acceptance, byPhone: true }] });
    const page = await print(`accepted:${NUMBER}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('class="envelope"');
    expect(page.body).toContain('<h1>受理告知书</h1>');
  });

  it('is laid out as an official letter: its own title centred once, the issuing body and date closing it, apart from the text', async () => {
    const review = {
      ...acceptance,
      sk: 'MSG#2026-12-07T01:30:00.000Z#review',
      id: `review:${NUMBER}`,
      kind: 'decisionLetter',
      text: '信访事项复查意见书\n\n周美玲：\n\n您于……反映的信访事项，现答复如下：\n\n三、复查意见\n维持原处理意见。\n\n杭州市信访局\n2026年12月7日\n',
    };
    dynamo.on(QueryCommand).resolves({ Items: [byPost, review] });
    const page = await print(`review:${NUMBER}`);
    expect(page.statusCode).toBe(200);
    expect(page.body?.match(/信访事项复查意见书/g)).toHaveLength(1); // the heading, not again in the text
    expect(page.body).toContain('<h1>信访事项复查意见书</h1>');
    expect(page.body).toContain('<p class="sign"><span>杭州市信访局<br>2026年12月7日</span></p>');
    expect(page.body).not.toMatch(/<pre>[^<]*杭州市信访局/);
  });
});
