import { Button, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../contract/api.ts';
import { get, qs } from '../../api/client.ts';
import { formatDateTime } from '../../components/format.ts';
import { Pager } from '../../components/Pager.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';

const LIMIT = 50;
const show = (v: unknown) =>
  v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState({ actor: '', action: '', entityType: '', from: '', to: '', unitId: '' });
  const [filters, setFilters] = useState(draft);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: () =>
      get<{ items: AuditEntry[]; total: number }>(
        `/api/audit${qs({
          actor: filters.actor,
          action: filters.action,
          entityType: filters.entityType,
          unitId: filters.unitId,
          from: filters.from ? new Date(`${filters.from}T00:00:00-06:00`).toISOString() : undefined,
          to: filters.to ? new Date(`${filters.to}T23:59:59-06:00`).toISOString() : undefined,
          limit: LIMIT,
          offset: (page - 1) * LIMIT,
        })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const field = (key: keyof typeof draft, label: string, type = 'text') => (
    <TextInput
      label={label}
      type={type}
      value={draft[key]}
      onChange={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}
    />
  );
  return (
    <Stack>
      <Title order={1}>{t('audit.title')}</Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setFilters(draft);
        }}
      >
        <Group align="end" wrap="wrap">
          {field('actor', t('audit.actor'))}
          {field('action', t('audit.action'))}
          {field('entityType', t('audit.entityType'))}
          {field('from', t('audit.from'), 'date')}
          {field('to', t('audit.to'), 'date')}
          <UnitPicker
            value={draft.unitId || null}
            onChange={(v) => setDraft({ ...draft, unitId: v ?? '' })}
            required={false}
          />
          <Button type="submit">{t('audit.apply')}</Button>
        </Group>
      </form>
      <QueryView query={list} isEmpty={(d) => d.items.length === 0} emptyText={t('audit.empty')}>
        {(listData) => (
          <>
            <Text size="sm" c="dimmed">
              {t('common.total', { count: listData.total })}
            </Text>
            <ScrollTable label={t('audit.title')} minWidth={720}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('audit.when')}</Table.Th>
                    <Table.Th>{t('audit.who')}</Table.Th>
                    <Table.Th>{t('audit.asRole')}</Table.Th>
                    <Table.Th>{t('audit.what')}</Table.Th>
                    <Table.Th>{t('audit.entity')}</Table.Th>
                    <Table.Th>{t('audit.where')}</Table.Th>
                    <Table.Th>{t('audit.changes')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {listData.items.map((e) => (
                    <Fragment key={e.id}>
                      <Table.Tr>
                        <Table.Td>{formatDateTime(e.at, i18n.language)}</Table.Td>
                        <Table.Td>{e.actor ? e.actor.name : t('audit.system')}</Table.Td>
                        <Table.Td>
                          {e.actorRole && e.actorRole !== 'system'
                            ? t(`roles.${e.actorRole}`, { defaultValue: e.actorRole })
                            : '—'}
                        </Table.Td>
                        <Table.Td>
                          <Code>{e.action}</Code>
                        </Table.Td>
                        <Table.Td>
                          {e.entityType} {e.entityId.slice(0, 8)}
                        </Table.Td>
                        <Table.Td>{e.unit?.name ?? '—'}</Table.Td>
                        <Table.Td>
                          <Button
                            size="compact-xs"
                            variant="default"
                            aria-expanded={open === e.id}
                            onClick={() => setOpen(open === e.id ? null : e.id)}
                          >
                            {t('common.details')}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                      {open === e.id && (
                        <Table.Tr>
                          <Table.Td colSpan={7}>
                            <Stack gap={4}>
                              {Object.entries(e.changes).map(([k, c]) => (
                                <Text size="sm" key={k}>
                                  <strong>{k}</strong>: {show(c.before)} → {show(c.after)}
                                </Text>
                              ))}
                              <Text size="xs" c="dimmed">
                                {t('audit.requestId')}: {e.requestId ?? '—'} · {t('audit.ip')}: {e.ip ?? '—'}
                              </Text>
                            </Stack>
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
            <Pager total={listData.total} limit={LIMIT} page={page} onChange={setPage} />
          </>
        )}
      </QueryView>
    </Stack>
  );
}
