import { Card, Grid, Group, List, Radio, SimpleGrid, Stack, Table, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Section, SubTitle } from '../../components/Section.tsx';
import { useFmt } from '../../components/use-fmt.ts';
import { DIMENSIONS, LEVELS, type Plan } from './common.tsx';
import type { PlanEditor } from './use-plan-editor.ts';

export function SelfEvaluationTab({
  plan,
  editor,
  editable,
}: {
  plan: Plan;
  editor: PlanEditor;
  editable: boolean;
}) {
  const { t } = useTranslation();
  const ratings = editor.content.selfEvaluation.ratings;
  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Section title={t('planning.self.title')}>
          <Text size="sm" mb="sm">
            {t('planning.self.help')}
          </Text>
          <Stack>
            {DIMENSIONS.map((d) => (
              <Stack key={d} gap="sm">
                <SubTitle>{t(`planning.dimensions.${d}`)}</SubTitle>
                {plan.standards
                  .filter((s) => s.dimension === d)
                  .map((s) => {
                    const r = ratings[s.code];
                    const rate = (over: Partial<{ level: number; evidence: string; comment: string }>) =>
                      editor.edit({
                        op: 'rate',
                        standard: s.code,
                        rating: {
                          level: r?.level ?? 1,
                          evidence: r?.evidence ?? '',
                          comment: r?.comment ?? '',
                          ...over,
                        },
                      });
                    return (
                      <Card key={s.code} withBorder padding="sm">
                        <Radio.Group
                          label={s.name}
                          value={r ? String(r.level) : null}
                          onChange={(v) => rate({ level: Number(v) })}
                        >
                          <Group mt={4} gap="md" wrap="wrap">
                            {LEVELS.map((l) => (
                              <Radio
                                key={l}
                                value={String(l)}
                                label={`${l} · ${t(`planning.levels.${l}`)}`}
                                disabled={!editable}
                              />
                            ))}
                          </Group>
                        </Radio.Group>
                        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
                          <Textarea
                            label={t('planning.self.evidence', { standard: s.name })}
                            autosize
                            minRows={1}
                            value={r?.evidence ?? ''}
                            readOnly={!editable || !r}
                            description={!r && editable ? t('planning.self.rateFirst') : undefined}
                            onChange={(e) => rate({ evidence: e.currentTarget.value })}
                          />
                          <Textarea
                            label={t('planning.self.comment', { standard: s.name })}
                            autosize
                            minRows={1}
                            value={r?.comment ?? ''}
                            readOnly={!editable || !r}
                            onChange={(e) => rate({ comment: e.currentTarget.value })}
                          />
                        </SimpleGrid>
                      </Card>
                    );
                  })}
              </Stack>
            ))}
          </Stack>
        </Section>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <DiagnosisPanel plan={plan} />
      </Grid.Col>
    </Grid>
  );
}

export function DiagnosisPanel({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const f = useFmt();
  const d = plan.diagnosis;
  return (
    <Section title={t('planning.diagnosis.title')}>
      <Stack gap="xs">
        {!d.complete && <Text size="sm">{t('planning.diagnosis.incomplete')}</Text>}
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('planning.diagnosis.dimension')}</Table.Th>
              <Table.Th>{t('planning.diagnosis.rated')}</Table.Th>
              <Table.Th>{t('planning.diagnosis.average')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.dimensions.map((x) => (
              <Table.Tr key={x.dimension}>
                <Table.Td>{t(`planning.dimensions.${x.dimension}`)}</Table.Td>
                <Table.Td>{`${x.rated} / ${x.of}`}</Table.Td>
                <Table.Td>{f.num(x.average)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <SubTitle>{t('planning.diagnosis.strengths')}</SubTitle>
        {d.strengths.length ? (
          <List size="sm">
            {d.strengths.map((s) => (
              <List.Item key={s.code}>{`${s.name} (${s.level})`}</List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm">{t('planning.diagnosis.none')}</Text>
        )}
        <SubTitle>{t('planning.diagnosis.priorities')}</SubTitle>
        {d.priorities.length ? (
          <List size="sm">
            {d.priorities.map((s) => (
              <List.Item key={s.code}>{`${s.name} (${s.level})`}</List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm">{t('planning.diagnosis.none')}</Text>
        )}
      </Stack>
    </Section>
  );
}
