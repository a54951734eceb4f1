// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockFetch, renderRoutes, signedInEachTest } from '../../test/render';
import { handledCaseView } from '../../test/handled-case';
import CasePage from '.';

/** 办理记录 and 领导批示 on the case page: the forms, what goes to the API, the notes on the case and in its history, the 批示 on top. */
function handledCase(over: { notes?: unknown[]; events?: unknown[]; allowedActions?: string[]; case?: Record<string, unknown> } = {}) {
  return handledCaseView({
    case: { ...(over.notes ? { notes: over.notes } : {}), ...over.case },
    events: over.events ?? [{ seq: 1, type: 'registered', at: '2026-12-01T02:00:00Z', actor: 'tonglu-office', to: 'registered' }],
    allowedActions: over.allowedActions ?? ['addNote', 'conclude'],
  });
}

const PROGRESS = '已约谈该公司负责人，要求月底前结清。';

describe('办理记录', () => {
  signedInEachTest();

  it('adds a progress note told to the petitioner with one key per form; the case lists it and the history shows it as 办理进展', async () => {
    let added = false;
    const note = { seq: 4, kind: 'progress', text: PROGRESS, by: 'tonglu-hrss-handler', at: '2026-12-10T02:00:00Z', toldPetitioner: true };
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({
        body: added
          ? handledCase({ notes: [note], events: [...handledCase().events, { seq: 4, type: 'noteAdded', at: note.at, actor: note.by, detail: { kind: 'progress', text: PROGRESS, toldPetitioner: true } }] })
          : handledCase(),
      }),
      'POST /cases/330122-2026-000042/notes': () => ((added = true), { body: handledCase() }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');

    // Not a leader's case: no 批示 offered.
    await user.click(await screen.findByRole('button', { name: '添加办理记录' }));
    expect(screen.queryByRole('button', { name: '领导批示' })).toBeNull();
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/只有勾选“告知信访人”才会告知信访人/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(await within(dialog).findByText('请选择记录类型')).toBeTruthy();
    expect(within(dialog).getByText('请填写记录内容')).toBeTruthy();

    await user.click(within(dialog).getByLabelText('记录类型'));
    await user.click(await screen.findByTitle('办理进展'));
    await user.type(within(dialog).getByLabelText('记录内容'), PROGRESS);
    await user.click(within(dialog).getByRole('checkbox', { name: /告知信访人/ }));
    await user.click(within(dialog).getByRole('button', { name: '确定' }));

    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    const post = calls.find((r) => r.method === 'POST')!;
    expect(await post.clone().json()).toEqual({ kind: 'progress', text: PROGRESS, tellPetitioner: true, expectedVersion: 3 });
    expect(post.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await screen.findByText('已记录，并已告知信访人办理进展。')).toBeTruthy();

    const notes = await screen.findByRole('region', { name: '办理记录' });
    expect(within(notes).getByText(PROGRESS)).toBeTruthy();
    expect(within(notes).getByText('已告知信访人')).toBeTruthy();
    // The history too: the event named by its kind, with its text and that the petitioner was told.
    const history = screen.getAllByText('办理进展').find((el) => el.tagName === 'STRONG')!.parentElement!.parentElement!;
    expect(history.textContent).toContain(PROGRESS);
    expect(history.textContent).toContain('已告知信访人');
  });

  it('offers 告知信访人 only while the case is handled: for a concluded one, says why and records the note internally', async () => {
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: handledCase({ case: { status: 'concluded' } }) }),
      'POST /cases/330122-2026-000042/notes': () => ({ body: handledCase({ case: { status: 'concluded' } }) }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    await user.click(await screen.findByRole('button', { name: '添加办理记录' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByRole('checkbox', { name: /告知信访人/ })).toBeNull();
    expect(within(dialog).getByText('该信访事项当前为「已办结」，已不在办理中，不能作为办理进展告知信访人；可作为内部记录保存')).toBeTruthy();
    expect(within(dialog).getByText('本事项的办理记录仅供内部查看，不告知信访人。')).toBeTruthy();

    await user.click(within(dialog).getByLabelText('记录类型'));
    await user.click(await screen.findByTitle('办理进展'));
    await user.type(within(dialog).getByLabelText('记录内容'), PROGRESS);
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ kind: 'progress', text: PROGRESS, tellPetitioner: false, expectedVersion: 3 });
    expect(await screen.findByText('已记录（不告知信访人）。')).toBeTruthy();
  });

  it('says a petitioner who left only a phone number is told by phone (待电话告知), before and after', async () => {
    const phoneOnly = { petitioner: { anonymous: false, name: '吴建国', phone: '13700005678' } };
    mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: handledCase({ case: phoneOnly }) }),
      'POST /cases/330122-2026-000042/notes': () => ({ body: handledCase({ case: phoneOnly }) }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    await user.click(await screen.findByRole('button', { name: '添加办理记录' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/信访人未留电子邮箱，该进展将列入待电话告知，请电话告知后记录/)).toBeTruthy();
    await user.click(within(dialog).getByLabelText('记录类型'));
    await user.click(await screen.findByTitle('办理进展'));
    await user.type(within(dialog).getByLabelText('记录内容'), PROGRESS);
    await user.click(within(dialog).getByRole('checkbox', { name: /告知信访人/ }));
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(await screen.findByText('已记录。信访人未留电子邮箱，该进展已列入待电话告知，请电话告知信访人后记录。')).toBeTruthy();
  });

  it('a leader gives a 批示, which whoever handles the case sees on top of it', async () => {
    let given = false;
    const instruction = { seq: 5, kind: 'instruction', text: '请人社局依法督促，确保年前兑现。', by: 'tonglu-leader-principal', at: '2026-12-11T02:00:00Z' };
    const { calls } = mockFetch({
      'GET /cases/330122-2026-000042': () => ({ body: handledCase({ allowedActions: ['addNote', 'giveInstruction'], ...(given ? { notes: [instruction] } : {}) }) }),
      'POST /cases/330122-2026-000042/notes': () => ((given = true), { body: handledCase() }),
    });
    const user = userEvent.setup();
    renderRoutes([{ path: '/cases/:caseNumber', element: <CasePage /> }], '/cases/330122-2026-000042');
    await user.click(await screen.findByRole('button', { name: '领导批示' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('批示内容'), instruction.text);
    await user.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ kind: 'instruction', text: instruction.text, expectedVersion: 3 });

    const alert = (await screen.findAllByRole('alert')).find((a) => a.textContent?.includes('领导批示'))!;
    expect(alert.textContent).toContain(instruction.text);
    expect(alert.textContent).toContain('2026年12月11日 10:00');
  });
});
