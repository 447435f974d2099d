import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { ALERT_STYLES } from './contrast.ts';

/** A refusal made here, before anything is sent (wrong file type, missing file): its message is already in the reader's words. */
export class LocalError extends Error {}

/**
 * The server's refusal, in the reader's language: its explanation (a passed deadline names its date
 * and who can grant an extension; an over-budget choice names the amounts) and every point a 422
 * names (each failed check, each field of a form). `title` replaces the server's title.
 */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (!(error instanceof ApiError)) {
    return (
      <Alert color="red" role="alert">
        {error instanceof LocalError ? error.message : t('errors.generic')}
      </Alert>
    );
  }
  const errors = error.problem.errors ?? [];
  return (
    <Alert color="red" role="alert" title={title ?? error.problem.title} styles={ALERT_STYLES}>
      <Text size="sm">{error.message}</Text>
      {errors.length > 0 && (
        <List size="sm" mt="xs">
          {errors.map((e) => (
            <List.Item key={`${e.path}:${e.message}`}>{e.message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
