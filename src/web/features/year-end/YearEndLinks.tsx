import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink.tsx';
import { yearEndRoutes } from './common.tsx';

interface UnitOfRole {
  id: number;
  kind: string;
  code: string;
  name: string;
}

/**
 * The year-end pages one's roles lead to, for a home page: the closing report (cierre del
 * ejercicio) of the nation, a state, or a supervisor's zone or sector head's sector and each school's accountability report (rendición de cuentas).
 * Give it the units of one's assignments, or a single state or school.
 */
export function YearEndLinks({
  cycleId,
  units = [],
  stateId,
  schoolId,
}: {
  cycleId: number;
  units?: UnitOfRole[];
  stateId?: number;
  schoolId?: number;
}) {
  const { t } = useTranslation();
  const seen = new Set<number>();
  const mine = units.filter((u) => {
    if (seen.has(u.id) || !['nation', 'state', 'sector', 'zone', 'school'].includes(u.kind)) return false;
    seen.add(u.id);
    return true;
  });
  const c = String(cycleId);
  return (
    <>
      {mine
        .filter((u) => u.kind !== 'school')
        .map((u) => (
          <AppLink
            key={`closing-${u.id}`}
            to={yearEndRoutes.closing}
            params={{ cycleId: c, unitId: String(u.id) }}
          >
            {u.kind === 'nation'
              ? t('yearEnd.links.closingNation')
              : t('yearEnd.links.closingState', { state: u.name })}
          </AppLink>
        ))}
      {stateId !== undefined && !seen.has(stateId) && (
        <AppLink to={yearEndRoutes.closing} params={{ cycleId: c, unitId: String(stateId) }}>
          {t('yearEnd.links.closing')}
        </AppLink>
      )}
      {mine
        .filter((u) => u.kind === 'school')
        .map((u) => (
          <AppLink
            key={`report-${u.id}`}
            to={yearEndRoutes.accountability}
            params={{ cycleId: c, schoolId: String(u.id) }}
          >
            {t('yearEnd.links.accountabilityOf', { cct: u.code })}
          </AppLink>
        ))}
      {schoolId !== undefined && !seen.has(schoolId) && (
        <AppLink to={yearEndRoutes.accountability} params={{ cycleId: c, schoolId: String(schoolId) }}>
          {t('yearEnd.links.accountability')}
        </AppLink>
      )}
    </>
  );
}
