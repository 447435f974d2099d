import { Group, Stack, Table, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  DEADLINES,
  type FederalRules,
  PRIORITY_CRITERIA,
  type RuleDifference,
} from '../../../contract/rules.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { useFmt } from '../../components/use-fmt.ts';
import { ModifiedBadge } from './common.tsx';

type Fmt = ReturnType<typeof useFmt>;
type Doc = FederalRules & { stateContribution?: number };

export interface RuleRow {
  /** The rule's path as the server's `differences[]` names it (or a prefix of those paths). */
  key: string;
  label: string;
  value: string;
}
interface RuleSection {
  key: string;
  title: string;
  rows: RuleRow[];
}

export function tierLabel(maxYears: number | null, t: TFunction) {
  return maxYears === null ? t('rules.money.tierBeyond') : t('rules.money.tierUpTo', { count: maxYears });
}

export function categoryLimit(
  c: { forbidden: boolean; maxAmount: number | null; maxShareBp: number | null },
  t: TFunction,
  fmt: Fmt,
) {
  if (c.forbidden) return t('rules.spending.forbidden');
  const parts: string[] = [];
  if (c.maxAmount !== null) parts.push(t('rules.spending.maxAmount', { amount: fmt.pesos(c.maxAmount) }));
  if (c.maxShareBp !== null) parts.push(t('rules.spending.maxShare', { pct: fmt.pct(c.maxShareBp) }));
  return parts.length ? parts.join(' · ') : t('rules.spending.noCap');
}

/** The document as readable rows, by section, each keyed by its rule path. */
export function ruleSections(doc: Doc, t: TFunction, fmt: Fmt): RuleSection[] {
  const list = (prefix: string, values: string[]) =>
    values.map((v) => t(`rules.${prefix}.${v}`, { defaultValue: v })).join(', ');
  const e = doc.eligibility;
  const m = doc.money;
  const money: RuleRow[] = [
    {
      key: 'money.federalPerStatePeso',
      label: t('rules.money.federalPerStatePeso'),
      value: t('rules.money.ratio', { n: fmt.num(m.federalPerStatePeso) }),
    },
    ...m.grantTiers.map((g, i) => ({
      key: `money.grantTiers.${i}`,
      label: `${t('rules.money.grantCap')}: ${tierLabel(g.maxYears, t)}`,
      value: fmt.pesos(g.cap),
    })),
    {
      key: 'money.matchPerPeso',
      label: t('rules.money.matchPerPeso'),
      value: t('rules.money.perPeso', { n: fmt.num(m.matchPerPeso) }),
    },
    { key: 'money.matchCap', label: t('rules.money.matchCap'), value: fmt.pesos(m.matchCap) },
    {
      key: 'money.inKindCounts',
      label: t('rules.money.inKindCounts'),
      value: m.inKindCounts ? t('common.yes') : t('common.no'),
    },
  ];
  if (doc.stateContribution !== undefined)
    money.push({
      key: 'stateContribution',
      label: t('rules.money.stateContribution'),
      value: fmt.pesos(doc.stateContribution),
    });
  return [
    {
      key: 'eligibility',
      title: t('rules.sections.eligibility'),
      rows: [
        { key: 'eligibility.levels', label: t('rules.eligibility.levels'), value: list('levels', e.levels) },
        {
          key: 'eligibility.services',
          label: t('rules.eligibility.services'),
          value: list('services', e.services),
        },
        {
          key: 'eligibility.funding',
          label: t('rules.eligibility.funding'),
          value: list('funding', e.funding),
        },
        { key: 'eligibility.maxCycles', label: t('rules.eligibility.maxCycles'), value: String(e.maxCycles) },
        {
          key: 'eligibility.beyondMaxCycles',
          label: t('rules.eligibility.beyondMaxCycles'),
          value: e.beyondMaxCycles || '—',
        },
        ...e.documents.map((d) => ({
          key: `eligibility.documents.${d.code}`,
          label: `${t('rules.eligibility.document')}: ${d.name}`,
          value: t('rules.eligibility.required'),
        })),
      ],
    },
    {
      key: 'priority',
      title: t('rules.sections.priority'),
      rows: [
        ...PRIORITY_CRITERIA.map((c) => ({
          key: `priority.weights.${c}`,
          label: t(`rules.criteria.${c}`),
          value:
            doc.priority.weights[c] === undefined
              ? '—'
              : t('rules.priority.points', { count: doc.priority.weights[c] }),
        })),
        {
          key: 'priority.marginalization.veryHigh',
          label: t('rules.priority.veryHigh'),
          value: list('marg', doc.priority.marginalization.veryHigh) || '—',
        },
        {
          key: 'priority.marginalization.high',
          label: t('rules.priority.high'),
          value: list('marg', doc.priority.marginalization.high) || '—',
        },
      ],
    },
    { key: 'money', title: t('rules.sections.money'), rows: money },
    {
      key: 'spending',
      title: t('rules.sections.spending'),
      rows: [
        ...doc.spending.categories.map((c) => ({
          key: `spending.categories.${c.code}`,
          label: c.name,
          value: categoryLimit(c, t, fmt),
        })),
        {
          key: 'spending.receipts',
          label: t('rules.spending.receiptsAllowed'),
          value: doc.spending.receipts?.allowed
            ? doc.spending.receipts.maxAmount !== null
              ? t('rules.spending.receiptsUpTo', { amount: fmt.pesos(doc.spending.receipts.maxAmount) })
              : t('rules.spending.receiptsYes')
            : t('rules.spending.receiptsNo'),
        },
        {
          key: 'spending.requireReceptorRfc',
          label: t('rules.spending.requireRfc'),
          value: doc.spending.requireReceptorRfc
            ? t('rules.spending.receiptsYes')
            : t('rules.spending.receiptsNo'),
        },
      ],
    },
    {
      key: 'calendar',
      title: t('rules.sections.calendar'),
      rows: DEADLINES.map((d) => ({
        key: `calendar.${d}`,
        label: t(`rules.deadlines.${d}`),
        value: fmt.day(doc.calendar[d]),
      })),
    },
  ];
}

/** A federal rules document, readable by section. */
export function RulesDocument({ doc, label }: { doc: FederalRules; label: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <Stack gap="lg">
      {ruleSections(doc, t, fmt).map((s) => (
        <Section key={s.key} title={s.title}>
          <ScrollTable label={`${label}: ${s.title}`} minWidth={520}>
            <Table striped withTableBorder layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th style={{ width: '50%' }}>{t('rules.rule')}</Table.Th>
                  <Table.Th>{t('rules.value')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.rows.map((r) => (
                  <Table.Tr key={r.key}>
                    <Table.Td>{r.label}</Table.Td>
                    <Table.Td>{r.value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </Section>
      ))}
    </Stack>
  );
}

const touches = (differences: RuleDifference[], key: string) =>
  differences.some(
    (d) =>
      (d.rule === key || d.rule.startsWith(`${key}.`)) &&
      // Every effective document carries the state's contribution; none is not a change.
      !(d.rule === 'stateContribution' && !d.effective),
  );

/** The federal rules and the effective ones side by side, each changed rule marked in words. */
export function RulesCompare({
  federal,
  effective,
  differences,
}: {
  federal: FederalRules;
  effective: Doc;
  differences: RuleDifference[];
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const fed = ruleSections(federal, t, fmt);
  const eff = ruleSections(effective, t, fmt);
  return (
    <Stack gap="lg">
      {eff.map((s) => {
        const f = fed.find((x) => x.key === s.key)?.rows ?? [];
        const keys = [
          ...s.rows.map((r) => r.key),
          ...f.map((r) => r.key).filter((k) => !s.rows.some((r) => r.key === k)),
        ];
        return (
          <Section key={s.key} title={s.title}>
            <ScrollTable label={`${t('rules.effective.compare')}: ${s.title}`} minWidth={720}>
              <Table striped withTableBorder layout="fixed">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th style={{ width: '36%' }}>{t('rules.rule')}</Table.Th>
                    <Table.Th>{t('rules.effective.federal')}</Table.Th>
                    <Table.Th>{t('rules.effective.effective')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {keys.map((k) => {
                    const e = s.rows.find((r) => r.key === k);
                    const fr = f.find((r) => r.key === k);
                    const changed = touches(differences, k);
                    return (
                      <Table.Tr
                        key={k}
                        data-modified={changed || undefined}
                        style={changed ? { boxShadow: 'inset 4px 0 0 #9a3412' } : undefined}
                      >
                        <Table.Td>{e?.label ?? fr?.label}</Table.Td>
                        <Table.Td>{fr?.value ?? t('rules.effective.absent')}</Table.Td>
                        <Table.Td>
                          <Group gap="xs" wrap="wrap">
                            <Text span size="sm" fw={changed ? 700 : undefined}>
                              {e?.value ?? t('rules.effective.absent')}
                            </Text>
                            {changed && <ModifiedBadge />}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          </Section>
        );
      })}
    </Stack>
  );
}
