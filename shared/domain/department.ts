/**
 * Kinds of department ("谁主管、谁负责"): routing rules name a kind, and each
 * jurisdiction configures the unit that is that kind there.
 */
export const DEPARTMENT_KINDS = [
  'petitionsOffice',
  'housing',
  'naturalResources',
  'humanResourcesSocialSecurity',
  'ecologyEnvironment',
  'education',
  'health',
  'publicSecurity',
  'marketRegulation',
  'civilAffairs',
  'transport',
  'agricultureRural',
  'emergencyManagement',
  'waterResources',
  'urbanManagement',
  'justice',
  'finance',
  'other',
] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export const DEPARTMENT_LABELS: Readonly<Record<DepartmentKind, string>> = {
  petitionsOffice: '信访部门',
  housing: '住房和城乡建设',
  naturalResources: '自然资源（国土）',
  humanResourcesSocialSecurity: '人力资源和社会保障',
  ecologyEnvironment: '生态环境',
  education: '教育',
  health: '卫生健康',
  publicSecurity: '公安',
  marketRegulation: '市场监督管理',
  civilAffairs: '民政',
  transport: '交通运输',
  agricultureRural: '农业农村',
  emergencyManagement: '应急管理',
  waterResources: '水利',
  urbanManagement: '城市管理',
  justice: '司法行政',
  finance: '财政',
  other: '其他',
};

export const STAFF_ROLES = ['registrar', 'handler', 'unitHead', 'petitionsOffice', 'leader', 'administrator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Steps of the overdue escalation chain, in the default order (docs/domain.md, "Reminders and escalation"). */
export const ESCALATION_STEPS = [
  'handlingOfficial',
  'unitHead',
  'petitionsOffice',
  'leaderInCharge',
  'principalLeader',
  'higherJurisdiction',
] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];
