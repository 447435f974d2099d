/** The fields and messages the CFDI form and the receipt form share. */
import { Alert, NativeSelect, SimpleGrid, Textarea } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExpenseList } from '../../../contract/finance.ts';
import type { PlanDetail } from '../../../contract/planning.ts';
import { ALERT_OK_STYLES } from '../../components/contrast.ts';

type PatAction = PlanDetail['content']['pat']['actions'][number];

/** The PAT action an expense is proven against and its category (by default the action's own, when the rules allow it). */
export function usePatChoice(actions: PatAction[], data: ExpenseList) {
  const allowed = data.byCategory;
  const defaultCategory = (actionId: string) => {
    const c = actions.find((a) => a.id === actionId)?.category;
    return allowed.some((x) => x.category === c) ? (c as string) : (allowed[0]?.category ?? '');
  };
  const [actionId, setActionId] = useState(actions[0]?.id ?? '');
  const [category, setCategory] = useState(defaultCategory(actions[0]?.id ?? ''));
  const fields = (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <ActionSelect
        actions={actions}
        value={actionId}
        onChange={(next) => {
          setActionId(next);
          setCategory(defaultCategory(next));
        }}
      />
      <CategorySelect data={data} value={category} onChange={setCategory} />
    </SimpleGrid>
  );
  return { actionId, category, fields };
}

function ActionSelect({
  actions,
  value,
  onChange,
}: {
  actions: PatAction[];
  value: string;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={t('finance.expenses.action')}
      data={actions.map((a, i) => ({ value: a.id, label: `${i + 1}. ${a.text}` }))}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

function CategorySelect({
  data,
  value,
  onChange,
}: {
  data: ExpenseList;
  value: string;
  onChange: (code: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={t('finance.expenses.category')}
      data={data.byCategory.map((c) => ({ value: c.category, label: c.name }))}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

/** What was bought, in the school's words: every expense has one. */
export function DescriptionField({
  value,
  error,
  onChange,
}: {
  value: string;
  error: string | null | undefined;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Textarea
      label={t('finance.expenses.description')}
      description={t('finance.expenses.descriptionHelp')}
      required
      autosize
      minRows={2}
      maxLength={2000}
      value={value}
      error={error}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

/** The confirmation that an expense was registered (it now waits for its review). */
export function RegisteredAlert({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Alert color="green" role="status" title={t('finance.expenses.registered')} styles={ALERT_OK_STYLES}>
      {children}
    </Alert>
  );
}
