import { Button, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../contract/api.ts';
import { type SchoolStaff, STAFF_ROLES, type StaffMember, type StaffRole } from '../../../contract/staff.ts';
import { ApiError, del, get } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { useAction } from '../../components/use-action.ts';
import { StaffInviteDialog } from './StaffInviteDialog.tsx';

/**
 * A school's staff (Dirección escolar, Docentes, CEPS) and its accompaniment (zone supervision,
 * sector head). Changes go through the users API; which buttons show comes from the server's
 * `canGrant`, so the page offers exactly what the grant policy allows.
 */
export function SchoolStaffCard({ unitId, me }: { unitId: number; me: Me }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: ['staff', unitId],
    queryFn: () => get<SchoolStaff>(`/api/org/units/${unitId}/staff`),
  });
  const [inviting, setInviting] = useState<StaffRole | null>(null);
  const [removing, setRemoving] = useState<StaffMember | null>(null);
  const remove = useAction();
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['staff', unitId] });
    // The unit page's people list and the users page show the same assignments.
    await qc.invalidateQueries({ queryKey: ['unit'] });
    await qc.invalidateQueries({ queryKey: ['users'] });
  };
  // Someone who reads people elsewhere but not at this school (e.g. a teacher here): no card.
  if (query.error instanceof ApiError && query.error.status === 403) return null;
  const manages = me.permissions.includes('users.manage');

  return (
    <Card withBorder component="section" aria-labelledby="staff-title">
      <Title order={2} size="h4" id="staff-title" mb="xs">
        {t('staff.title')}
      </Title>
      <QueryView query={query}>
        {(data) => {
          const may = (role: StaffRole) => manages && data.canGrant.includes(role);
          return (
            <Stack>
              {STAFF_ROLES.map((role) => (
                <div key={role}>
                  <Group justify="space-between" mb="xs">
                    <Title order={3} size="h5" id={`staff-${role}`}>
                      {t(`staff.sections.${role}`)}
                    </Title>
                    {may(role) && (
                      <Button size="xs" variant="default" onClick={() => setInviting(role)}>
                        {t(`staff.invite.${role}`)}
                      </Button>
                    )}
                  </Group>
                  {data.staff[role].length === 0 ? (
                    <Text>{t(`staff.empty.${role}`)}</Text>
                  ) : (
                    <ScrollTable label={t(`staff.sections.${role}`)} minWidth={480}>
                      <Table striped>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>{t('staff.name')}</Table.Th>
                            <Table.Th>{t('staff.email')}</Table.Th>
                            <Table.Th>{t('staff.status')}</Table.Th>
                            {may(role) && <Table.Th>{t('common.actions')}</Table.Th>}
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {data.staff[role].map((p) => (
                            <Table.Tr key={p.assignmentId}>
                              <Table.Td>{p.name}</Table.Td>
                              <Table.Td>{p.email}</Table.Td>
                              <Table.Td>
                                <Text size="sm" fw={p.status === 'active' ? 400 : 700}>
                                  {t(`users.statuses.${p.status}`)}
                                </Text>
                              </Table.Td>
                              {may(role) && (
                                <Table.Td>
                                  {p.userId !== me.id && (
                                    <Button
                                      size="compact-xs"
                                      variant="default"
                                      color="red"
                                      aria-label={t('staff.removeLabel', { name: p.name })}
                                      onClick={() => {
                                        remove.setError(null);
                                        setRemoving(p);
                                      }}
                                    >
                                      {t('staff.remove')}
                                    </Button>
                                  )}
                                </Table.Td>
                              )}
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </ScrollTable>
                  )}
                </div>
              ))}
              <div>
                <Title order={3} size="h5" id="staff-accompaniment" mb="xs">
                  {t('staff.sections.accompaniment')}
                </Title>
                {data.accompaniment.length === 0 ? (
                  <Text>{t('staff.empty.accompaniment')}</Text>
                ) : (
                  <List>
                    {data.accompaniment.map((c) => (
                      <List.Item key={`${c.role}-${c.unit.id}-${c.name}`}>
                        <Text span fw={600}>
                          {t(`staff.companions.${c.role}`)}:
                        </Text>{' '}
                        {c.name} · {c.unit.name}
                      </List.Item>
                    ))}
                  </List>
                )}
              </div>
              <StaffInviteDialog
                role={inviting}
                data={data}
                onClose={() => setInviting(null)}
                onDone={refresh}
              />
              <ConfirmDialog
                opened={removing !== null}
                title={t('staff.remove')}
                onCancel={() => setRemoving(null)}
                danger
                busy={remove.busy}
                error={remove.error}
                onConfirm={async () => {
                  if (!removing) return;
                  const ok = await remove.run(() =>
                    del(`/api/users/${removing.userId}/roles/${removing.assignmentId}`),
                  );
                  if (ok) {
                    setRemoving(null);
                    await refresh();
                  }
                }}
              >
                {removing && (
                  <Text>
                    {t('staff.confirmRemove', {
                      name: removing.name,
                      role: t(`roles.${removing.role}`),
                      school: data.unit.name,
                    })}
                  </Text>
                )}
              </ConfirmDialog>
            </Stack>
          );
        }}
      </QueryView>
    </Card>
  );
}
