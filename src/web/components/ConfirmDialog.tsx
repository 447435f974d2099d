import { Button, Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';

/** A question before an action that changes or removes something: what will happen, then cancel or confirm. */
export function ConfirmDialog({
  opened,
  title,
  children,
  onCancel,
  onConfirm,
  confirmLabel,
  danger = false,
  busy = false,
  error = null,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  onCancel: () => void;
  onConfirm: () => void;
  confirmLabel?: string;
  danger?: boolean;
  busy?: boolean;
  error?: unknown;
}) {
  const { t } = useTranslation();
  return (
    <Dialog opened={opened} onClose={onCancel} title={title}>
      {opened && (
        <Stack>
          <ErrorAlert error={error} />
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
            <Button color={danger ? 'red' : undefined} loading={busy} onClick={onConfirm}>
              {confirmLabel ?? t('common.confirm')}
            </Button>
          </Group>
        </Stack>
      )}
    </Dialog>
  );
}
