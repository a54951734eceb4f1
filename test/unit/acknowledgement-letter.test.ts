import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import { acknowledgement } from '../../shared/app/intake/letters.js';
import type { Case } from '../../shared/domain/case.js';
import { registerPetition } from '../../shared/domain/registration.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';
import { routedPetition } from '../fixtures/routed-petition.js';
import * as routing from '../fixtures/routed-petition.js';
import { accusableUnits } from '../../shared/app/accusable-units.js';
import { routingRequest } from '../../shared/app/outbox.js';
import { routeAtRegistration } from '../../shared/app/routing/route-case.js';
import type { RoutingModels } from '../../shared/app/routing/routing-models.js';
import { emptyModel } from '../../shared/domain/routing-model.js';

const AT = '2026-11-20T01:20:00.000Z';

const province = loadProvinceConfig(DEMO_CONFIG);

/** An email to a county office on Friday 20 November 2026, as registered. */
function registered(jurisdiction = '330122'): Case {
  return registerPetition(
    {
      jurisdiction,
      channel: 'email',
      receivedAt: '2026-11-20T09:15:00+08:00',
      subject: '楼顶漏水',
      matter: '楼顶漏水已三个月，物业一直不修。',
      petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
    },
    { caseNumber: `${jurisdiction}-2026-000001`, at: '2026-11-20T09:20:00+08:00', actor: 'intake', timeLimits: province.timeLimitsFor(jurisdiction), calendar: province.calendar, units: [] },
  ).case;
}

const photo = (id: string, filename: string) => ({ id, filename, contentType: 'image/jpeg', size: 2_400_000, key: `attachments/330122-2026-000001/${id}-${filename}` });

describe('the acknowledgement says which files arrived, and what to do with each one refused', () => {
  it('lists the files received by name, so a petitioner who sent two photos knows both arrived', () => {
    const text = acknowledgement(province, { ...registered(), attachments: [photo('1', '楼顶.jpg'), photo('2', '墙面渗水.jpg')] })!.text;
    expect(text).toContain('登记编号为 330122-2026-000001。随信访事项一并收到附件 2 个：楼顶.jpg、墙面渗水.jpg。');
    expect(acknowledgement(province, registered())!.text).not.toContain('收到附件');
  });

  it('advises compressing, splitting or bringing a file refused for its size, and a common format only for one refused for its type', () => {
    const c: Case = {
      ...registered(),
      attachments: [photo('1', '楼顶.jpg')],
      refusedAttachments: [
        { filename: '漏水视频.mp4', reason: '文件超过 10 MB 的大小限制' },
        { filename: '播放器.exe', reason: '不接受可执行程序或脚本文件' },
      ],
    };
    const text = acknowledgement(province, c)!.text;
    expect(text).toContain(
      '以下附件超过大小限制（每个不超过 10 MB），未能接收。如需提交，请压缩（例如降低视频的分辨率）或分成几个较小的文件，回复本邮件分别发送；也可以拷贝到U盘或光盘，送到或邮寄到桐庐县信访局（桐庐县行政服务中心一楼来访接待大厅）：\n- 漏水视频.mp4：文件超过 10 MB 的大小限制',
    );
    expect(text).toContain('以下附件未能接收，如需提交请改用常见格式（图片、PDF、Word 文档）或另行邮寄：\n- 播放器.exe：不接受可执行程序或脚本文件');
    // The video is not told to change its format.
    expect(text.indexOf('漏水视频.mp4')).toBeLessThan(text.indexOf('请改用常见格式'));
    expect(text).toContain('随信访事项一并收到附件 1 个：楼顶.jpg。');
  });

  it('tells a file over the count (or a forwarded message carrying a file too large) to be sent apart, or compressed', () => {
    const c: Case = {
      ...registered(),
      refusedAttachments: [
        { filename: '第21张.jpg', reason: '附件超过 20 个的数量限制' },
        { filename: '转发.eml', reason: '转发的邮件中附带“录像.mp4”，文件超过 10 MB 的大小限制' },
      ],
    };
    const text = acknowledgement(province, c)!.text;
    expect(text).toContain('以下附件超过数量限制，未能接收。如需提交，请回复本邮件分批发送：\n- 第21张.jpg');
    expect(text).toContain('送到或邮寄到桐庐县信访局（桐庐县行政服务中心一楼来访接待大厅）：\n- 转发.eml');
    expect(text).not.toContain('请改用常见格式');
  });
});

describe('the acknowledgement cites the regulation only for its own limits', () => {
  it('桐庐 keeps the regulation’s 15 and 60 days: both cited to the 条例', () => {
    const text = acknowledgement(province, registered())!.text;
    expect(text).toContain('依照《信访工作条例》，我们最迟于2026年12月7日决定是否受理并书面告知您；受理后，一般在60日内办结（情况复杂的，经批准可以延长，并告知您理由）。');
  });

  it('淳安’s own 30 days to handle is the office’s rule, not the 条例’s (which sets 60)', () => {
    const text = acknowledgement(province, registered('330127'))!.text;
    expect(text).toContain('依照《信访工作条例》，我们最迟于2026年12月7日决定是否受理并书面告知您；受理后，按照本机关规定，一般在30日内办结');
    expect(text).not.toMatch(/；受理后，一般在30日内办结/);
  });
});

describe('the acknowledgement tells the case as it stands when written: never a decision still to come that routing at registration took', () => {
  it('an email petition accepted at registration: says it was accepted and that the 受理告知书 follows, not that acceptance will be decided by a date', async () => {
    const routed = await routedPetition('拖欠工资', '桐庐县华丰针织有限公司拖欠我们三个月工资，共计2万元，请劳动监察部门处理。');
    expect(routed.outcome).toBe('assign');
    const text = acknowledgement(province, routed.case)!.text;
    expect(text).toContain('经审查，我们已决定受理该事项。《受理告知书》随后另行发送给您，载明办理单位和办理期限。');
    expect(text).not.toContain('决定是否受理');
  });

  it('one declined at registration: says it was not accepted and that the letter with the reasons follows', async () => {
    const routed = await routedPetition('工资纠纷', '我已经申请了劳动仲裁，仲裁委正在审理，请信访局督促。');
    expect(routed.outcome).toBe('decline');
    const text = acknowledgement(province, routed.case)!.text;
    expect(text).toContain('经审查，该事项不予受理。理由和依据见随后另行发送给您的《不予受理告知》。');
    expect(text).not.toContain('决定是否受理');
  });

  it('one still to be decided (registered only): the acceptance deadline as before', () => {
    const text = acknowledgement(province, registered())!.text;
    expect(text).toContain('依照《信访工作条例》，我们最迟于2026年12月7日决定是否受理并书面告知您；受理后，一般在60日内办结');
  });
});

describe('the acknowledgement of a petition accepted at registration names the office that accepted it, as its 受理告知 does', () => {
  /** An email to 千岛湖镇 about land: the township has no land unit, so it accepts and transfers the case up to 淳安县's bureau. */
  async function acceptedAndTransferredUp() {
    const J = '330127100';
    const c = registerPetition(
      {
        jurisdiction: J,
        channel: 'email',
        receivedAt: '2026-11-20T01:15:00.000Z',
        subject: '反映宅基地被违法占地',
        matter: '千岛湖镇某村村民在我家宅基地上违法占地建房，村里不管。',
        petitioner: { anonymous: false, name: '张伟', email: 'zhangwei@163.example' },
      },
      { caseNumber: `${J}-2026-000001`, at: AT, actor: 'system:intake', timeLimits: routing.province.timeLimitsFor(J), calendar: routing.province.calendar, units: accusableUnits(routing.province) },
    ).case;
    const models: RoutingModels = { load: async (office) => emptyModel(office), learn: async () => true, department: async () => undefined, forget: async () => 0 };
    const deps = { province: routing.province, store: { getCaseRecord: async () => undefined }, learned: { models, segmenter: routing.routingContext.segmenter } };
    return routeAtRegistration(deps, { case: c, outbox: [routingRequest(c.caseNumber, 'registered')] }, AT);
  }

  it('accepted by the township it came to and transferred up to the county’s bureau: “we” accepted it, not 淳安县信访局', async () => {
    const routed = await acceptedAndTransferredUp();
    expect(routed.outcome).toBe('transferUp');
    const notice = routed.outbox.find((m) => m.id === `accepted:${routed.case.caseNumber}`)!.body as { text: string };
    expect(notice.text).toContain('千岛湖镇社会治理中心（信访办）决定予以受理');
    const text = acknowledgement(routing.province, routed.case)!.text;
    expect(text).toContain('经审查，我们已决定受理该事项。');
    expect(text).not.toContain('淳安县信访局已决定受理');
  });
});
