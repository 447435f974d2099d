import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Inbox, InboxItem } from '../../../contract/alliance.ts';
import { get } from '../../api/client.ts';
import { QueryView } from '../../components/QueryView.tsx';
import { AK, ALink, BackToAlliance, StateBadge, useFormat } from './common.tsx';

type Item = z.infer<typeof InboxItem>;

/** Where an inbox item is acted on. */
export function ItemLink({ item }: { item: Item }) {
  const common = { children: item.title, fw: 600 } as const;
  switch (item.kind) {
    case 'document':
      return <ALink to="/alianza/documentos/$id" params={{ id: item.id }} {...common} />;
    case 'synthesis':
      return <ALink to="/alianza/sintesis/$id" params={{ id: item.id }} {...common} />;
    case 'resolution':
      return <ALink to="/alianza/resoluciones/$id" params={{ id: item.id }} {...common} />;
    case 'meeting':
      return <ALink to="/alianza/sesiones/$id" params={{ id: item.id }} {...common} />;
    case 'task':
      return <ALink to="/alianza/tareas/$id" params={{ id: item.id }} {...common} />;
    default:
      return <ALink to="/alianza/organos/$bodyId" params={{ bodyId: String(item.body.id) }} {...common} />;
  }
}

export function InboxPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({
    queryKey: [AK, 'inbox'],
    queryFn: () => get<z.infer<typeof Inbox>>('/api/alliance/inbox'),
  });
  return (
    <Stack>
      <BackToAlliance />
      <Title order={1}>{t('alliance.inbox.title')}</Title>
      <Text>{t('alliance.inbox.intro')}</Text>
      <QueryView query={q} isEmpty={(d) => d.items.length === 0} emptyText={t('alliance.inbox.empty')}>
        {(d) => {
          const items = [...d.items].sort((a, b) => Number(b.overdue) - Number(a.overdue));
          return (
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {items.map((i) => (
                <Card
                  key={`${i.kind}-${i.id}`}
                  withBorder
                  padding="sm"
                  component="li"
                  style={i.overdue ? { borderLeft: '4px solid var(--mantine-color-red-8)' } : undefined}
                >
                  <Group justify="space-between" wrap="nowrap" align="start">
                    <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                      <Group gap="xs">
                        <Badge variant="outline" color="gray.8">
                          {t(`alliance.kinds.${i.kind}`)}
                        </Badge>
                        <ItemLink item={i} />
                      </Group>
                      <Text size="sm">
                        {i.body.code} · {i.body.name}
                      </Text>
                    </Stack>
                    <Stack gap={2} align="end" style={{ flexShrink: 0 }}>
                      <StateBadge state={i.state} />
                      {i.dueOn && (
                        <Text size="sm" c={i.overdue ? 'red.9' : undefined} fw={i.overdue ? 700 : undefined}>
                          {i.overdue
                            ? t('alliance.inbox.overdue', { date: f.day(i.dueOn) })
                            : i.kind === 'meeting'
                              ? t('alliance.inbox.on', { date: f.day(i.dueOn) })
                              : t('alliance.inbox.due', { date: f.day(i.dueOn) })}
                        </Text>
                      )}
                    </Stack>
                  </Group>
                </Card>
              ))}
            </Stack>
          );
        }}
      </QueryView>
    </Stack>
  );
}
