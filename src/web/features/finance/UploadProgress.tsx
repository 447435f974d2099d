import { Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** How far a file's upload went, in words for screen readers and as a bar; nothing while none is running. */
export function UploadProgress({ sent, label }: { sent: number | null; label: string }) {
  const { t } = useTranslation();
  if (sent === null) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" role="status">
        {t('finance.uploading', { percent: Math.round(sent * 100) })}
      </Text>
      <Progress value={sent * 100} aria-label={label} />
    </Stack>
  );
}
