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
