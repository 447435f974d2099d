import { Accordion, Card, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { PublicAlliance } from '../../../contract/alliance.ts';
import { get } from '../../api/client.ts';
import { PublicLayout } from '../../components/PublicLayout.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ALink, Field, Prose, useFormat } from './common.tsx';

type Pub = z.infer<typeof PublicAlliance>;
type PubMeta = Pub['ejes'][number]['acuerdos'][number]['metas'][number];

function Pct({ value, label }: { value: number | null; label: string }) {
  const { t } = useTranslation();
  if (value === null) return <Text size="sm">{t('alliance.rollup.noProgress')}</Text>;
  return (
    <div>
      <Text size="sm">{t('alliance.rollup.progress', { pct: Math.round(value) })}</Text>
      <Progress value={value} color="blue.8" aria-label={label} />
    </div>
  );
}

function MetaCard({ meta: m }: { meta: PubMeta }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Card withBorder padding="sm" component="article" aria-label={m.title}>
      <Stack gap={4}>
        <Text fw={600}>{m.title}</Text>
        <Field label={t('alliance.metas.indicator')}>{m.indicator ?? '—'}</Field>
        <Field label={t('alliance.metas.baselineTarget')}>
          {f.num(m.baseline)} → {f.num(m.target)} {m.unit ?? ''}
        </Field>
        <Field label={t('alliance.metas.dueOn')}>{f.day(m.dueOn)}</Field>
        <Field label={t('alliance.metas.responsible')}>{m.responsible ?? '—'}</Field>
        <Field label={t('alliance.metas.normativeAnchor')}>{m.normativeAnchor ?? '—'}</Field>
        {m.latest ? (
          <>
            <Text size="sm">
              {t('alliance.metas.latest', {
                value: f.num(m.latest.value),
                unit: m.unit ?? '',
                period: m.latest.period,
              })}
            </Text>
            {m.latest.percent !== null && (
              <Pct value={m.latest.percent} label={t('alliance.metas.progressOf', { title: m.title })} />
            )}
          </>
        ) : (
          <Text size="sm">{t('alliance.metas.noReport')}</Text>
        )}
      </Stack>
    </Card>
  );
}

export function PublicPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({ queryKey: ['alliance-public'], queryFn: () => get<Pub>('/api/alliance/public') });
  return (
    <PublicLayout title={t('alliance.public.title')} size={960}>
      <Stack>
        <Text size="sm">{t('alliance.public.intro')}</Text>
        <QueryView query={q}>
          {(d) => (
            <Stack>
              <Title order={2} size="h4">
                {t('alliance.public.ejes')}
              </Title>
              {d.ejes.length === 0 ? (
                <Text>{t('alliance.overview.noEjes')}</Text>
              ) : (
                <Accordion multiple variant="separated">
                  {d.ejes.map((e) => (
                    <Accordion.Item key={e.code} value={e.code}>
                      <Accordion.Control>
                        <Text fw={600} component="span">
                          {t('alliance.public.eje', { code: e.code })} · {e.name}
                        </Text>
                      </Accordion.Control>
                      <Accordion.Panel>
                        <Stack>
                          <Pct value={e.progress} label={t('alliance.public.progressOf', { name: e.name })} />
                          {e.acuerdos.map((a) => (
                            <Stack key={a.id} gap="xs" component="section" aria-label={`${a.code} ${a.name}`}>
                              <Title order={3} size="h5">
                                {a.code} · {a.name}
                              </Title>
                              {a.acuerdo && <Text size="sm">{a.acuerdo}</Text>}
                              <Pct
                                value={a.progress}
                                label={t('alliance.public.progressOf', { name: a.name })}
                              />
                              {a.metas.length === 0 ? (
                                <Text size="sm">{t('alliance.public.noMetas')}</Text>
                              ) : (
                                a.metas.map((m) => <MetaCard key={m.id} meta={m} />)
                              )}
                            </Stack>
                          ))}
                        </Stack>
                      </Accordion.Panel>
                    </Accordion.Item>
                  ))}
                </Accordion>
              )}
              <Title order={2} size="h4">
                {t('alliance.public.resolutions')}
              </Title>
              {d.resolutions.length === 0 ? (
                <Text>{t('alliance.public.noResolutions')}</Text>
              ) : (
                <Stack gap="xs">
                  {d.resolutions.map((r) => (
                    <Card key={r.id} withBorder padding="sm" component="article" aria-label={r.number}>
                      <Text fw={700}>
                        {r.number} · {r.title}
                      </Text>
                      <Text size="sm">
                        {t('alliance.public.resolutionMeta', { eje: r.eje, date: f.time(r.issuedAt) })}
                      </Text>
                      <Prose text={r.text} />
                    </Card>
                  ))}
                </Stack>
              )}
            </Stack>
          )}
        </QueryView>
        <ALink to="/login" size="sm">
          {t('alliance.public.signIn')}
        </ALink>
      </Stack>
    </PublicLayout>
  );
}
