import type { ChaseSettings } from './chase.js';
import { WorkingCalendar } from './calendar.js';
import { UnknownJurisdiction, UnknownUnit } from './errors.js';
import type { ReplySignOffRule } from './reply-signoff.js';
import { JurisdictionTree } from './jurisdiction.js';
import { DEFAULT_EXTENSION_RULES, type ExtensionRules } from './extension.js';
import { DEFAULT_TEMPLATES, type MailTemplate, type TemplateKind } from './templates.js';
import { DEFAULT_TIME_LIMITS, type TimeLimit, type TimeLimitSettings } from './time-limits.js';
// The shapes are defined once, by the schema that validates the file; the model reads them.
import type { JurisdictionConfig, ProvinceConfig, StaffConfig, UnitConfig } from '../config/province-schema.js';

/**
 * The organisation the system serves: the jurisdiction tree (province → city →
 * county → township), each office's units and mailboxes, staff and roles, time
 * limits, the escalation chain and letter templates — with the look-ups the
 * rules need. Built from a validated configuration (shared/config/province.ts
 * loads and checks the files); pure, like the rest of the domain.
 */
export type StaffMember = StaffConfig;

/** A validated province configuration with the look-ups the system needs. */
export class Province {
  readonly tree: JurisdictionTree<JurisdictionConfig>;
  private readonly units = new Map<string, { unit: UnitConfig; jurisdiction: string }>();
  private readonly staffById: Map<string, StaffConfig>;
  private readonly mailboxOwner = new Map<string, { jurisdiction: string; unit?: string }>();

  constructor(
    readonly config: ProvinceConfig,
    /** Public holidays and adjusted working days, per year (config/holidays/). */
    readonly calendar: WorkingCalendar = new WorkingCalendar([]),
  ) {
    this.tree = new JurisdictionTree(config.jurisdictions);
    this.staffById = new Map(config.staff.map((s) => [s.id, s]));
    for (const j of config.jurisdictions) {
      this.mailboxOwner.set(j.office.mailbox.toLowerCase(), { jurisdiction: j.code });
      for (const unit of j.units) {
        this.units.set(unit.id, { unit, jurisdiction: j.code });
        this.mailboxOwner.set(unit.mailbox.toLowerCase(), { jurisdiction: j.code, unit: unit.id });
      }
    }
  }

  jurisdiction(code: string): JurisdictionConfig {
    return this.tree.get(code);
  }

  /**
   * A name with the county before it when the jurisdiction is a township
   * (桐庐县富春江镇社会治理中心（信访办））: townships of one name lie in several
   * counties. `name` defaults to the jurisdiction's own (富春江镇 → 桐庐县富春江镇).
   */
  withCounty(code: string, name: string = this.jurisdiction(code).name): string {
    const j = this.jurisdiction(code);
    const county = j.level === 'township' && j.parent && this.tree.has(j.parent) ? this.jurisdiction(j.parent).name : undefined;
    return county && !name.startsWith(county) ? `${county}${name}` : name;
  }

  hasJurisdiction(code: string): boolean {
    return this.tree.has(code);
  }

  unit(unitId: string): UnitConfig & { jurisdiction: string } {
    const found = this.units.get(unitId);
    if (!found) throw new UnknownUnit(unitId);
    return { ...found.unit, jurisdiction: found.jurisdiction };
  }

  /** The unit if it belongs to the jurisdiction; UnknownUnit otherwise. */
  unitIn(jurisdiction: string, unitId: string): UnitConfig {
    const found = this.units.get(unitId);
    if (!found || found.jurisdiction !== jurisdiction) throw new UnknownUnit(unitId, jurisdiction);
    return found.unit;
  }

  staff(staffId: string): StaffMember | undefined {
    return this.staffById.get(staffId);
  }

  /** A leader as a petitioner is told who receives them: the name with the post where configured (陈海燕（副县长）). */
  leaderWithPost(staffId: string): string {
    const member = this.staffById.get(staffId);
    if (!member) return staffId;
    return member.post ? `${member.name}（${member.post}）` : member.name;
  }

  /** 审核签发 (SignOffRoster): the heads of a unit — its configured head and the staff placed in it as unitHead. */
  unitHeadsOf(unitId: string): string[] {
    const configured = this.units.get(unitId)?.unit.head;
    const heads = this.config.staff.filter((s) => s.unit === unitId && s.roles.includes('unitHead')).map((s) => s.id);
    return configured && !heads.includes(configured) && this.staffById.get(configured)?.roles.includes('unitHead') ? [configured, ...heads] : heads;
  }

  /** 审核签发 (SignOffRoster): the leaders of an office — staff of the jurisdiction in no unit, with the role leader. */
  leadersOf(jurisdiction: string): string[] {
    return this.config.staff.filter((s) => s.jurisdiction === jurisdiction && s.unit === undefined && s.roles.includes('leader')).map((s) => s.id);
  }

  allStaff(): StaffMember[] {
    return this.config.staff;
  }

  /** Which office or unit an address belongs to (email intake is registered where it was sent). */
  mailboxOwnerOf(address: string): { jurisdiction: string; unit?: string } | undefined {
    // A tagged reply address (xinfang+<case>.<mac>@…) belongs to its mailbox.
    return this.mailboxOwner.get(address.toLowerCase().replace(/\+[^@]*@/, '@'));
  }

  /** Time-limit settings for one jurisdiction: province defaults, then the jurisdiction's overrides. */
  /** The extension rules (延期) of a jurisdiction: its own over the province's over the regulation's defaults. */
  /** Working days a return request waits for the office of `code` before it is reminded (0: never). */
  returnRequestReminderWorkingDaysFor(code: string): number {
    return this.jurisdiction(code).returnRequestReminderWorkingDays ?? this.config.defaults.returnRequestReminderWorkingDays;
  }

  /** 审核签发: who approves a decision letter of the office of `code` before 答复: its own rule over the province's. */
  replySignOffFor(code: string): ReplySignOffRule {
    return this.jurisdiction(code).replySignOff ?? this.config.defaults.replySignOff;
  }

  /** 重新办理期限 the office of `code` gives on revoking an answer in 复查: its own over the province's; none: the handling limit applies anew. */
  redoAfterReviewFor(code: string): TimeLimit | undefined {
    return this.jurisdiction(code).redoAfterReview ?? this.config.defaults.redoAfterReview;
  }

  extensionRulesFor(code: string): ExtensionRules {
    return { ...DEFAULT_EXTENSION_RULES, ...stripUndefined(this.config.defaults.extension), ...stripUndefined(this.jurisdiction(code).extension ?? {}) };
  }

  timeLimitsFor(code: string): TimeLimitSettings {
    const defaults = this.config.defaults;
    const base = { ...DEFAULT_TIME_LIMITS, ...stripUndefined(defaults.timeLimits) };
    const jurisdiction = this.jurisdiction(code).timeLimits;
    const byHandling = this.jurisdiction(code).byHandling;
    return {
      base,
      jurisdictionCode: code,
      ...(jurisdiction ? { jurisdiction: stripUndefined(jurisdiction) } : {}),
      ...(byHandling ? { byHandling: stripUndefined(byHandling) } : {}),
      byChannel: defaults.byChannel,
      byCategory: defaults.byCategory,
      lastDayOnRestDay: this.jurisdiction(code).lastDayOnRestDay ?? defaults.lastDayOnRestDay,
    };
  }

  /** How the sweep chases a jurisdiction's cases: its reminder stages (else the province's), the office's chain and interval. */
  chaseSettingsFor(code: string): ChaseSettings {
    const defaults = this.config.defaults;
    const jurisdiction = this.jurisdiction(code);
    const reminders = { ...defaults.reminders, ...stripUndefined(jurisdiction.reminders ?? {}) };
    return {
      remainingShares: reminders.remainingShares,
      lastWorkingDay: reminders.lastWorkingDay,
      reminderHour: reminders.hour,
      chain: jurisdiction.escalationChain ?? defaults.escalationChain,
      intervalHours: jurisdiction.escalationIntervalHours ?? defaults.escalationIntervalHours,
    };
  }

  /** The template an office uses: its own wording, else the province's, else the built-in one. */
  templateFor(kind: TemplateKind, jurisdiction: string): MailTemplate {
    return this.jurisdiction(jurisdiction).templates?.[kind] ?? this.config.mail.templates[kind] ?? DEFAULT_TEMPLATES[kind];
  }

  /** Whether an address is an office's petition mailbox (units' mailboxes receive no petitions). */
  isOfficeMailbox(address: string): boolean {
    const owner = this.mailboxOwnerOf(address);
    return owner !== undefined && owner.unit === undefined;
  }

  /**
   * The office whose staff judge mail stored for an address that is no office mailbox (a mailbox since removed from
   * the configuration, a unit's): the unit's office; else the deepest office whose mailbox is of the address's domain
   * or one above it (xinfang-old@fenshui.tonglu… → 桐庐县, tonglu… being its mailbox's domain); else the province office.
   */
  officeForStrayMail(address: string | undefined): string {
    const owner = address ? this.mailboxOwnerOf(address) : undefined;
    if (owner) return owner.jurisdiction;
    const domain = address?.slice(address.lastIndexOf('@') + 1).toLowerCase();
    const domainOf = (mailbox: string) => mailbox.slice(mailbox.lastIndexOf('@') + 1).toLowerCase();
    const matching = domain
      ? this.tree.all().filter((j) => {
          const own = domainOf(this.jurisdiction(j.code).office.mailbox);
          return domain === own || domain.endsWith(`.${own}`);
        })
      : [];
    const deepest = matching.sort((a, b) => this.tree.ancestors(b.code).length - this.tree.ancestors(a.code).length)[0];
    if (deepest) return deepest.code;
    const root = this.tree.all().find((j) => j.parent === undefined || !this.tree.has(j.parent));
    return root!.code;
  }

  /** Where mail for a unit (or, without one, the office itself) goes. */
  mailboxOf(jurisdiction: string, unitId?: string): string {
    return unitId ? this.unitIn(jurisdiction, unitId).mailbox : this.jurisdiction(jurisdiction).office.mailbox;
  }

  requireJurisdiction(code: string): void {
    if (!this.tree.has(code)) throw new UnknownJurisdiction(code);
  }
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
