import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Fieldset,
  Group,
  List,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AdaptationDetail,
  DEADLINES,
  type EffectiveRulesView,
  type FederalRules,
  PRIORITY_CRITERIA,
  type StateAdaptation,
} from '../../../contract/rules.ts';
import { ApiError, get, post, put, qs } from '../../api/client.ts';
import { CONTRAST_VARS } from '../../components/contrast.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction } from '../../components/use-action.ts';
import { useFmt } from '../../components/use-fmt.ts';
import { CycleCrumbs, VersionsTable } from './CyclePage.tsx';
import { DraftActions, fieldProblem, PublishDialog, problemsByPath, RK, useRefreshRules } from './common.tsx';
import { DateInput, IntInput, PercentInput, PesosInput } from './inputs.tsx';
import { DocumentsEditor } from './RulesEditor.tsx';
import { categoryLimit, tierLabel } from './RulesView.tsx';

type Fmt = ReturnType<typeof useFmt>;

const EMPTY: StateAdaptation = {
  calendar: {},
  weights: {},
  extraDocuments: [],
  stateContribution: 0,
  grantCaps: null,
  matchCap: null,
  categoryCaps: {},
  notes: '',
};

/** The federal cap for a tier with the same year limit, to show beside the state's. */
const federalTierCap = (federal: FederalRules, maxYears: number | null) =>
  federal.money.grantTiers.find((g) => g.maxYears === maxYears)?.cap ?? null;

/** How a deadline is bound: the state's call may not open earlier, any other date may not fall later. */
const boundText = (d: string, federal: FederalRules, t: TFunction, fmt: Fmt) =>
  t(d === 'call_opens' ? 'rules.adaptation.notBefore' : 'rules.adaptation.notAfter', {
    date: fmt.day(federal.calendar[d as keyof FederalRules['calendar']]),
  });

/** What the adaptation changes, rule by rule, beside the federal value. */
function adaptationRows(a: StateAdaptation, federal: FederalRules, t: TFunction, fmt: Fmt) {
  const rows: { key: string; label: string; federal: string; state: string }[] = [];
  for (const d of DEADLINES) {
    const v = a.calendar[d];
    if (v !== undefined)
      rows.push({
        key: `calendar.${d}`,
        label: t(`rules.deadlines.${d}`),
        federal: fmt.day(federal.calendar[d]),
        state: fmt.day(v),
      });
  }
  for (const c of PRIORITY_CRITERIA) {
    const v = a.weights[c];
    if (v !== undefined)
      rows.push({
        key: `weights.${c}`,
        label: `${t('rules.adaptation.weight')}: ${t(`rules.criteria.${c}`)}`,
        federal:
          federal.priority.weights[c] === undefined
            ? '—'
            : t('rules.priority.points', { count: federal.priority.weights[c] }),
        state: t('rules.priority.points', { count: v }),
      });
  }
  for (const d of a.extraDocuments)
    rows.push({
      key: `doc.${d.code}`,
      label: `${t('rules.adaptation.extraDocument')}: ${d.name}`,
      federal: t('rules.effective.absent'),
      state: t('rules.eligibility.required'),
    });
  rows.push({
    key: 'stateContribution',
    label: t('rules.money.stateContribution'),
    federal: '—',
    state: fmt.pesos(a.stateContribution),
  });
  for (const g of a.grantCaps ?? [])
    rows.push({
      key: `tier.${g.maxYears}`,
      label: `${t('rules.money.grantCap')}: ${tierLabel(g.maxYears, t)}`,
      federal: fmt.pesos(federalTierCap(federal, g.maxYears)),
      state: fmt.pesos(g.cap),
    });
  if (a.matchCap !== null)
    rows.push({
      key: 'matchCap',
      label: t('rules.money.matchCap'),
      federal: fmt.pesos(federal.money.matchCap),
      state: fmt.pesos(a.matchCap),
    });
  for (const [code, caps] of Object.entries(a.categoryCaps)) {
    const cat = federal.spending.categories.find((c) => c.code === code);
    rows.push({
      key: `cat.${code}`,
      label: cat?.name ?? code,
      federal: cat ? categoryLimit(cat, t, fmt) : '—',
      state: categoryLimit(
        {
          forbidden: false,
          maxAmount: caps.maxAmount ?? cat?.maxAmount ?? null,
          maxShareBp: caps.maxShareBp ?? cat?.maxShareBp ?? null,
        },
        t,
        fmt,
      ),
    });
  }
  return rows;
}

function AdaptationDocument({
  a,
  federal,
  label,
}: {
  a: StateAdaptation;
  federal: FederalRules;
  label: string;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const rows = adaptationRows(a, federal, t, fmt);
  return (
    <Stack style={CONTRAST_VARS}>
      <ScrollTable label={label} minWidth={640}>
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th style={{ width: '40%' }}>{t('rules.rule')}</Table.Th>
              <Table.Th>{t('rules.adaptation.federalValue')}</Table.Th>
              <Table.Th>{t('rules.adaptation.stateValue')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td>{r.label}</Table.Td>
                <Table.Td>{r.federal}</Table.Td>
                <Table.Td>{r.state}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {a.notes && (
        <div>
          <Text fw={600}>{t('rules.adaptation.notes')}</Text>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{a.notes}</Text>
        </div>
      )}
    </Stack>
  );
}

function AdaptationEditor({
  a,
  federal,
  update,
  problems,
}: {
  a: StateAdaptation;
  federal: FederalRules;
  update: (fn: (d: StateAdaptation) => void) => void;
  problems: Map<string, string>;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const p = (...paths: string[]) => fieldProblem(problems, ...paths);
  const fed = (text: string) => t('rules.adaptation.federal', { value: text });
  return (
    <Stack gap="lg" style={CONTRAST_VARS}>
      <Fieldset legend={t('rules.sections.calendar')}>
        <Text size="sm" mb="sm">
          {t('rules.adaptation.calendarHelp')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {DEADLINES.map((d) => (
            <DateInput
              key={d}
              label={t(`rules.deadlines.${d}`)}
              description={boundText(d, federal, t, fmt)}
              value={a.calendar[d] ?? ''}
              onChange={(v) =>
                update((x) => {
                  if (v) x.calendar[d] = v;
                  else delete x.calendar[d];
                })
              }
              error={p(`calendar.${d}`)}
            />
          ))}
        </SimpleGrid>
      </Fieldset>

      <Fieldset legend={t('rules.sections.priority')}>
        <Text size="sm" mb="sm">
          {t('rules.adaptation.weightsHelp')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {PRIORITY_CRITERIA.map((c) => (
            <IntInput
              key={c}
              label={t(`rules.criteria.${c}`)}
              description={fed(
                federal.priority.weights[c] === undefined
                  ? '—'
                  : t('rules.priority.points', { count: federal.priority.weights[c] }),
              )}
              max={100}
              value={a.weights[c]}
              onChange={(v) =>
                update((x) => {
                  if (v === null) delete x.weights[c];
                  else x.weights[c] = v;
                })
              }
              error={p(`weights.${c}`)}
            />
          ))}
        </SimpleGrid>
      </Fieldset>

      <Fieldset legend={t('rules.adaptation.extraDocuments')}>
        <DocumentsEditor
          legend=""
          description={t('rules.adaptation.extraDocumentsHelp', {
            list: federal.eligibility.documents.map((d) => d.name).join('; '),
          })}
          docs={a.extraDocuments}
          onChange={(docs) =>
            update((x) => {
              x.extraDocuments = docs;
            })
          }
          problem={(i) => p(`extraDocuments.${i}`)}
          listProblem={p('extraDocuments')}
        />
      </Fieldset>

      <Fieldset legend={t('rules.sections.money')}>
        <Stack>
          <PesosInput
            label={t('rules.money.stateContribution')}
            description={t('rules.adaptation.stateContributionHelp', {
              n: fmt.num(federal.money.federalPerStatePeso),
              amount: fmt.pesos(a.stateContribution * federal.money.federalPerStatePeso),
            })}
            required
            value={a.stateContribution}
            onChange={(v) =>
              update((x) => {
                x.stateContribution = v ?? 0;
              })
            }
            error={p('stateContribution')}
          />
          <PesosInput
            label={t('rules.money.matchCap')}
            description={`${fed(fmt.pesos(federal.money.matchCap))} ${t('rules.adaptation.blankFederal')}`}
            value={a.matchCap}
            onChange={(v) =>
              update((x) => {
                x.matchCap = v;
              })
            }
            error={p('money.matchCap', 'matchCap')}
          />
          <Checkbox
            label={t('rules.adaptation.ownTiers')}
            checked={a.grantCaps !== null}
            onChange={(ev) => {
              const on = ev.currentTarget.checked;
              update((x) => {
                x.grantCaps = on ? structuredClone(federal.money.grantTiers) : null;
              });
            }}
          />
          {a.grantCaps?.map((g, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: tiers have no identity besides their place
            <Group key={i} align="start" wrap="wrap">
              <IntInput
                label={t('rules.money.tierMaxYears', { n: i + 1 })}
                placeholder={t('rules.money.tierNoLimit')}
                max={50}
                value={g.maxYears}
                onChange={(v) =>
                  update((x) => {
                    (x.grantCaps?.[i] as typeof g).maxYears = v;
                  })
                }
              />
              <PesosInput
                label={t('rules.money.tierCap', { n: i + 1 })}
                description={`${tierLabel(g.maxYears, t)} · ${fed(fmt.pesos(federalTierCap(federal, g.maxYears)))}`}
                required
                value={g.cap}
                onChange={(v) =>
                  update((x) => {
                    (x.grantCaps?.[i] as typeof g).cap = v ?? 0;
                  })
                }
                error={p(`money.grantTiers.${g.maxYears ?? 'beyond'}`, `grantCaps.${i}`)}
              />
            </Group>
          ))}
        </Stack>
      </Fieldset>

      <Fieldset legend={t('rules.sections.spending')}>
        <Text size="sm" mb="sm">
          {t('rules.adaptation.categoriesHelp')}
        </Text>
        <Stack>
          {federal.spending.categories
            .filter((c) => !c.forbidden)
            .map((c) => {
              const caps = a.categoryCaps[c.code] ?? { maxAmount: null, maxShareBp: null };
              const set = (patch: Partial<typeof caps>) =>
                update((x) => {
                  const next = { ...caps, ...patch };
                  if (next.maxAmount === null && next.maxShareBp === null) delete x.categoryCaps[c.code];
                  else x.categoryCaps[c.code] = next;
                });
              return (
                <Fieldset key={c.code} legend={c.name} variant="filled">
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <PesosInput
                      label={t('rules.spending.maxAmountLabel')}
                      description={fed(
                        c.maxAmount === null ? t('rules.spending.noCap') : fmt.pesos(c.maxAmount),
                      )}
                      value={caps.maxAmount}
                      onChange={(v) => set({ maxAmount: v })}
                      error={p(`spending.${c.code}.maxAmount`) ?? problems.get(`spending.${c.code}`)}
                    />
                    <PercentInput
                      label={t('rules.spending.maxShareLabel')}
                      description={fed(
                        c.maxShareBp === null ? t('rules.spending.noCap') : fmt.pct(c.maxShareBp),
                      )}
                      value={caps.maxShareBp}
                      onChange={(v) => set({ maxShareBp: v })}
                      error={p(`spending.${c.code}.maxShareBp`)}
                    />
                  </SimpleGrid>
                </Fieldset>
              );
            })}
          <Text size="sm">
            {t('rules.adaptation.forbiddenList', {
              list: federal.spending.categories
                .filter((c) => c.forbidden)
                .map((c) => c.name)
                .join('; '),
            })}
          </Text>
        </Stack>
      </Fieldset>

      <Textarea
        label={t('rules.adaptation.notes')}
        autosize
        minRows={3}
        value={a.notes}
        onChange={(ev) => {
          const v = ev.currentTarget.value;
          update((x) => {
            x.notes = v;
          });
        }}
        error={p('notes')}
      />
    </Stack>
  );
}

/** A state's adaptation of the cycle's rules (criterios estatales): published, draft, history, editing. */
export function AdaptationPage() {
  const { t } = useTranslation();
  const { cycleId, stateId } = useParams({ strict: false }) as { cycleId: string; stateId: string };
  const detail = useQuery({
    queryKey: [RK, 'adaptation', cycleId, stateId],
    queryFn: () => get<AdaptationDetail>(`/api/pec/cycles/${cycleId}/states/${stateId}/adaptation`),
  });
  // The federal rules in force, readable by the state's people (the cycle page is national).
  const view = useQuery({
    queryKey: [RK, 'effective', cycleId, stateId],
    queryFn: () => get<EffectiveRulesView>(`/api/pec/cycles/${cycleId}/effective${qs({ unitId: stateId })}`),
  });
  const refresh = useRefreshRules();
  const save = useAction();
  const [editing, setEditing] = useState<{ doc: StateAdaptation; revision: number | undefined } | null>(null);
  const [tab, setTab] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  if (detail.isPending || view.isPending) return <Loading />;
  if (detail.error || view.error)
    return (
      <Stack>
        <CycleCrumbs />
        <ErrorAlert error={detail.error ?? view.error} />
      </Stack>
    );
  const a = detail.data;
  const federal = view.data.federal;
  const cycle = view.data.cycle;
  const draftInfo = a.versions.find((v) => v.status === 'draft');
  const activeTab = tab ?? (a.published ? 'published' : 'draft');
  const problems = problemsByPath(save.error);
  const stale = save.error instanceof ApiError && save.error.problem.code === 'rules_stale';

  const startEditing = () => {
    save.setError(null);
    setNotice(null);
    setEditing({
      doc: structuredClone(a.draft ?? a.published ?? EMPTY),
      // 0 when starting a new draft: if someone else started one meanwhile, the save is refused as stale.
      revision: a.draft ? (a.draftRevision ?? 0) : 0,
    });
  };
  const update = (fn: (d: StateAdaptation) => void) =>
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
        const res = await put<{ revision: number }>(
          `/api/pec/cycles/${cycleId}/states/${stateId}/adaptation/draft`,
          {
            document: editing.doc,
            ...(editing.revision === undefined ? {} : { revision: editing.revision }),
          },
        );
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
      <CycleCrumbs schoolYear={cycle.schoolYear} cycleId={cycleId} />
      <Group justify="space-between" align="start">
        <Stack gap={4}>
          <Title order={1}>{t('rules.adaptation.title', { state: a.state.name })}</Title>
          <Group gap="xs">
            <Text>
              {t('rules.cycles.cycleName', { year: cycle.schoolYear })} ·{' '}
              {t('rules.adaptation.federalVersion', { version: view.data.federalVersion })}
            </Text>
            {a.published ? (
              <Badge color="#2b6e35" variant="filled">
                {t('rules.cycle.inForce', {
                  version: a.versions.find((v) => v.status === 'published')?.version,
                })}
              </Badge>
            ) : (
              <Badge color="gray.8" variant="filled">
                {t('rules.adaptations.none')}
              </Badge>
            )}
          </Group>
        </Stack>
        <Group>
          <Button
            renderRoot={(props) => (
              <Link
                {...props}
                to="/reglas/$cycleId/efectivas"
                params={{ cycleId }}
                search={{ unitId: Number(stateId) } as never}
              />
            )}
            variant="default"
          >
            {t('rules.effective.open')}
          </Button>
          {a.can.adapt && !editing && (
            <>
              <Button variant="default" onClick={startEditing}>
                {a.draft ? t('rules.draft.edit') : t('rules.draft.create')}
              </Button>
              {a.draft && <Button onClick={() => setPublishing(true)}>{t('rules.draft.publish')}</Button>}
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
      {!editing && a.draftProblems.length > 0 && (
        <Alert color="red" title={t('rules.adaptation.draftProblems')}>
          <List size="sm">
            {a.draftProblems.map((x) => (
              <List.Item key={`${x.rule}:${x.message}`}>{x.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}

      {editing ? (
        <Section title={t('rules.draft.editing', { version: draftInfo?.version ?? a.versions.length + 1 })}>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <Stack>
              <Text>{t('rules.adaptation.editHelp')}</Text>
              <AdaptationEditor a={editing.doc} federal={federal} update={update} problems={problems} />
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
        <Section title={t('rules.adaptation.changes')}>
          {!a.published && !a.draft ? (
            <Text>{t('rules.adaptation.noneYet')}</Text>
          ) : (
            <Tabs value={activeTab} onChange={setTab} keepMounted={false}>
              <Tabs.List>
                {a.published && (
                  <Tabs.Tab value="published">
                    {t('rules.cycle.publishedTab', {
                      version: a.versions.find((v) => v.status === 'published')?.version,
                    })}
                  </Tabs.Tab>
                )}
                {a.draft && (
                  <Tabs.Tab value="draft">
                    {t('rules.cycle.draftTab', { version: draftInfo?.version ?? '' })}
                  </Tabs.Tab>
                )}
              </Tabs.List>
              {a.published && (
                <Tabs.Panel value="published" pt="md">
                  <AdaptationDocument
                    a={a.published}
                    federal={federal}
                    label={t('rules.adaptation.changes')}
                  />
                </Tabs.Panel>
              )}
              {a.draft && (
                <Tabs.Panel value="draft" pt="md">
                  <AdaptationDocument a={a.draft} federal={federal} label={t('rules.adaptation.changes')} />
                </Tabs.Panel>
              )}
            </Tabs>
          )}
        </Section>
      )}

      <Section title={t('rules.versions.title')}>
        <VersionsTable versions={a.versions} label={t('rules.versions.title')} />
      </Section>

      <Text size="sm">
        <Anchor renderRoot={(props) => <Link {...props} to="/reglas/$cycleId" params={{ cycleId }} />}>
          {t('rules.adaptation.federalLink')}
        </Anchor>
      </Text>

      {a.can.adapt && a.draft && (
        <PublishDialog
          opened={publishing}
          onClose={() => setPublishing(false)}
          version={draftInfo?.version ?? null}
          correcting={a.published !== null}
          what={t('rules.publish.adaptation', { state: a.state.name })}
          onPublish={async (reason) => {
            const res = await post<{ version: number }>(
              `/api/pec/cycles/${cycleId}/states/${stateId}/adaptation/publish`,
              { reason },
            );
            await refresh();
            setTab('published');
            setNotice(t('rules.publish.done', { version: res.version }));
          }}
        />
      )}
    </Stack>
  );
}
