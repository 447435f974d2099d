import { Anchor, Card, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrgUnitDetail } from '../../../contract/api.ts';

type Facts = NonNullable<OrgUnitDetail['school']>;

/** A school's catalog facts: level and service, shift, location (with a map link), enrolment and staff counts. */
export function SchoolFactsCard({ facts }: { facts: Facts }) {
  const { t } = useTranslation();
  const item = (label: string, value: string | number | null | undefined) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text>{value === null || value === undefined || value === '' ? '—' : value}</Text>
    </div>
  );
  const map =
    facts.latitude !== null && facts.longitude !== null
      ? `https://www.openstreetmap.org/?mlat=${facts.latitude}&mlon=${facts.longitude}#map=15/${facts.latitude}/${facts.longitude}`
      : null;
  return (
    <Card withBorder component="section" aria-labelledby="facts">
      <Title order={2} size="h4" id="facts" mb="xs">
        {t('schools.facts')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {item(
          t('schools.level'),
          facts.level ? t(`schools.levels.${facts.level}`, { defaultValue: facts.level }) : null,
        )}
        {item(
          t('schools.service'),
          facts.service ? t(`schools.services.${facts.service}`, { defaultValue: facts.service }) : null,
        )}
        {item(t('schools.shift'), facts.shift)}
        {item(t('schools.multigrade'), facts.multigrade ? t('common.yes') : t('common.no'))}
        {item(t('schools.funding'), facts.funding)}
        {item(t('schools.setting'), facts.setting)}
        {item(
          t('schools.marginalization'),
          facts.marginalization ? t(`schools.marg.${facts.marginalization}`) : null,
        )}
        {item(t('schools.enrolment'), facts.enrolment)}
        {item(t('schools.teachers'), facts.teachers)}
        {item(t('schools.locality'), facts.locality)}
        {item(
          t('schools.address'),
          [facts.address, facts.postalCode ? `C.P. ${facts.postalCode}` : null].filter(Boolean).join(', '),
        )}
        <div>
          <Text size="xs" c="dimmed">
            {t('schools.location')}
          </Text>
          {map ? (
            <Anchor href={map} target="_blank" rel="noopener noreferrer">
              {facts.latitude?.toFixed(5)}, {facts.longitude?.toFixed(5)} · {t('schools.openMap')}
            </Anchor>
          ) : (
            <Text>—</Text>
          )}
        </div>
      </SimpleGrid>
    </Card>
  );
}
