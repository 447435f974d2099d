import {
  Alert,
  Button,
  Card,
  Grid,
  Group,
  List,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FUNDING_SOURCES } from '../../../contract/planning.ts';
import { Section } from '../../components/Section.tsx';
import { useFmt } from '../../components/use-fmt.ts';
import { type Action, newId, type Plan } from './common.tsx';
import type { PlanEditor } from './use-plan-editor.ts';

export function PatTab({ plan, editor, editable }: { plan: Plan; editor: PlanEditor; editable: boolean }) {
  const { t } = useTranslation();
  const actions = editor.content.pat.actions;
  const goals = editor.content.pete.goals;
  const put = (item: Action) => editor.edit({ op: 'put', list: 'pat.actions', item });
  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Section
          title={t('planning.pat.title')}
          actions={
            editable ? (
              <Button
                onClick={() =>
                  put({
                    id: newId('a'),
                    goalId: goals[0]?.id ?? null,
                    text: t('planning.pat.newAction'),
                    responsible: '',
                    startOn: null,
                    endOn: null,
                    cost: 0,
                    fundingSource: 'pec',
                    category: null,
                  })
                }
              >
                {t('planning.pat.add')}
              </Button>
            ) : undefined
          }
        >
          <Stack>
            {actions.length === 0 && <Text>{t('planning.pat.empty')}</Text>}
            {actions.map((a, i) => (
              <ActionEditor
                key={a.id}
                n={i + 1}
                action={a}
                plan={plan}
                goals={goals}
                editable={editable}
                onChange={put}
                onRemove={() => editor.edit({ op: 'remove', list: 'pat.actions', id: a.id })}
              />
            ))}
          </Stack>
        </Section>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <SpendingPanel plan={plan} pending={editor.dirty} />
      </Grid.Col>
    </Grid>
  );
}

function ActionEditor({
  n,
  action: a,
  plan,
  goals,
  editable,
  onChange,
  onRemove,
}: {
  n: number;
  action: Action;
  plan: Plan;
  goals: Plan['content']['pete']['goals'];
  editable: boolean;
  onChange: (a: Action) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" component="section" aria-label={t('planning.pat.actionN', { n })}>
      <Stack gap="xs">
        <Group align="flex-end" wrap="nowrap">
          <Textarea
            style={{ flex: 1 }}
            label={t('planning.pat.text', { n })}
            autosize
            minRows={1}
            value={a.text}
            readOnly={!editable}
            onChange={(e) => onChange({ ...a, text: e.currentTarget.value })}
          />
          {editable && (
            <Button variant="default" onClick={onRemove}>
              {t('planning.pat.remove', { n })}
            </Button>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Select
            label={t('planning.pat.goal', { n })}
            data={goals.map((g) => ({ value: g.id, label: g.text }))}
            value={a.goalId}
            clearable
            allowDeselect={false}
            readOnly={!editable}
            onChange={(v) => onChange({ ...a, goalId: v })}
          />
          <TextInput
            label={t('planning.pat.responsible', { n })}
            value={a.responsible}
            readOnly={!editable}
            onChange={(e) => onChange({ ...a, responsible: e.currentTarget.value })}
          />
          <NumberInput
            label={t('planning.pat.cost', { n })}
            value={a.cost / 100}
            min={0}
            decimalScale={2}
            thousandSeparator=","
            prefix="$"
            readOnly={!editable}
            onChange={(v) => onChange({ ...a, cost: Math.round((Number(v) || 0) * 100) })}
          />
          <TextInput
            type="date"
            label={t('planning.pat.startOn', { n })}
            value={a.startOn ?? ''}
            readOnly={!editable}
            onChange={(e) => onChange({ ...a, startOn: e.currentTarget.value || null })}
          />
          <TextInput
            type="date"
            label={t('planning.pat.endOn', { n })}
            value={a.endOn ?? ''}
            readOnly={!editable}
            onChange={(e) => onChange({ ...a, endOn: e.currentTarget.value || null })}
          />
          <Select
            label={t('planning.pat.funding', { n })}
            data={FUNDING_SOURCES.map((s) => ({ value: s, label: t(`planning.funding.${s}`) }))}
            value={a.fundingSource}
            allowDeselect={false}
            readOnly={!editable}
            onChange={(v) => v && onChange({ ...a, fundingSource: v as Action['fundingSource'] })}
          />
          <Select
            label={t('planning.pat.category', { n })}
            data={plan.categories.map((c) => ({
              value: c.code,
              label: c.forbidden ? `${c.name} (${t('planning.pat.forbidden')})` : c.name,
            }))}
            value={a.category}
            clearable
            allowDeselect={false}
            readOnly={!editable}
            onChange={(v) => onChange({ ...a, category: v })}
          />
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

export function SpendingPanel({ plan, pending }: { plan: Plan; pending: boolean }) {
  const { t } = useTranslation();
  const f = useFmt();
  const s = plan.spending;
  return (
    <section aria-label={t('planning.spending.title')}>
      <Stack gap="xs">
        <Text fw={700} size="lg" component="h2" m={0}>
          {t('planning.spending.title')}
        </Text>
        {pending && <Text size="sm">{t('planning.spending.pending')}</Text>}
        <Text size="sm">{t('planning.spending.grantCap', { amount: f.pesos(plan.grantCap) })}</Text>
        <Text size="sm">
          {t('planning.spending.total', { amount: f.pesos(s.total), pec: f.pesos(s.pecTotal) })}
        </Text>
        {s.ok ? (
          <Alert color="green" title={t('planning.spending.ok')}>
            {t('planning.spending.okHelp')}
          </Alert>
        ) : (
          <Alert color="red" title={t('planning.spending.notOk')}>
            <List size="sm">
              {s.messages.map((m) => (
                <List.Item key={m}>{m}</List.Item>
              ))}
              {s.uncategorised.length > 0 && (
                <List.Item>
                  {t('planning.spending.uncategorised', { count: s.uncategorised.length })}
                </List.Item>
              )}
            </List>
          </Alert>
        )}
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('planning.spending.category')}</Table.Th>
              <Table.Th>{t('planning.spending.amount')}</Table.Th>
              <Table.Th>{t('planning.spending.check')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.lines.map((l) => (
              <Table.Tr key={l.category}>
                <Table.Td>{l.name}</Table.Td>
                <Table.Td>{f.pesos(l.total)}</Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Text size="sm" fw={700} c={l.ok ? '#2b6e35' : '#c92a2a'}>
                      {l.ok ? t('planning.spending.lineOk') : t('planning.spending.lineBad')}
                    </Text>
                    <Text size="sm">{l.message}</Text>
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </section>
  );
}
