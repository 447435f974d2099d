import { Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me, RoleAssignment, UserSummary } from '../../../contract/api.ts';
import { GRANTABLE_ROLES, ROLE_UNIT_KINDS, ROLES, type Role } from '../../../contract/roles.ts';
import { del, get, patch, post, qs } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Pager } from '../../components/Pager.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';

const LIMIT = 25;
type DialogState =
  | { kind: 'invite' }
  | { kind: 'grant'; user: UserSummary }
  | { kind: 'revoke'; user: UserSummary; assignment: RoleAssignment }
  | { kind: 'status'; user: UserSummary };

export function UsersPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [role, setRole] = useState<string | null>(null);
  const [sort, setSort] = useState('name');
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState({
    email: '',
    name: '',
    role: null as string | null,
    unitId: null as string | null,
  });
  const canManage = me.permissions.includes('users.manage');
  const grantable = [...new Set(me.assignments.flatMap((a) => GRANTABLE_ROLES[a.role]))];
  const list = useQuery({
    queryKey: ['users', q, role, sort, page],
    queryFn: () =>
      get<{ items: UserSummary[]; total: number }>(
        `/api/users${qs({ q, role, sort: sort === 'createdAt' ? 'createdAt' : sort, dir: sort === 'createdAt' ? 'desc' : 'asc', limit: LIMIT, offset: (page - 1) * LIMIT })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const open = (d: DialogState) => {
    setError(null);
    setForm({ email: '', name: '', role: null, unitId: null });
    setDialog(d);
  };
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      setDialog(null);
      await qc.invalidateQueries({ queryKey: ['users'] });
    } catch (err) {
      setError(err);
    }
  };
  const roleField = (
    <Select
      label={t('users.role')}
      data={grantable.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
      value={form.role}
      onChange={(v) => setForm({ ...form, role: v, unitId: null })}
      required
    />
  );
  const unitField = (
    <UnitPicker
      value={form.unitId}
      onChange={(v) => setForm({ ...form, unitId: v })}
      kind={
        form.role && ROLE_UNIT_KINDS[form.role as Role].length === 1
          ? ROLE_UNIT_KINDS[form.role as Role][0]
          : undefined
      }
    />
  );
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('users.title')}</Title>
        {canManage && <Button onClick={() => open({ kind: 'invite' })}>{t('users.invite')}</Button>}
      </Group>
      <Group align="end" wrap="wrap">
        <TextInput
          label={t('users.search')}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          type="search"
        />
        <Select
          label={t('users.role')}
          placeholder={t('users.anyRole')}
          clearable
          data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          value={role}
          onChange={(v) => {
            setRole(v);
            setPage(1);
          }}
        />
        <Select
          label={t('users.sort')}
          data={[
            { value: 'name', label: t('users.sortName') },
            { value: 'email', label: t('users.sortEmail') },
            { value: 'createdAt', label: t('users.sortCreated') },
          ]}
          value={sort}
          onChange={(v) => setSort(v ?? 'name')}
          allowDeselect={false}
        />
      </Group>
      <QueryView query={list} isEmpty={(d) => d.items.length === 0} emptyText={t('users.empty')}>
        {(listData) => (
          <>
            <Text size="sm" c="dimmed">
              {t('common.total', { count: listData.total })}
            </Text>
            <ScrollTable label={t('users.title')} minWidth={640}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('users.name')}</Table.Th>
                    <Table.Th>{t('users.email')}</Table.Th>
                    <Table.Th>{t('users.status')}</Table.Th>
                    <Table.Th>{t('users.roles')}</Table.Th>
                    {canManage && <Table.Th>{t('common.actions')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {listData.items.map((u) => (
                    <Table.Tr key={u.id}>
                      <Table.Td>{u.name}</Table.Td>
                      <Table.Td>{u.email}</Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={u.status === 'active' ? 400 : 700}>
                          {t(`users.statuses.${u.status}`)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={2}>
                          {u.assignments.map((a) => (
                            <Group key={a.id} gap={4} wrap="nowrap">
                              <Text size="sm">
                                {t(`roles.${a.role}`)} · {a.unit.name}
                              </Text>
                              {canManage && u.id !== me.id && (
                                <Button
                                  size="compact-xs"
                                  variant="default"
                                  color="red"
                                  onClick={() => open({ kind: 'revoke', user: u, assignment: a })}
                                  aria-label={`${t('users.revoke')}: ${t(`roles.${a.role}`)} · ${a.unit.name} · ${u.name}`}
                                >
                                  {t('users.revoke')}
                                </Button>
                              )}
                            </Group>
                          ))}
                        </Stack>
                      </Table.Td>
                      {canManage && (
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <Button
                              size="compact-xs"
                              variant="default"
                              onClick={() => open({ kind: 'grant', user: u })}
                              aria-label={`${t('users.grant')}: ${u.name}`}
                            >
                              {t('users.grant')}
                            </Button>
                            {u.id !== me.id && u.status !== 'invited' && (
                              <Button
                                size="compact-xs"
                                variant="default"
                                color={u.status === 'active' ? 'red' : undefined}
                                onClick={() => open({ kind: 'status', user: u })}
                                aria-label={`${u.status === 'active' ? t('users.disable') : t('users.enable')}: ${u.name}`}
                              >
                                {u.status === 'active' ? t('users.disable') : t('users.enable')}
                              </Button>
                            )}
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
            <Pager total={listData.total} limit={LIMIT} page={page} onChange={setPage} />
          </>
        )}
      </QueryView>
      <Dialog opened={dialog?.kind === 'invite'} onClose={() => setDialog(null)} title={t('users.invite')}>
        <Stack>
          <ErrorAlert error={error} />
          <TextInput
            label={t('users.email')}
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
            data-autofocus
          />
          <TextInput
            label={t('users.name')}
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          {roleField}
          {unitField}
          <Button
            onClick={() =>
              void run(() =>
                post('/api/users/invite', {
                  email: form.email,
                  name: form.name,
                  role: form.role,
                  unitId: Number(form.unitId),
                }),
              )
            }
          >
            {t('users.invite')}
          </Button>
        </Stack>
      </Dialog>
      <Dialog
        opened={dialog?.kind === 'grant'}
        onClose={() => setDialog(null)}
        title={`${t('users.grant')}: ${dialog?.kind === 'grant' ? dialog.user.name : ''}`}
      >
        <Stack>
          <ErrorAlert error={error} />
          {roleField}
          {unitField}
          <Button
            onClick={() =>
              dialog?.kind === 'grant' &&
              void run(() =>
                post(`/api/users/${dialog.user.id}/roles`, { role: form.role, unitId: Number(form.unitId) }),
              )
            }
          >
            {t('users.grant')}
          </Button>
        </Stack>
      </Dialog>
      <ConfirmDialog
        opened={dialog?.kind === 'revoke'}
        title={t('users.revoke')}
        onCancel={() => setDialog(null)}
        danger
        error={error}
        onConfirm={() => {
          if (dialog?.kind === 'revoke')
            void run(() => del(`/api/users/${dialog.user.id}/roles/${dialog.assignment.id}`));
        }}
      >
        {dialog?.kind === 'revoke' && (
          <Text>
            {t('users.confirmRevoke', {
              role: t(`roles.${dialog.assignment.role}`),
              unit: dialog.assignment.unit.name,
              name: dialog.user.name,
            })}
          </Text>
        )}
      </ConfirmDialog>
      <ConfirmDialog
        opened={dialog?.kind === 'status'}
        title={
          dialog?.kind === 'status' && dialog.user.status === 'active'
            ? t('users.disable')
            : t('users.enable')
        }
        onCancel={() => setDialog(null)}
        danger={dialog?.kind === 'status' && dialog.user.status === 'active'}
        error={error}
        onConfirm={() => {
          if (dialog?.kind === 'status')
            void run(() =>
              patch(`/api/users/${dialog.user.id}/status`, {
                status: dialog.user.status === 'active' ? 'disabled' : 'active',
              }),
            );
        }}
      >
        {dialog?.kind === 'status' && dialog.user.status === 'active' && (
          <Text>{t('users.confirmDisable', { name: dialog.user.name })}</Text>
        )}
      </ConfirmDialog>
    </Stack>
  );
}
