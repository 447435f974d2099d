import {
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TextField } from '../../../contract/planning.ts';
import { Section, SubTitle } from '../../components/Section.tsx';
import { type Content, DIMENSIONS, type Goal, newId, type Objective, type Plan } from './common.tsx';
import type { Edit, PlanEditor } from './use-plan-editor.ts';

const FIELDS = ['context', 'mission', 'vision', 'values'] as const;

export function PeteTab({ plan, editor, editable }: { plan: Plan; editor: PlanEditor; editable: boolean }) {
  const { t } = useTranslation();
  const pete = editor.content.pete;
  const priorityOptions = [
    ...plan.diagnosis.priorities.map((p) => p.code),
    ...pete.priorities.filter((c) => !plan.diagnosis.priorities.some((p) => p.code === c)),
  ];
  const nameOf = (code: string) => plan.standards.find((s) => s.code === code)?.name ?? code;
  let objectiveNo = 0;
  let strategyNo = 0;
  let goalNo = 0;
  return (
    <Stack>
      <Section title={t('planning.pete.title')}>
        <Stack>
          {FIELDS.map((k) => (
            <Textarea
              key={k}
              label={t(`planning.pete.${k}`)}
              autosize
              minRows={2}
              value={pete[k]}
              readOnly={!editable}
              onChange={(e) =>
                editor.edit({ op: 'set', path: `pete.${k}` as TextField, value: e.currentTarget.value })
              }
            />
          ))}
          <Checkbox.Group
            label={t('planning.pete.priorities')}
            description={t('planning.pete.prioritiesHelp')}
            value={pete.priorities}
            onChange={(v) => editor.edit({ op: 'set', path: 'pete.priorities', value: v })}
          >
            <Stack gap={4} mt={4}>
              {priorityOptions.length === 0 && <Text size="sm">{t('planning.pete.noPriorities')}</Text>}
              {priorityOptions.map((code) => (
                <Checkbox key={code} value={code} label={nameOf(code)} disabled={!editable} />
              ))}
            </Stack>
          </Checkbox.Group>
        </Stack>
      </Section>
      <Section title={t('planning.pete.objectives')}>
        <Stack>
          {DIMENSIONS.map((d) => {
            const objectives = pete.objectives.filter((o) => o.dimension === d);
            return (
              <Stack key={d} gap="xs">
                <SubTitle>{t(`planning.dimensions.${d}`)}</SubTitle>
                {objectives.length === 0 && <Text size="sm">{t('planning.pete.noObjectives')}</Text>}
                {objectives.map((o) => {
                  objectiveNo += 1;
                  const strategies = pete.strategies.filter((s) => s.objectiveId === o.id);
                  const goals = pete.goals.filter((g) => g.objectiveId === o.id);
                  return (
                    <Card key={o.id} withBorder padding="sm">
                      <Stack gap="xs">
                        <Group align="flex-end" wrap="nowrap">
                          <Textarea
                            style={{ flex: 1 }}
                            label={t('planning.pete.objectiveN', { n: objectiveNo })}
                            autosize
                            minRows={1}
                            value={o.text}
                            readOnly={!editable}
                            onChange={(e) =>
                              editor.edit({
                                op: 'put',
                                list: 'pete.objectives',
                                item: { ...o, text: e.currentTarget.value },
                              })
                            }
                          />
                          {editable && (
                            <Button
                              variant="default"
                              onClick={() => editor.edit(...removeObjective(editor.content, o))}
                            >
                              {t('planning.pete.removeObjective', { n: objectiveNo })}
                            </Button>
                          )}
                        </Group>
                        <Text fw={600} size="sm">
                          {t('planning.pete.strategies')}
                        </Text>
                        {strategies.map((s) => {
                          strategyNo += 1;
                          const n = strategyNo;
                          return (
                            <Group key={s.id} align="flex-end" wrap="nowrap">
                              <TextInput
                                style={{ flex: 1 }}
                                label={t('planning.pete.strategyN', { n })}
                                value={s.text}
                                readOnly={!editable}
                                onChange={(e) =>
                                  editor.edit({
                                    op: 'put',
                                    list: 'pete.strategies',
                                    item: { ...s, text: e.currentTarget.value },
                                  })
                                }
                              />
                              {editable && (
                                <Button
                                  variant="default"
                                  onClick={() =>
                                    editor.edit({ op: 'remove', list: 'pete.strategies', id: s.id })
                                  }
                                >
                                  {t('planning.pete.removeStrategy', { n })}
                                </Button>
                              )}
                            </Group>
                          );
                        })}
                        {editable && (
                          <Group>
                            <Button
                              variant="default"
                              size="xs"
                              onClick={() =>
                                editor.edit({
                                  op: 'put',
                                  list: 'pete.strategies',
                                  item: {
                                    id: newId('s'),
                                    objectiveId: o.id,
                                    text: t('planning.pete.newStrategy'),
                                  },
                                })
                              }
                            >
                              {t('planning.pete.addStrategy')}
                            </Button>
                          </Group>
                        )}
                        <Text fw={600} size="sm">
                          {t('planning.pete.goals')}
                        </Text>
                        {goals.map((g) => {
                          goalNo += 1;
                          return (
                            <GoalEditor
                              key={g.id}
                              n={goalNo}
                              goal={g}
                              plan={plan}
                              editable={editable}
                              onChange={(item) => editor.edit({ op: 'put', list: 'pete.goals', item })}
                              onRemove={() => editor.edit(...removeGoal(editor.content, g))}
                            />
                          );
                        })}
                        {editable && (
                          <Group>
                            <Button
                              variant="default"
                              size="xs"
                              onClick={() =>
                                editor.edit({
                                  op: 'put',
                                  list: 'pete.goals',
                                  item: {
                                    id: newId('g'),
                                    objectiveId: o.id,
                                    standard: null,
                                    text: t('planning.pete.newGoal'),
                                    indicator: '',
                                    baseline: null,
                                    target: null,
                                    year: null,
                                  },
                                })
                              }
                            >
                              {t('planning.pete.addGoal')}
                            </Button>
                          </Group>
                        )}
                      </Stack>
                    </Card>
                  );
                })}
                {editable && (
                  <Group>
                    <Button
                      variant="default"
                      onClick={() =>
                        editor.edit({
                          op: 'put',
                          list: 'pete.objectives',
                          item: { id: newId('o'), dimension: d, text: t('planning.pete.newObjective') },
                        })
                      }
                    >
                      {t('planning.pete.addObjective', { dimension: t(`planning.dimensions.${d}`) })}
                    </Button>
                  </Group>
                )}
              </Stack>
            );
          })}
        </Stack>
      </Section>
    </Stack>
  );
}

/** Removing a goal unlinks the actions that pointed at it, in the same batch. */
function removeGoal(content: Content, g: Goal): Edit[] {
  return [
    ...content.pat.actions
      .filter((a) => a.goalId === g.id)
      .map((a) => ({ op: 'put' as const, list: 'pat.actions' as const, item: { ...a, goalId: null } })),
    { op: 'remove', list: 'pete.goals', id: g.id },
  ];
}

function removeObjective(content: Content, o: Objective): Edit[] {
  return [
    ...content.pete.strategies
      .filter((s) => s.objectiveId === o.id)
      .map((s) => ({ op: 'remove' as const, list: 'pete.strategies' as const, id: s.id })),
    ...content.pete.goals.filter((g) => g.objectiveId === o.id).flatMap((g) => removeGoal(content, g)),
    { op: 'remove', list: 'pete.objectives', id: o.id },
  ];
}

function GoalEditor({
  n,
  goal,
  plan,
  editable,
  onChange,
  onRemove,
}: {
  n: number;
  goal: Goal;
  plan: Plan;
  editable: boolean;
  onChange: (g: Goal) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const num = (v: string | number) => (v === '' || v === null ? null : Number(v));
  return (
    <Card withBorder padding="xs" bg="#f8f9fa">
      <Stack gap="xs">
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            label={t('planning.pete.goalN', { n })}
            value={goal.text}
            readOnly={!editable}
            onChange={(e) => onChange({ ...goal, text: e.currentTarget.value })}
          />
          {editable && (
            <Button variant="default" onClick={onRemove}>
              {t('planning.pete.removeGoal', { n })}
            </Button>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 5 }}>
          <TextInput
            label={t('planning.pete.indicator', { n })}
            value={goal.indicator}
            readOnly={!editable}
            onChange={(e) => onChange({ ...goal, indicator: e.currentTarget.value })}
          />
          <NumberInput
            label={t('planning.pete.baseline', { n })}
            value={goal.baseline ?? ''}
            readOnly={!editable}
            onChange={(v) => onChange({ ...goal, baseline: num(v) })}
          />
          <NumberInput
            label={t('planning.pete.target', { n })}
            value={goal.target ?? ''}
            readOnly={!editable}
            onChange={(v) => onChange({ ...goal, target: num(v) })}
          />
          <NumberInput
            label={t('planning.pete.year', { n })}
            value={goal.year ?? ''}
            min={2000}
            max={2100}
            allowDecimal={false}
            readOnly={!editable}
            onChange={(v) => onChange({ ...goal, year: num(v) })}
          />
          <Select
            label={t('planning.pete.standard', { n })}
            data={plan.standards.map((s) => ({ value: s.code, label: s.name }))}
            value={goal.standard}
            clearable
            allowDeselect={false}
            readOnly={!editable}
            onChange={(v) => onChange({ ...goal, standard: v })}
          />
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
