import { representativesNotice, type ScheduledSession } from '../../shared/app/reception.js';
import type { ReceptionBooking } from '../../shared/app/reception-ports.js';
import { formatSessionDate } from '../../shared/domain/reception.js';
import { escapeHtml as e } from '../lib/http.js';
import { errorSummary, input, portalPage, textarea, type FieldErrors } from './portal-pages.js';

/**
 * The portal's pages of the leader reception days (领导接待日): the published
 * sessions, the booking form, its confirmation with the cancel code, and
 * cancelling. The look of the petition pages (portalPage), no script.
 */

/** `2026年9月30日（星期三） 09:00-11:30`, and why it is not the published day when a public holiday moved it. */
const when = (s: ScheduledSession) => `${formatSessionDate(s)} ${s.time}${s.movedFrom ? `（${Number(s.movedFrom.slice(5, 7))}月${Number(s.movedFrom.slice(8, 10))}日逢法定节假日，提前至本日）` : ''}`;

function sessionFacts(s: ScheduledSession, leaderArranged = false): string {
  const leader = leaderArranged ? '由信访部门另行安排，工作人员会在接待日前与您联系' : s.leaderPost ? `${s.leaderName}（${s.leaderPost}）` : s.leaderName;
  return `${adjustmentNote(s)}<dl><dt>接待领导</dt><dd>${e(leader)}</dd><dt>时间</dt><dd>${e(when(s))}</dd><dt>地点</dt><dd>${e(s.place)}</dd>${
    s.topics.length ? `<dt>接待主题</dt><dd>${e(s.topics.join('、'))}</dd>` : ''
  }</dl>`;
}

/**
 * 调整 published (班子领导可以临时调整接访时间，并提前向社会公布): what the
 * published rotation said, what changed and why; a cancelled session says
 * so first, and what to do instead.
 */
function adjustmentNote(s: ScheduledSession): string {
  const rotation = s.rotation;
  if (!rotation || !s.adjustment) return '';
  const reason = `原因：${s.adjustment.reason}`;
  if (s.cancelled) {
    return `<p><strong>已取消</strong>：原定${e(formatSessionDate(rotation))} ${e(rotation.time)}的接待不再举行（${e(reason)}）。请选择其他接待日，或直接来访、<a href="/public/petition">网上信访</a>。</p>`;
  }
  const changes = [
    ...(rotation.leader !== s.leader ? [`接待领导由${s.rotationLeaderName ?? rotation.leader}调整为${s.leaderName}`] : []),
    ...(rotation.date !== s.date || rotation.time !== s.time ? [`时间由${formatSessionDate(rotation)} ${rotation.time}调整为${formatSessionDate(s)} ${s.time}`] : []),
    ...(rotation.place !== s.place ? [`地点由${rotation.place}调整为${s.place}`] : []),
  ];
  return changes.length ? `<p><strong>安排已调整</strong>：${e(changes.join('；'))}（${e(reason)}）。</p>` : '';
}

/** The offices that hold reception days, to pick one; then its coming sessions. */
export function receptionSchedulePage(
  offices: readonly { code: string; office: string }[],
  chosen?: { code: string; office: string; sessions: readonly ScheduledSession[] },
  error?: string,
): string {
  const picker = `<form method="get" action="/public/reception" novalidate><label for="f-jurisdiction">信访机构</label><span class="hint" id="h-jurisdiction">选择您要预约的信访局。</span>${
    error ? `<p class="error" id="e-jurisdiction">${e(error)}</p>` : ''
  }<select id="f-jurisdiction" name="jurisdiction" required aria-describedby="h-jurisdiction${error ? ' e-jurisdiction' : ''}"${error ? ' aria-invalid="true"' : ''}><option value="">请选择</option>${offices
    .map((o) => `<option value="${e(o.code)}"${chosen?.code === o.code ? ' selected' : ''}>${e(o.office)}</option>`)
    .join('')}</select><button type="submit" class="secondary">查看接待安排</button></form>`;
  const list = chosen
    ? chosen.sessions.length === 0
      ? `<h2>${e(chosen.office)}</h2><p>近期没有可预约的领导接待日。您可以直接来访，或<a href="/public/petition">网上信访</a>。</p>`
      : `<h2>${e(chosen.office)}近期接待安排</h2><ul class="sessions" style="list-style:none;padding:0">${chosen.sessions
          .map(
            (s) =>
              `<li style="border-top:1px solid #6b6b6b;padding:.5rem 0 1rem">${sessionFacts(s)}${s.cancelled ? '' : `<p><strong>${s.placesLeft > 0 ? `剩余名额 ${s.placesLeft} 个` : '名额已满'}</strong>（共 ${s.capacity} 个）</p>`}${
                s.placesLeft > 0 ? `<p><a href="/public/reception/book?session=${encodeURIComponent(s.id)}">预约${e(formatSessionDate(s))}的接待</a></p>` : ''
              }</li>`,
          )
          .join('')}</ul>`
    : '';
  return portalPage(
    '领导接待日',
    `<h1>预约领导接待日</h1>
<p>各级信访局定期安排领导坐班接待群众。预约后请按时携带身份证件到场；不能参加的，凭预约编号和取消码在网上取消。</p>
${picker}
${list}
<p><a href="/public/reception/cancel">取消已有的预约</a></p>
<p><a href="/public/petition">我要信访</a> · <a href="/public/track">查询办理进展</a></p>`,
  );
}

/** The booking form of one session, empty or as sent with its problems. */
export function bookingFormPage(session: ScheduledSession, values: Record<string, string>, errors: FieldErrors): string {
  const problems = Object.keys(errors).length;
  return portalPage(
    problems ? `预约未成功（${problems} 处需要修改）· 预约领导接待日` : '预约领导接待日',
    `<h1>预约领导接待日</h1>
${sessionFacts(session)}
<p>剩余名额 ${session.placesLeft} 个。</p>
${errorSummary(errors, '预约未成功')}
<form method="post" action="/public/reception/book" novalidate>
<input type="hidden" name="session" value="${e(session.id)}">
${values.formToken ? `<input type="hidden" name="formToken" value="${e(values.formToken)}">\n` : ''}${input('name', '姓名', values, errors, { required: true, autocomplete: 'name', maxlength: 100 })}
${input('phone', '手机号码', values, errors, { type: 'tel', inputmode: 'tel', autocomplete: 'tel', conditional: true, hint: '手机号码和电子邮箱至少填写一项；没有手机的，可填写带区号的固定电话。' })}
${input('email', '电子邮箱', values, errors, { type: 'email', inputmode: 'email', autocomplete: 'email', conditional: true, hint: '填写后，预约确认和取消码会发送到此邮箱。' })}
${textarea('matter', '要反映的事项', values, errors, { required: true, maxlength: 2000, rows: 5, hint: '用一两句话写明要反映的问题和您的诉求，例如“城南小区楼顶漏水三个月无人维修，请求督促物业维修”，便于接待领导事先了解情况（2000 字以内）。' })}
${input('partySize', '来访人数', values, errors, { inputmode: 'numeric', autocomplete: 'off', placeholder: '1', hint: '一同前来的人数（含本人），每人占一个名额。多人反映同一事项的，请推选代表，代表不超过5人（《信访工作条例》第二十条）；超过5人的，按5名代表预约。' })}
${input('caseNumber', '已有的登记编号', values, errors, { autocomplete: 'off', placeholder: '330122-2026-000042', hint: '此前已反映过、有登记编号的，请填写。' })}
<p class="notice">您的个人信息只用于安排本次接待和办理您反映的事项，依法予以保护。</p>
<button type="submit">预约</button>
</form>
<p><a href="/public/reception?jurisdiction=${encodeURIComponent(session.jurisdiction)}">返回接待安排</a></p>`,
  );
}

/** Booked: the reference, and the cancel code shown this once. */
export function bookedPage(view: {
  booking: Pick<ReceptionBooking, 'reference' | 'partySize' | 'groupSize'>;
  session: ScheduledSession;
  cancelCode: string;
  emailed: boolean;
  repeated?: boolean;
  /** The booker's own words accuse the session's leader: another leader receives them, as the desk arranges. */
  leaderArranged?: boolean;
}): string {
  return portalPage(
    '预约成功',
    `<h1>预约成功</h1>
${view.repeated ? '<p class="notice" id="repeated">这份预约表已经提交过，预约已成功，没有重复占用名额。</p>\n' : ''}<dl><dt>预约编号</dt><dd class="code" id="booking-reference">${e(view.booking.reference)}</dd></dl>
${sessionFacts(view.session, view.leaderArranged)}
${view.booking.groupSize ? `<p class="notice" id="representatives">${e(representativesNotice(view.booking.groupSize))}</p>\n` : view.booking.partySize ? `<p>来访人数：${view.booking.partySize}人（已保留${view.booking.partySize}个名额）。</p>\n` : ''}<p>请按时携带身份证件和与反映事项有关的材料到场，向工作人员出示预约编号。</p>
<h2>取消码</h2><p class="code" id="cancel-code">${e(view.cancelCode)}</p>
<p class="notice"><strong>${view.repeated ? '上次提交后如未看到取消码，请现在保存：' : '取消码只显示这一次，'}</strong>请抄写下来或截图保存${view.emailed ? '（也已发送到您的电子邮箱）' : ''}。不能参加的，请在接待开始前打开“<a href="/public/reception/cancel">取消预约</a>”页面，输入预约编号和取消码取消，名额将留给其他群众。不要把取消码告诉他人。</p>
<p><a href="/public/reception?jurisdiction=${encodeURIComponent(view.session.jurisdiction)}">返回接待安排</a></p>`,
  );
}

/** The contact has a place at this session already: nothing of that booking is shown. */
export function alreadyBookedPage(notice: string, session: ScheduledSession): string {
  return portalPage(
    '已有预约',
    `<h1>已有预约</h1>
${sessionFacts(session)}
<p class="notice">${e(notice)}</p>
<p><a href="/public/reception?jurisdiction=${encodeURIComponent(session.jurisdiction)}">返回接待安排</a></p>`,
  );
}

/** A session that cannot be booked (full, begun, not yet open, unknown), saying why. */
export function unbookablePage(title: string, reason: string, jurisdiction?: string): string {
  return portalPage(
    title,
    `<h1>${e(title)}</h1>
<div class="summary" role="alert"><p>${e(reason)}</p></div>
<p><a href="/public/reception${jurisdiction ? `?jurisdiction=${encodeURIComponent(jurisdiction)}` : ''}">查看其他接待日</a></p>`,
  );
}

/** The cancel form: reference and cancel code (posted, so the code never appears in a URL). */
export function cancelFormPage(values: Record<string, string>, errors: FieldErrors, notFound = false): string {
  return portalPage(
    '取消预约',
    `<h1>取消领导接待日预约</h1>
${notFound ? '<div class="summary" role="alert"><h2>未找到相符的预约</h2><p>请核对预约编号和取消码后重试。取消码在预约成功时显示，也在预约确认邮件中。</p></div>' : errorSummary(errors, '未能取消')}
<form method="post" action="/public/reception/cancel" novalidate>
${input('reference', '预约编号', values, errors, { required: true, autocomplete: 'off', placeholder: 'JD-7F3A9C21', hint: '预约成功页面和确认邮件中的编号，以 JD- 开头。' })}
${input('code', '取消码', values, errors, { required: true, autocomplete: 'off', hint: '12 位字母和数字，例如 K7QM-2WXD-9RBT；不区分大小写。' })}
<button type="submit">取消预约</button>
</form>
<p><a href="/public/reception">查看领导接待日安排</a></p>`,
  );
}

/** Cancelled (now or before), or too late to cancel. */
export function cancelledPage(view: { reference: string; session: ScheduledSession; outcome: 'cancelled' | 'begun' | 'settled'; emailed?: boolean }): string {
  const text =
    view.outcome === 'cancelled'
      ? `<p>您的预约已取消，名额已留给其他群众。如需再次预约，可以重新选择接待日。${view.emailed ? '取消确认已发送到您预约时留下的电子邮箱。' : ''}</p>`
      : view.outcome === 'begun'
        ? '<div class="summary" role="alert"><p>这场接待已经开始，预约不能再在网上取消。如有需要，请直接联系信访局。</p></div>'
        : '<div class="summary" role="alert"><p>这场接待已经结束，预约不能再取消。</p></div>';
  return portalPage(
    view.outcome === 'cancelled' ? '预约已取消' : '未能取消',
    `<h1>${view.outcome === 'cancelled' ? '预约已取消' : '未能取消预约'}</h1>
<dl><dt>预约编号</dt><dd class="code" id="booking-reference">${e(view.reference)}</dd></dl>
${sessionFacts(view.session)}
${text}
<p><a href="/public/reception?jurisdiction=${encodeURIComponent(view.session.jurisdiction)}">查看接待安排</a></p>`,
  );
}

/** Too many tries: when to try again. */
export function tooManyCancelsPage(until: string): string {
  const at = new Date(Date.parse(until) + 8 * 3_600_000);
  const time = `${at.getUTCMonth() + 1}月${at.getUTCDate()}日 ${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
  return portalPage(
    '尝试次数过多',
    `<h1>尝试次数过多</h1><p>为防止滥用，同一网络每小时、同一预约编号每天可尝试取消的次数有限制，现已达到上限。</p>
<p>请于 <strong>${time}</strong>（北京时间）以后再试，或致电信访局取消。</p>
<p><a href="/public/reception/cancel">返回</a></p>`,
  );
}
