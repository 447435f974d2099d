import { Button, Group, Stack, Text, Textarea, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_SECTIONS, type ReportDetail } from '../../../contract/planning.ts';
import { get, post, put } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction } from '../../components/use-action.ts';
import { useFmt } from '../../components/use-fmt.ts';
import { PK, type Plan, StateBadge } from './common.tsx';

export function ReportTab({ plan }: { plan: Plan }) {
  const q = useQuery({
    queryKey: [PK, plan.id, 'report'],
    queryFn: () => get<ReportDetail>(`/api/pec/plans/${plan.id}/report`),
  });
  return (
    <QueryView query={q}>
      {(r) => <ReportEditor key={r.state} plan={plan} report={r} onChange={() => q.refetch()} />}
    </QueryView>
  );
}

function ReportEditor({
  plan,
  report,
  onChange,
}: {
  plan: Plan;
  report: ReportDetail;
  onChange: () => unknown;
}) {
  const { t } = useTranslation();
  const f = useFmt();
  const [content, setContent] = useState(report.content);
  const [comment, setComment] = useState('');
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const act = useAction();
  const dirty = REPORT_SECTIONS.some((k) => content[k] !== report.content[k]);
  // The first save creates the report, after which the director may send it.
  const editable = report.canEdit && plan.can.reportProgress;
  return (
    <Stack>
      <Section title={t('planning.report.title')}>
        <Stack>
          <Group gap="xs">
            <Text>{t('planning.review.state')}</Text>
            <StateBadge state={report.state} prefix="planning.report.state" />
          </Group>
          {REPORT_SECTIONS.map((k) => (
            <Textarea
              key={k}
              label={t(`planning.report.sections.${k}`)}
              autosize
              minRows={3}
              value={content[k]}
              readOnly={!editable}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setSaved(false);
                setContent((c) => ({ ...c, [k]: v }));
              }}
            />
          ))}
          {editable && (
            <Group>
              <Button
                loading={save.busy}
                disabled={!dirty}
                onClick={() =>
                  void save
                    .run(() =>
                      put(`/api/pec/plans/${plan.id}/report`, {
                        content,
                        revision: report.revision || undefined,
                      }),
                    )
                    .then((ok) => {
                      setSaved(ok);
                      if (ok) void onChange();
                    })
                }
              >
                {t('planning.report.save')}
              </Button>
              {saved && <Text role="status">{t('planning.report.saved')}</Text>}
            </Group>
          )}
          <ErrorAlert error={save.error} />
        </Stack>
      </Section>
      {report.actions.length > 0 && (
        <Section title={t('planning.review.actions')}>
          <Stack gap="xs">
            <Textarea
              label={t('planning.review.comment')}
              autosize
              minRows={2}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
            />
            <Group>
              {report.actions.map((a) => (
                <Button
                  key={a}
                  disabled={dirty}
                  loading={act.busy}
                  onClick={() =>
                    void act
                      .run(() =>
                        post(
                          `/api/pec/plans/${plan.id}/report/${a}`,
                          comment.trim() ? { comment: comment.trim() } : {},
                        ),
                      )
                      .then((ok) => {
                        if (ok) void onChange();
                      })
                  }
                >
                  {t(`planning.report.actions.${a}`)}
                </Button>
              ))}
            </Group>
            <ErrorAlert error={act.error} />
          </Stack>
        </Section>
      )}
      {report.timeline.length > 0 && (
        <Section title={t('planning.review.timeline')}>
          <Timeline bulletSize={14} lineWidth={2}>
            {report.timeline.map((e) => (
              <Timeline.Item
                key={`${e.at}${e.action}`}
                title={t(`planning.report.events.${e.action}`, { defaultValue: e.action })}
              >
                <Text size="sm">{`${e.actor ?? '—'} · ${f.time(e.at)}`}</Text>
                {e.comment && <Text size="sm">{e.comment}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>
        </Section>
      )}
    </Stack>
  );
}
