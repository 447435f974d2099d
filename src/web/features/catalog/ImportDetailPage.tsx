import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportDetail } from '../../../contract/catalog.ts';
import { get, post, qs } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Pager } from '../../components/Pager.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { UnitLink } from '../../components/UnitLink.tsx';
import { useAction } from '../../components/use-action.ts';
import { ImportStatusBadge } from './ImportStatusBadge.tsx';

const LIMIT = 50;

/** One import: live progress while its job runs, then the dry-run report and the confirmation. */
export function ImportDetailPage() {
  const { t, i18n } = useTranslation();
  const { importId } = useParams({ strict: false }) as { importId: string };
  const [page, setPage] = useState(1);
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['import', importId, page],
    queryFn: () =>
      get<ImportDetail>(
        `/api/catalog/imports/${importId}${qs({ limit: LIMIT, offset: (page - 1) * LIMIT })}`,
      ),
    placeholderData: keepPreviousData,
    // Follow the background job until it ends; the page may be closed and reopened meanwhile.
    refetchInterval: (query) => {
      const s = query.state.data?.status;
      return s === 'checking' || s === 'applying' ? 1000 : false;
    },
  });
  const apply = () =>
    action.run(async () => {
      await post(`/api/catalog/imports/${importId}/apply`);
      setConfirming(false);
      await qc.invalidateQueries({ queryKey: ['import', importId] });
      await qc.invalidateQueries({ queryKey: ['imports'] });
    });
  return (
    <QueryView query={q}>
      {(d) => {
        const c = d.counts;
        const running = d.status === 'checking' || d.status === 'applying';
        const percent =
          d.job?.phase === 'reading' && d.job.total
            ? Math.min(100, ((d.job.done ?? 0) / d.job.total) * 100)
            : null;
        return (
          <Stack>
            <Anchor component={Link} to="/catalog/imports" size="sm">
              ‹ {t('imports.title')}
            </Anchor>
            <Group justify="space-between">
              <Title order={1}>{d.fileName}</Title>
              <ImportStatusBadge status={d.status} />
            </Group>
            <Text size="sm">
              {t('imports.uploadedBy', {
                name: d.createdBy?.name ?? '—',
                when: formatDateTime(d.createdAt, i18n.language),
              })}
              {d.allowedStates ? ` · ${t('imports.onlyStates', { states: d.allowedStates.join(', ') })}` : ''}
            </Text>
            {running && (
              <Card withBorder aria-live="polite">
                <Text mb="xs">
                  {d.job?.status === 'queued'
                    ? t('imports.queued')
                    : t(`imports.phases.${d.job?.phase ?? 'starting'}`, {
                        defaultValue: t('imports.working'),
                      })}
                  {percent !== null ? ` ${Math.round(percent)} %` : ''}
                </Text>
                <Progress
                  value={percent ?? 100}
                  striped={percent === null}
                  animated={percent === null}
                  aria-label={t('imports.progress')}
                />
                <Text size="sm" mt="xs">
                  {t('imports.canLeave')}
                </Text>
              </Card>
            )}
            {d.errorCode && (
              <Alert color="red.8" variant="outline" title={t('imports.unreadable')}>
                <Text>{t(`imports.fileErrors.${d.errorCode}`)}</Text>
                {d.error && (
                  <Text size="sm" mt="xs">
                    {t('imports.technicalDetail', { detail: d.error })}
                  </Text>
                )}
              </Alert>
            )}
            {(d.status === 'failed' || d.job?.status === 'failed') && !d.errorCode && (
              <Alert color="red.8" variant="outline" title={t('imports.jobFailed')}>
                {t('imports.jobFailedHelp')}
              </Alert>
            )}
            {!running && c.rows !== undefined && (
              <Card withBorder component="section" aria-labelledby="summary">
                <Title order={2} size="h4" id="summary" mb="xs">
                  {d.status === 'applied' ? t('imports.appliedSummary') : t('imports.dryRunSummary')}
                </Title>
                <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
                  {(
                    [
                      ['rows', c.rows],
                      ['add', c.add],
                      ['update', c.update],
                      ['unchanged', c.unchanged],
                      ['rejected', c.rejected],
                      ['disappeared', c.disappeared],
                    ] as const
                  ).map(([k, v]) => (
                    <div key={k}>
                      <Text size="xs" c="dimmed">
                        {t(`imports.counts.${k}`)}
                      </Text>
                      <Text fw={700} size="lg" data-testid={`count-${k}`}>
                        {v ?? 0}
                      </Text>
                    </div>
                  ))}
                </SimpleGrid>
                {d.missingColumns.length > 0 && (
                  <Text mt="sm" c="red.8">
                    {t('imports.missingColumns', { columns: d.missingColumns.join(', ') })}
                  </Text>
                )}
                {d.ignoredColumns.length > 0 && (
                  <Text mt="sm" size="sm">
                    {t('imports.ignoredColumns', { columns: d.ignoredColumns.join(', ') })}
                  </Text>
                )}
                <Group mt="md">
                  {(d.status === 'dry_run' || d.status === 'failed') && (
                    <Button onClick={() => setConfirming(true)}>{t('imports.apply')}</Button>
                  )}
                  {d.status === 'applied' && (
                    <Anchor component={Link} to="/schools">
                      {t('imports.seeSchools')}
                    </Anchor>
                  )}
                  <Anchor href={`/api/catalog/imports/${d.id}/report.csv`}>{t('imports.download')}</Anchor>
                </Group>
                {d.status === 'rejected' && <Text mt="sm">{t('imports.rejectedHelp')}</Text>}
              </Card>
            )}
            {!running && d.gone.length > 0 && (
              <section aria-labelledby="gone">
                <Title order={2} size="h4" id="gone" mb="xs">
                  {t(d.status === 'applied' ? 'imports.goneAppliedTitle' : 'imports.goneTitle', {
                    count: c.disappeared ?? d.gone.length,
                  })}
                </Title>
                <Text size="sm" mb="xs">
                  {t('imports.goneHelp')}
                  {(c.disappeared ?? 0) > d.gone.length
                    ? ` ${t('imports.goneMore', { shown: d.gone.length })}`
                    : ''}
                </Text>
                <ScrollTable label={t('imports.goneTable')} minWidth={480}>
                  <Table striped>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>CCT</Table.Th>
                        <Table.Th>{t('schools.name')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {d.gone.map((g) => (
                        <Table.Tr key={g.id}>
                          <Table.Td>{g.cct}</Table.Td>
                          <Table.Td>
                            <UnitLink id={g.id} small>
                              {g.name}
                            </UnitLink>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollTable>
              </section>
            )}
            {!running && d.renames.length > 0 && (
              <section aria-labelledby="renames">
                <Title order={2} size="h4" id="renames" mb="xs">
                  {t('imports.renamesTitle', { count: d.renames.length })}
                </Title>
                <ScrollTable label={t('imports.renamesTable')} minWidth={480}>
                  <Table striped>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('imports.renameKey')}</Table.Th>
                        <Table.Th>{t('imports.renameBefore')}</Table.Th>
                        <Table.Th>{t('imports.renameAfter')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {d.renames.map((r) => (
                        <Table.Tr key={r.key}>
                          <Table.Td>{r.key}</Table.Td>
                          <Table.Td>{r.before}</Table.Td>
                          <Table.Td>{r.after}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollTable>
              </section>
            )}
            {d.rejectionsTotal > 0 && (
              <section aria-labelledby="rejections">
                <Title order={2} size="h4" id="rejections" mb="xs">
                  {t('imports.rejections', { count: d.rejectionsTotal })}
                </Title>
                <ScrollTable label={t('imports.rejectionsTable')} minWidth={560}>
                  <Table striped>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('imports.line')}</Table.Th>
                        <Table.Th>CCT</Table.Th>
                        <Table.Th>{t('imports.reasons')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {d.rejections.map((r) => (
                        <Table.Tr key={r.line}>
                          <Table.Td>{r.line}</Table.Td>
                          <Table.Td>{r.cct || '—'}</Table.Td>
                          <Table.Td>{r.reasons.join('; ')}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollTable>
                {d.rejectionsTotal > LIMIT && (
                  <Pager page={page} total={d.rejectionsTotal} limit={LIMIT} onChange={setPage} />
                )}
              </section>
            )}
            <ConfirmDialog
              opened={confirming}
              title={t('imports.confirmTitle')}
              confirmLabel={t('imports.applyNow')}
              onCancel={() => setConfirming(false)}
              onConfirm={apply}
              busy={action.busy}
              error={action.error}
            >
              <Text>
                {t('imports.confirmText', {
                  add: c.add ?? 0,
                  update: c.update ?? 0,
                  disappeared: c.disappeared ?? 0,
                })}
              </Text>
            </ConfirmDialog>
          </Stack>
        );
      }}
    </QueryView>
  );
}
