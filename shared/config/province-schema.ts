import * as z from 'zod';
import { CATEGORIES, CHANNELS } from '../domain/case.js';
import { DEPARTMENT_KINDS, ESCALATION_STEPS, STAFF_ROLES } from '../domain/department.js';
import { JURISDICTION_LEVELS } from '../domain/jurisdiction.js';
import { timeRangeProblem } from '../domain/reception.js';
import { REPLY_SIGN_OFF_RULES } from '../domain/reply-signoff.js';
import { CLOCKS, DAY_COUNTS, HANDLINGS, REST_DAY_RULES } from '../domain/time-limits.js';
import { TEMPLATE_FIELDS, unknownPlaceholders, type TemplateKind } from '../domain/templates.js';

/**
 * The province configuration file (config/province.yaml), validated with zod.
 * Objects are strict so that a misspelt key is reported instead of silently ignored.
 */

const divisionCode = z
  .string()
  .regex(/^\d{6}$|^\d{9}$/, 'must be a GB/T 2260 division code: 6 digits (9 for a township)');

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens (e.g. "330100-housing")');

const email = z.email({ error: (issue) => (issue.input === undefined ? 'required' : 'must be an email address') });

const escalationChain = z
  .array(z.enum(ESCALATION_STEPS))
  .min(1)
  .refine((steps) => new Set(steps).size === steps.length, 'each step may appear only once');

/** When a calendar-day period's last day is a rest day (shared/domain/time-limits.ts REST_DAY_RULES). */
const restDayRule = z.enum(REST_DAY_RULES, { error: `must be one of ${REST_DAY_RULES.join(', ')}` });

const timeLimit = z.strictObject({
  days: z.int().positive().max(365),
  count: z.enum(DAY_COUNTS).default('calendar'),
  /** This limit's own rest-day rule, over the jurisdiction's and the province's (calendar days only). */
  lastDayOnRestDay: restDayRule.optional(),
});

const timeLimitOverrides = z.strictObject(Object.fromEntries(CLOCKS.map((c) => [c, timeLimit.optional()])) as Record<
  (typeof CLOCKS)[number],
  z.ZodOptional<typeof timeLimit>
>);

/**
 * byHandling: the handling limit (办结期限) of a case this office handles itself
 * (自办) and of one it hands to a unit (交办、转办), e.g. 30 and 90 days. Only
 * the handling clock: the others do not depend on who handles the case.
 */
const handlingOverrides = z.strictObject(
  { handling: timeLimit },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `only handling (the limit to conclude) can be set here, not ${issue.keys.join(', ')}` : undefined) },
);
const byHandling = z.strictObject(
  Object.fromEntries(HANDLINGS.map((h) => [h, handlingOverrides.optional()])) as Record<(typeof HANDLINGS)[number], z.ZodOptional<typeof handlingOverrides>>,
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown ${issue.keys.join(', ')}: byHandling takes ${HANDLINGS.join(' (自办) and ')} (交办、转办)` : undefined) },
);

const template = z.strictObject({ subject: z.string().min(1).max(300), body: z.string().min(1).max(20_000) });

/** The acknowledgement's fields of acceptance still to decide (the paragraph {{nextStep}} gives only while it is). */
const UNDECIDED_FIELDS = ['acceptanceRule', 'acceptanceDeadline', 'acceptanceDeadlineBasis', 'handlingRule', 'handlingDays'] as const;

/** Per-kind templates; a placeholder the kind does not provide is a configuration error. */
const templates = z
  .strictObject(Object.fromEntries(Object.keys(TEMPLATE_FIELDS).map((k) => [k, template.optional()])) as Record<
    TemplateKind,
    z.ZodOptional<typeof template>
  >)
  .superRefine((value, ctx) => {
    for (const [kind, t] of Object.entries(value) as [TemplateKind, z.output<typeof template> | undefined][]) {
      if (!t) continue;
      const unknown = unknownPlaceholders(kind, t);
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: [kind],
          message: `unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{{${u}}}`).join(', ')}; available: ${TEMPLATE_FIELDS[kind].join(', ')}`,
        });
      }
      // A case accepted (declined, handed down) at registration would be told its acceptance is still to be decided:
      // any field of the time-limit paragraph stated outside {{nextStep}} (the limits by their rule, a date) says so.
      // Beside {{nextStep}}, they repeat it while acceptance is undecided and contradict it once it is decided.
      const undecided = kind === 'acknowledgement' ? UNDECIDED_FIELDS.filter((field) => t.body.includes(`{{${field}}}`)) : [];
      if (undecided.length > 0) {
        const fields = undecided.map((field) => `{{${field}}}`).join(', ');
        ctx.addIssue({
          code: 'custom',
          path: [kind, 'body'],
          message: t.body.includes('{{nextStep}}')
            ? `states ${fields} beside {{nextStep}}: a petition decided at registration would be told both the decision and a decision still to come; {{nextStep}} alone gives the time limits while acceptance is undecided`
            : `states ${fields} without {{nextStep}}: a petition decided at registration would be promised a decision already taken; put the time-limit paragraph as {{nextStep}}`,
        });
      }
    }
  });

/** Photos, scans, documents, recordings: what petitioners attach. Executables and archives are refused. */
const DEFAULT_ALLOWED_TYPES = [
  'image/*',
  'application/pdf',
  'text/plain',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'audio/*',
  'video/mp4',
  // A letter forwarded as an attachment (作为附件转发): its text is read into the petition too.
  'message/rfc822',
] as const;

const mimeType = z.string().regex(/^[a-z0-9.+-]+\/[a-z0-9.+*-]+$/, 'must be a MIME type like image/jpeg (or image/*)');

export const routingRuleSchema = z.strictObject({
  department: z.enum(DEPARTMENT_KINDS),
  /** Words or phrases in the petition that point to this department. */
  keywords: z.array(z.string().min(1)).min(1),
  category: z.enum(CATEGORIES).optional(),
  /** The category a case routed by these keywords is classed as when nothing else classes it (RoutingRule.impliesCategory). */
  impliesCategory: z.enum(CATEGORIES).optional(),
});

const unitSchema = z.strictObject({
  id,
  name: z.string().min(2),
  department: z.enum(DEPARTMENT_KINDS),
  mailbox: email,
  /** Staff id of the unit head (second step of the escalation chain). */
  head: id.optional(),
});

const weekday = z
  .int({ error: 'must be a day of the week: 1 (Monday) to 7 (Sunday)' })
  .min(1, 'must be a day of the week: 1 (Monday) to 7 (Sunday)')
  .max(7, 'must be a day of the week: 1 (Monday) to 7 (Sunday)');

/**
 * One line of the leader reception rotation (领导接待日): a leader, a day that
 * recurs every week (`weekday`), once a month (`monthly`, e.g. the last
 * Monday) or on days of the month (`monthDays`, e.g. [5, 15, 25]: 每月逢5), a
 * China-time range, a place and how many petitioners may book. `onHoliday`:
 * a session in a public holiday is cancelled, or held the day before (提前一天).
 */
const receptionDaySchema = z
  .strictObject({
    leader: id,
    weekday: weekday.optional(),
    monthly: z
      .strictObject({
        week: z.literal([1, 2, 3, 4, 'last'], { error: 'must be 1, 2, 3, 4 or "last" (the week of the month)' }),
        weekday,
      })
      .optional(),
    monthDays: z
      .array(z.int({ error: 'must be a day of the month, 1 to 31' }).min(1, 'must be a day of the month, 1 to 31').max(31, 'must be a day of the month, 1 to 31'))
      .min(1, 'must name at least one day of the month, e.g. [5, 15, 25]')
      .refine((days) => new Set(days).size === days.length, 'names a day twice')
      .optional(),
    onHoliday: z.enum(['cancel', 'dayBefore'], { error: 'must be cancel (the session is not held) or dayBefore (held the nearest day before that is not a holiday)' }).optional(),
    time: z.string({ error: 'must be a China-time range HH:MM-HH:MM, e.g. 09:00-11:30' }).superRefine((value, ctx) => {
      const problem = timeRangeProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    place: z.string().trim().min(2, 'must name the place, e.g. 县信访局一楼接待大厅'),
    capacity: z.int({ error: 'must be a whole number of places' }).positive('must be at least 1').max(500),
    topics: z.array(z.string().trim().min(1)).min(1).optional(),
  })
  .superRefine((day, ctx) => {
    const given = (['weekday', 'monthly', 'monthDays'] as const).filter((key) => day[key] !== undefined);
    if (given.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['weekday'],
        message: 'needs a day: weekday (1–7, Monday = 1) for every week, monthly { week, weekday } for one day a month, or monthDays (e.g. [5, 15, 25]) for days of the month',
      });
    } else if (given.length > 1) {
      ctx.addIssue({ code: 'custom', path: [given[1]!], message: `give one of weekday (every week), monthly (one weekday a month) or monthDays (days of the month), not ${given.join(' and ')}` });
    }
  });

/**
 * Reminder stages (催办) by the share of the period left: [0.5, 0.2] reminds
 * when half and when a fifth of the time remain. Each stage is sent once per
 * deadline; a stage that falls due with a later one is passed over.
 */
const remainingShares = z
  .array(
    z
      .number({ error: 'must be the share of the period left, e.g. 0.2 for 20%' })
      .gt(0, 'must be more than 0: the share of the period left, e.g. 0.2 for 20%')
      .lt(1, 'must be less than 1: the share of the period left, e.g. 0.5 for 50% (the last working day is lastWorkingDay: true)'),
  )
  .max(5, 'at most 5 stages')
  .superRefine((shares, ctx) => {
    shares.forEach((share, index) => {
      if (shares.indexOf(share) !== index) ctx.addIssue({ code: 'custom', path: [index], message: `${share} is given twice; each stage is sent once` });
    });
  });
/**
 * 延期: how long an extension may be and how early it must be asked for.
 * 条例 第三十四条 caps an extension at 30 days; an office may allow less,
 * and ask for the request earlier or later than 5 working days ahead.
 */
const extensionRules = z.strictObject({
  maxDays: z.int().min(1).max(30, 'the regulation allows at most 30 days (条例 第三十四条)').optional(),
  requestLeadWorkingDays: z.int().min(0).max(20).optional(),
  /** Working days a request may wait for the leaders before they are reminded, once (0: never). */
  reminderWorkingDays: z.int().min(0).max(20).optional(),
});
/** Hour (China time, 0–23) of the last-working-day reminder. */
const reminderHour = z.int({ error: 'must be a whole hour 0–23 (China time)' }).min(0, 'must be a whole hour 0–23 (China time)').max(23, 'must be a whole hour 0–23 (China time)');

const jurisdictionSchema = z.strictObject({
  code: divisionCode,
  name: z.string().min(2),
  level: z.enum(JURISDICTION_LEVELS),
  parent: divisionCode.optional(),
  office: z.strictObject({
    name: z.string().min(2),
    /** The office's petition mailbox: email sent here is registered in this jurisdiction. */
    mailbox: email,
    /** Where its reception room receives visitors (来访接待地址): told to a visitor sent here from above (越级上访告知单). */
    address: z.string().trim().min(4).max(200).optional(),
    /** Its reception telephone (来访接待电话). */
    phone: z.string().trim().regex(/^[0-9+()\- ]{5,30}$/, 'must be a telephone number').optional(),
  }),
  units: z.array(unitSchema).default([]),
  leadership: z
    .strictObject({
      principal: id.optional(),
      inChargeOfPetitions: id.optional(),
    })
    .default({}),
  escalationChain: escalationChain.optional(),
  escalationIntervalHours: z.number().positive().max(24 * 30).optional(),
  /** This office's reminder stages (催办), in place of the province's; what it leaves out comes from defaults.reminders. */
  reminders: z.strictObject({ remainingShares: remainingShares.optional(), lastWorkingDay: z.boolean().optional(), hour: reminderHour.optional() }).optional(),
  timeLimits: timeLimitOverrides.optional(),
  /**
   * This office's handling limit by how a case is handled: selfHandled (自办) or
   * assigned (交办、转办 to a unit). Over timeLimits; under the province's
   * byChannel and byCategory (shared/domain/time-limits.ts limitFor).
   */
  byHandling: byHandling.optional(),
  /** This office's rest-day rule for its calendar-day limits, over the province's. */
  lastDayOnRestDay: restDayRule.optional(),
  /** This office's extension rules (延期), over the province's. */
  extension: extensionRules.optional(),
  /** 审核签发: who approves the decision letter before 答复, over the province's. */
  replySignOff: z.enum(REPLY_SIGN_OFF_RULES).optional(),
  /** This office's 重新办理期限 for a matter its 复查 revoked and sent back, over the province's. */
  redoAfterReview: timeLimit.optional(),
  /** Working days a unit's return request (申请退回) may wait for this office before it is reminded; 0: never. */
  returnRequestReminderWorkingDays: z.int().min(0).max(30).optional(),
  /** This office's own wording of its letters (overrides mail.templates). */
  templates: templates.optional(),
  routingRules: z.array(routingRuleSchema).default([]),
  /** The published leader reception rotation of this jurisdiction. */
  receptionDays: z.array(receptionDaySchema).optional(),
  /**
   * 属地管理: a petition this office hands down to the office below (转办,
   * its department not certain) reports its result back here when true.
   */
  reportBackOnHandDown: z.boolean().default(false),
});

const staffSchema = z.strictObject({
  id,
  name: z.string().min(1),
  email,
  jurisdiction: divisionCode,
  /** The unit the staff member works in; absent for the petitions office itself. */
  unit: id.optional(),
  roles: z.array(z.enum(STAFF_ROLES)).min(1),
  /** The post (职务, e.g. 副县长): a leader receiving petitioners on a reception day is named with it. */
  post: z.string().trim().min(2, 'must name the post, e.g. 副县长').max(40).optional(),
});

/** Decisions of an office before its learned model may suggest, unless the province sets fewer minExamples. */
const DEFAULT_MIN_EXAMPLES_TO_SUGGEST = 10;

const defaultsSchema = z.strictObject({
  timeLimits: timeLimitOverrides.default({}),
  byChannel: z.partialRecord(z.enum(CHANNELS), timeLimitOverrides).default({}),
  byCategory: z.partialRecord(z.enum(CATEGORIES), timeLimitOverrides).default({}),
  /** A matter by the same petitioner closed within this many days counts as a repeat. */
  repeatLookbackDays: z.int().positive().max(3650).default(90),
  /**
   * 中止: grounds a clock may be suspended on besides 听证 (hearing) and 鉴定
   * (appraisal), as id → label, e.g. { verification: 调查核实 }.
   */
  suspensionGrounds: z.record(z.string().regex(/^[a-z][a-zA-Z]{1,39}$/, 'a ground id is a word in lowerCamelCase, e.g. verification'), z.string().trim().min(2).max(40)).default({}),
  /**
   * A calendar-day period whose last day is a rest day: on to the next working day
   * (`nextWorkingDay`, 民法典 第二百零三条, the default), past a holiday break only
   * (`holidaysOnly`), or not at all (`none`).
   */
  lastDayOnRestDay: restDayRule.default('nextWorkingDay'),
  /** 延期: at most `maxDays` (default 30), asked for at least `requestLeadWorkingDays` (default 5) working days before the deadline. */
  extension: extensionRules.default({}),
  /** 审核签发: `none` (default, anyone who may reply sends the letter), `unitHead` or `leader` approves it first. */
  replySignOff: z.enum(REPLY_SIGN_OFF_RULES).default('none'),
  /**
   * 复查撤销、责令重新办理: the period the reviewing office's 复查意见书 gives the
   * body whose answer it revoked to handle the matter again and report back to
   * it. The regulation sets none; unset, the matter is handled anew within that
   * body's own handling limit (《信访工作条例》第三十四条, 60 days by default).
   */
  redoAfterReview: timeLimit.optional(),
  /**
   * 申请退回 (条例第二十三条) sets the office no time to decide: it is reminded, on the morning of
   * the next working day, once a request has waited this many working days (0: never).
   */
  returnRequestReminderWorkingDays: z.int().min(0).max(30).default(3),
  followUpAfterDays: z.int().positive().max(365).default(7),
  /**
   * 紧急响应 (条例 第二十五条): minutes after the urgent alert by which a leader or
   * the office must record a response; without one the matter is reported
   * again, and to the level above (0: no such time, the alert says 立即).
   */
  urgentResponseMinutes: z.int().min(0).max(1440).default(30),
  /**
   * A collective petition (集体访) of this many people or more is urgent on
   * intake whatever its words (重大紧急信访事项: reported to the leaders at once);
   * 0: the head count alone never makes it urgent.
   */
  urgentCollectiveHeadCount: z.int().min(0).max(100_000).default(50),
  /** Closed cases and their material are kept at least 3 years; an office may keep them longer. */
  retentionYears: z.int().min(3, 'must be at least 3: closed cases are kept at least 3 years with all their material').max(100).default(3),
  /**
   * The first day (China date) of the records: staff cannot register a petition
   * received before it. A case number carries a 4-digit year, hence the floor.
   */
  recordsStartOn: z.iso
    .date('must be a date like 2000-01-01')
    .refine((date) => date >= '1000-01-01', 'must be in year 1000 or later (case numbers carry a 4-digit year)')
    .default('2000-01-01'),
  escalationChain: escalationChain.default([...ESCALATION_STEPS]),
  escalationIntervalHours: z.number().positive().max(24 * 30).default(24),
  /** 催办: reminders to the handling unit before a deadline, in stages; a jurisdiction may set its own. */
  reminders: z
    .strictObject({
      remainingShares: remainingShares.default([0.2]),
      lastWorkingDay: z.boolean().default(true),
      hour: reminderHour.default(9),
    })
    .prefault({}),
  /** The daily digest each unit gets of its due and overdue cases. */
  digest: z
    .strictObject({
      /** Cases whose deadline falls within this many days count as due. */
      dueWithinDays: z.int().min(0).max(60).default(3),
    })
    .prefault({}),
  routingRules: z.array(routingRuleSchema).default([]),
  /** The routing model each office learns from its staff's triage decisions (shared/domain/routing-model.ts). */
  learnedRouting: z
    .strictObject({
      /** The model assigns a case alone at or above this confidence (its posterior); below it, it only suggests. */
      autoAssignConfidence: z.number().min(0.5, 'must be at least 0.5 (below that the model would assign on a coin toss)').max(1).default(0.9),
      /** …and only once it has learned from at least this many staff decisions of that office. */
      minExamples: z.int().min(1).max(100_000).default(30),
      /**
       * Below this many decisions of the office the model does not even suggest (10: from one or two decided letters
       * a department's "words" are that letter's names and places, and its posterior a coin toss shown as 把握52%).
       * Unset, 10 or minExamples if lower: a province that set only `minExamples: 5` (valid before this setting
       * existed) still loads, its model suggesting from as few decisions as it may assign from.
       */
      minExamplesToSuggest: z.int().min(1).max(100_000).optional(),
    })
    // Only a value the province set can contradict minExamples; the default never does.
    .refine((l) => l.minExamplesToSuggest === undefined || l.minExamplesToSuggest <= l.minExamples, {
      message: 'minExamplesToSuggest must not exceed minExamples (the model would assign alone before it may suggest)',
      path: ['minExamplesToSuggest'],
    })
    .transform((l) => ({ ...l, minExamplesToSuggest: l.minExamplesToSuggest ?? Math.min(DEFAULT_MIN_EXAMPLES_TO_SUGGEST, l.minExamples) }))
    .prefault({}),
});

export const provinceConfigSchema = z.strictObject({
  province: z.strictObject({ code: divisionCode, name: z.string().min(2) }),
  mail: z.strictObject({
    /** The address automatic mail is sent from (acknowledgements, reminders). */
    from: email,
    /** The office name shown as sender, e.g. 浙江省信访局. */
    fromName: z.string().min(1).optional(),
    /** Messages per second the mailer may send (the SES account's sending rate). */
    sendRatePerSecond: z.number().positive().max(1000).default(10),
    /** Acknowledgements one address can receive per day; more are recorded, not sent (loop and abuse safety). */
    acknowledgementsPerAddressPerDay: z.int().positive().max(1000).default(5),
    attachments: z
      .strictObject({
        maxBytes: z.int().positive().max(40 * 1024 * 1024).default(10 * 1024 * 1024),
        maxCount: z.int().positive().max(100).default(20),
        allowedTypes: z.array(mimeType).min(1).default([...DEFAULT_ALLOWED_TYPES]),
      })
      .prefault({}),
    /** Words that flag a petition as urgent (threats to life or safety, mass action); replaces the built-in list. */
    urgencyLexicon: z.array(z.string().min(1)).min(1).optional(),
    templates: templates.prefault({}),
    /** Base URL of the staff console, for links in mail to staff. */
    consoleUrl: z.url().default('http://127.0.0.1:3000'),
    /** Base URL of the public API (/public/…), for links in mail to petitioners (follow-up answers). */
    publicUrl: z.url().default('http://127.0.0.1:3000'),
  }),
  defaults: defaultsSchema.prefault({}),
  jurisdictions: z.array(jurisdictionSchema).min(1),
  staff: z.array(staffSchema).default([]),
});

export type ProvinceConfigInput = z.input<typeof provinceConfigSchema>;
export type ProvinceConfig = z.output<typeof provinceConfigSchema>;
export type JurisdictionConfig = ProvinceConfig['jurisdictions'][number];
export type UnitConfig = JurisdictionConfig['units'][number];
export type StaffConfig = ProvinceConfig['staff'][number];
export type RoutingRule = z.output<typeof routingRuleSchema>;
export type ReceptionDayConfig = z.output<typeof receptionDaySchema>;
