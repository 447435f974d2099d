/** What the row check needs to tell a repeated CCT: a Map from CCT to its first line does it too. */
export interface SeenCcts {
  get(cct: string): number | undefined;
  set(cct: string, line: number): unknown;
}

const A = 65;
const ZERO = 48;
const letter = (c: number) => (c >= A && c < A + 26 ? c - A : -1);
const digit = (c: number) => (c >= ZERO && c < ZERO + 10 ? c - ZERO : -1);

/**
 * A CCT shaped like one (two digits, three letters, four digits, a letter) as one exact number
 * (under 2^39), plus one so that 0 marks an empty slot; -1 for any other key.
 */
export function packCct(cct: string): number {
  if (cct.length !== 10) return -1;
  let key = 0;
  for (let i = 0; i < 10; i++) {
    const c = cct.charCodeAt(i);
    const isLetter = i >= 2 && i <= 4 ? true : i === 9;
    const v = isLetter ? letter(c) : digit(c);
    if (v < 0) return -1;
    key = key * (isLetter ? 26 : 10) + v;
  }
  return key + 1;
}

/** murmur3's finaliser: every bit of the input moves about half the bits of the output. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The CCTs of the file read so far, each with the first line it was on. A file holds as many
 * CCTs as schools: in a Map of strings each took about 60 bytes of JavaScript heap (and the heap
 * grew further around them), 60 MB for a million. Here a well-formed one is a number in an
 * open-addressing table of typed arrays outside the collected heap: 16 bytes a slot, the table
 * between a quarter and a half full, so 32 to 64 bytes a CCT (twice that for a moment while it
 * grows). A malformed key (its row is rejected anyway) goes to a plain Map.
 */
export class CctRegistry implements SeenCcts {
  #keys: Float64Array;
  #lines: Float64Array;
  #shift: number;
  #count = 0;
  readonly #other = new Map<string, number>();
  // Seeded per table, so a file cannot be made of keys that all land on one slot.
  readonly #seed = (Math.random() * 0x100000000) >>> 0;

  /** `capacity`: the first table's slots, a power of two (small in tests, to watch it grow). */
  constructor(capacity = 1024) {
    if (capacity < 2 || (capacity & (capacity - 1)) !== 0) throw new RangeError('capacity: a power of two');
    this.#keys = new Float64Array(capacity);
    this.#lines = new Float64Array(capacity);
    this.#shift = 32 - Math.log2(capacity);
  }

  get size() {
    return this.#count + this.#other.size;
  }

  get(cct: string): number | undefined {
    const key = packCct(cct);
    if (key < 0) return this.#other.get(cct);
    const slot = this.#slot(key);
    return this.#keys[slot] === key ? this.#lines[slot] : undefined;
  }

  /** Records a CCT's line; a CCT already recorded keeps the first line it was given. */
  set(cct: string, line: number): this {
    const key = packCct(cct);
    if (key < 0) {
      if (!this.#other.has(cct)) this.#other.set(cct, line);
      return this;
    }
    const slot = this.#slot(key);
    if (this.#keys[slot] === key) return this;
    this.#keys[slot] = key;
    this.#lines[slot] = line;
    // At most half full, so a probe ends soon.
    if (++this.#count * 2 > this.#keys.length) this.#grow();
    return this;
  }

  /** Where the key is, or the empty slot where it would go (linear probing from its hash's top bits). */
  #slot(key: number): number {
    const mask = this.#keys.length - 1;
    const h = mix(mix((key >>> 0) ^ this.#seed) ^ Math.floor(key / 0x100000000));
    let i = h >>> this.#shift;
    for (;;) {
      const k = this.#keys[i] as number;
      if (k === 0 || k === key) return i;
      i = (i + 1) & mask;
    }
  }

  #grow() {
    const keys = this.#keys;
    const lines = this.#lines;
    this.#keys = new Float64Array(keys.length * 2);
    this.#lines = new Float64Array(keys.length * 2);
    this.#shift--;
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j] as number;
      if (k === 0) continue;
      const slot = this.#slot(k);
      this.#keys[slot] = k;
      this.#lines[slot] = lines[j] as number;
    }
  }
}
