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

/**
 * What staff call each kind of department for short (住建, 人社, 市监…): a
 * unit picker finds 桐庐县住房和城乡建设局 by 住建 as by 住房. Former names
 * (国土, 工商, 安监) are kept, since people still use them.
 */
export const DEPARTMENT_SHORT_NAMES: Readonly<Record<DepartmentKind, readonly string[]>> = {
  petitionsOffice: ['信访'],
  housing: ['住建', '建设', '房管'],
  naturalResources: ['自然资源', '自规', '资规', '国土', '规划'],
  humanResourcesSocialSecurity: ['人社', '劳动', '社保'],
  ecologyEnvironment: ['环保', '生态', '环境'],
  education: ['教育'],
  health: ['卫健', '卫生'],
  publicSecurity: ['公安'],
  marketRegulation: ['市监', '工商', '质监', '食药'],
  civilAffairs: ['民政'],
  transport: ['交通', '交运'],
  agricultureRural: ['农业', '农村'],
  emergencyManagement: ['应急', '安监'],
  waterResources: ['水利', '水务'],
  urbanManagement: ['城管', '综合执法'],
  justice: ['司法'],
  finance: ['财政'],
  other: [],
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
