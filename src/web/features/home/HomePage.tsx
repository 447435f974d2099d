import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../contract/api.ts';
import { UnitLink } from '../../components/UnitLink.tsx';

export function HomePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{t('home.title', { name: me.name.split(' ')[0] })}</Title>
      <Title order={2} size="h4">
        {t('home.scope')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('home.scopeHelp')}
      </Text>
      {me.assignments.length === 0 && me.seats.length === 0 && <Text>{t('home.noRoles')}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {me.assignments.map((a) => (
          <Card key={a.id} withBorder component="section" aria-label={t(`roles.${a.role}`)}>
            <Group justify="space-between" wrap="nowrap" align="start">
              <Text fw={600}>{t(`roles.${a.role}`)}</Text>
              <Badge variant="outline">{t(`kinds.${a.unit.kind}`)}</Badge>
            </Group>
            {me.permissions.includes('org.read') ? (
              <UnitLink id={a.unit.id}>{a.unit.name}</UnitLink>
            ) : (
              <Text>{a.unit.name}</Text>
            )}
            <Text size="sm" c="dimmed">
              {a.unit.code}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      {me.seats.length > 0 && (
        <Stack component="section" aria-labelledby="home-seats">
          <Group justify="space-between">
            <Title order={2} size="h4" id="home-seats">
              {t('home.seats')}
            </Title>
            <Button component={Link} to="/alianza/pendientes" variant="outline">
              {t('home.awaiting')}
            </Button>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {me.seats.map((s) => (
              <Card key={`${s.body.id}-${s.position}`} withBorder>
                <Group justify="space-between" wrap="nowrap" align="start">
                  <Text fw={600}>{t(`alliance.positions.${s.position}`)}</Text>
                  <Badge variant="outline">{t(`alliance.sides.${s.side}`)}</Badge>
                </Group>
                <Link
                  to="/alianza/organos/$bodyId"
                  params={{ bodyId: String(s.body.id) }}
                  style={{ color: 'var(--mantine-color-blue-8)' }}
                >
                  {s.body.code} · {s.body.name}
                </Link>
              </Card>
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
