import { Button, Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** A dialog holding one form: the server's refusal on top, cancel and submit below. */
export function FormDialog({
  opened,
  onClose,
  title,
  onSubmit,
  busy,
  error,
  submitLabel,
  children,
  size,
  danger = false,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  onSubmit: () => void;
  busy: boolean;
  error: unknown;
  submitLabel?: string;
  children: ReactNode;
  size?: string;
  danger?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Dialog opened={opened} onClose={onClose} title={title} size={size}>
      {opened && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          <Stack>
            <ErrorAlert error={error} />
            {children}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} color={danger ? 'red.9' : undefined}>
                {submitLabel ?? t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Dialog>
  );
}

/** The server's message for one field of the request body, to show beside that field. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldError(field) : undefined;
}
