import { describe, expect, it } from 'vitest';
import { apiTestBed } from '../fixtures/api-handler.js';

/**
 * GET /directory and GET /me: the names the console shows for codes, on AWS
 * as locally, and the signed-in person as the configuration describes them —
 * read from the province configuration alone, and never its contact data.
 */
const { dynamo, invoke } = apiTestBed();

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  return [];
}

describe('GET /directory', () => {
  it('answers the jurisdiction tree with office and unit names, and the staff with their place and roles', async () => {
    const res = await invoke({ method: 'GET', path: '/directory', staffId: 'tonglu-housing-handler' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    const tonglu = res.body.jurisdictions.find((j: { code: string }) => j.code === '330122');
    expect(tonglu).toMatchObject({ code: '330122', name: '桐庐县', parent: '330100', office: { name: '桐庐县信访局' } });
    // With what staff call it for short that its name does not say (住房和城乡建设 says 建设 already).
    expect(tonglu.units).toContainEqual({ id: '330122-housing', name: '桐庐县住房和城乡建设局', aliases: ['住建', '房管'] });
    // 桐庐县教育局 has nobody in the demo's staff list: marked, so the 分办 picker does not offer it as lead (the API refuses it).
    expect(tonglu.units).toContainEqual(expect.objectContaining({ id: '330122-education', unstaffed: true }));
    expect(tonglu.units.find((u: { id: string }) => u.id === '330122-housing').unstaffed).toBeUndefined();
    expect(res.body.jurisdictions.find((j: { code: string }) => j.code === '330000').parent).toBeUndefined();
    expect(res.body.staff).toContainEqual({ id: 'tonglu-registrar', name: '申屠丽娟', jurisdiction: '330122', roles: ['registrar'] });
    expect(res.body.staff).toContainEqual({ id: 'tonglu-housing-handler', name: '王晓燕', jurisdiction: '330122', unit: '330122-housing', roles: ['handler'] });
    // A leader with the post the configuration gives them.
    expect(res.body.staff).toContainEqual(expect.objectContaining({ id: 'tonglu-leader-principal', roles: ['leader'], leaderPost: 'principal' }));
    // The grounds a clock may be suspended on, for the console's 中止计时 (the demo configures none of its own).
    expect(res.body.suspensionGrounds).toEqual([
      { id: 'hearing', name: '听证' },
      { id: 'appraisal', name: '鉴定' },
    ]);
    // It touches no case data.
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('carries no contact data: no email address or mailbox, no phone number, anywhere in the body', async () => {
    const res = await invoke({ method: 'GET', path: '/directory', staffId: 'tonglu-registrar' });
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    expect(res.body.staff.length).toBeGreaterThan(50);
    expect(text).not.toContain('@');
    expect(text).not.toMatch(/petitions\.example/);
    expect(text).not.toMatch(/1[3-9]\d{9}|0\d{2,3}-?\d{7,8}/);
    expect(keysOf(res.body).filter((k) => /mail|phone|tel|contact/i.test(k))).toEqual([]);
  });

  it('is only for staff: 401 without a token, 403 for a token naming nobody configured', async () => {
    expect((await invoke({ method: 'GET', path: '/directory' })).status).toBe(401);
    const stranger = await invoke({ method: 'GET', path: '/directory', staffId: 'former-employee' });
    expect(stranger.status).toBe(403);
    expect(JSON.stringify(stranger.body)).not.toContain('桐庐县');
  });
});

describe('GET /me', () => {
  it('answers the caller the token names: id, name, jurisdiction, unit and roles, never to be cached', async () => {
    const res = await invoke({ method: 'GET', path: '/me', staffId: 'tonglu-housing-handler' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 'tonglu-housing-handler', name: '王晓燕', jurisdiction: '330122', unit: '330122-housing', roles: ['handler'] });
    expect(res.headers['cache-control']).toBe('private, no-store');
  });

  it('answers an office member without a unit, and no email address', async () => {
    const res = await invoke({ method: 'GET', path: '/me', staffId: 'tonglu-registrar' });
    expect(res.body).toEqual({ id: 'tonglu-registrar', name: '申屠丽娟', jurisdiction: '330122', roles: ['registrar'] });
    expect(JSON.stringify(res.body)).not.toContain('@');
  });

  it('is 401 without a token and 403 for a token naming nobody configured', async () => {
    const anonymous = await invoke({ method: 'GET', path: '/me' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('Unauthenticated');
    const stranger = await invoke({ method: 'GET', path: '/me', staffId: 'former-employee' });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('OutOfScope');
  });
});
