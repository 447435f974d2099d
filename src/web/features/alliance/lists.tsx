import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type {
  DocumentSummary,
  MeetingSummary,
  ResolutionSummary,
  SynthesisSummary,
  TaskSummary,
} from '../../../contract/alliance.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { ALink, StateBadge, useFormat } from './common.tsx';

export function DocumentTable({ docs, label }: { docs: z.infer<typeof DocumentSummary>[]; label: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (docs.length === 0) return <Text>{t('alliance.documents.empty')}</Text>;
  return (
    <ScrollTable label={label} minWidth={640}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('alliance.documents.titleCol')}</Table.Th>
            <Table.Th>{t('alliance.documents.kind')}</Table.Th>
            <Table.Th>{t('alliance.body.mesa')}</Table.Th>
            <Table.Th>{t('alliance.status')}</Table.Th>
            <Table.Th>{t('alliance.documents.versions')}</Table.Th>
            <Table.Th>{t('alliance.updated')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {docs.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <ALink to="/alianza/documentos/$id" params={{ id: d.id }}>
                  {d.title}
                </ALink>
              </Table.Td>
              <Table.Td>{t(`alliance.docKinds.${d.kind}`)}</Table.Td>
              <Table.Td>{d.body.code}</Table.Td>
              <Table.Td>
                <StateBadge state={d.state} />
              </Table.Td>
              <Table.Td>{d.versions}</Table.Td>
              <Table.Td>{f.time(d.updatedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

export function SynthesisTable({
  items,
  label,
}: {
  items: z.infer<typeof SynthesisSummary>[];
  label: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  if (items.length === 0) return <Text>{t('alliance.syntheses.empty')}</Text>;
  return (
    <ScrollTable label={label} minWidth={480}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('alliance.documents.titleCol')}</Table.Th>
            <Table.Th>{t('alliance.body.eje')}</Table.Th>
            <Table.Th>{t('alliance.status')}</Table.Th>
            <Table.Th>{t('alliance.updated')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                <ALink to="/alianza/sintesis/$id" params={{ id: s.id }}>
                  {s.title}
                </ALink>
              </Table.Td>
              <Table.Td>{s.body.code}</Table.Td>
              <Table.Td>
                <StateBadge state={s.state} />
              </Table.Td>
              <Table.Td>{f.time(s.updatedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

export function MeetingTable({ items, label }: { items: z.infer<typeof MeetingSummary>[]; label: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (items.length === 0) return <Text>{t('alliance.meetings.empty')}</Text>;
  return (
    <ScrollTable label={label} minWidth={560}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('alliance.meetings.session')}</Table.Th>
            <Table.Th>{t('alliance.meetings.kind')}</Table.Th>
            <Table.Th>{t('alliance.meetings.starts')}</Table.Th>
            <Table.Th>{t('alliance.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <ALink to="/alianza/sesiones/$id" params={{ id: m.id }}>
                  {m.title}
                </ALink>
              </Table.Td>
              <Table.Td>{t(`alliance.meetingKinds.${m.kind}`)}</Table.Td>
              <Table.Td>{f.time(m.startsAt)}</Table.Td>
              <Table.Td>
                <StateBadge state={m.state} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

export function TaskTable({ items, label }: { items: z.infer<typeof TaskSummary>[]; label: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (items.length === 0) return <Text>{t('alliance.tasks.empty')}</Text>;
  return (
    <ScrollTable label={label} minWidth={640}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('alliance.tasks.task')}</Table.Th>
            <Table.Th>{t('alliance.body.mesa')}</Table.Th>
            <Table.Th>{t('alliance.tasks.source')}</Table.Th>
            <Table.Th>{t('alliance.tasks.responsible')}</Table.Th>
            <Table.Th>{t('alliance.tasks.due')}</Table.Th>
            <Table.Th>{t('alliance.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((x) => (
            <Table.Tr key={x.id}>
              <Table.Td>
                <ALink to="/alianza/tareas/$id" params={{ id: x.id }}>
                  {x.title}
                </ALink>
              </Table.Td>
              <Table.Td>{x.body.code}</Table.Td>
              <Table.Td>
                {t(`alliance.tasks.sources.${x.source}`)}
                {x.resolutionNumber ? ` · ${x.resolutionNumber}` : ''}
              </Table.Td>
              <Table.Td>{x.responsible?.name ?? t('alliance.tasks.officers')}</Table.Td>
              <Table.Td>
                <Text size="sm" c={x.overdue ? 'red.9' : undefined} fw={x.overdue ? 700 : undefined}>
                  {f.day(x.dueOn)}
                  {x.overdue ? ` · ${t('alliance.overdue')}` : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <StateBadge state={x.state} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

export function ResolutionTable({
  items,
  label,
}: {
  items: z.infer<typeof ResolutionSummary>[];
  label: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  if (items.length === 0) return <Text>{t('alliance.resolutions.empty')}</Text>;
  return (
    <ScrollTable label={label} minWidth={560}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('alliance.resolutions.number')}</Table.Th>
            <Table.Th>{t('alliance.documents.titleCol')}</Table.Th>
            <Table.Th>{t('alliance.resolutions.issued')}</Table.Th>
            <Table.Th>{t('alliance.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <ALink to="/alianza/resoluciones/$id" params={{ id: r.id }}>
                  {r.number}
                </ALink>
              </Table.Td>
              <Table.Td>
                {r.title}{' '}
                {r.published && (
                  <Badge variant="outline" color="gray.8">
                    {t('alliance.resolutions.published')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{f.time(r.issuedAt)}</Table.Td>
              <Table.Td>
                <StateBadge state={r.state} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
