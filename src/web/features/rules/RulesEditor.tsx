import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FUNDING, LEVELS, MARGINALIZATION, SERVICES } from '../../../contract/catalog.ts';
import { DEADLINES, type FederalRules, PRIORITY_CRITERIA } from '../../../contract/rules.ts';
import { fieldProblem } from './common.tsx';
import { DateInput, IntInput, PercentInput, PesosInput } from './inputs.tsx';
import { tierLabel } from './RulesView.tsx';

type Update = (fn: (d: FederalRules) => void) => void;

function CheckGroup<T extends string>({
  label,
  options,
  prefix,
  value,
  onChange,
  error,
}: {
  label: string;
  options: readonly T[];
  prefix: string;
  value: T[];
  onChange: (v: T[]) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group label={label} value={value} onChange={(v) => onChange(v as T[])} error={error}>
      <Group mt={4} gap="md">
        {options.map((o) => (
          <Checkbox key={o} value={o} label={t(`rules.${prefix}.${o}`)} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

/** The whole federal document as one form; each server refusal shows beside its field. */
export function RulesEditor({
  doc,
  update,
  problems,
}: {
  doc: FederalRules;
  update: Update;
  problems: Map<string, string>;
}) {
  const { t } = useTranslation();
  const p = (...paths: string[]) => fieldProblem(problems, ...paths);
  const e = doc.eligibility;
  const m = doc.money;
  // Drafts saved before the receipt rules existed carry none: they read as "CFDI only".
  const receipts = doc.spending.receipts ?? { allowed: false, maxAmount: null };
  return (
    <Stack gap="lg">
      <Fieldset legend={t('rules.sections.eligibility')}>
        <Stack>
          <CheckGroup
            label={t('rules.eligibility.levels')}
            options={LEVELS}
            prefix="levels"
            value={e.levels}
            onChange={(v) =>
              update((d) => {
                d.eligibility.levels = v;
              })
            }
            error={p('eligibility.levels')}
          />
          <CheckGroup
            label={t('rules.eligibility.services')}
            options={SERVICES}
            prefix="services"
            value={e.services}
            onChange={(v) =>
              update((d) => {
                d.eligibility.services = v;
              })
            }
            error={p('eligibility.services')}
          />
          <CheckGroup
            label={t('rules.eligibility.funding')}
            options={FUNDING}
            prefix="funding"
            value={e.funding}
            onChange={(v) =>
              update((d) => {
                d.eligibility.funding = v;
              })
            }
            error={p('eligibility.funding')}
          />
          <IntInput
            label={t('rules.eligibility.maxCycles')}
            required
            min={1}
            max={50}
            value={e.maxCycles}
            onChange={(v) =>
              update((d) => {
                d.eligibility.maxCycles = v ?? 1;
              })
            }
            error={p('eligibility.maxCycles')}
          />
          <Textarea
            label={t('rules.eligibility.beyondMaxCycles')}
            autosize
            minRows={2}
            value={e.beyondMaxCycles}
            onChange={(ev) => {
              const v = ev.currentTarget.value;
              update((d) => {
                d.eligibility.beyondMaxCycles = v;
              });
            }}
            error={p('eligibility.beyondMaxCycles')}
          />
          <DocumentsEditor
            legend={t('rules.eligibility.documents')}
            docs={e.documents}
            onChange={(docs) =>
              update((d) => {
                d.eligibility.documents = docs;
              })
            }
            problem={(i) => p(`eligibility.documents.${i}`)}
            listProblem={p('eligibility.documents')}
          />
        </Stack>
      </Fieldset>

      <Fieldset legend={t('rules.sections.priority')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {PRIORITY_CRITERIA.map((c) => (
            <IntInput
              key={c}
              label={t(`rules.criteria.${c}`)}
              description={t('rules.priority.pointsHelp')}
              max={100}
              value={doc.priority.weights[c]}
              onChange={(v) =>
                update((d) => {
                  if (v === null) delete d.priority.weights[c];
                  else d.priority.weights[c] = v;
                })
              }
              error={p(`priority.weights.${c}`)}
            />
          ))}
        </SimpleGrid>
        <Stack mt="md">
          <CheckGroup
            label={t('rules.priority.veryHigh')}
            options={MARGINALIZATION}
            prefix="marg"
            value={doc.priority.marginalization.veryHigh}
            onChange={(v) =>
              update((d) => {
                d.priority.marginalization.veryHigh = v;
              })
            }
          />
          <CheckGroup
            label={t('rules.priority.high')}
            options={MARGINALIZATION}
            prefix="marg"
            value={doc.priority.marginalization.high}
            onChange={(v) =>
              update((d) => {
                d.priority.marginalization.high = v;
              })
            }
          />
        </Stack>
      </Fieldset>

      <Fieldset legend={t('rules.sections.money')}>
        <Stack>
          <NumberInput
            label={t('rules.money.federalPerStatePeso')}
            description={t('rules.money.federalPerStatePesoHelp')}
            required
            min={0.01}
            max={100}
            decimalScale={2}
            value={m.federalPerStatePeso}
            onChange={(v) =>
              update((d) => {
                d.money.federalPerStatePeso = typeof v === 'number' ? v : 0;
              })
            }
            error={p('money.federalPerStatePeso')}
          />
          <Fieldset legend={t('rules.money.grantTiers')} variant="unstyled">
            <Text size="sm" mb="xs">
              {t('rules.money.grantTiersHelp')}
            </Text>
            <Stack gap="xs">
              {m.grantTiers.map((g, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: tiers have no identity besides their place
                <Group key={i} align="end" wrap="wrap">
                  <IntInput
                    label={t('rules.money.tierMaxYears', { n: i + 1 })}
                    placeholder={t('rules.money.tierNoLimit')}
                    max={50}
                    value={g.maxYears}
                    onChange={(v) =>
                      update((d) => {
                        (d.money.grantTiers[i] as typeof g).maxYears = v;
                      })
                    }
                  />
                  <PesosInput
                    label={t('rules.money.tierCap', { n: i + 1 })}
                    description={tierLabel(g.maxYears, t)}
                    required
                    value={g.cap}
                    onChange={(v) =>
                      update((d) => {
                        (d.money.grantTiers[i] as typeof g).cap = v ?? 0;
                      })
                    }
                    error={p(`money.grantTiers.${i}`)}
                  />
                  <Button
                    variant="default"
                    color="red"
                    disabled={m.grantTiers.length <= 1}
                    onClick={() =>
                      update((d) => {
                        d.money.grantTiers.splice(i, 1);
                      })
                    }
                    aria-label={t('rules.money.removeTier', { n: i + 1 })}
                  >
                    {t('rules.form.remove')}
                  </Button>
                </Group>
              ))}
              {problems.get('money.grantTiers') && (
                <Text size="sm" c="red.9">
                  {problems.get('money.grantTiers')}
                </Text>
              )}
              <Group>
                <Button
                  variant="default"
                  onClick={() =>
                    update((d) => {
                      d.money.grantTiers.push({ maxYears: null, cap: 0 });
                    })
                  }
                >
                  {t('rules.money.addTier')}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
          <NumberInput
            label={t('rules.money.matchPerPeso')}
            description={t('rules.money.matchPerPesoHelp')}
            required
            min={0.01}
            max={10}
            decimalScale={2}
            value={m.matchPerPeso}
            onChange={(v) =>
              update((d) => {
                d.money.matchPerPeso = typeof v === 'number' ? v : 0;
              })
            }
            error={p('money.matchPerPeso')}
          />
          <PesosInput
            label={t('rules.money.matchCap')}
            required
            value={m.matchCap}
            onChange={(v) =>
              update((d) => {
                d.money.matchCap = v ?? 0;
              })
            }
            error={p('money.matchCap')}
          />
          <Checkbox
            label={t('rules.money.inKindCounts')}
            checked={m.inKindCounts}
            onChange={(ev) => {
              const v = ev.currentTarget.checked;
              update((d) => {
                d.money.inKindCounts = v;
              });
            }}
          />
        </Stack>
      </Fieldset>

      <Fieldset legend={t('rules.sections.spending')}>
        <Stack gap="md">
          {doc.spending.categories.map((c, i) => (
            <Fieldset
              // biome-ignore lint/suspicious/noArrayIndexKey: a category's code is being edited
              key={i}
              legend={c.name || t('rules.spending.category', { n: i + 1 })}
              variant="filled"
            >
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('rules.form.code')}
                  description={t('rules.form.codeHelp')}
                  required
                  value={c.code}
                  onChange={(ev) => {
                    const v = ev.currentTarget.value;
                    update((d) => {
                      (d.spending.categories[i] as typeof c).code = v;
                    });
                  }}
                  error={p(`spending.${c.code}`, `spending.categories.${i}`)}
                />
                <TextInput
                  label={t('rules.form.name')}
                  required
                  value={c.name}
                  onChange={(ev) => {
                    const v = ev.currentTarget.value;
                    update((d) => {
                      (d.spending.categories[i] as typeof c).name = v;
                    });
                  }}
                />
                <PesosInput
                  label={t('rules.spending.maxAmountLabel')}
                  description={t('rules.form.blankNoCap')}
                  value={c.maxAmount}
                  onChange={(v) =>
                    update((d) => {
                      (d.spending.categories[i] as typeof c).maxAmount = v;
                    })
                  }
                />
                <PercentInput
                  label={t('rules.spending.maxShareLabel')}
                  description={t('rules.form.blankNoCap')}
                  value={c.maxShareBp}
                  onChange={(v) =>
                    update((d) => {
                      (d.spending.categories[i] as typeof c).maxShareBp = v;
                    })
                  }
                />
              </SimpleGrid>
              <Group mt="sm" justify="space-between">
                <Checkbox
                  label={t('rules.spending.forbiddenLabel')}
                  checked={c.forbidden}
                  onChange={(ev) => {
                    const v = ev.currentTarget.checked;
                    update((d) => {
                      (d.spending.categories[i] as typeof c).forbidden = v;
                    });
                  }}
                />
                <Button
                  variant="default"
                  color="red"
                  disabled={doc.spending.categories.length <= 1}
                  onClick={() =>
                    update((d) => {
                      d.spending.categories.splice(i, 1);
                    })
                  }
                  aria-label={t('rules.spending.remove', { name: c.name || i + 1 })}
                >
                  {t('rules.form.remove')}
                </Button>
              </Group>
            </Fieldset>
          ))}
          <Group>
            <Button
              variant="default"
              onClick={() =>
                update(
                  (d) =>
                    void d.spending.categories.push({
                      code: '',
                      name: '',
                      forbidden: false,
                      maxAmount: null,
                      maxShareBp: null,
                    }),
                )
              }
            >
              {t('rules.spending.add')}
            </Button>
          </Group>
          <Fieldset legend={t('rules.spending.proofs')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Checkbox
                label={t('rules.spending.receiptsAllowed')}
                description={t('rules.spending.receiptsHelp')}
                checked={receipts.allowed}
                onChange={(ev) => {
                  const v = ev.currentTarget.checked;
                  update((d) => {
                    d.spending.receipts = { ...receipts, allowed: v };
                  });
                }}
              />
              <PesosInput
                label={t('rules.spending.receiptMax')}
                description={t('rules.form.blankNoCap')}
                value={receipts.maxAmount}
                onChange={(v) =>
                  update((d) => {
                    d.spending.receipts = { ...receipts, maxAmount: v };
                  })
                }
              />
              <Checkbox
                label={t('rules.spending.requireRfc')}
                description={t('rules.spending.requireRfcHelp')}
                checked={doc.spending.requireReceptorRfc ?? false}
                onChange={(ev) => {
                  const v = ev.currentTarget.checked;
                  update((d) => {
                    d.spending.requireReceptorRfc = v;
                  });
                }}
              />
            </SimpleGrid>
          </Fieldset>
        </Stack>
      </Fieldset>

      <Fieldset legend={t('rules.sections.calendar')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {DEADLINES.map((dl) => (
            <DateInput
              key={dl}
              label={t(`rules.deadlines.${dl}`)}
              required
              value={doc.calendar[dl]}
              onChange={(v) =>
                update((d) => {
                  d.calendar[dl] = v;
                })
              }
              error={p(`calendar.${dl}`)}
            />
          ))}
        </SimpleGrid>
      </Fieldset>
    </Stack>
  );
}

/** A list of required documents (code and name), for the federal rules and a state's extra ones. */
export function DocumentsEditor({
  legend,
  docs,
  onChange,
  problem,
  listProblem,
  description,
}: {
  description?: string;
  legend: string;
  docs: { code: string; name: string }[];
  onChange: (docs: { code: string; name: string }[]) => void;
  problem: (i: number) => string | undefined;
  listProblem?: string | undefined;
}) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<{ code: string; name: string }>) =>
    onChange(docs.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <Fieldset legend={legend} variant="unstyled">
      <Stack gap="xs">
        {description && <Text size="sm">{description}</Text>}
        {docs.length === 0 && <Text size="sm">{t('rules.form.noDocuments')}</Text>}
        {docs.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the code is what is being edited
          <Group key={i} align="end" wrap="wrap">
            <TextInput
              label={t('rules.form.code')}
              description={t('rules.form.codeHelp')}
              required
              value={d.code}
              onChange={(ev) => set(i, { code: ev.currentTarget.value })}
              error={problem(i)}
              w={200}
            />
            <TextInput
              label={t('rules.form.name')}
              required
              value={d.name}
              onChange={(ev) => set(i, { name: ev.currentTarget.value })}
              style={{ flex: 1, minWidth: 240 }}
            />
            <Button
              variant="default"
              color="red"
              onClick={() => onChange(docs.filter((_, j) => j !== i))}
              aria-label={t('rules.form.removeDocument', { name: d.name || d.code || i + 1 })}
            >
              {t('rules.form.remove')}
            </Button>
          </Group>
        ))}
        {listProblem && (
          <Text size="sm" c="red.9">
            {listProblem}
          </Text>
        )}
        <Group>
          <Button variant="default" onClick={() => onChange([...docs, { code: '', name: '' }])}>
            {t('rules.form.addDocument')}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
