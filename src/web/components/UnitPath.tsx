import { Text } from '@mantine/core';
import type { UnitRef } from '../../contract/api.ts';

/** "México › Jalisco › Sector 01" — where a unit sits. */
export function UnitPath({ path }: { path: UnitRef[] }) {
  if (path.length === 0) return null;
  return (
    <Text size="xs" c="dimmed">
      {path.map((p) => p.name).join(' › ')}
    </Text>
  );
}
