import { Button, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { BodyNode, Overview, Rollup } from '../../../contract/alliance.ts';
import { get } from '../../api/client.ts';
import { QueryView } from '../../components/QueryView.tsx';
import { Section } from '../../components/Section.tsx';
import { AK, BodyLink, ParityBadge, StateBadge } from './common.tsx';
import { AddBodyDialog, type NewBodyTarget } from './structure-forms.tsx';

type Node = z.infer<typeof BodyNode>;

export function RollupLine({ rollup }: { rollup: Rollup }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      {rollup.progress === null ? (
        <Text size="sm">{t('alliance.rollup.noProgress')}</Text>
      ) : (
        <div>
          <Text size="sm">{t('alliance.rollup.progress', { pct: Math.round(rollup.progress) })}</Text>
          <Progress value={rollup.progress} aria-label={t('alliance.rollup.progressLabel')} color="blue.8" />
        </div>
      )}
      <Text size="sm">
        {t('alliance.rollup.metas', { approved: rollup.metasApproved, total: rollup.metas })}
        {' · '}
        {t('alliance.rollup.tasks', { open: rollup.openTasks })}
        {rollup.overdueTasks > 0 && (
          <Text span c="red.9" fw={600}>
            {' '}
            ({t('alliance.rollup.overdueTasks', { count: rollup.overdueTasks })})
          </Text>
        )}
      </Text>
      {(rollup.overdueDeliverables > 0 || rollup.awaiting > 0) && (
        <Text size="sm">
          {rollup.overdueDeliverables > 0 && (
            <Text span c="red.9" fw={600}>
              {t('alliance.rollup.overdueDeliverables', { count: rollup.overdueDeliverables })}{' '}
            </Text>
          )}
          {rollup.awaiting > 0 && t('alliance.rollup.awaiting', { count: rollup.awaiting })}
        </Text>
      )}
    </Stack>
  );
}

function NodeCard({ node, level }: { node: Node; level: 'h3' | 'h4' }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" component="article" aria-label={`${node.code} ${node.name}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="start">
          <Title order={level === 'h3' ? 3 : 4} size={level === 'h3' ? 'h5' : 'h6'}>
            <BodyLink body={node} />
          </Title>
          <StateBadge state={node.retired ? 'retired' : node.status} />
        </Group>
        {node.acuerdo && (
          <Text size="sm" lineClamp={3}>
            {t('alliance.body.acuerdo')}: {node.acuerdo}
          </Text>
        )}
        <ParityBadge parity={node.parity} withText />
        <RollupLine rollup={node.rollup} />
      </Stack>
    </Card>
  );
}

/** How many mesas an eje has: retired ones are still listed (marked) but not counted as its mesas. */
function MesaCount({ mesas }: { mesas: Node[] }) {
  const { t } = useTranslation();
  const retired = mesas.filter((m) => m.retired).length;
  const count = mesas.length - retired;
  return retired === 0
    ? t('alliance.overview.mesas', { count })
    : t('alliance.overview.mesasWithRetired', { count, retired });
}

export function OverviewPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: [AK, 'overview'], queryFn: () => get<Overview>('/api/alliance/overview') });
  const [adding, setAdding] = useState<NewBodyTarget | null>(null);
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>{t('alliance.overview.title')}</Title>
        <Group gap="xs">
          <Button component={Link} to="/alianza/pendientes">
            {t('alliance.inbox.title')}
          </Button>
          <Button component={Link} to="/transparencia/alianza" variant="default">
            {t('alliance.public.link')}
          </Button>
        </Group>
      </Group>
      <Text>{t('alliance.overview.intro')}</Text>
      <QueryView query={q}>
        {(o) => (
          <Stack>
            <Section title={t('alliance.overview.mySeats')}>
              {o.me.seats.length === 0 ? (
                <Text>
                  {o.me.readsAll ? t('alliance.overview.readsAll') : t('alliance.overview.noSeats')}
                </Text>
              ) : (
                <Group gap="xs">
                  {o.me.seats.map((s) => (
                    <Card key={`${s.body.id}-${s.position}`} withBorder padding="xs">
                      <Text size="sm" fw={600}>
                        {t(`alliance.positions.${s.position}`)} · {s.side.toUpperCase()}
                      </Text>
                      <BodyLink body={s.body} />
                    </Card>
                  ))}
                </Group>
              )}
            </Section>
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                {t('alliance.overview.whole')}
              </Title>
              <RollupLine rollup={o.rollup} />
            </Card>
            <Section title={t('alliance.overview.governance')}>
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <NodeCard node={o.commission} level="h3" />
                {o.secretariat && <NodeCard node={o.secretariat} level="h3" />}
              </SimpleGrid>
            </Section>
            <Section
              title={t('alliance.overview.ejes')}
              actions={
                o.me.canEditStructure && (
                  <Button
                    onClick={() =>
                      setAdding({
                        parent: o.commission,
                        kind: 'eje',
                        siblingCodes: [
                          ...(o.secretariat ? [o.secretariat.code] : []),
                          ...o.ejes.map((e) => e.code),
                        ],
                      })
                    }
                  >
                    {t('alliance.structure.addEje')}
                  </Button>
                )
              }
            >
              {o.ejes.length === 0 ? (
                <Text>{t('alliance.overview.noEjes')}</Text>
              ) : (
                <Stack>
                  {o.ejes.map((eje) => (
                    <Card key={eje.id} withBorder component="section" aria-label={`${eje.code} ${eje.name}`}>
                      <Stack>
                        <NodeCard node={eje} level="h3" />
                        <Group justify="space-between" wrap="wrap">
                          <Text fw={600} size="sm">
                            <MesaCount mesas={eje.mesas} />
                          </Text>
                          {o.me.canEditStructure && !eje.retired && (
                            <Button
                              size="xs"
                              variant="default"
                              aria-label={t('alliance.structure.addMesaTo', { code: eje.code })}
                              onClick={() =>
                                setAdding({
                                  parent: eje,
                                  kind: 'mesa',
                                  siblingCodes: eje.mesas.map((m) => m.code),
                                })
                              }
                            >
                              {t('alliance.structure.addMesa')}
                            </Button>
                          )}
                        </Group>
                        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                          {eje.mesas.map((m) => (
                            <NodeCard key={m.id} node={m} level="h4" />
                          ))}
                        </SimpleGrid>
                      </Stack>
                    </Card>
                  ))}
                </Stack>
              )}
            </Section>
          </Stack>
        )}
      </QueryView>
      <AddBodyDialog target={adding} onClose={() => setAdding(null)} />
    </Stack>
  );
}
