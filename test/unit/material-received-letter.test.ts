import { describe, expect, it } from 'vitest';
import { loadProvinceConfig } from '../../shared/config/province.js';
import type { Case } from '../../shared/domain/case.js';
import { materialReceived } from '../../shared/app/intake/letters.js';
import { DEMO_CONFIG } from '../fixtures/handler-env.js';

/** 您补充的材料已收到: says where the files go — to the unit's handling, or with the request the same mail made. */
const province = loadProvinceConfig(DEMO_CONFIG);

const replied = {
  caseNumber: '330122-2026-000412',
  jurisdiction: '330122',
  receivingOffice: '330122',
  channel: 'email',
  status: 'replied',
  subject: '迎春南路工地拖欠工资',
  matter: '拖欠工资三个月。',
  petitioner: { anonymous: false, name: '张伟', email: 'zhangwei1979@163.example' },
  urgent: false,
  reviewLevel: 0,
  receivedAt: '2026-11-20T01:00:00.000Z',
  registeredAt: '2026-11-20T01:00:05.000Z',
  registeredBy: 'system:intake',
  deadlines: {},
  attachments: [],
  version: 9,
  updatedAt: '2026-12-01T02:00:00.000Z',
} as unknown as Case;

const material = { messageId: 'm1', receivedAt: '2026-12-07T12:14:05.000Z', attachments: [{ filename: '工资欠条.jpg' }], refused: [] };

describe('the material-received letter', () => {
  it('sends plain material to the unit’s handling', () => {
    const text = materialReceived(province, replied, material)!.text;
    expect(text).toContain('由承办单位一并办理');
  });

  it('with a 复查 request in the same mail, says the files go with that request, not that the unit handles them', () => {
    const text = materialReceived(province, replied, { ...material, withRequest: true })!.text;
    expect(text).toContain('随您在邮件中提出的请求一并处理');
    expect(text).not.toContain('由承办单位一并办理');
  });
});
