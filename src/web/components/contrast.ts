import type { CSSProperties } from 'react';

/**
 * Colours that keep WCAG AA contrast where Mantine's defaults fall just short. Mantine's error red
 * is just under AA for small text on white, so pages with forms set a darker one (spread
 * CONTRAST_VARS on their root); badges are filled in these dark colours (light/subtle variants fail).
 */
export const CONTRAST_VARS = { '--mantine-color-error': '#c92a2a' } as CSSProperties;
export const GREEN = '#2b6e35';
export const RED = '#b02525';
export const AMBER = '#8a5a00';
export const BLUE = '#1864ab';
export const LINK_COLOR = 'var(--mantine-color-blue-8)';

/** The red and green alerts' titles are just under AA on their tinted background: darker ones. */
export const ALERT_STYLES = { title: { color: '#9b1c1c' } } as const;
export const ALERT_OK_STYLES = { title: { color: '#1e5e2c' } } as const;

/** Badges that hold whole phrases ("Requiere condiciones adicionales") wrap instead of cutting. */
export const WRAP_BADGE = {
  root: { height: 'auto', minHeight: 20, paddingBlock: 2, maxWidth: '100%', borderRadius: 4 },
  label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.3 },
} as const;
