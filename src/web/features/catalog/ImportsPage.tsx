import { Anchor, Button, Card, FileInput, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportDetail, ImportSummary } from '../../../contract/catalog.ts';
import { get, qs, uploadFile } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Pager } from '../../components/Pager.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { useAction } from '../../components/use-action.ts';
import { ImportStatusBadge } from './ImportStatusBadge.tsx';

const LIMIT = 20;

/** Upload a catalog file (its check starts at once as a background job) and the imports so far. */
export function ImportsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const action = useAction();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['imports', page],
    queryFn: () =>
      get<{ items: ImportSummary[]; total: number }>(
        `/api/catalog/imports${qs({ limit: LIMIT, offset: (page - 1) * LIMIT })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const upload = () =>
    action.run(async () => {
      if (!file) return;
      setSent(0);
      try {
        const r = await uploadFile<ImportDetail>(
          `/api/catalog/imports${qs({ fileName: file.name })}`,
          file,
          setSent,
        );
        await navigate({ to: '/catalog/imports/$importId', params: { importId: r.id } });
      } finally {
        setSent(null);
      }
    });
  return (
    <Stack>
      <Title order={1}>{t('imports.title')}</Title>
      <Card withBorder component="section" aria-labelledby="upload">
        <Title order={2} size="h4" id="upload" mb="xs">
          {t('imports.upload')}
        </Title>
        <Text mb="sm">{t('imports.uploadHelp')}</Text>
        <Group align="end">
          <FileInput
            label={t('imports.file')}
            description={t('imports.choose')}
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            value={file}
            onChange={setFile}
            clearable
            w={320}
          />
          <Button onClick={upload} disabled={!file} loading={action.busy}>
            {t('imports.check')}
          </Button>
        </Group>
        <Group mt="sm" gap="md">
          <Anchor href="/api/catalog/template.csv">{t('imports.templateCsv')}</Anchor>
          <Anchor href="/api/catalog/template.xlsx">{t('imports.templateXlsx')}</Anchor>
        </Group>
        {sent !== null && (
          <Stack gap={4} mt="sm">
            <Text size="sm">{t('imports.uploading', { percent: Math.round(sent * 100) })}</Text>
            <Progress value={sent * 100} aria-label={t('imports.uploadProgress')} />
          </Stack>
        )}
        <ErrorAlert error={action.error} />
      </Card>
      <section aria-labelledby="history">
        <Title order={2} size="h4" id="history" mb="xs">
          {t('imports.previous')}
        </Title>
        <QueryView query={list} isEmpty={(d) => d.items.length === 0} emptyText={t('imports.none')}>
          {(d) => (
            <>
              <ScrollTable label={t('imports.previousTable')} minWidth={640}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('imports.file')}</Table.Th>
                      <Table.Th>{t('imports.status')}</Table.Th>
                      <Table.Th>{t('imports.rows')}</Table.Th>
                      <Table.Th>{t('imports.by')}</Table.Th>
                      <Table.Th>{t('imports.when')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {d.items.map((i) => (
                      <Table.Tr key={i.id}>
                        <Table.Td>
                          <Link
                            to="/catalog/imports/$importId"
                            params={{ importId: i.id }}
                            style={{ color: 'var(--mantine-color-blue-8)' }}
                          >
                            {i.fileName}
                          </Link>
                        </Table.Td>
                        <Table.Td>
                          <ImportStatusBadge status={i.status} />
                        </Table.Td>
                        <Table.Td>{i.counts.rows ?? '—'}</Table.Td>
                        <Table.Td>{i.createdBy?.name ?? '—'}</Table.Td>
                        <Table.Td>{formatDateTime(i.createdAt, i18n.language)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollTable>
              {d.total > LIMIT && <Pager page={page} total={d.total} limit={LIMIT} onChange={setPage} />}
            </>
          )}
        </QueryView>
      </section>
    </Stack>
  );
}
