import { describe, expect, it } from 'vitest';
import { NIGHTLY_HOUR, nightlyDue } from './maintenance.ts';

const at = (h: number, m = 0, day = 2) => new Date(2026, 11, day, h, m);

describe('the nightly vacuum of the embedded database', () => {
  it('is due in its hour once a day, and at no other hour', () => {
    expect(nightlyDue(at(NIGHTLY_HOUR, 5), null)).toBe(true);
    expect(nightlyDue(at(NIGHTLY_HOUR + 1, 5), null)).toBe(false);
    expect(nightlyDue(at(12), null)).toBe(false);
    // Done ten minutes ago: not again in the same hour.
    expect(nightlyDue(at(NIGHTLY_HOUR, 15), at(NIGHTLY_HOUR, 5))).toBe(false);
    // Done last night: due again tonight.
    expect(nightlyDue(at(NIGHTLY_HOUR, 5, 3), at(NIGHTLY_HOUR, 5, 2))).toBe(true);
  });
});
