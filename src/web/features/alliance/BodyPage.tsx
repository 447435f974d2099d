import {
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { BodyDetail, MetaInfo, ProgressEntry, Seat } from '../../../contract/alliance.ts';
import { api, get, post } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction } from '../../components/use-action.ts';
import {
  ConveneDialog,
  DeliverableDialog,
  DocumentDialog,
  EndSeatDialog,
  MetaDialog,
  ObjectiveDialog,
  ProgressDialog,
  SeatDialog,
  SynthesisDialog,
} from './body-forms.tsx';
import {
  AK,
  ALink,
  BackToAlliance,
  Field,
  PageHeader,
  ParityBadge,
  Prose,
  SideBadge,
  StateBadge,
  useFormat,
  useRefresh,
} from './common.tsx';
import { DocumentTable, MeetingTable, ResolutionTable, SynthesisTable, TaskTable } from './lists.tsx';
import { RollupLine } from './OverviewPage.tsx';
import {
  AddBodyDialog,
  EditBodyDialog,
  type NewBodyTarget,
  RestoreBodyButton,
  RetireBodyDialog,
} from './structure-forms.tsx';

type Body = BodyDetail;
type SeatT = z.infer<typeof Seat>;

export function BodyPage() {
  const { bodyId } = useParams({ strict: false }) as { bodyId: string };
  const q = useQuery({
    queryKey: [AK, 'body', bodyId],
    queryFn: () => get<Body>(`/api/alliance/bodies/${bodyId}`),
  });
  return <QueryView query={q}>{(b) => <BodyView body={b} />}</QueryView>;
}

function BodyView({ body }: { body: Body }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const follow = useAction();
  const [structure, setStructure] = useState<'edit' | 'retire' | null>(null);
  const [restored, setRestored] = useState<string | null>(null);
  // Only ejes and mesas may be retired (the commission and the secretariat stay); the server says so too.
  const canRetire = body.can.edit && !body.retired && (body.kind === 'eje' || body.kind === 'mesa');
  // The open tab lives in the address (?tab=documents), so going back from a document returns to it.
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as { tab?: string };
  const tab = search.tab ?? 'summary';
  const setTab = (value: string | null) =>
    void navigate({
      search: { tab: value ?? 'summary' } as never,
      replace: true,
      resetScroll: false,
    } as never);
  const toggleFollow = async () => {
    await follow.run(() => api(body.following ? 'DELETE' : 'PUT', `/api/alliance/bodies/${body.id}/follow`));
    await refresh();
  };
  return (
    <Stack>
      <PageHeader
        title={`${body.code} · ${body.name}`}
        state={body.retired ? 'retired' : body.status}
        above={
          <Breadcrumbs separator="›">
            <BackToAlliance />
            {body.parent && (
              <ALink to="/alianza/organos/$bodyId" params={{ bodyId: String(body.parent.id) }} size="sm">
                {body.parent.code} · {body.parent.name}
              </ALink>
            )}
          </Breadcrumbs>
        }
      >
        <Group gap="xs">
          <Badge variant="outline" color="gray.8">
            {t(`alliance.bodyKinds.${body.kind}`)}
          </Badge>
          <Button
            size="xs"
            variant="default"
            loading={follow.busy}
            onClick={() => void toggleFollow()}
            aria-pressed={body.following}
          >
            {body.following ? t('alliance.body.unfollow') : t('alliance.body.follow')}
          </Button>
          {body.can.edit && (
            <Button size="xs" variant="default" onClick={() => setStructure('edit')}>
              {t('alliance.structure.edit')}
            </Button>
          )}
          {canRetire && (
            <Button size="xs" variant="default" color="red.9" onClick={() => setStructure('retire')}>
              {t('alliance.structure.retire')}
            </Button>
          )}
        </Group>
      </PageHeader>
      <ErrorAlert error={follow.error} />
      {body.retired && (
        <Card withBorder>
          <Stack gap="xs">
            <div role="status">
              <Text fw={600}>
                {t(`alliance.structure.retiredTitle.${body.kind === 'eje' ? 'eje' : 'mesa'}`)}
              </Text>
              <Text size="sm">{t('alliance.structure.retiredText')}</Text>
            </div>
            {body.can.edit && <RestoreBodyButton body={body} onDone={setRestored} />}
          </Stack>
        </Card>
      )}
      {restored && !body.retired && (
        <Text role="status" fw={600}>
          {restored}
        </Text>
      )}
      <EditBodyDialog body={body} opened={structure === 'edit'} onClose={() => setStructure(null)} />
      <RetireBodyDialog body={body} opened={structure === 'retire'} onClose={() => setStructure(null)} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="summary">{t('alliance.body.tabs.summary')}</Tabs.Tab>
          <Tabs.Tab value="seats">
            {t('alliance.body.tabs.seats', { count: body.seats.filter((s) => s.active).length })}
          </Tabs.Tab>
          {(body.kind === 'mesa' || body.metas.length > 0) && (
            <Tabs.Tab value="metas">{t('alliance.body.tabs.metas', { count: body.metas.length })}</Tabs.Tab>
          )}
          {body.kind !== 'secretariat' && (
            <Tabs.Tab value="documents">
              {t('alliance.body.tabs.documents', { count: body.documents.length + body.syntheses.length })}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="meetings">
            {t('alliance.body.tabs.meetings', { count: body.meetings.length })}
          </Tabs.Tab>
          <Tabs.Tab value="tasks">{t('alliance.body.tabs.tasks', { count: body.tasks.length })}</Tabs.Tab>
          <Tabs.Tab value="resolutions">
            {t('alliance.body.tabs.resolutions', { count: body.resolutions.length })}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="summary" pt="md">
          <SummaryPanel body={body} />
        </Tabs.Panel>
        <Tabs.Panel value="seats" pt="md">
          <SeatsPanel body={body} />
        </Tabs.Panel>
        <Tabs.Panel value="metas" pt="md">
          <MetasPanel body={body} />
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="md">
          <DocumentsPanel body={body} />
        </Tabs.Panel>
        <Tabs.Panel value="meetings" pt="md">
          <MeetingsPanel body={body} />
        </Tabs.Panel>
        <Tabs.Panel value="tasks" pt="md">
          <TaskTable items={body.tasks} label={t('alliance.body.tabs.tasks', { count: body.tasks.length })} />
        </Tabs.Panel>
        <Tabs.Panel value="resolutions" pt="md">
          <ResolutionTable
            items={body.resolutions}
            label={t('alliance.body.tabs.resolutions', { count: body.resolutions.length })}
          />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function SummaryPanel({ body }: { body: Body }) {
  const { t } = useTranslation();
  const [addingObjective, setAddingObjective] = useState(false);
  const [adding, setAdding] = useState<NewBodyTarget | null>(null);
  // The commission takes ejes, an eje its mesas: offered to whoever may edit the structure here.
  const childKind = body.kind === 'commission' ? 'eje' : body.kind === 'eje' ? 'mesa' : null;
  const canAdd = childKind !== null && body.can.edit && !body.retired;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Stack gap="xs">
            {body.acuerdo && <Field label={t('alliance.body.acuerdo')}>{body.acuerdo}</Field>}
            <Field label={t('alliance.body.description')}>
              <Prose text={body.description} />
            </Field>
          </Stack>
        </Card>
        <Card withBorder>
          <Stack gap="xs">
            <Text fw={600}>{t('alliance.parity.title')}</Text>
            <ParityBadge parity={body.parity} withText />
            <Text fw={600} mt="xs">
              {t('alliance.rollup.title')}
            </Text>
            <RollupLine rollup={body.rollup} />
          </Stack>
        </Card>
      </SimpleGrid>
      {(body.objectives.length > 0 || body.can.editMetas) && (
        <Section
          title={t('alliance.body.objectives')}
          actions={
            // The mesa's officers add objectives, as the server allows (not the commission).
            body.can.editMetas && (
              <Button variant="default" onClick={() => setAddingObjective(true)}>
                {t('alliance.body.addObjective')}
              </Button>
            )
          }
        >
          {body.objectives.length === 0 ? (
            <Text>{t('alliance.body.noObjectives')}</Text>
          ) : (
            <Stack gap={4} component="ol" style={{ paddingLeft: 20, margin: 0 }}>
              {body.objectives.map((o) => (
                <li key={o.id}>{o.text}</li>
              ))}
            </Stack>
          )}
        </Section>
      )}
      <ObjectiveDialog body={body} opened={addingObjective} onClose={() => setAddingObjective(false)} />
      {(body.children.length > 0 || canAdd) && (
        <Section
          title={body.kind === 'eje' ? t('alliance.body.mesas') : t('alliance.body.children')}
          actions={
            canAdd &&
            childKind && (
              <Button
                variant="default"
                onClick={() =>
                  setAdding({
                    parent: body,
                    kind: childKind,
                    siblingCodes: body.children.map((c) => c.code),
                  })
                }
              >
                {childKind === 'eje' ? t('alliance.structure.addEje') : t('alliance.structure.addMesa')}
              </Button>
            )
          }
        >
          {body.children.length === 0 && body.kind === 'eje' && (
            <Text>{t('alliance.structure.noMesas')}</Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {body.children.map((c) => (
              <Card key={c.id} withBorder padding="sm">
                <Stack gap={4}>
                  <Group justify="space-between" wrap="nowrap" align="start">
                    <ALink to="/alianza/organos/$bodyId" params={{ bodyId: String(c.id) }} fw={600}>
                      {c.code} · {c.name}
                    </ALink>
                    <StateBadge state={c.retired ? 'retired' : c.status} />
                  </Group>
                  <ParityBadge parity={c.parity} />
                  <RollupLine rollup={c.rollup} />
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        </Section>
      )}
      <AddBodyDialog target={adding} onClose={() => setAdding(null)} />
    </Stack>
  );
}

function SeatsPanel({ body }: { body: Body }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<SeatT | null>(null);
  const sides = ['sep', 'snte'] as const;
  return (
    <Stack>
      <Group justify="space-between">
        <ParityBadge parity={body.parity} withText />
        {body.can.manageSeats && <Button onClick={() => setAdding(true)}>{t('alliance.seats.add')}</Button>}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {sides.map((side) => {
          const seats = body.seats.filter((s) => s.side === side);
          return (
            <Section key={side} title={t(`alliance.sides.${side}`)}>
              {seats.length === 0 ? (
                <Text>{t('alliance.seats.none')}</Text>
              ) : (
                <Stack gap="xs">
                  {seats.map((s) => (
                    <Card key={s.id} withBorder padding="sm" style={s.active ? undefined : { opacity: 0.85 }}>
                      <Group justify="space-between" wrap="wrap" align="start">
                        <div>
                          <Text fw={600}>{s.person.name}</Text>
                          <Text size="sm">
                            {t(`alliance.positions.${s.position}`)} · <SideBadge side={s.side} />
                          </Text>
                          <Text size="sm">{s.person.email}</Text>
                          <Text size="sm">
                            {t('alliance.seats.since', { date: f.day(s.designatedOn) })}
                            {s.endsOn ? ` · ${t('alliance.seats.until', { date: f.day(s.endsOn) })}` : ''}
                          </Text>
                          {!s.active && (
                            <Badge color="gray.8" variant="filled">
                              {t('alliance.seats.inactive')}
                            </Badge>
                          )}
                        </div>
                        {body.can.manageSeats && s.active && (
                          <Button size="xs" variant="default" color="red.9" onClick={() => setEnding(s)}>
                            {t('alliance.seats.end')}
                          </Button>
                        )}
                      </Group>
                    </Card>
                  ))}
                </Stack>
              )}
            </Section>
          );
        })}
      </SimpleGrid>
      <SeatDialog body={body} opened={adding} onClose={() => setAdding(false)} />
      <EndSeatDialog seat={ending} onClose={() => setEnding(null)} />
    </Stack>
  );
}

function MetasPanel({ body }: { body: Body }) {
  const { t } = useTranslation();
  const f = useFormat();
  const refresh = useRefresh();
  const [editing, setEditing] = useState<{ meta: MetaInfo | null } | null>(null);
  const [reporting, setReporting] = useState<MetaInfo | null>(null);
  const [history, setHistory] = useState<number | null>(null);
  const [confirm, setConfirm] = useState<{ meta: MetaInfo; action: 'approve' | 'retire' } | null>(null);
  const act = useAction();
  const doConfirm = async () => {
    if (!confirm) return;
    const ok = await act.run(() => post(`/api/alliance/metas/${confirm.meta.id}/${confirm.action}`));
    await refresh();
    if (ok) setConfirm(null);
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Text>{t('alliance.metas.intro')}</Text>
        {body.can.editMetas && (
          <Button onClick={() => setEditing({ meta: null })}>{t('alliance.metas.new')}</Button>
        )}
      </Group>
      {body.metas.length === 0 && <Text>{t('alliance.metas.empty')}</Text>}
      {body.metas.map((m) => (
        <Card key={m.id} withBorder component="article" aria-label={m.title}>
          <Stack gap="xs">
            <Group justify="space-between" wrap="wrap" align="start">
              <Text fw={700}>{m.title}</Text>
              <StateBadge state={m.status} />
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
              <Field label={t('alliance.metas.indicator')}>{m.indicator ?? '—'}</Field>
              <Field label={t('alliance.metas.baselineTarget')}>
                {f.num(m.baseline)} → {f.num(m.target)} {m.unit ?? ''}
              </Field>
              <Field label={t('alliance.metas.dueOn')}>{f.day(m.dueOn)}</Field>
              <Field label={t('alliance.metas.responsible')}>{m.responsible ?? '—'}</Field>
            </SimpleGrid>
            <Field label={t('alliance.metas.normativeAnchor')}>{m.normativeAnchor ?? '—'}</Field>
            {m.latest ? (
              <div>
                <Text size="sm">
                  {t('alliance.metas.latest', {
                    value: f.num(m.latest.value),
                    unit: m.unit ?? '',
                    period: m.latest.period,
                  })}
                  {m.latest.percent !== null ? ` · ${Math.round(m.latest.percent)} %` : ''}
                </Text>
                {m.latest.percent !== null && (
                  <Progress
                    value={m.latest.percent}
                    color="blue.8"
                    aria-label={t('alliance.metas.progressOf', { title: m.title })}
                  />
                )}
              </div>
            ) : (
              m.status === 'approved' && <Text size="sm">{t('alliance.metas.noReport')}</Text>
            )}
            {m.status === 'draft' && m.missing.length > 0 && (
              <Text size="sm" c="#9a3412">
                {t('alliance.metas.missing', {
                  fields: m.missing.map((x) => t(`alliance.metas.missingFields.${x}`)).join(', '),
                })}
              </Text>
            )}
            <Group gap="xs">
              {m.status === 'draft' && body.can.editMetas && (
                <Button size="xs" variant="default" onClick={() => setEditing({ meta: m })}>
                  {t('alliance.metas.edit')}
                </Button>
              )}
              {m.status === 'draft' && body.can.approveMetas && (
                <Button
                  size="xs"
                  onClick={() => {
                    act.setError(null);
                    setConfirm({ meta: m, action: 'approve' });
                  }}
                >
                  {t('alliance.metas.approve')}
                </Button>
              )}
              {m.status !== 'retired' && body.can.approveMetas && (
                <Button
                  size="xs"
                  variant="default"
                  color="red.9"
                  onClick={() => {
                    act.setError(null);
                    setConfirm({ meta: m, action: 'retire' });
                  }}
                >
                  {t('alliance.metas.retire')}
                </Button>
              )}
              {m.status === 'approved' && body.can.reportProgress && (
                <Button size="xs" onClick={() => setReporting(m)}>
                  {t('alliance.metas.report')}
                </Button>
              )}
              {m.status !== 'draft' && (
                <Button
                  size="xs"
                  variant="default"
                  aria-expanded={history === m.id}
                  onClick={() => setHistory(history === m.id ? null : m.id)}
                >
                  {t('alliance.metas.history')}
                </Button>
              )}
            </Group>
            {history === m.id && <ProgressHistory meta={m} />}
          </Stack>
        </Card>
      ))}
      <MetaDialog
        body={body}
        meta={editing?.meta ?? null}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
      <ProgressDialog meta={reporting} onClose={() => setReporting(null)} />
      <ConfirmDialog
        opened={confirm !== null}
        title={confirm ? t(`alliance.metas.${confirm.action}`) : ''}
        onCancel={() => setConfirm(null)}
        onConfirm={() => void doConfirm()}
        danger={confirm?.action === 'retire'}
        busy={act.busy}
        error={act.error}
      >
        <Text>{confirm && t(`alliance.metas.${confirm.action}Confirm`, { title: confirm.meta.title })}</Text>
      </ConfirmDialog>
    </Stack>
  );
}

function ProgressHistory({ meta }: { meta: MetaInfo }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({
    queryKey: [AK, 'progress', meta.id],
    queryFn: () => get<z.infer<typeof ProgressEntry>[]>(`/api/alliance/metas/${meta.id}/progress`),
  });
  return (
    <QueryView query={q} isEmpty={(d) => d.length === 0} emptyText={t('alliance.metas.noReport')}>
      {(rows) => (
        <ScrollTable label={t('alliance.metas.history')} minWidth={600}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('alliance.metas.period')}</Table.Th>
                <Table.Th>{t('alliance.metas.value')}</Table.Th>
                <Table.Th>%</Table.Th>
                <Table.Th>{t('alliance.metas.narrative')}</Table.Th>
                <Table.Th>{t('alliance.metas.evidence')}</Table.Th>
                <Table.Th>{t('alliance.metas.reportedBy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.period}</Table.Td>
                  <Table.Td>{f.num(r.value)}</Table.Td>
                  <Table.Td>{r.percent === null ? '—' : Math.round(r.percent)}</Table.Td>
                  <Table.Td>{r.narrative || '—'}</Table.Td>
                  <Table.Td>{r.evidence || '—'}</Table.Td>
                  <Table.Td>
                    {r.reportedBy?.name ?? '—'} · {f.time(r.reportedAt)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </QueryView>
  );
}

function DocumentsPanel({ body }: { body: Body }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [dialog, setDialog] = useState<'doc' | 'deliverable' | 'synthesis' | null>(null);
  return (
    <Stack gap="lg">
      {(body.kind === 'mesa' || body.deliverables.length > 0) && (
        <Section
          title={t('alliance.deliverables.section')}
          actions={
            body.can.setDeliverables && (
              <Button variant="default" onClick={() => setDialog('deliverable')}>
                {t('alliance.deliverables.new')}
              </Button>
            )
          }
        >
          {body.deliverables.length === 0 ? (
            <Text>{t('alliance.deliverables.empty')}</Text>
          ) : (
            <Stack gap={4} component="ul" style={{ paddingLeft: 20, margin: 0 }}>
              {body.deliverables.map((d) => (
                <li key={d.id}>
                  <Text span fw={600}>
                    {d.title}
                  </Text>{' '}
                  — {t('alliance.deliverables.due', { date: f.day(d.dueOn) })}{' '}
                  {d.fulfilled ? (
                    <Badge color="#2b6e35" variant="filled">
                      {t('alliance.deliverables.fulfilled')}
                    </Badge>
                  ) : d.overdue ? (
                    <Badge color="red.9" variant="filled">
                      {t('alliance.overdue')}
                    </Badge>
                  ) : (
                    <Badge color="#9a3412" variant="filled">
                      {t('alliance.states.pending')}
                    </Badge>
                  )}
                  {d.documentId && (
                    <>
                      {' '}
                      <ALink to="/alianza/documentos/$id" params={{ id: d.documentId }}>
                        {t('alliance.deliverables.document')}
                      </ALink>
                    </>
                  )}
                </li>
              ))}
            </Stack>
          )}
        </Section>
      )}
      <Section
        title={t('alliance.documents.title')}
        actions={
          body.can.draft && <Button onClick={() => setDialog('doc')}>{t('alliance.documents.new')}</Button>
        }
      >
        <DocumentTable docs={body.documents} label={t('alliance.documents.title')} />
      </Section>
      {(body.kind === 'eje' || body.syntheses.length > 0) && (
        <Section
          title={t('alliance.syntheses.title')}
          actions={
            body.can.writeSynthesis && (
              <Button onClick={() => setDialog('synthesis')}>{t('alliance.syntheses.new')}</Button>
            )
          }
        >
          <SynthesisTable items={body.syntheses} label={t('alliance.syntheses.title')} />
        </Section>
      )}
      <DocumentDialog body={body} opened={dialog === 'doc'} onClose={() => setDialog(null)} />
      <DeliverableDialog body={body} opened={dialog === 'deliverable'} onClose={() => setDialog(null)} />
      <SynthesisDialog body={body} opened={dialog === 'synthesis'} onClose={() => setDialog(null)} />
    </Stack>
  );
}

function MeetingsPanel({ body }: { body: Body }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Section
      title={t('alliance.meetings.title')}
      actions={
        body.can.convene && <Button onClick={() => setOpen(true)}>{t('alliance.meetings.convene')}</Button>
      }
    >
      <MeetingTable items={body.meetings} label={t('alliance.meetings.title')} />
      <ConveneDialog body={body} opened={open} onClose={() => setOpen(false)} />
    </Section>
  );
}
