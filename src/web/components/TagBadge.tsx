import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';
import { WRAP_BADGE } from './contrast.ts';

/** A status in words on a filled badge of one of contrast.ts's colours; a long phrase wraps. */
export function TagBadge({ color, children }: { color: string; children: ReactNode }) {
  return (
    <Badge color={color} variant="filled" style={{ flexShrink: 0 }} styles={WRAP_BADGE}>
      {children}
    </Badge>
  );
}
