import { Alert, Badge, Button, Card, Group, PasswordInput, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatDateTime } from '../../components/format.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';

interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export function AccountPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [pw, setPw] = useState({ current: '', next: '', confirm: '' });
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => get<Session[]>('/api/auth/sessions') });
  const change = async (e: React.FormEvent) => {
    e.preventDefault();
    setDone(false);
    setError(null);
    if (pw.next.length < 10) return setLocalError(t('reset.tooShort'));
    if (pw.next !== pw.confirm) return setLocalError(t('reset.mismatch'));
    setLocalError(null);
    try {
      await post('/api/auth/password', { currentPassword: pw.current, newPassword: pw.next });
      setDone(true);
      setPw({ current: '', next: '', confirm: '' });
      await qc.invalidateQueries({ queryKey: ['sessions'] });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Stack>
      <Title order={1}>{t('account.title')}</Title>
      <Card withBorder component="section" aria-labelledby="lang-h">
        <Title order={2} size="h4" id="lang-h" mb="xs">
          {t('account.language')}
        </Title>
        <LanguageSwitch signedIn />
      </Card>
      <Card withBorder component="section" aria-labelledby="pw-h">
        <Title order={2} size="h4" id="pw-h" mb="xs">
          {t('account.password')}
        </Title>
        <form onSubmit={(e) => void change(e)} noValidate>
          <Stack maw={400}>
            {done && (
              <Alert color="green" role="status">
                {t('account.changed')}
              </Alert>
            )}
            <ErrorAlert error={error} />
            <PasswordInput
              label={t('account.current')}
              autoComplete="current-password"
              value={pw.current}
              onChange={(e) => setPw({ ...pw, current: e.currentTarget.value })}
              required
            />
            <PasswordInput
              label={t('account.new')}
              autoComplete="new-password"
              value={pw.next}
              onChange={(e) => setPw({ ...pw, next: e.currentTarget.value })}
              required
              error={localError === t('reset.tooShort') ? localError : undefined}
            />
            <PasswordInput
              label={t('account.confirm')}
              autoComplete="new-password"
              value={pw.confirm}
              onChange={(e) => setPw({ ...pw, confirm: e.currentTarget.value })}
              required
              error={localError === t('reset.mismatch') ? localError : undefined}
            />
            <Button type="submit">{t('common.save')}</Button>
          </Stack>
        </form>
      </Card>
      <Card withBorder component="section" aria-labelledby="s-h">
        <Title order={2} size="h4" id="s-h" mb="xs">
          {t('account.sessions')}
        </Title>
        {sessions.isPending ? (
          <Loading />
        ) : sessions.error ? (
          <ErrorAlert error={sessions.error} />
        ) : (
          <ScrollTable label={t('account.sessions')} minWidth={520}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('account.device')}</Table.Th>
                  <Table.Th>{t('account.started')}</Table.Th>
                  <Table.Th>{t('account.lastSeen')}</Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.data.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Text size="sm" lineClamp={1}>
                        {s.userAgent ?? '—'}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {s.ip}
                      </Text>
                    </Table.Td>
                    <Table.Td>{formatDateTime(s.createdAt, i18n.language)}</Table.Td>
                    <Table.Td>{formatDateTime(s.lastSeenAt, i18n.language)}</Table.Td>
                    <Table.Td>
                      {s.current ? (
                        <Badge variant="outline">{t('account.thisSession')}</Badge>
                      ) : (
                        <Group>
                          <Button
                            size="compact-xs"
                            color="red"
                            variant="default"
                            onClick={() =>
                              void del(`/api/auth/sessions/${s.id}`).then(() =>
                                qc.invalidateQueries({ queryKey: ['sessions'] }),
                              )
                            }
                          >
                            {t('account.endSession')}
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Card>
    </Stack>
  );
}
