// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerBodySchema } from '../../../../../functions/api/schemas.js';
import type { Directory } from '../../api/types';
import { CONFIG, mockFetch, renderRoutes, signIn } from '../../test/render';
import RegisterPage from '.';

const EXTENSION = { maxDays: 30, requestLeadWorkingDays: 5 };

/** The county's place in the tree: the city above it, a sibling county, its townships below. */
const TREE: Directory = {
  ...CONFIG,
  jurisdictions: [
    { code: '330000', name: '浙江省', office: { name: '浙江省信访局' }, units: [], extension: EXTENSION },
    { code: '330100', name: '杭州市', parent: '330000', office: { name: '杭州市信访局' }, units: [], extension: EXTENSION },
    ...CONFIG.jurisdictions.map((j) => ({ ...j, parent: '330100' })),
    { code: '330127', name: '淳安县', parent: '330100', office: { name: '淳安县信访局' }, units: [], extension: EXTENSION },
    { code: '330122101', name: '富春江镇', parent: '330122', office: { name: '富春江镇信访办' }, units: [], extension: EXTENSION },
    { code: '330122109', name: '分水镇', parent: '330122', office: { name: '分水镇信访办' }, units: [], extension: EXTENSION },
  ],
};

const REGISTERED = { status: 201, body: { case: { caseNumber: '330122-2026-000009', status: 'registered', version: 1 } } };

function renderRegister() {
  renderRoutes(
    [
      { path: '/register', element: <RegisterPage /> },
      { path: '/cases/:caseNumber', element: <p>案件页</p> },
    ],
    '/register',
  );
}

/** An Ant Design select's list, found from its input, and the option titles it offers. */
const popupOf = (input: HTMLElement) => document.getElementById(input.getAttribute('aria-controls')!)!.parentElement!;
const offered = (input: HTMLElement) => [...popupOf(input).querySelectorAll('[aria-disabled][title]')].map((o) => o.getAttribute('title')!.trim());

async function choose(user: UserEvent, input: HTMLElement, option: string) {
  await user.click(input);
  await waitFor(() => expect(offered(input)).toContain(option));
  const title = [...popupOf(input).querySelectorAll<HTMLElement>('[aria-disabled][title]')].find((o) => o.getAttribute('title')!.trim() === option)!;
  await user.click(title);
}

/** Long text pasted, not typed key by key: the same events to the form, a fraction of the time. */
async function fill(user: UserEvent, input: HTMLElement, text: string) {
  await user.click(input);
  await user.paste(text);
}

const representative = (n: number) => screen.getByRole('group', { name: `代表 ${n}` });

describe('登记', () => {
  beforeEach(() => signIn());
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('shows the API’s field errors by their fields, and sends one Idempotency-Key per form', async () => {
    let attempts = 0;
    const { calls } = mockFetch({
      'POST /cases': () => {
        attempts += 1;
        return attempts === 1
          ? { status: 400, body: { error: { code: 'InvalidInput', message: '输入有误', issues: [{ path: 'body.petitioner.email', message: '不是有效的电子邮件地址' }] } } }
          : REGISTERED;
      },
    });
    const user = userEvent.setup();
    renderRegister();
    await user.type(await screen.findByLabelText('信访事项'), '小区物业乱收费。');
    await user.type(screen.getByLabelText('信访人姓名（未留可不填）'), '王芳');
    await user.type(screen.getByLabelText('电子邮件'), 'wang@example.com');
    await user.click(screen.getByRole('button', { name: '登记' }));
    expect(await screen.findByText('不是有效的电子邮件地址')).toBeTruthy();

    // With neither a name nor a contact the petition is anonymous.
    await user.clear(screen.getByLabelText('信访人姓名（未留可不填）'));
    await user.clear(screen.getByLabelText('电子邮件'));
    await user.click(screen.getByRole('button', { name: '登记' }));
    expect(await screen.findByText('案件页')).toBeTruthy();

    const posts = calls.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    const keys = posts.map((r) => r.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    const body = await posts[1]!.clone().json();
    expect(body).toMatchObject({ jurisdiction: '330122', channel: 'letter', matter: '小区物业乱收费。', petitioner: { anonymous: true } });
  });

  it('speaks of the petitioner’s words by the channel chosen in the 被举报单位 hint (来信内容, 来电内容, 来访反映)', async () => {
    mockFetch({});
    const user = userEvent.setup();
    renderRegister();
    const hint = (words: string) => `事项不会交给被举报的单位办理，该单位也看不到此件（《信访工作条例》第三十条）。${words}中写明的单位由系统识别，此处补充其中未写全称的。`;
    expect(await screen.findByText(hint('来信内容'))).toBeTruthy();
    await choose(user, screen.getByLabelText('渠道'), '来电');
    expect(await screen.findByText(hint('来电内容'))).toBeTruthy();
    await choose(user, screen.getByLabelText('渠道'), '来访');
    expect(await screen.findByText(hint('来访反映'))).toBeTruthy();
    expect(screen.queryByText(/来信中写明/)).toBeNull();
  });

  it('registers a caller who left only a telephone number with it (未留姓名), not as anonymous', async () => {
    const { calls } = mockFetch({ 'POST /cases': () => REGISTERED });
    const user = userEvent.setup();
    renderRegister();
    await choose(user, await screen.findByLabelText('渠道'), '来电');
    await fill(user, screen.getByLabelText('主题'), '拖欠工资');
    await fill(user, screen.getByLabelText('信访事项'), '某服装厂拖欠工资三个月。');
    // The form says what it will record as it fills: anonymous while nothing identifies the caller…
    expect(screen.getByText('姓名和联系方式（电话、电子邮件、住址）都未留的，登记为匿名信访，无法告知办理结果')).toBeTruthy();
    await user.type(screen.getByLabelText('联系电话'), '13900002222');
    // …then unnamed, told by the number left.
    expect(await screen.findByText('未留姓名：按所留联系方式登记和告知（有电子邮件的发邮件，否则按住址邮寄，只留电话的电话告知）')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '登记' }));
    expect(await screen.findByText('案件页')).toBeTruthy();

    const body = await calls.find((r) => r.method === 'POST')!.clone().json();
    expect(body).toMatchObject({ channel: 'phone', subject: '拖欠工资', matter: '某服装厂拖欠工资三个月。' });
    expect(body.petitioner).toEqual({ anonymous: false, phone: '13900002222' });
    // The API's own schema takes it as it is.
    expect(registerBodySchema.parse(body)).toEqual(body);
  });

  it('says at the field that a mobile number is a digit short, and registers nothing until it is corrected', async () => {
    const { calls } = mockFetch({ 'POST /cases': () => REGISTERED });
    const user = userEvent.setup();
    renderRegister();
    await choose(user, await screen.findByLabelText('渠道'), '来访');
    await fill(user, screen.getByLabelText('信访事项'), '某服装厂拖欠工资三个月。');
    await user.type(screen.getByLabelText('信访人姓名（未留可不填）'), '王大力');
    await user.type(screen.getByLabelText('联系电话'), '1390000222');
    await user.click(screen.getByRole('button', { name: '登记' }));
    expect(await screen.findByText('手机号码应为 1 开头的 11 位数字，请核对')).toBeTruthy();
    expect(calls.some((r) => r.method === 'POST')).toBe(false);

    await user.type(screen.getByLabelText('联系电话'), '2');
    await user.click(screen.getByRole('button', { name: '登记' }));
    expect(await screen.findByText('案件页')).toBeTruthy();
    expect((await calls.find((r) => r.method === 'POST')!.clone().json()).petitioner).toMatchObject({ name: '王大力', phone: '13900002222' });
  });

  it('asks the desk to check a receipt weeks ago (a year slipped in the picker), and still registers it as given', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T01:30:00Z'));
    const { calls } = mockFetch({ 'POST /cases': () => REGISTERED });
    const user = userEvent.setup();
    renderRegister();
    await fill(user, await screen.findByLabelText('信访事项'), '春江路路灯损坏两个月无人修理。');
    await user.type(screen.getByLabelText('信访人姓名（未留可不填）'), '张伟');

    const receivedAt = screen.getByLabelText('收到时间（北京时间）');
    await user.click(receivedAt);
    await user.clear(receivedAt);
    await user.type(receivedAt, '2026-12-01 09:00{Enter}');
    // Six days ago: a letter registered late, nothing to ask.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.queryByText(/请核对年份和日期/)).toBeNull();

    await user.clear(receivedAt);
    await user.type(receivedAt, '2025-12-07 09:00{Enter}');
    expect(await screen.findByText('收到时间是 365 天前（2025年12月7日）：各项期限从收到之日起算，登记后可能即已逾期，登记编号也按收到的年份编排。请核对年份和日期。')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: '登记' }));
    expect(await screen.findByText('案件页')).toBeTruthy();
    expect((await calls.find((r) => r.method === 'POST')!.clone().json()).receivedAt).toBe('2025-12-07T01:00:00.000Z');
  });

  it('registers a daughter’s visit for her father as 代为反映人, with her number to reach them, and says a writer who is the petitioner is not one', async () => {
    const { calls } = mockFetch({ 'POST /cases': () => REGISTERED });
    const user = userEvent.setup();
    renderRegister();
    await choose(user, await screen.findByLabelText('渠道'), '来访');
    await fill(user, screen.getByLabelText('信访事项'), '父亲王大山82岁卧床，村里修路占了他家承包地一直没有补偿。');
    await user.type(screen.getByLabelText('信访人姓名（未留可不填）'), '王大山');
    // Off by default: nothing of a writer is asked for, or sent.
    expect(screen.queryByLabelText('代为反映人姓名')).toBeNull();
    await user.click(screen.getByRole('switch', { name: '他人代为反映（代写、代访、代为来电）' }));
    const writer = screen.getByRole('group', { name: '代为反映人' });
    await user.type(within(writer).getByLabelText('信访人是代为反映人的'), '父亲');
    await user.type(within(writer).getByLabelText('代为反映人姓名'), '王大山');
    await user.click(screen.getByRole('button', { name: '登记' }));
    // Caught before it is sent: the same person, and no way to reach the writer.
    expect(await screen.findByText('代为反映人与信访人是同一人：信访人本人反映的，无需填写代为反映人')).toBeTruthy();
    expect(screen.getByText('请填写代为反映人的联系电话或电子邮箱')).toBeTruthy();
    expect(calls.filter((r) => r.method === 'POST')).toHaveLength(0);

    await user.clear(within(writer).getByLabelText('代为反映人姓名'));
    await user.type(within(writer).getByLabelText('代为反映人姓名'), '王小明');
    await user.type(within(writer).getByLabelText('代为反映人联系电话'), '13900001111');
    await user.click(screen.getByRole('button', { name: '登记' }));
    expect(await screen.findByText('案件页')).toBeTruthy();

    const body = await calls.find((r) => r.method === 'POST')!.clone().json();
    expect(body.petitioner).toEqual({ anonymous: false, name: '王大山' });
    expect(body.writtenBy).toEqual({ relation: '父亲', name: '王小明', phone: '13900001111' });
    expect(body).not.toHaveProperty('hasWriter');
    expect(registerBodySchema.parse(body)).toEqual(body);
  });

  it('shows the API’s refusal of the writer at the writer’s fields', async () => {
    mockFetch({
      'POST /cases': () => ({
        status: 422,
        body: { error: { code: 'RuleViolation', message: 'an anonymous petition records no one who wrote for it', messageZh: '匿名信访不登记代为反映人；如需登记代为反映人，请填写信访人姓名', issues: [{ path: 'body.writtenBy', message: '匿名信访不登记代为反映人；如需登记代为反映人，请填写信访人姓名' }] } },
      }),
    });
    const user = userEvent.setup();
    renderRegister();
    await fill(user, await screen.findByLabelText('信访事项'), '村里修路占了承包地没有补偿。');
    await user.click(screen.getByRole('switch', { name: '他人代为反映（代写、代访、代为来电）' }));
    const writer = screen.getByRole('group', { name: '代为反映人' });
    await user.type(within(writer).getByLabelText('信访人是代为反映人的'), '村民');
    await user.type(within(writer).getByLabelText('代为反映人联系电话'), '0571-64281234');
    await user.click(screen.getByRole('button', { name: '登记' }));
    expect(await within(writer).findByText('匿名信访不登记代为反映人；如需登记代为反映人，请填写信访人姓名')).toBeTruthy();
  });

  it('takes a mobile typed in full-width digits from a Chinese keyboard, as the server does, instead of refusing it as not digits', async () => {
    const { calls } = mockFetch({ 'POST /cases': () => REGISTERED });
    const user = userEvent.setup();
    renderRegister();
    await choose(user, await screen.findByLabelText('渠道'), '来访');
    await fill(user, screen.getByLabelText('信访事项'), '某服装厂拖欠工资三个月。');
    await user.type(screen.getByLabelText('信访人姓名（未留可不填）'), '王大力');
    await user.type(screen.getByLabelText('联系电话'), '１３９００００２２２２');
    await user.click(screen.getByRole('button', { name: '登记' }));
    expect(await screen.findByText('案件页')).toBeTruthy();
    expect((await calls.find((r) => r.method === 'POST')!.clone().json()).petitioner).toMatchObject({ name: '王大力' });
  });

  it('registers only by 登记 (or Ctrl+Enter): Enter in 收到时间 or another field confirms that field, never the form', async () => {
    const { calls } = mockFetch({ 'POST /cases': () => REGISTERED });
    const user = userEvent.setup();
    renderRegister();
    await fill(user, await screen.findByLabelText('信访事项'), '某服装厂拖欠工资三个月。');

    // Enter in the date picker: the day is confirmed, nothing registered.
    await user.click(screen.getByLabelText('收到时间（北京时间）'));
    await user.keyboard('{Enter}');
    await user.keyboard('{Enter}');
    // Nor Enter in a one-line field.
    await user.click(screen.getByLabelText('主题'));
    await user.keyboard('{Enter}');
    await user.click(screen.getByLabelText('联系电话'));
    await user.keyboard('{Enter}');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls.some((r) => r.method === 'POST')).toBe(false);
    expect(screen.queryByText('案件页')).toBeNull();

    // Ctrl+Enter, from any field, is the keyboard's 登记.
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByText('案件页')).toBeTruthy();
    expect(calls.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('offers only the jurisdictions the caller may register in: their own and those below it', async () => {
    mockFetch({ 'GET /directory': () => ({ body: TREE }) });
    const user = userEvent.setup();
    renderRegister();
    const jurisdiction = await screen.findByLabelText('辖区');
    await user.click(jurisdiction);
    await waitFor(() => expect(offered(jurisdiction)).toEqual(['桐庐县', '富春江镇', '分水镇']));
  });

  it('sends a collective visit with its category, incident address and representatives exactly as the API takes it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T01:30:00Z'));
    const { calls } = mockFetch({ 'GET /directory': () => ({ body: TREE }), 'POST /cases': () => REGISTERED });
    const user = userEvent.setup();
    renderRegister();

    await choose(user, await screen.findByLabelText('辖区'), '富春江镇');
    // The chosen place shows without the indent that places it in the list.
    expect(screen.getByLabelText('辖区').closest('.ant-select')!.querySelector('.ant-select-content')!.textContent).toBe('富春江镇');
    await choose(user, screen.getByLabelText('渠道'), '来访');
    await fill(user, screen.getByLabelText('主题'), '俞赵村征地补偿款未发放');
    await fill(user, screen.getByLabelText('信访事项'), '村民二十余人反映，俞赵村2025年征地补偿款至今未发放到户，请求查明并发放。');
    await choose(user, screen.getByLabelText('类别'), '求决');
    await fill(user, screen.getByLabelText('事发地址'), '桐庐县富春江镇俞赵村');

    const petitioner = screen.getByRole('group', { name: '信访人' });
    await user.type(within(petitioner).getByLabelText('信访人姓名（未留可不填）'), '俞建国');
    await choose(user, within(petitioner).getByLabelText('性别'), '男');
    await user.type(within(petitioner).getByLabelText('年龄'), '58');
    await user.type(within(petitioner).getByLabelText('联系电话'), '13905710001');
    await user.type(within(petitioner).getByLabelText('职业'), '农民');

    await user.click(screen.getByRole('switch', { name: /集体访/ }));
    await user.type(await screen.findByLabelText('集体访人数'), '23');
    const add = screen.getByRole('button', { name: '添加代表' });
    await user.click(add);
    await user.click(add);
    await user.click(add);
    await user.type(within(representative(1)).getByLabelText('姓名'), '俞建国');
    await user.type(within(representative(1)).getByLabelText('联系电话'), '13905710001');
    await user.type(within(representative(2)).getByLabelText('姓名'), '赵大海');
    await user.type(within(representative(3)).getByLabelText('姓名'), '俞秀英');
    await choose(user, within(representative(3)).getByLabelText('性别'), '女');
    await user.type(within(representative(3)).getByLabelText('住址'), '俞赵村5组');
    // The second is removed: the third moves up, and only two are sent.
    await user.click(screen.getByRole('button', { name: '删除代表 2' }));
    expect(screen.queryByRole('group', { name: '代表 3' })).toBeNull();

    await user.click(screen.getByRole('button', { name: '登记' }));
    expect(await screen.findByText('案件页')).toBeTruthy();

    const post = calls.find((r) => r.method === 'POST')!;
    const body = await post.clone().json();
    expect(body).toEqual({
      jurisdiction: '330122101',
      channel: 'visit',
      receivedAt: '2026-12-01T01:30:00.000Z',
      subject: '俞赵村征地补偿款未发放',
      matter: '村民二十余人反映，俞赵村2025年征地补偿款至今未发放到户，请求查明并发放。',
      category: 'request',
      petitioner: { anonymous: false, name: '俞建国', gender: 'male', age: 58, phone: '13905710001', occupation: '农民' },
      collective: {
        headCount: 23,
        representatives: [
          { anonymous: false, name: '俞建国', phone: '13905710001' },
          { anonymous: false, name: '俞秀英', gender: 'female', address: '俞赵村5组' },
        ],
      },
      incidentAddress: '桐庐县富春江镇俞赵村',
    });
    // The API's own schema takes it as it is (strict: no key it does not know).
    expect(registerBodySchema.parse(body)).toEqual(body);
    // Some forty keystrokes and selects through Ant Design: ten seconds alone, three times that on a loaded CI machine.
  }, 90_000);

  it('records the unit a report accuses, which the words alone may not name', async () => {
    const { calls } = mockFetch({ 'GET /directory': () => ({ body: TREE }), 'POST /cases': () => REGISTERED });
    const user = userEvent.setup();
    renderRegister();

    await choose(user, await screen.findByLabelText('辖区'), '桐庐县');
    await choose(user, screen.getByLabelText('渠道'), '来信');
    await fill(user, screen.getByLabelText('信访事项'), '我要举报住建部门一名科长收受贿赂，证据见附件。');
    await choose(user, screen.getByLabelText('被举报单位（检举、控告时填写）'), '桐庐县住房和城乡建设局');
    await user.click(screen.getByRole('button', { name: '登记' }));
    expect(await screen.findByText('案件页')).toBeTruthy();

    const body = await calls.find((r) => r.method === 'POST')!.clone().json();
    expect(body.accusedUnits).toEqual(['330122-housing']);
    expect(registerBodySchema.parse(body)).toEqual(body);
  });

  it('adds at most five representatives', async () => {
    mockFetch({});
    const user = userEvent.setup();
    renderRegister();
    await user.click(await screen.findByRole('switch', { name: /集体访/ }));
    const add = screen.getByRole('button', { name: '添加代表' });
    for (let i = 0; i < 5; i += 1) await user.click(add);
    expect(representative(5)).toBeTruthy();

    await user.click(add);
    expect(screen.queryByRole('group', { name: '代表 6' })).toBeNull();
    expect(screen.getAllByRole('group', { name: /^代表 \d$/ })).toHaveLength(5);
    expect((add as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('已有 5 名代表，不能再添加（集体访推选代表不超过 5 人）')).toBeTruthy();

    // Removing one makes room again.
    await user.click(screen.getByRole('button', { name: '删除代表 5' }));
    expect((add as HTMLButtonElement).disabled).toBe(false);
  });

  it('says next to each field what the API would refuse, and sends nothing', async () => {
    const { calls } = mockFetch({ 'POST /cases': () => REGISTERED });
    const user = userEvent.setup();
    renderRegister();
    await user.type(await screen.findByLabelText('信访事项'), '村道塌方无人修复。');
    await user.type(screen.getByLabelText('联系电话'), '13905710001');
    await user.type(screen.getByLabelText('年龄'), '140');
    await user.click(screen.getByRole('switch', { name: /集体访/ }));
    await user.type(await screen.findByLabelText('集体访人数'), '1');
    await user.click(screen.getByRole('button', { name: '添加代表' }));
    await user.type(within(representative(1)).getByLabelText('电子邮件'), 'yu@');
    await user.click(screen.getByRole('button', { name: '登记' }));

    expect(await screen.findByText('集体访人数应为 2 至 100000 之间的整数')).toBeTruthy();
    // antd validates field by field: each message may appear a moment after the first.
    expect(await screen.findByText('年龄不超过 120 岁，请核对（填写的是 140）')).toBeTruthy();
    expect(await within(representative(1)).findByText('请填写代表姓名')).toBeTruthy();
    expect(await within(representative(1)).findByText('请填写有效的电子邮件地址，如 name@example.com')).toBeTruthy();
    expect(calls.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('says 年龄 “二百” is not a number, keeps what was typed, and sends nothing; ５８岁 is 58', async () => {
    const { calls } = mockFetch({ 'POST /cases': () => REGISTERED });
    const user = userEvent.setup();
    renderRegister();
    await user.type(await screen.findByLabelText('信访事项'), '村道塌方无人修复。');
    await user.type(screen.getByLabelText('联系电话'), '13905710001');
    const age = screen.getByLabelText('年龄') as HTMLInputElement;
    await user.type(age, '二百');
    await user.tab();
    // Said at once, under the field, and the words stay there to be corrected — not emptied away.
    expect(await screen.findByText('年龄请用阿拉伯数字填写，如 58（“二百”不是数字）')).toBeTruthy();
    expect(age.value).toBe('二百');
    await user.click(screen.getByRole('button', { name: '登记' }));
    expect(calls.filter((r) => r.method === 'POST')).toHaveLength(0);

    await user.clear(age);
    await user.type(age, '58.5');
    expect(await screen.findByText('年龄请填写整数周岁，如 58')).toBeTruthy();
    await user.clear(age);
    await user.type(age, '５８岁');
    await waitFor(() => expect(screen.queryByText('年龄请填写整数周岁，如 58')).toBeNull());
    await user.click(screen.getByRole('button', { name: '登记' }));
    await waitFor(() => expect(calls.filter((r) => r.method === 'POST')).toHaveLength(1));
    const sent = (await calls.find((r) => r.method === 'POST')!.clone().json()) as { petitioner: { age?: unknown } };
    expect(sent.petitioner.age).toBe(58);
  });

  it('shows an API error about a representative in that representative’s fields', async () => {
    mockFetch({
      'POST /cases': () => ({
        status: 400,
        body: {
          error: {
            code: 'InvalidInput',
            message: 'invalid input',
            issues: [{ path: 'body.collective.representatives[1].phone', message: 'must be a phone number (digits, spaces, +, -, parentheses)', kind: 'format' }],
          },
        },
      }),
    });
    const user = userEvent.setup();
    renderRegister();
    await user.type(await screen.findByLabelText('信访事项'), '小区电梯长期停运。');
    await user.type(screen.getByLabelText('信访人姓名（未留可不填）'), '吴敏');
    await user.click(screen.getByRole('switch', { name: /集体访/ }));
    await user.type(await screen.findByLabelText('集体访人数'), '6');
    const add = screen.getByRole('button', { name: '添加代表' });
    await user.click(add);
    await user.click(add);
    await user.type(within(representative(1)).getByLabelText('姓名'), '吴敏');
    await user.type(within(representative(2)).getByLabelText('姓名'), '陈立');
    await user.type(within(representative(2)).getByLabelText('联系电话'), '0571-6461234');
    await user.click(screen.getByRole('button', { name: '登记' }));

    // Said in Chinese by the kind of problem the API names.
    expect(await within(representative(2)).findByText('格式不正确')).toBeTruthy();
    expect(within(representative(1)).queryByText('格式不正确')).toBeNull();
  });
});
