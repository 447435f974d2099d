import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** A horizontally scrollable region for wide tables, reachable by keyboard on narrow screens. */
export function ScrollTable({
  label,
  minWidth,
  children,
}: {
  label: string;
  minWidth: number;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
    <section className="scroll-region" tabIndex={0} aria-label={label}>
      <div style={{ minWidth }}>{children}</div>
    </section>
  );
}

/**
 * A striped table in a ScrollTable whose caption is also the region's name, so a screen reader
 * hears one name for both: `head` holds the header row's cells, `children` the body's rows.
 */
export function CaptionedTable({
  label,
  minWidth,
  head,
  foot,
  children,
}: {
  label: string;
  minWidth: number;
  head: ReactNode;
  foot?: ReactNode;
  children: ReactNode;
}) {
  return (
    <ScrollTable label={label} minWidth={minWidth}>
      <Table striped withTableBorder captionSide="top">
        <Table.Caption>{label}</Table.Caption>
        <Table.Thead>
          <Table.Tr>{head}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
        {foot && (
          <Table.Tfoot>
            <Table.Tr>{foot}</Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </ScrollTable>
  );
}
