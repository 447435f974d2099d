import type { Role, UnitKind } from './roles.ts';

/** Spanish names as officials use them; the web's i18n files carry the same, plus English. */
export const ROLE_LABELS_ES: Record<Role, string> = {
  platform_admin: 'Administración de la plataforma',
  national_coordinator: 'Coordinación Nacional',
  state_coordinator: 'Coordinación General Estatal',
  sector_head: 'Jefatura de sector',
  zone_supervisor: 'Supervisión escolar',
  school_director: 'Dirección escolar',
  teacher: 'Docente',
  parent: 'Madre, padre o integrante del CEPS',
  external_evaluator: 'Evaluación externa',
  auditor: 'Auditoría',
};

export const UNIT_KIND_LABELS_ES: Record<UnitKind, string> = {
  nation: 'Nación',
  state: 'Entidad federativa',
  sector: 'Jefatura de sector',
  zone: 'Zona escolar',
  school: 'Escuela',
};
