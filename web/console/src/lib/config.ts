import { useQuery } from '@tanstack/react-query';
import type { ProvinceConfig } from '../api/types';
import { runtimeConfig } from './runtime-config';

/** The loaded province configuration (local runtime: GET /local/config): staff, jurisdictions, units. */
export function useProvinceConfig() {
  return useQuery({
    queryKey: ['local-config'],
    // Only the local runtime has /local/config; with OIDC sign-in (AWS) codes are shown as they are.
    enabled: runtimeConfig().auth.kind === 'picker',
    staleTime: Infinity,
    queryFn: async (): Promise<ProvinceConfig> => {
      const response = await fetch('/local/config');
      if (!response.ok) throw new Error(`无法读取配置（${response.status}）`);
      return (await response.json()) as ProvinceConfig;
    },
  });
}

const SYSTEM_ACTORS: Record<string, string> = {
  'system:router': '系统（自动分办）',
  'system:intake': '系统（来信登记）',
  'system:sweep': '系统（期限督办）',
  'system:ses': '系统（邮件投递）',
};

export interface Names {
  jurisdiction: (code: string | undefined) => string;
  unit: (id: string | undefined) => string;
  /** The petitions office of a jurisdiction, e.g. 桐庐县信访局. */
  office: (code: string | undefined) => string;
  staff: (id: string | undefined) => string;
}

/** Names for codes and ids; a code the configuration does not know is shown as is. */
export function namesOf(config: ProvinceConfig | undefined): Names {
  const jurisdictions = new Map(config?.jurisdictions.map((j) => [j.code, j.name]));
  const units = new Map(config?.jurisdictions.flatMap((j) => j.units.map((u) => [u.id, u.name] as const)));
  const offices = new Map(config?.jurisdictions.map((j) => [j.code, j.office.name]));
  const staff = new Map(config?.staff.map((s) => [s.id, s.name]));
  return {
    jurisdiction: (code) => (code ? (jurisdictions.get(code) ?? code) : ''),
    unit: (id) => (id ? (units.get(id) ?? id) : ''),
    office: (code) => (code ? (offices.get(code) ?? jurisdictions.get(code) ?? code) : ''),
    // The system's own steps are taken by actors named system:<function>, e.g. system:router.
    staff: (id) => (id ? (staff.get(id) ?? (id.startsWith('system:') ? SYSTEM_ACTORS[id] ?? '系统' : id)) : ''),
  };
}

export function useNames(): Names {
  const { data } = useProvinceConfig();
  return namesOf(data);
}

/** The jurisdiction and every one below it. */
export function coveredBy(config: ProvinceConfig | undefined, root: string): { value: string; label: string }[] {
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
