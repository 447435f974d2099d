import { Anchor, Badge, Card, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client.ts';
import { formatDateTime } from '../../components/format.ts';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';

interface Message {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
  sentAt: string | null;
  transport: 'smtp' | 'outbox';
  attachments: { filename: string; contentType: string }[];
}

/** Message text with its links made clickable. */
function Body({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/g);
  return (
    <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} size="sm">
      {parts.map((p, i) =>
        /^https?:\/\//.test(p) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: static split of one text
          <Anchor key={i} href={p}>
            {p}
          </Anchor>
        ) : (
          p
        ),
      )}
    </Text>
  );
}

export function OutboxPage() {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['outbox'],
    queryFn: () => get<{ items: Message[]; total: number }>('/api/outbox?limit=100'),
  });
  const selected = q.data?.items.find((m) => m.id === open);
  return (
    <Stack>
      <Title order={1}>{t('outbox.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('outbox.intro')}
      </Text>
      <QueryView query={q} isEmpty={(d) => d.items.length === 0} emptyText={t('outbox.empty')}>
        {(qData) => (
          <ScrollTable label={t('outbox.title')} minWidth={520}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('outbox.date')}</Table.Th>
                  <Table.Th>{t('outbox.to')}</Table.Th>
                  <Table.Th>{t('outbox.subject')}</Table.Th>
                  <Table.Th>{t('outbox.via')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {qData.items.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>{formatDateTime(m.createdAt, i18n.language)}</Table.Td>
                    <Table.Td>{m.to}</Table.Td>
                    <Table.Td>
                      <UnstyledButton onClick={() => setOpen(m.id)} td="underline" c="blue.8">
                        {m.subject}
                      </UnstyledButton>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="outline">
                        {m.transport}
                        {m.transport === 'smtp' && !m.sentAt ? ` · ${t('outbox.pending')}` : ''}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </QueryView>
      {selected && (
        <Card withBorder component="article" aria-label={selected.subject}>
          <Title order={2} size="h4">
            {selected.subject}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('outbox.to')}: {selected.to}
          </Text>
          <Body text={selected.text} />
          {selected.attachments.length > 0 && (
            <Text size="sm" mt="sm">
              {t('outbox.attachments')}:{' '}
              {selected.attachments.map((a, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the index is the attachment's address
                <span key={i}>
                  {i > 0 && ', '}
                  <Anchor href={`/api/outbox/${selected.id}/attachments/${i}`} download={a.filename}>
                    {a.filename}
                  </Anchor>
                </span>
              ))}
            </Text>
          )}
        </Card>
      )}
    </Stack>
  );
}
