import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Directory } from '../api/types';
import { SUSPENSION_GROUND_LABELS } from './labels';
import { readSession } from './session';

/** The API keeps the directory five minutes (Cache-Control: private, max-age=300); so does the console. */
const DIRECTORY_FRESH_MS = 5 * 60_000;

/**
 * The province's directory (GET /directory, on AWS and locally alike): the
 * jurisdiction tree with office and unit names, and the staff. Asked for
 * only when signed in: the API answers staff only.
 */
export function useProvinceConfig() {
  return useQuery({
    queryKey: ['directory'],
    enabled: readSession() !== undefined,
    staleTime: DIRECTORY_FRESH_MS,
    queryFn: async (): Promise<Directory> => (await api.GET('/directory')).data!,
  });
}

const SYSTEM_ACTORS: Record<string, string> = {
  'system:router': '系统（自动分办）',
  // The intake function reads the office's mail only — registers emails, records bounces and emailed review requests; a letter (来信) is registered by a staff member.
  'system:intake': '系统（邮件接收）',
  'system:sweep': '系统（期限督办）',
  'system:ses': '系统（邮件投递）',
  'system:booker': '预约人（网上取消）',
  'system:web': '信访人（网上信访）',
};

export interface Names {
  jurisdiction: (code: string | undefined) => string;
  unit: (id: string | undefined) => string;
  /** The petitions office of a jurisdiction, e.g. 桐庐县信访局. */
  office: (code: string | undefined) => string;
  staff: (id: string | undefined) => string;
  /** A suspension ground (中止事由): built in or configured. */
  ground: (id: string | undefined) => string;
}

/** Names for codes and ids; a code the configuration does not know is shown as is. */
export function namesOf(config: Directory | undefined): Names {
  const jurisdictions = new Map(config?.jurisdictions.map((j) => [j.code, j.name]));
  const units = new Map(config?.jurisdictions.flatMap((j) => j.units.map((u) => [u.id, u.name] as const)));
  const offices = new Map(config?.jurisdictions.map((j) => [j.code, j.office.name]));
  const staff = new Map(config?.staff.map((s) => [s.id, s.name]));
  const grounds = new Map([...Object.entries(SUSPENSION_GROUND_LABELS), ...(config?.suspensionGrounds ?? []).map((g) => [g.id, g.name] as const)]);
  return {
    jurisdiction: (code) => (code ? (jurisdictions.get(code) ?? code) : ''),
    unit: (id) => (id ? (units.get(id) ?? id) : ''),
    office: (code) => (code ? (offices.get(code) ?? jurisdictions.get(code) ?? code) : ''),
    // The system's own steps are taken by actors named system:<function>, e.g. system:router.
    // `petitioner`: the petitioner's own act (a review asked for, a follow-up answered, a withdrawal on the portal).
    staff: (id) => (id ? (staff.get(id) ?? (id === 'petitioner' ? '信访人' : id.startsWith('system:') ? SYSTEM_ACTORS[id] ?? '系统' : id)) : ''),
    ground: (id) => (id ? (grounds.get(id) ?? id) : ''),
  };
}

export function useNames(): Names {
  const { data } = useProvinceConfig();
  return namesOf(data);
}

/** The jurisdiction and every one below it. */
/** A chosen place as the field shows it: without the indent that places it in the tree's list (`coveredBy`). */
export const placeLabel = ({ label }: { label?: unknown }) => String(label ?? '').trim();

export function coveredBy(config: Directory | undefined, root: string): { value: string; label: string }[] {
  if (!config) return [];
  const out: { value: string; label: string }[] = [];
  const visit = (code: string, depth: number) => {
    const j = config.jurisdictions.find((x) => x.code === code);
    if (!j) return;
    out.push({ value: j.code, label: `${'　'.repeat(depth)}${j.name}` });
    for (const child of config.jurisdictions.filter((x) => x.parent === code)) visit(child.code, depth + 1);
  };
  visit(root, 0);
  return out;
}

/** A leader as pickers show them: name, level and post — 方建华（桐庐县主要负责同志）, 陈海燕（桐庐县分管信访工作）, else 领导. */
export function leaderLabel(leader: Directory['staff'][number], jurisdictionName: (code: string) => string): string {
  const post = leader.leaderPost === 'principal' ? '主要负责同志' : leader.leaderPost === 'inChargeOfPetitions' ? '分管信访工作' : '领导';
  return `${leader.name}（${jurisdictionName(leader.jurisdiction)}${post}）`;
}

/** A unit as a picker offers it: found by its name or what staff call its department for short (住建 finds 住房和城乡建设局). */
export interface UnitChoice {
  value: string;
  label: string;
  /** What the picker's search matches (optionFilterProp: 'search'). */
  search: string;
  /** Nobody in the system works there (the directory's `unstaffed`): it may not lead a case. */
  unstaffed?: true;
}

export function unitChoice(unit: Directory['jurisdictions'][number]['units'][number]): UnitChoice {
  return { value: unit.id, label: unit.name, search: [unit.name, ...(unit.aliases ?? [])].join(' '), ...(unit.unstaffed ? { unstaffed: true as const } : {}) };
}

/** Why a unit is not offered as lead: said in the picker, as the API says it when refusing (422). */
export const UNSTAFFED_REASON = '该单位在系统中没有工作人员';

/**
 * The province's units grouped by jurisdiction, for picking a unit a report
 * accuses: `near` and the levels below it first (most reports are about
 * them), then the rest in the configuration's order; `leaveOut` not offered.
 */
export function unitGroups(config: Directory | undefined, near: string, leaveOut: ReadonlySet<string> = new Set()): { label: string; title: string; options: UnitChoice[] }[] {
  if (!config) return [];
  const nearby = coveredBy(config, near).map((j) => j.value);
  const order = [...nearby, ...config.jurisdictions.map((j) => j.code).filter((code) => !nearby.includes(code))];
  return order
    .map((code) => config.jurisdictions.find((j) => j.code === code)!)
    .map((j) => ({ label: j.name, title: j.name, options: j.units.filter((u) => !leaveOut.has(u.id)).map(unitChoice) }))
    .filter((group) => group.options.length > 0);
}
