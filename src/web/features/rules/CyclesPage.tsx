import {
  Anchor,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../contract/api.ts';
import type { CycleSummary } from '../../../contract/rules.ts';
import { ApiError, get, post } from '../../api/client.ts';
import { CONTRAST_VARS } from '../../components/contrast.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { useAction } from '../../components/use-action.ts';
import { problemsByPath, RK, useRefreshRules } from './common.tsx';

const YEARS = /^(\d{4})-(\d{4})$/;

/** The programme's cycles (ciclos escolares) and their federal rules of operation. */
export function CyclesPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const cycles = useQuery({
    queryKey: [RK, 'cycles'],
    queryFn: () => get<CycleSummary[]>('/api/pec/cycles'),
  });
  const canManage = me.permissions.includes('rules.manage');
  const [open, setOpen] = useState(false);
  return (
    <Stack style={CONTRAST_VARS}>
      <Group justify="space-between">
        <Title order={1}>{t('rules.title')}</Title>
        {canManage && <Button onClick={() => setOpen(true)}>{t('rules.cycles.new')}</Button>}
      </Group>
      <Text>{t('rules.cycles.intro')}</Text>
      {cycles.error instanceof ApiError && cycles.error.status === 404 ? (
        <Text role="status">{t('rules.cycles.notNational')}</Text>
      ) : (
        <QueryView query={cycles} isEmpty={(d) => d.length === 0} emptyText={t('rules.cycles.empty')}>
          {(list) => (
            <ScrollTable label={t('rules.cycles.title')} minWidth={560}>
              <Table striped withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('rules.cycles.schoolYear')}</Table.Th>
                    <Table.Th>{t('rules.cycles.fiscalYear')}</Table.Th>
                    <Table.Th>{t('rules.cycles.published')}</Table.Th>
                    <Table.Th>{t('rules.cycles.draft')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Anchor
                          renderRoot={(props) => (
                            <Link {...props} to="/reglas/$cycleId" params={{ cycleId: String(c.id) }} />
                          )}
                        >
                          {t('rules.cycles.cycleName', { year: c.schoolYear })}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{c.fiscalYear}</Table.Td>
                      <Table.Td>
                        {c.publishedVersion === null
                          ? t('rules.cycles.unpublished')
                          : t('rules.versionN', { version: c.publishedVersion })}
                      </Table.Td>
                      <Table.Td>{c.hasDraft ? t('rules.cycles.draftYes') : t('common.no')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
        </QueryView>
      )}
      {canManage && open && (
        <NewCycleDialog opened onClose={() => setOpen(false)} cycles={cycles.data ?? []} />
      )}
    </Stack>
  );
}

function NewCycleDialog({
  opened,
  onClose,
  cycles,
}: {
  opened: boolean;
  onClose: () => void;
  cycles: CycleSummary[];
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefreshRules();
  const action = useAction();
  // Suggest the year after the newest cycle, copying the newest published rules.
  const latest = cycles.find((c) => c.publishedVersion !== null);
  const newest = cycles[0];
  const next = newest?.schoolYear.match(YEARS);
  const [schoolYear, setSchoolYear] = useState(next ? `${Number(next[1]) + 1}-${Number(next[2]) + 1}` : '');
  const [fiscalYear, setFiscalYear] = useState<number | string>(newest ? newest.fiscalYear + 1 : '');
  const [copyFrom, setCopyFrom] = useState<string | null>(latest ? String(latest.id) : null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const problems = problemsByPath(action.error);
  const submit = () => {
    const errs: Record<string, string> = {};
    const m = schoolYear.trim().match(YEARS);
    if (!m || Number(m[2]) !== Number(m[1]) + 1) errs.schoolYear = t('rules.cycles.schoolYearInvalid');
    if (typeof fiscalYear !== 'number') errs.fiscalYear = t('rules.form.required');
    setLocal(errs);
    if (Object.keys(errs).length) return;
    let id = 0;
    void action
      .run(async () => {
        const res = await post<{ id: number }>('/api/pec/cycles', {
          schoolYear: schoolYear.trim(),
          fiscalYear,
          ...(copyFrom ? { copyFromCycleId: Number(copyFrom) } : {}),
        });
        id = res.id;
      })
      .then(async (ok) => {
        if (!ok) return;
        await refresh();
        onClose();
        void navigate({ to: '/reglas/$cycleId', params: { cycleId: String(id) } });
      });
  };
  return (
    <Dialog opened={opened} onClose={onClose} title={t('rules.cycles.new')}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack style={CONTRAST_VARS}>
          <ProblemAlert error={action.error} />
          <TextInput
            label={t('rules.cycles.schoolYear')}
            description={t('rules.cycles.schoolYearHelp')}
            placeholder="2027-2028"
            required
            value={schoolYear}
            onChange={(e) => setSchoolYear(e.currentTarget.value)}
            error={local.schoolYear ?? problems.get('schoolYear')}
            data-autofocus
          />
          <NumberInput
            label={t('rules.cycles.fiscalYear')}
            required
            min={2000}
            max={2100}
            allowDecimal={false}
            thousandSeparator=""
            value={fiscalYear}
            onChange={setFiscalYear}
            error={local.fiscalYear ?? problems.get('fiscalYear')}
          />
          <Select
            label={t('rules.cycles.copyFrom')}
            description={t('rules.cycles.copyFromHelp')}
            placeholder={t('rules.cycles.copyNone')}
            clearable
            data={cycles
              .filter((c) => c.publishedVersion !== null)
              .map((c) => ({
                value: String(c.id),
                label: t('rules.cycles.cycleName', { year: c.schoolYear }),
              }))}
            value={copyFrom}
            onChange={setCopyFrom}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={action.busy}>
              {t('rules.cycles.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
