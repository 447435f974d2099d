import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** Shows the server's own explanation (already in the user's language). */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : t('errors.generic');
  return (
    <Alert color="red" role="alert" title={error instanceof ApiError ? error.problem.title : undefined}>
      {message}
    </Alert>
  );
}
