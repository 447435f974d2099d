import { describe, expect, it } from 'vitest';
import { NIGHTLY_HOUR, nightlyDue } from './maintenance.ts';

// Mexico City keeps UTC−6 all year (no daylight saving since 2022).
const at = (h: number, m = 0, day = 2) => new Date(Date.UTC(2026, 11, day, h + 6, m));

describe('the nightly vacuum of the embedded database', () => {
  it('is due in its hour in Mexico City once a day, and at no other hour', () => {
    expect(nightlyDue(at(NIGHTLY_HOUR, 5), null)).toBe(true);
    expect(nightlyDue(at(NIGHTLY_HOUR + 1, 5), null)).toBe(false);
    expect(nightlyDue(at(12), null)).toBe(false);
    // 3 a.m. UTC is 9 p.m. in Mexico City: people may still be at work.
    expect(nightlyDue(new Date(Date.UTC(2026, 11, 2, NIGHTLY_HOUR, 5)), null)).toBe(false);
    // Done ten minutes ago: not again in the same hour.
    expect(nightlyDue(at(NIGHTLY_HOUR, 15), at(NIGHTLY_HOUR, 5))).toBe(false);
    // Done last night: due again tonight.
    expect(nightlyDue(at(NIGHTLY_HOUR, 5, 3), at(NIGHTLY_HOUR, 5, 2))).toBe(true);
  });
});
