import {
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me, OrgUnitDetail } from '../../../contract/api.ts';
import { get, patch, post } from '../../api/client.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { UnitLink } from '../../components/UnitLink.tsx';
import { SchoolFactsCard } from './SchoolFactsCard.tsx';
import { SchoolHistoryCard } from './SchoolHistoryCard.tsx';
import { SchoolStaffCard } from './SchoolStaffCard.tsx';

const CHILD_KIND = {
  nation: 'state',
  state: 'sector',
  sector: 'zone',
  zone: 'school',
  school: null,
} as const;

export function UnitDetailPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { unitId } = useParams({ strict: false }) as { unitId: string };
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['unit', unitId],
    queryFn: () => get<OrgUnitDetail>(`/api/org/units/${unitId}`),
  });
  const [modal, setModal] = useState<'rename' | 'deactivate' | 'add' | null>(null);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const u = q.data;
  const canManage = me.permissions.includes('org.manage');
  const childKind = CHILD_KIND[u.kind];
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      setModal(null);
      await qc.invalidateQueries({ queryKey: ['unit', unitId] });
      await qc.invalidateQueries({ queryKey: ['units'] });
    } catch (err) {
      setError(err);
    }
  };
  const codeLabel = u.kind === 'school' ? t('org.cct') : u.kind === 'state' ? t('org.inegi') : t('org.code');
  return (
    <Stack>
      <Breadcrumbs separator="›">
        {u.ancestors.map((a) => (
          <UnitLink key={a.id} id={a.id} small>
            {a.name}
          </UnitLink>
        ))}
      </Breadcrumbs>
      <Group justify="space-between">
        <Title order={1}>{u.name}</Title>
        <Badge size="lg" variant="outline">
          {t(`kinds.${u.kind}`)}
        </Badge>
      </Group>
      <ErrorAlert error={modal ? null : error} />
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <div>
            <Text size="xs" c="dimmed">
              {codeLabel}
            </Text>
            <Text fw={600}>{u.code}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('org.municipality')}
            </Text>
            <Text>{u.municipality ? `${u.municipality.name} (${u.municipality.code})` : '—'}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('org.status')}
            </Text>
            <Text>{u.active ? t('org.active') : t('org.inactive')}</Text>
          </div>
        </SimpleGrid>
      </Card>
      {u.school && <SchoolFactsCard facts={u.school} />}
      {u.kind === 'school' && me.permissions.includes('users.read') && (
        <SchoolStaffCard unitId={u.id} me={me} />
      )}
      {u.kind === 'school' && <SchoolHistoryCard unitId={u.id} />}
      {u.kind !== 'school' && (
        <section aria-labelledby="below">
          <Title order={2} size="h4" id="below">
            {t('org.below')}
          </Title>
          <Group>
            {u.kind === 'nation' || u.kind === 'state' ? (
              <Text>
                {t('org.sectors')}: {u.counts.sectors}
              </Text>
            ) : null}
            {u.kind !== 'zone' ? (
              <Text>
                {t('org.zones')}: {u.counts.zones}
              </Text>
            ) : null}
            <Text>
              {t('org.schools')}: {u.counts.schools}
            </Text>
          </Group>
        </section>
      )}
      {canManage && (
        <Group>
          <Button
            variant="default"
            onClick={() => {
              setName(u.name);
              setError(null);
              setModal('rename');
            }}
          >
            {t('org.rename')}
          </Button>
          {u.kind !== 'nation' && (
            <Button
              variant="default"
              color={u.active ? 'red' : undefined}
              onClick={() => {
                setError(null);
                setModal('deactivate');
              }}
            >
              {u.active ? t('org.deactivate') : t('org.activate')}
            </Button>
          )}
          {childKind && (
            <Button
              variant="default"
              onClick={() => {
                setName('');
                setCode('');
                setError(null);
                setModal('add');
              }}
            >
              {t('org.addChild')}
            </Button>
          )}
        </Group>
      )}
      <section aria-labelledby="people">
        <Title order={2} size="h4" id="people" mb="xs">
          {t('org.people')}
        </Title>
        {u.people.length === 0 ? (
          <Text>{t('org.noPeople')}</Text>
        ) : (
          <ScrollTable label={t('org.people')} minWidth={400}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('org.name')}</Table.Th>
                  <Table.Th>{t('org.role')}</Table.Th>
                  <Table.Th>{t('org.email')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {u.people.map((p) => (
                  <Table.Tr key={p.assignmentId}>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td>{t(`roles.${p.role}`)}</Table.Td>
                    <Table.Td>{p.email ?? t('org.emailHidden')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </section>
      <Dialog opened={modal === 'rename'} onClose={() => setModal(null)} title={t('org.rename')}>
        <Stack>
          <ErrorAlert error={error} />
          <TextInput
            label={t('org.newName')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
          />
          <Button onClick={() => void run(() => patch(`/api/org/units/${u.id}`, { name }))}>
            {t('common.save')}
          </Button>
        </Stack>
      </Dialog>
      <Dialog
        opened={modal === 'deactivate'}
        onClose={() => setModal(null)}
        title={u.active ? t('org.deactivate') : t('org.activate')}
      >
        <Stack>
          <ErrorAlert error={error} />
          {u.active && <Text>{t('org.confirmDeactivate', { name: u.name })}</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setModal(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color={u.active ? 'red' : undefined}
              onClick={() => void run(() => patch(`/api/org/units/${u.id}`, { active: !u.active }))}
            >
              {t('common.confirm')}
            </Button>
          </Group>
        </Stack>
      </Dialog>
      {childKind && (
        <Dialog opened={modal === 'add'} onClose={() => setModal(null)} title={t('org.addChild')}>
          <Stack>
            <ErrorAlert error={error} />
            <Select
              label={t('org.childKind')}
              data={[{ value: childKind, label: t(`kinds.${childKind}`) }]}
              value={childKind}
              readOnly
            />
            <TextInput
              label={t('org.childCode')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              data-autofocus
            />
            <TextInput label={t('org.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <Button
              onClick={() =>
                void run(() => post('/api/org/units', { parentId: u.id, kind: childKind, code, name }))
              }
            >
              {t('common.save')}
            </Button>
          </Stack>
        </Dialog>
      )}
    </Stack>
  );
}
