import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CycleDetail, FederalRules } from '../../../contract/rules.ts';
import { ApiError, get, post, put } from '../../api/client.ts';
import { CONTRAST_VARS } from '../../components/contrast.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction } from '../../components/use-action.ts';
import { useFmt } from '../../components/use-fmt.ts';
import {
  DraftActions,
  PublishDialog,
  problemsByPath,
  RK,
  StatusBadge,
  useRefreshRules,
  type VersionInfo,
} from './common.tsx';
import { RulesEditor } from './RulesEditor.tsx';
import { RulesDocument } from './RulesView.tsx';

export function useCycle(cycleId: string) {
  return useQuery({
    queryKey: [RK, 'cycle', cycleId],
    queryFn: () => get<CycleDetail>(`/api/pec/cycles/${cycleId}`),
  });
}

export function CycleCrumbs({ schoolYear, cycleId }: { schoolYear?: string | undefined; cycleId?: string }) {
  const { t } = useTranslation();
  return (
    <Breadcrumbs separator="›">
      <Anchor renderRoot={(props) => <Link {...props} to="/reglas" />} size="sm">
        {t('rules.title')}
      </Anchor>
      {schoolYear && cycleId && (
        <Anchor
          renderRoot={(props) => <Link {...props} to="/reglas/$cycleId" params={{ cycleId }} />}
          size="sm"
        >
          {t('rules.cycles.cycleName', { year: schoolYear })}
        </Anchor>
      )}
    </Breadcrumbs>
  );
}

/** Version history: every published version with when, who and why, and the draft if any. */
export function VersionsTable({ versions, label }: { versions: VersionInfo[]; label: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  if (versions.length === 0) return <Text>{t('rules.versions.empty')}</Text>;
  return (
    <ScrollTable label={label} minWidth={680}>
      <Table striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('rules.versions.version')}</Table.Th>
            <Table.Th>{t('rules.versions.status')}</Table.Th>
            <Table.Th>{t('rules.versions.publishedAt')}</Table.Th>
            <Table.Th>{t('rules.versions.publishedBy')}</Table.Th>
            <Table.Th>{t('rules.versions.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v) => (
            <Table.Tr key={v.version}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {t('rules.versionN', { version: v.version })}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <StatusBadge status={v.status} />
              </Table.Td>
              <Table.Td>
                {v.status === 'published'
                  ? fmt.time(v.publishedAt)
                  : t('rules.versions.updatedAt', { at: fmt.time(v.updatedAt) })}
              </Table.Td>
              <Table.Td>
                {v.publishedBy?.name ?? (v.status === 'published' ? t('rules.versions.system') : '—')}
              </Table.Td>
              <Table.Td>
                {v.reason ||
                  (v.status === 'published' && v.version === Math.min(...versions.map((x) => x.version))
                    ? t('rules.versions.original')
                    : '—')}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** A cycle's federal rules of operation: published and draft, history, editing, publishing and the states' adaptations. */
export function CyclePage() {
  const { t } = useTranslation();
  const { cycleId } = useParams({ strict: false }) as { cycleId: string };
  const q = useCycle(cycleId);
  const refresh = useRefreshRules();
  const [editing, setEditing] = useState<{ doc: FederalRules; revision: number | undefined } | null>(null);
  const [tab, setTab] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useAction();
  if (q.isPending) return <Loading />;
  if (q.error)
    return (
      <Stack>
        <CycleCrumbs />
        <ErrorAlert error={q.error} />
      </Stack>
    );
  const c = q.data;
  const draftInfo = c.versions.find((v) => v.status === 'draft');
  const activeTab = tab ?? (c.published ? 'published' : 'draft');
  const problems = problemsByPath(save.error);
  const stale = save.error instanceof ApiError && save.error.problem.code === 'rules_stale';

  const startEditing = () => {
    const source = c.draft ?? c.published;
    if (!source) return;
    save.setError(null);
    setNotice(null);
    setEditing({
      doc: structuredClone(source),
      // 0 when starting a new draft: if someone else started one meanwhile, the save is refused as stale.
      revision: c.draft ? (c.draftRevision ?? 0) : 0,
    });
  };
  const update = (fn: (d: FederalRules) => void) =>
    setEditing((e) => {
      if (!e) return e;
      const doc = structuredClone(e.doc);
      fn(doc);
      return { ...e, doc };
    });
  const submit = () => {
    if (!editing) return;
    void save
      .run(async () => {
        const res = await put<{ revision: number }>(`/api/pec/cycles/${cycleId}/rules/draft`, {
          document: editing.doc,
          ...(editing.revision === undefined ? {} : { revision: editing.revision }),
        });
        setEditing({ ...editing, revision: res.revision });
      })
      .then(async (ok) => {
        if (!ok) return;
        await refresh();
        setEditing(null);
        setTab('draft');
        setNotice(t('rules.draft.saved'));
      });
  };
  const discard = async () => {
    save.setError(null);
    setEditing(null);
    await refresh();
  };

  return (
    <Stack gap="lg" style={CONTRAST_VARS}>
      <CycleCrumbs />
      <Group justify="space-between" align="start">
        <Stack gap={4}>
          <Title order={1}>{t('rules.cycle.title', { year: c.schoolYear })}</Title>
          <Group gap="xs">
            <Text>{t('rules.cycle.fiscalYear', { year: c.fiscalYear })}</Text>
            {c.publishedVersion !== null ? (
              <Badge color="#2b6e35" variant="filled">
                {t('rules.cycle.inForce', { version: c.publishedVersion })}
              </Badge>
            ) : (
              <Badge color="gray.8" variant="filled">
                {t('rules.cycles.unpublished')}
              </Badge>
            )}
            {c.hasDraft && (
              <Badge color="gray.8" variant="outline">
                {t('rules.cycle.hasDraft')}
              </Badge>
            )}
          </Group>
        </Stack>
        <Group>
          {c.publishedVersion !== null && (
            <Button
              renderRoot={(props) => <Link {...props} to="/reglas/$cycleId/efectivas" params={{ cycleId }} />}
              variant="default"
            >
              {t('rules.effective.open')}
            </Button>
          )}
          {c.can.manage && !editing && (
            <>
              <Button variant="default" onClick={startEditing}>
                {c.draft ? t('rules.draft.edit') : t('rules.draft.create')}
              </Button>
              {c.draft && <Button onClick={() => setPublishing(true)}>{t('rules.draft.publish')}</Button>}
            </>
          )}
        </Group>
      </Group>

      {notice && (
        <Alert
          color="green"
          role="status"
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={() => setNotice(null)}
        >
          {notice}
        </Alert>
      )}

      {editing ? (
        <Section
          title={t('rules.draft.editing', { version: draftInfo?.version ?? (c.publishedVersion ?? 0) + 1 })}
        >
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <Stack>
              <Text>{c.draft ? t('rules.draft.editHelp') : t('rules.draft.createHelp')}</Text>
              <RulesEditor doc={editing.doc} update={update} problems={problems} />
              <DraftActions
                error={save.error}
                busy={save.busy}
                stale={stale}
                onDiscard={() => void discard()}
              />
            </Stack>
          </form>
        </Section>
      ) : (
        <Section title={t('rules.cycle.rules')}>
          {!c.published && !c.draft ? (
            <Text>{t('rules.cycle.noRules')}</Text>
          ) : (
            <Tabs value={activeTab} onChange={setTab} keepMounted={false}>
              <Tabs.List>
                {c.published && (
                  <Tabs.Tab value="published">
                    {t('rules.cycle.publishedTab', { version: c.publishedVersion })}
                  </Tabs.Tab>
                )}
                {c.draft && (
                  <Tabs.Tab value="draft">
                    {t('rules.cycle.draftTab', { version: draftInfo?.version ?? '' })}
                  </Tabs.Tab>
                )}
              </Tabs.List>
              {c.published && (
                <Tabs.Panel value="published" pt="md">
                  <RulesDocument
                    doc={c.published}
                    label={t('rules.cycle.publishedTab', { version: c.publishedVersion })}
                  />
                </Tabs.Panel>
              )}
              {c.draft && (
                <Tabs.Panel value="draft" pt="md">
                  <RulesDocument
                    doc={c.draft}
                    label={t('rules.cycle.draftTab', { version: draftInfo?.version ?? '' })}
                  />
                </Tabs.Panel>
              )}
            </Tabs>
          )}
        </Section>
      )}

      <Section title={t('rules.versions.title')}>
        <VersionsTable versions={c.versions} label={t('rules.versions.title')} />
      </Section>

      <Section title={t('rules.adaptations.title')}>
        <Text mb="xs">{t('rules.adaptations.intro')}</Text>
        <ScrollTable label={t('rules.adaptations.title')} minWidth={560}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('rules.adaptations.state')}</Table.Th>
                <Table.Th>{t('rules.adaptations.published')}</Table.Th>
                <Table.Th>{t('rules.adaptations.draft')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.adaptations.map((a) => (
                <Table.Tr key={a.state.id}>
                  <Table.Td>
                    <Anchor
                      renderRoot={(props) => (
                        <Link
                          {...props}
                          to="/reglas/$cycleId/estados/$stateId"
                          params={{ cycleId, stateId: String(a.state.id) }}
                        />
                      )}
                    >
                      {a.state.code} · {a.state.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {a.publishedVersion === null
                      ? t('rules.adaptations.none')
                      : t('rules.versionN', { version: a.publishedVersion })}
                  </Table.Td>
                  <Table.Td>{a.hasDraft ? t('rules.cycles.draftYes') : t('common.no')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </Section>

      {c.can.manage && c.draft && (
        <PublishDialog
          opened={publishing}
          onClose={() => setPublishing(false)}
          version={draftInfo?.version ?? null}
          correcting={c.publishedVersion !== null}
          what={t('rules.publish.federal', { year: c.schoolYear })}
          onPublish={async (reason) => {
            const res = await post<{ version: number }>(`/api/pec/cycles/${cycleId}/rules/publish`, {
              reason,
            });
            await refresh();
            setTab('published');
            setNotice(t('rules.publish.done', { version: res.version }));
          }}
        />
      )}
    </Stack>
  );
}
