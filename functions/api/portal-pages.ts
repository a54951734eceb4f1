import { CATEGORIES, MAX_REPRESENTATIVES } from '../../shared/domain/case.js';
import { CATEGORY_LABELS } from '../../shared/domain/labels.js';
import type { CitizenActions, PublicCaseView } from '../../shared/domain/public-view.js';
import type { ActionReceipt } from '../../shared/app/portal-actions.js';
import { PORTAL_LIMITS, type DecisionLetter } from '../../shared/app/citizen-portal.js';
import type { IssuedChallenge } from '../../shared/app/portal-challenge.js';
import type { Province } from '../../shared/domain/province.js';
import { ICON_LINK } from '../../shared/resources/icon.js';
import { escapeHtml as e } from '../lib/http.js';
import { formatDay } from '../../shared/domain/case-number.js';

/**
 * The citizen portal's pages: plain HTML and one small style sheet, no
 * script. Mobile first (one column, 44 px targets), every control labelled,
 * errors next to their fields and listed at the top, a visible focus, text
 * contrast of at least 7:1, and sizes in rem so it zooms to 200 % and more.
 */

const STYLE = `:root{color-scheme:light}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;font-size:1.0625rem;line-height:1.7;color:#1a1a1a;background:#fff;max-width:40rem;margin:0 auto;padding:.75rem 1rem 3rem}
header{border-bottom:3px solid #0b57d0;margin-bottom:1rem;padding-bottom:.25rem}
header p{margin:0;color:#3d3d3d;font-size:.95rem}
h1{font-size:1.5rem;line-height:1.35;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
a{color:#0b57d0}
label,legend{display:block;font-weight:600;margin-top:1.1rem}
legend{margin-top:0;padding:0 .25rem}
.hint{display:block;color:#3d3d3d;font-size:.95rem;font-weight:400}
.optional{color:#3d3d3d;font-weight:400}
input[type=text],input[type=email],input[type=tel],input[type=number],select,textarea{display:block;width:100%;margin-top:.3rem;font:inherit;padding:.6rem .7rem;min-height:2.75rem;border:2px solid #5a5a5a;border-radius:4px;background:#fff;color:#1a1a1a}
input[type=file]{display:block;margin-top:.4rem;font:inherit;max-width:100%}
input[type=checkbox],input[type=radio]{width:1.4rem;height:1.4rem;margin:0 .5rem 0 0;vertical-align:-.25rem}
.choice{display:block;font-weight:400;margin-top:.5rem;min-height:2.75rem;padding:.4rem 0}
section.action{border-top:2px solid #6b6b6b;margin-top:2rem}
section.action h2{margin-top:1rem}
section.action summary{font-size:1.2rem;font-weight:700;margin-top:1rem;min-height:2.75rem;padding:.5rem 0;cursor:pointer}
.check{font-weight:600;margin-top:1.1rem}
textarea{min-height:10rem}
:focus-visible,input:focus,select:focus,textarea:focus{outline:3px solid #0b57d0;outline-offset:2px}
[aria-invalid=true]{border-color:#b00020}
.error{color:#b00020;font-weight:600;margin:.3rem 0 0}
.summary{border:3px solid #b00020;border-radius:4px;padding:.5rem 1rem;margin:1rem 0}
.summary h2{margin-top:.25rem;color:#b00020}
.summary.ok{border-color:#1a7f37}
.summary.ok h2{color:#1a7f37}
.notice{border-left:5px solid #8a5300;background:#fff7e0;padding:.5rem 1rem;margin:1rem 0}
.done{border-left:5px solid #1e6b34;background:#eaf5ec;padding:.5rem 1rem;margin:1rem 0}
fieldset{border:1px solid #6b6b6b;border-radius:4px;margin:1.25rem 0 0;padding:.75rem 1rem 1rem}
button{display:inline-block;font:inherit;font-weight:700;margin-top:1.5rem;padding:.7rem 1.75rem;min-height:2.75rem;border:2px solid #0b57d0;border-radius:4px;background:#0b57d0;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b57d0}
.code{font-family:ui-monospace,"DejaVu Sans Mono","Noto Sans Mono",monospace;font-size:clamp(1rem,5.5vw,1.75rem);font-weight:700;letter-spacing:.06em;white-space:nowrap;margin:.25rem 0}
dl{margin:0}dt{font-weight:600;margin-top:.75rem}dd{margin:0}
ol.steps{padding-left:1.25rem}ol.steps li{margin:.4rem 0}
.steps time{display:block;color:#3d3d3d;font-size:.95rem}
.overdue{color:#b00020;font-weight:600}
@media print{header,form,.noprint{display:none}}`;

/** A page of the portal. */
export function portalPage(title: string, content: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(title)} — 网上信访</title>${ICON_LINK}<style>${STYLE}</style></head>
<body><header><p>网上信访</p></header><main>${content}</main></body></html>`;
}

export type FieldErrors = Record<string, string>;

/** Links from the top of the form to each field with a problem, as a screen reader or a keyboard reaches them. */
export function errorSummary(errors: FieldErrors, title = '提交未成功'): string {
  const entries = Object.entries(errors);
  if (entries.length === 0) return '';
  // Focused as the page opens (no script runs here): a keyboard or screen-reader user starts at the list of problems.
  return `<div class="summary" role="alert" aria-labelledby="summary-title" tabindex="-1" autofocus><h2 id="summary-title">${e(title)}，有 ${entries.length} 处需要修改</h2><ul>${entries
    .map(([field, message]) => `<li><a href="#f-${e(field)}">${e(message)}</a></li>`)
    .join('')}</ul></div>`;
}

/** The attributes and message that tie a field to its error. */
function invalid(errors: FieldErrors, field: string, hintId?: string): { attrs: string; message: string } {
  const message = errors[field];
  const described = [hintId, message ? `e-${field}` : undefined].filter(Boolean).join(' ');
  return {
    attrs: `${described ? ` aria-describedby="${described}"` : ''}${message ? ' aria-invalid="true"' : ''}`,
    message: message ? `<p class="error" id="e-${e(field)}">${e(message)}</p>` : '',
  };
}

type InputOptions = { type?: string; hint?: string; required?: boolean; /** Required in some cases only (the hint says when): neither marked optional nor required. */ conditional?: boolean; autocomplete?: string; inputmode?: string; maxlength?: number; placeholder?: string };

/** A labelled field with its hint and, when it has one, its error next to it (tied by aria-describedby). */
export function input(field: string, label: string, values: Record<string, string>, errors: FieldErrors, opts: InputOptions = {}): string {
  const hintId = opts.hint ? `h-${field}` : undefined;
  const { attrs, message } = invalid(errors, field, hintId);
  return `<label for="f-${field}">${label}${opts.required || opts.conditional ? '' : '<span class="optional">（选填）</span>'}</label>${opts.hint ? `<span class="hint" id="${hintId}">${opts.hint}</span>` : ''}${message}<input id="f-${field}" name="${field}" type="${opts.type ?? 'text'}" value="${e(values[field] ?? '')}"${opts.required ? ' required' : ''}${opts.autocomplete ? ` autocomplete="${opts.autocomplete}"` : ''}${opts.inputmode ? ` inputmode="${opts.inputmode}"` : ''}${opts.maxlength ? ` maxlength="${opts.maxlength}"` : ''}${opts.placeholder ? ` placeholder="${e(opts.placeholder)}"` : ''}${attrs}>`;
}

function checkbox(field: string, label: string, values: Record<string, string>, errors: FieldErrors, hint: string): string {
  const { attrs, message } = invalid(errors, field, `h-${field}`);
  return `<div class="check">${message}<label for="f-${field}" style="margin-top:0"><input id="f-${field}" name="${field}" type="checkbox"${values[field] ? ' checked' : ''}${attrs}>${label}</label><span class="hint" id="h-${field}">${hint}</span></div>`;
}

const LEVEL_GROUPS = [
  ['province', '省级'],
  ['city', '市级'],
  ['county', '县（市、区）级'],
  ['township', '乡镇（街道）级'],
] as const;

/**
 * A township's office with its county before it (德清县新市镇社会治理中心（信访办）): townships of one name lie in
 * several counties, and a petitioner choosing from the list must tell them apart.
 */
function optionName(province: Province, j: Province['config']['jurisdictions'][number]): string {
  return province.withCounty(j.code, j.office.name);
}

/** The offices of the jurisdiction tree, grouped by level; each option names the office and its place. */
function officeSelect(province: Province, values: Record<string, string>, errors: FieldErrors): string {
  const { attrs, message } = invalid(errors, 'jurisdiction', 'h-jurisdiction');
  const groups = LEVEL_GROUPS.map(([level, label]) => {
    const offices = province.config.jurisdictions.filter((j) => j.level === level);
    if (offices.length === 0) return '';
    return `<optgroup label="${label}">${offices
      .map((j) => `<option value="${e(j.code)}"${values.jurisdiction === j.code ? ' selected' : ''}>${e(optionName(province, j))}</option>`)
      .join('')}</optgroup>`;
  }).join('');
  return `<label for="f-jurisdiction">向哪个信访机构反映</label><span class="hint" id="h-jurisdiction">请选择事情发生地的信访机构（乡镇、街道或县、市、区），可用上方“按地址查找”；不清楚时选所在市的信访局，我们会转送有权处理的机关。</span>${message}<select id="f-jurisdiction" name="jurisdiction" required${attrs}><option value="">请选择</option>${groups}</select>`;
}

function categorySelect(values: Record<string, string>, errors: FieldErrors): string {
  const { attrs, message } = invalid(errors, 'category');
  return `<label for="f-category">类别<span class="optional">（选填）</span></label>${message}<select id="f-category" name="category"${attrs}><option value="">不确定</option>${CATEGORIES.map(
    (c) => `<option value="${c}"${values.category === c ? ' selected' : ''}>${CATEGORY_LABELS[c]}</option>`,
  ).join('')}</select>`;
}

export interface PetitionFormLimits {
  files: number;
  totalMegabytes: number;
  perFileMegabytes: number;
}

/** The petition form, empty or as sent with its problems. */
/** What 按地址查找 found for the address the citizen typed: the office's name, or nothing decided. */
export interface AddressLookup {
  address: string;
  office?: string;
  /** No office found, though the address names its county level (namesCountyLevel): it lies outside the offices listed. */
  complete?: boolean;
  /** The province the portal serves (浙江省), named when the address lies outside it. */
  province?: string;
}

/** A GET form of its own (the petition form posts multipart): it answers with the form, the office chosen. */
function addressLookupForm(lookup: AddressLookup | undefined): string {
  const result = !lookup
    ? ''
    : lookup.office
      ? `<p class="done" role="status">根据地址“${e(lookup.address)}”，已为您选择<strong>${e(lookup.office)}</strong>，可在下方更改。</p>`
      : lookup.complete
        ? // Complete (北京市朝阳区…, 南京市玄武区…) but outside the offices listed: asking for a county they wrote would be wrong.
          `<p class="notice" role="status">地址“${e(lookup.address)}”不在下方所列信访机构的辖区内，未能为您选择。事情发生在该地的，请向当地的信访机构反映；事情发生在${e(lookup.province ?? '本省')}的，请在下方列表中选择事情发生地的信访机构。</p>`
        : `<p class="notice" role="status">未能从地址“${e(lookup.address)}”确定信访机构，请写明所在县（市、区），或在下方列表中选择。</p>`;
  return `<form method="get" action="/public/petition" role="search" aria-label="按地址查找受理机构">
<label for="f-lookup">不知道向哪个机构反映？按地址查找<span class="optional">（选填）</span></label><span class="hint" id="h-lookup">例如“桐庐县城南街道迎春路 8 号”，写到县（市、区）或乡镇。查找会重新打开本页，请先查找，再填写下方内容。</span><input id="f-lookup" type="text" name="address" maxlength="300" autocomplete="off" aria-describedby="h-lookup" value="${e(lookup?.address ?? '')}">
<button type="submit" class="secondary">查找</button>
</form>${result}`;
}

export function petitionFormPage(
  province: Province,
  formToken: string,
  values: Record<string, string>,
  errors: FieldErrors,
  limits: PetitionFormLimits,
  lookup?: AddressLookup,
  challenge?: IssuedChallenge,
): string {
  const textarea = (() => {
    const { attrs, message } = invalid(errors, 'matter', 'h-matter');
    return `<label for="f-matter">具体内容</label><span class="hint" id="h-matter">写明发生了什么、涉及哪个单位或个人、您的诉求。</span>${message}<textarea id="f-matter" name="matter" rows="8" maxlength="20000" required${attrs}>${e(values.matter ?? '')}</textarea>`;
  })();
  const files = invalid(errors, 'attachments', 'h-attachments');
  const representatives = Array.from({ length: MAX_REPRESENTATIVES }, (_, index) => {
    const n = index + 1;
    return `<fieldset><legend>代表 ${n}</legend>${input(`rep${n}Name`, `代表 ${n} 姓名`, values, errors, { autocomplete: 'off', maxlength: 100, conditional: true })}${input(`rep${n}Phone`, `代表 ${n} 电话`, values, errors, { type: 'tel', inputmode: 'tel', autocomplete: 'off' })}</fieldset>`;
  }).join('');
  const problems = Object.keys(errors).length;
  return portalPage(
    problems ? `提交未成功（${problems} 处需要修改）· 我要信访` : '我要信访',
    `<h1>我要信访</h1>
<p>在此提交的信访事项与来信、来访、电子邮件一样登记办理。提交后您会得到<strong>登记编号</strong>和<strong>查询码</strong>，凭此可查询办理进展、阅读处理意见书。</p>
${errorSummary(errors)}
${addressLookupForm(lookup)}
<form id="f-form" method="post" action="/public/petitions" enctype="multipart/form-data" novalidate>
<input type="hidden" name="formToken" value="${e(formToken)}">
<h2>反映的事项</h2>
${officeSelect(province, values, errors)}
${input('subject', '标题', values, errors, { required: true, maxlength: 200, hint: '一句话概括，例如“城南小区楼顶漏水三个月无人维修”。' })}
${textarea}
${input('incidentAddress', '事发地址', values, errors, { maxlength: 300, autocomplete: 'off', placeholder: '例如：桐庐县城南街道迎春路 8 号' })}
${categorySelect(values, errors)}
<label for="f-attachments">附件<span class="optional">（选填）</span></label><span class="hint" id="h-attachments">图片、PDF、Word、Excel、文本或音视频，至多 ${limits.files} 个，合计不超过 ${limits.totalMegabytes} MB（每个不超过 ${limits.perFileMegabytes} MB）；不接受程序、脚本、网页和含宏文档。提交未成功时，附件需要重新选择。</span>${files.message}<input id="f-attachments" name="attachments" type="file" multiple${files.attrs}>
<h2>您的信息</h2>
${input('name', '姓名', values, errors, { autocomplete: 'name', maxlength: 100, conditional: true, hint: '匿名反映的不填。' })}
${input('phone', '手机号码', values, errors, { type: 'tel', inputmode: 'tel', autocomplete: 'tel', conditional: true, hint: '手机号码和电子邮箱至少填写一项；没有手机的，可填写带区号的固定电话。' })}
${input('email', '电子邮箱', values, errors, { type: 'email', inputmode: 'email', autocomplete: 'email', conditional: true, hint: '填写后，登记回执和处理意见书会发送到此邮箱。' })}
${input('address', '住址', values, errors, { autocomplete: 'street-address', maxlength: 300 })}
${checkbox('anonymous', '匿名反映', values, errors, '匿名反映的事项同样登记办理，但是：不能向您书面答复或告知办理结果，不能用邮件通知您，也无法核实您补充的材料；您仍可凭登记编号和查询码查询进展。')}
<h2>多人联名（集体访）</h2>
${checkbox('collective', '多人就同一事项联名反映', values, errors, `依照《信访工作条例》第二十条，多人反映同一事项的，应当推选代表，代表人数不超过 ${MAX_REPRESENTATIVES} 人。`)}
${input('headCount', '联名人数', values, errors, { type: 'number', inputmode: 'numeric', conditional: true, hint: '仅多人联名时填写。' })}
<details${Object.keys(errors).some((k) => k.startsWith('rep')) || values.rep1Name ? ' open' : ''}><summary style="margin-top:1rem;font-weight:600;cursor:pointer">填写代表（至多 ${MAX_REPRESENTATIVES} 人）</summary>${representatives}</details>
${challenge ? challengeFields(challenge, errors) : ''}
<p class="notice">我们只将您的个人信息用于办理本信访事项，不会向被反映的单位或个人透露（《信访工作条例》第三十条）。</p>
<button type="submit">提交</button>
</form>
<p><a href="/public/track">已提交过？查询办理进展</a></p>`,
  );
}

/**
 * The challenge asked under a surge: a question in words, answered as a
 * number; its id travels in a hidden field. The answer is never shown back.
 */
function challengeFields(challenge: IssuedChallenge, errors: FieldErrors): string {
  return `<h2>验证</h2>
<p class="notice" id="h-challenge">近一小时内从您所在的网络提交的信访事项较多。为防止自动程序大量提交，请回答下面的问题后再提交；您填写的内容已保留，附件需要重新选择。</p>
<input type="hidden" name="challengeId" value="${e(challenge.id)}">
${input('challengeAnswer', `请回答：${e(challenge.question)}`, {}, errors, { required: true, inputmode: 'numeric', autocomplete: 'off', maxlength: 20, hint: '请用阿拉伯数字填写答案，例如 8。' })}`;
}

/** After a petition is registered: the number, and the query code shown this once. */
export function acknowledgementPage(view: { caseNumber: string; office: string; contact?: OfficeContact; queryCode?: string; repeated?: boolean; emailed: boolean; anonymous: boolean; acceptanceBy?: string }): string {
  const repeated = view.repeated ? '<p class="notice" id="repeated">这份表单已经提交过，事项已登记，没有重复登记。</p>\n' : '';
  const code = view.queryCode
    ? `<h2>查询码</h2><p class="code" id="query-code">${e(view.queryCode)}</p>
<p class="notice"><strong>${view.repeated ? '上次提交后如未看到查询码，请现在保存：' : '查询码只显示这一次，'}</strong>请抄写下来或截图保存${view.emailed ? '（也已发送到您的电子邮箱）' : ''}。凭登记编号和查询码可以查询办理进展；不要告诉他人，工作人员不会向您索要查询码。</p>`
    : view.contact
      ? `<p class="notice">查询码在第一次提交时已显示${view.emailed ? '，并已发送到您的电子邮箱' : ''}。</p>\n${newCodeHelp(view.contact, view.emailed)}`
      : `<p class="notice">查询码在第一次提交时已显示${view.emailed ? '，并已发送到您的电子邮箱' : ''}；如未保存，${view.emailed ? '可以<a href="/public/track/code">用邮箱领取查询码</a>，或' : '请'}携带身份证件到信访机构或致电查询。</p>`;
  return portalPage(
    '已登记',
    `<h1>您的信访事项已登记</h1>
<dl><dt>登记编号</dt><dd class="code" id="case-number">${e(view.caseNumber)}</dd><dt>登记机构</dt><dd>${e(view.office)}</dd></dl>
${repeated}${code}
<p>${view.anonymous ? '您选择了匿名反映：我们将依法办理，但不能向您书面答复。' : view.emailed ? '登记回执已发送到您的电子邮箱。' : '您未填写电子邮箱，办理结果将通过电话或信件告知您。'}${view.acceptanceBy ? `信访机构最迟于 ${e(view.acceptanceBy)}决定是否受理。` : ''}</p>
<p><a href="/public/track">查询办理进展</a></p>`,
  );
}

/** A petitions office as a citizen reaches it: its name, and the reception address and telephone its jurisdiction configures. */
export interface OfficeContact {
  name: string;
  address?: string | undefined;
  phone?: string | undefined;
}

/** 淳安县信访局（地址：…；电话：…）: the office with what is configured of its reception desk. */
export function officeContactHtml(office: OfficeContact): string {
  const parts = [office.address ? `地址：${e(office.address)}` : '', office.phone ? `电话：<a href="tel:${e(office.phone.replace(/[^0-9+]/g, ''))}">${e(office.phone)}</a>` : ''].filter(Boolean);
  return `<strong>${e(office.name)}</strong>${parts.length ? `（${parts.join('；')}）` : ''}`;
}

/**
 * Where a lost query code is replaced: by email to the address on record
 * (/public/track/code), or by the receiving office, which issues a new one
 * (发放查询码) at its desk or by post — the earlier code then stops working.
 */
function newCodeHelp(office: OfficeContact, emailed: boolean | undefined): string {
  const byEmail = emailed === undefined ? '登记时留下电子邮箱的，可以<a href="/public/track/code">用邮箱领取新的查询码</a>；也可以' : emailed ? '可以<a href="/public/track/code">用登记时留下的邮箱领取新的查询码</a>；也可以' : '可以';
  return `<p id="new-code">没有保存查询码的，${byEmail}携带身份证件到${officeContactHtml(office)}，或者打电话联系该机构，申请发放新的查询码：工作人员当面发放，或者邮寄到您登记的地址。新的查询码发放后，原来的查询码随即失效。</p>`;
}

/**
 * A petition with the same words sent again from this browser the same day
 * (Back, then 提交 on a fresh form): already registered, its number, and
 * where a new query code is had — never the code itself.
 */
export function alreadySubmittedPage(view: { caseNumber: string; office: OfficeContact; emailed: boolean }): string {
  return portalPage(
    '已经提交过',
    `<h1>这件信访事项已经提交过</h1>
<p class="notice" id="already-submitted">今天已从本浏览器向${e(view.office.name)}提交过内容相同的信访事项，事项已经登记，这次没有重复登记。</p>
<dl><dt>登记编号</dt><dd class="code" id="case-number">${e(view.caseNumber)}</dd><dt>登记机构</dt><dd>${e(view.office.name)}</dd></dl>
<p>查询码在第一次提交时已经显示${view.emailed ? '，并已发送到您的电子邮箱' : ''}，这里不再显示。请凭登记编号和当时保存的查询码<a href="/public/track">查询办理进展</a>。</p>
${newCodeHelp(view.office, view.emailed)}
<p>如果要反映另一件事，或者补充新的内容，请<a href="/public/petition">重新填写</a>并写明新的内容。</p>`,
  );
}

/**
 * The same words from the same email or phone within the day, from another
 * browser: not registered again, and no number, office's answer or contact
 * detail of the petitioner shown — whoever knows a person's phone and words
 * learns nothing more. The office's own public contact is shown.
 */
export function resentByContactPage(view: { office: OfficeContact }): string {
  return portalPage(
    '已经提交过',
    `<h1>这件信访事项已经提交过</h1>
<p class="notice" id="already-submitted">今天已用相同的联系方式向${e(view.office.name)}提交过内容相同的信访事项，这次没有重复登记。</p>
<p>登记编号和查询码在第一次提交时已经显示；留有电子邮箱的，登记回执也已发送到该邮箱。</p>
${newCodeHelp(view.office, undefined)}
<p>如果要反映另一件事，或者补充新的内容，请<a href="/public/petition">重新填写</a>并写明新的内容。</p>`,
  );
}

/** The lookup form: case number and query code (posted, so the code never appears in a URL). */
export function trackFormPage(values: Record<string, string>, errors: FieldErrors, notFound = false, typed?: string): string {
  return portalPage(
    '查询办理进展',
    `<h1>查询办理进展</h1>
${notFound ? '<div class="summary" role="alert"><h2>未找到相符的信访事项</h2><p>请核对登记编号和查询码后重试。网上提交的，查询码在提交时显示并发送到所留邮箱；通过电子邮件、来信来访提出的，可凭登记编号和登记时留下的邮箱<a href="/public/track/code">领取查询码</a>，或向信访机构申请。</p></div>' : errorSummary(errors)}
<form method="post" action="/public/track" novalidate>
${input('caseNumber', '登记编号', values, errors, { required: true, autocomplete: 'off', placeholder: '330122-2026-000042', hint: '提交后页面上和回执邮件中的编号。' })}
${input('code', '查询码', values, errors, { required: true, autocomplete: 'off', hint: '12 位字母和数字，例如 K7QM-2WXD-9RBT；不区分大小写。' })}
<button type="submit">查询</button>
</form>
${typedBack(typed)}
<p>没有查询码，或者忘记了？登记时留下电子邮箱的，可以<a href="/public/track/code">用邮箱领取查询码</a>；来访、来电或来信的，可以向受理的信访机构索取。</p>
<p><a href="/public/petition">我要信访</a></p>`,
  );
}

/** 领取查询码: the form, and after it was posted the same answer whatever matched. */
export function codeRequestPage(values: Record<string, string>, errors: FieldErrors, sentTo?: string): string {
  if (sentTo !== undefined) {
    return portalPage(
      '领取查询码',
      `<h1>领取查询码</h1>
<div class="summary ok" role="status"><h2>请查收邮件</h2><p>如果登记编号 <strong>${e(values.caseNumber ?? '')}</strong> 的信访事项登记时留下的电子邮箱是 <strong>${e(sentTo)}</strong>，新的查询码已经发送到这个邮箱，此前的查询码同时失效。几分钟内没有收到的，请查看垃圾邮件，或核对登记编号和邮箱后再试。</p>
<p>为保护信访人的信息，本页不显示该事项是否存在，查询码也只发送到登记时留下的邮箱。</p></div>
<p><a href="/public/track">去查询办理进展</a></p>`,
    );
  }
  return portalPage(
    '领取查询码',
    `<h1>领取查询码</h1>
<p>通过电子邮件反映、或者登记时留下了电子邮箱的，可以在这里领取查询码，查询码将发送到登记时留下的邮箱。新的查询码发出后，此前的查询码失效。</p>
${errorSummary(errors)}
<form method="post" action="/public/track/code" novalidate>
${input('caseNumber', '登记编号', values, errors, { required: true, autocomplete: 'off', placeholder: '330122-2026-000042', hint: '登记回执邮件主题中的编号。' })}
${input('email', '登记时留下的电子邮箱', values, errors, { required: true, autocomplete: 'email', type: 'email' })}
<button type="submit">发送查询码</button>
</form>
<p>没有留下电子邮箱的（来访、来电、来信），请向受理的信访机构索取查询码。</p>
<p><a href="/public/track">查询办理进展</a></p>`,
  );
}

/** Hidden fields carrying the lookup on to the letter page, by POST. */
const carried = (caseNumber: string, code: string) => `<input type="hidden" name="caseNumber" value="${e(caseNumber)}"><input type="hidden" name="code" value="${e(code)}">`;

/** What the tracking page's forms need: a fresh token each, the upload limits, and what was typed into one that came back with problems. */
export interface TrackForms {
  actions: CitizenActions;
  newToken: () => string;
  limits: PetitionFormLimits;
  /** The office handling the case, as configured: whom to tell that a withdrawal was not the petitioner's will. */
  office?: OfficeContact;
  /** The form sent with problems: which, its token, what was typed and the problems by field. */
  again?: { form: 'material' | 'evaluate' | 'review' | 'withdraw'; formToken: string; values: Record<string, string>; errors: FieldErrors };
}

export function textarea(field: string, label: string, values: Record<string, string>, errors: FieldErrors, opts: { hint?: string; required?: boolean; /** Required in some cases only (the hint says when): not marked optional. */ conditional?: boolean; maxlength: number; rows?: number }): string {
  const hintId = opts.hint ? `h-${field}` : undefined;
  const { attrs, message } = invalid(errors, field, hintId);
  return `<label for="f-${field}">${label}${opts.required || opts.conditional ? '' : '<span class="optional">（选填）</span>'}</label>${opts.hint ? `<span class="hint" id="${hintId}">${opts.hint}</span>` : ''}${message}<textarea id="f-${field}" name="${field}" rows="${opts.rows ?? 6}" maxlength="${opts.maxlength}"${opts.required ? ' required' : ''}${attrs}>${e(values[field] ?? '')}</textarea>`;
}

/** What 不满意 does, said before the choice: the unit handles it again, or — after a review's decision, or a final 复核 — it is recorded. */
function evaluationNote(unsatisfied: CitizenActions['unsatisfied']): string {
  if (unsatisfied === 'recordedFinal') return '该事项不再重新办理。请告诉我们您对办理结果是否满意；您的评价将记录在案。每次答复评价一次。';
  if (unsatisfied === 'recordedAfterReview') return '复查意见已出具。请告诉我们您对办理结果是否满意；您的评价将记录在案。对复查意见不服的，请在期限内申请复核。每次答复评价一次。';
  return '书面答复已出具。请告诉我们您对办理结果是否满意。选择“不满意”的，本事项将重新交承办单位办理，并再次书面答复您。每次答复评价一次。';
}

/** The forms of the tracking page, each only when it applies, with what it does. */
function actionSections(lookup: { caseNumber: string; code: string }, forms: TrackForms): string {
  const { actions, again } = forms;
  const state = (form: NonNullable<TrackForms['again']>['form']) =>
    again?.form === form ? { token: again.formToken, values: again.values, errors: again.errors } : { token: forms.newToken(), values: {}, errors: {} };
  const hidden = (token: string) => `${carried(lookup.caseNumber, lookup.code)}<input type="hidden" name="formToken" value="${e(token)}">`;
  const sections: string[] = [];
  if (actions.evaluate) {
    const { token, values, errors } = state('evaluate');
    const answer = invalid(errors, 'answer');
    const radio = (value: string, label: string, first = false) =>
      `<label class="choice"><input type="radio" name="answer" value="${value}"${first ? ' id="f-answer"' : ''}${values.answer === value ? ' checked' : ''}${answer.attrs}>${label}</label>`;
    sections.push(`<section class="action noprint" aria-labelledby="evaluate-title"><h2 id="evaluate-title">评价办理结果</h2>
<p>${evaluationNote(actions.unsatisfied)}</p>
<form method="post" action="/public/track/evaluate" novalidate>${hidden(token)}
<fieldset><legend>您对办理结果是否满意</legend>${answer.message}${radio('satisfied', '满意', true)}${radio('unsatisfied', '不满意')}</fieldset>
${textarea('comment', '意见或理由', values, errors, { maxlength: 2000, rows: 4, hint: actions.unsatisfied === 'handledAgain' ? '不满意的，请写明原因，承办单位重新办理时会看到。' : '不满意的，请写明原因，信访机构会看到。' })}
<button type="submit">提交评价</button></form></section>`);
  }
  if (actions.review) {
    const { kind, lastDay, office } = actions.review;
    // A 复核 disputes the 复查意见, not the first 处理意见.
    const disputed = kind === '复核' ? '复查意见' : '处理意见';
    const { token, values, errors } = state('review');
    sections.push(`<section class="action noprint" aria-labelledby="review-title"><h2 id="review-title">申请${kind}</h2>
<p>对${disputed}不服的，可以向${e(office)}申请${kind}，最迟于 <strong>${e(lastDay)}</strong>（含当日）提出（《信访工作条例》第${kind === '复查' ? '三十五' : '三十六'}条）。${kind === '复核' ? '复核意见为最终意见。' : ''}</p>
<form method="post" action="/public/track/review" novalidate>${hidden(token)}
${textarea('reason', `申请${kind}的理由`, values, errors, { required: true, maxlength: 2000, hint: `写明对${disputed}哪些地方不服、为什么。` })}
<button type="submit">申请${kind}</button></form></section>`);
  }
  if (actions.material) {
    const { token, values, errors } = state('material');
    const files = invalid(errors, 'attachments', 'h-attachments');
    sections.push(`<section class="action noprint" aria-labelledby="material-title"><h2 id="material-title">补充材料</h2>
<p>有新的情况或证据，可以在此补充。补充的内容归入本事项，并通知正在办理的信访机构或承办单位。</p>
<form method="post" action="/public/track/material" enctype="multipart/form-data" novalidate>${hidden(token)}
${textarea('text', '补充内容', values, errors, { maxlength: 20000, conditional: true, hint: '写明新的情况或证据；只补充附件的，可以不填。' })}
<label for="f-attachments">附件<span class="optional">（选填）</span></label><span class="hint" id="h-attachments">图片、PDF、Word、Excel、文本或音视频，至多 ${forms.limits.files} 个，合计不超过 ${forms.limits.totalMegabytes} MB；不接受程序、脚本、网页和含宏文档。</span>${files.message}<input id="f-attachments" name="attachments" type="file" multiple${files.attrs}>
<button type="submit">提交补充材料</button></form></section>`);
  }
  if (actions.withdraw) {
    const { token, values, errors } = state('withdraw');
    // Folded away: ending the matter is rare and cannot be undone, so it is opened on purpose (and stays open with problems to fix).
    sections.push(`<section class="action noprint" aria-labelledby="withdraw-title"><details${again?.form === 'withdraw' ? ' open' : ''}><summary id="withdraw-title">撤回信访事项</summary>
<p>书面答复前，您可以撤回本信访事项，例如问题已经解决、已与对方协商一致。<strong>撤回后办理即终止</strong>，各项办理期限不再计算；就同一事项有新的事实和理由的，可以重新提出。撤回后，留有联系方式的，我们会书面告知您。</p>
<p id="withdraw-objection">撤回并非您本人真实意愿的（例如他人用您的查询码撤回，或者您受到压力），请尽快向${forms.office ? officeContactHtml(forms.office) : '办理机构'}说明情况，经核实后恢复办理。</p>
<form method="post" action="/public/track/withdraw" novalidate>${hidden(token)}
${textarea('reason', '撤回的原因', values, errors, { required: true, maxlength: 2000, rows: 3, hint: '例如：问题已经解决；已与单位协商一致，本人自愿撤回。' })}
${checkbox('confirm', '我确认撤回该信访事项', values, errors, '撤回是您本人的真实意愿。')}
<button type="submit" class="secondary">撤回信访事项</button></form></details></section>`);
  }
  return sections.join('\n');
}

/**
 * Every decision letter sent, newest first, each with its kind and day: one
 * asking for a 复查 or 复核 re-reads them all, the earlier ones too.
 */
function letterList(letters: readonly DecisionLetter[], lookup: { caseNumber: string; code: string }): string {
  if (letters.length === 0) return '';
  const newestFirst = [...letters].sort((a, b) => b.number - a.number);
  const items = newestFirst.map(
    (l, i) =>
      `<li><form method="post" action="/public/track/letter" target="_blank">${carried(lookup.caseNumber, lookup.code)}<input type="hidden" name="letter" value="${l.number}"><strong>${e(l.day)} ${e(l.kind)}</strong>${i === 0 && letters.length > 1 ? '（最新）' : ''}<br><button type="submit" class="secondary" style="margin-top:.5rem">阅读、打印${e(l.kind)}（在新页面打开）</button></form></li>`,
  );
  // Each item names its kind (处理意见书, 答复意见书 for a policy question, 复查意见书…).
  return `<h2>书面答复</h2>${letters.length > 1 ? `<p>本事项已向您出具 ${letters.length} 份书面意见，按时间由新到旧排列：</p>` : ''}<ol class="steps" id="letters" reversed>${items.join('')}</ol>`;
}

/** The public view of a case, with the forms of what the petitioner may do now. */
export function trackResultPage(view: PublicCaseView, lookup: { caseNumber: string; code: string }, forms: TrackForms, letters: readonly DecisionLetter[] = []): string {
  const errors = forms.again?.errors ?? {};
  const problems = Object.keys(errors).length;
  return portalPage(
    problems ? `未能提交（${problems} 处需要修改）· ${view.caseNumber} 办理进展` : `${view.caseNumber} 办理进展`,
    `<h1>办理进展</h1>
${problems ? errorSummary(errors).replace('提交未成功', '未能提交') : ''}
<dl>
<dt>登记编号</dt><dd>${e(view.caseNumber)}</dd>
${view.subject ? `<dt>标题</dt><dd>${e(view.subject)}</dd>` : ''}
<dt>当前状态</dt><dd><strong id="status">${e(view.status)}</strong><br>${e(view.explanation)}</dd>
${view.clock ? `<dt>办理期限</dt><dd id="clock"${view.clock.overdue ? ' class="overdue"' : ''}>${e(view.clock.text)}</dd>` : ''}
<dt>办理机构</dt><dd>${e(view.office)}</dd>
${view.reviewer ? `<dt>${view.reviewer.kind}机关</dt><dd id="reviewer">${e(view.reviewer.office)}</dd>` : ''}
${view.unit ? `<dt>承办单位</dt><dd>${e(view.unit)}</dd>` : ''}
<dt>收到时间</dt><dd>${e(view.receivedAt)}（${e(view.channel)}）</dd>
</dl>
<h2>办理过程</h2>
<ol class="steps" id="steps">${view.steps.map((s) => `<li><time>${e(s.at)}</time>${e(s.text)}</li>`).join('')}</ol>
${letterList(letters, lookup)}
${actionSections(lookup, forms)}
<p class="noprint"><a href="/public/track">查询其他事项</a></p>`,
  );
}

/**
 * What the citizen typed into a form that could not be taken, shown back
 * read-only: the case may have changed while they wrote, and their words
 * must not be lost with the refusal.
 */
export function typedBack(typed: string | undefined): string {
  if (!typed?.trim()) return '';
  return `<label for="f-typed">您填写的内容（可复制保存）</label><span class="hint" id="h-typed">本次未能提交，内容没有保存在本事项中。请复制保存，需要时可用于重新提交或其他途径反映。</span><textarea id="f-typed" rows="8" readonly aria-describedby="h-typed">${e(typed)}</textarea>`;
}

/** An action refused: why, in plain words, what was typed (to copy), and the way back to the case. */
export function actionRefusedPage(title: string, reason: string, lookup: { caseNumber: string; code: string }, typed?: string): string {
  return portalPage(
    title,
    `<h1>${e(title)}</h1>
<div class="summary" role="alert"><p id="reason">${e(reason)}</p></div>
${typedBack(typed)}
<p>登记编号 ${e(lookup.caseNumber)}。</p>
<form method="post" action="/public/track">${carried(lookup.caseNumber, lookup.code)}<button type="submit" class="secondary">返回办理进展</button></form>`,
  );
}

/** 复查 / 复核 asked for: who decides it, and by which day (a hearing's days for a 复核 not counted, 第三十六条). */
function reviewReceipt(receipt: Extract<ActionReceipt, { action: 'review' }>): [string, string] {
  const kind = receipt.level === 1 ? '复查' : '复核';
  const by = receipt.lastDay ? `最迟应于${formatDay(receipt.lastDay)}` : '将在法定期限内';
  const hearing = receipt.level === 2 && receipt.lastDay ? '举行听证的，听证所需时间不计算在内。' : '';
  return [`${kind}申请已提交`, `您的${kind}申请已转交${receipt.office ?? '上一级信访工作机构'}，${by}作出${kind}意见并书面答复您。${hearing}`];
}

/** The page after an action (the redirect's target, safe to reload): what was done, and the way back to the case. */
export function receiptPage(receipt: ActionReceipt): string {
  const [title, text] =
    receipt.action === 'material'
      ? ['补充材料已收到', '您补充的材料已归入该信访事项，并已通知正在办理的信访机构或承办单位。']
      : receipt.action === 'withdrawDoubted'
        ? ['未予撤回', '您写明的原因表明，撤回可能并非您本人的真实意愿，因此本事项没有撤回，将继续依法办理。我们已将您的情况转告信访机构核实处理。如受到威胁或人身安全受到危害，请立即拨打110。']
      : receipt.action === 'withdraw'
        ? ['信访事项已撤回', '您已撤回该信访事项，办理已终止，我们已通知正在办理的信访机构和单位。留有联系方式的，我们将书面告知您；撤回并非您本人意愿的，请尽快与受理的信访机构联系。']
      : receipt.action === 'review'
        ? reviewReceipt(receipt)
        : receipt.satisfied
          ? ['感谢您的评价', '您对办理结果的评价“满意”已记录。']
          : receipt.reopened
            ? ['感谢您的评价', '您对办理结果的评价“不满意”已记录，该事项已重新交承办单位办理，办理结果将再次书面答复您。']
            : ['感谢您的评价', '您对办理结果的评价“不满意”已记录。对处理意见不服的，可以在期限内申请复查（复核）。'];
  return portalPage(
    title,
    `<h1>${title}</h1>
<p class="done" role="status">${text}</p>
<dl><dt>登记编号</dt><dd class="code" id="case-number">${e(receipt.caseNumber)}</dd></dl>
<p>刷新本页不会重复提交。如需查看办理进展，请输入查询码：</p>
<form method="post" action="/public/track" novalidate>
<input type="hidden" name="caseNumber" value="${e(receipt.caseNumber)}">
${input('code', '查询码', {}, {}, { required: true, autocomplete: 'off', hint: '12 位字母和数字，不区分大小写。' })}
<button type="submit">查看办理进展</button>
</form>`,
  );
}

/** A receipt address that leads nowhere. */
export function receiptNotFoundPage(): string {
  return portalPage(
    '未找到',
    `<h1>未找到这份确认</h1><p>此链接不对应任何已提交的表单。请凭登记编号和查询码查询办理进展。</p><p><a href="/public/track">查询办理进展</a></p>`,
  );
}

/**
 * Too many tries: what exactly is held back, until when, and another way in.
 * `wrongCode` is the case's limit on wrong codes, which never refuses the
 * right one: its page must not send the petitioner holding it away.
 */
export function tooManyPage(what: 'submit' | 'track' | 'wrongCode' | 'code', until: string, typed?: string): string {
  const at = new Date(Date.parse(until) + 8 * 3_600_000);
  const when = `${at.getUTCMonth() + 1}月${at.getUTCDate()}日 ${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
  if (what === 'wrongCode') {
    return portalPage(
      '查询码错误次数过多',
      `<h1>查询码错误次数过多</h1><p>您输入的登记编号和查询码不相符。为防止他人猜测查询码，同一登记编号每天输错查询码至多 ${PORTAL_LIMITS.lookupsPerCasePerDay} 次，今天已达到上限。</p>
<p><strong>正确的查询码不受此限制，仍然可以随时查询。</strong>请核对登记编号和查询码（12 位字母和数字，不区分大小写）后重新输入；输错的次数于 <strong>${when}</strong>（北京时间）重新计算。</p>
<p>忘记查询码的，登记时留下电子邮箱的可以<a href="/public/track/code">用邮箱领取查询码</a>，也可以致电或前往受理的信访机构索取。</p>
${typedBack(typed)}
<p><a href="/public/track">返回查询</a></p>`,
    );
  }
  const title = { submit: '提交次数过多', track: '查询次数过多', code: '领取查询码次数过多' }[what];
  const limit = {
    submit: '同一网络或同一联系方式每天可提交的信访事项有数量限制',
    track: `同一网络（例如同一单位、小区的网络）每小时至多查询 ${PORTAL_LIMITS.lookupsPerAddressPerHour} 次（在办理进展页提交补充材料、评价等也计算在内）`,
    code: `同一网络每小时至多领取 ${PORTAL_LIMITS.codeRequestsPerAddressPerHour} 次、同一登记编号每天至多领取 ${PORTAL_LIMITS.codeRequestsPerCasePerDay} 次查询码`,
  }[what];
  return portalPage(
    title,
    `<h1>${title}</h1><p>为防止滥用，${limit}，现已达到上限。</p>
<p>请于 <strong>${when}</strong>（北京时间）以后再试。急需办理的，请致电或前往当地信访机构${what === 'submit' ? '，也可以发送电子邮件或来信反映' : ''}。</p>
${typedBack(typed)}
<p><a href="${what === 'submit' ? '/public/petition' : '/public/track'}">返回</a></p>`,
  );
}
