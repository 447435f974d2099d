import { Card, List, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SchoolHistory } from '../../../contract/catalog.ts';
import { get, qs } from '../../api/client.ts';
import { formatDateTime } from '../../components/format.ts';
import { Pager } from '../../components/Pager.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';

const LIMIT = 10;
const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** What each catalog import did to this school, newest first, field by field. */
export function SchoolHistoryCard({ unitId }: { unitId: number }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['school-history', unitId, page],
    queryFn: () =>
      get<SchoolHistory>(
        `/api/catalog/schools/${unitId}/history${qs({ limit: LIMIT, offset: (page - 1) * LIMIT })}`,
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <Card withBorder component="section" aria-labelledby="catalog-history">
      <Title order={2} size="h4" id="catalog-history" mb="xs">
        {t('history.title')}
      </Title>
      <QueryView query={q} isEmpty={(d) => d.items.length === 0} emptyText={t('history.none')}>
        {(d) => (
          <>
            <ScrollTable label={t('history.table')} minWidth={560}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('history.when')}</Table.Th>
                    <Table.Th>{t('history.what')}</Table.Th>
                    <Table.Th>{t('history.changes')}</Table.Th>
                    <Table.Th>{t('history.source')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.items.map((h) => (
                    <Table.Tr key={h.id}>
                      <Table.Td>{formatDateTime(h.at, i18n.language)}</Table.Td>
                      <Table.Td>{t(`history.kinds.${h.change}`)}</Table.Td>
                      <Table.Td>
                        {Object.keys(h.changes).length === 0 ? (
                          '—'
                        ) : (
                          <List size="sm">
                            {Object.entries(h.changes).map(([field, c]) => (
                              <List.Item key={field}>
                                {t(`history.fields.${field}`, { defaultValue: field })}: {show(c.before)} →{' '}
                                {show(c.after)}
                              </List.Item>
                            ))}
                          </List>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {h.fileName ?? '—'}
                          {h.by ? ` · ${h.by}` : ''}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
            {d.total > LIMIT && <Pager page={page} total={d.total} limit={LIMIT} onChange={setPage} />}
          </>
        )}
      </QueryView>
    </Card>
  );
}
