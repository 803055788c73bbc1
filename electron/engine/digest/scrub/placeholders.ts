import type { Finding, PiiType } from './types.js';

/** How values are compared for numbering: two spellings of one value share a placeholder. */
function normalise(type: PiiType, value: string): string {
  switch (type) {
    case 'EMAIL':
    case 'HOST':
    case 'USER':
    case 'PERSON':
      return value.toLowerCase();
    case 'PHONE':
    case 'CARD':
      return value.replace(/\D/g, '');
    case 'IBAN':
    case 'NATIONAL_ID':
      return value.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
    case 'ADDRESS':
      return value.replace(/\s+/g, ' ').toLowerCase();
    default:
      return value;
  }
}

/**
 * Numbers placeholders per type, in order of first appearance: the same value always gets the
 * same placeholder for the life of the book (one digest), another value of the type the next number.
 */
export class PlaceholderBook {
  private readonly byKey = new Map<string, string>();
  private readonly counts = new Map<PiiType, number>();
  private readonly legend: { placeholder: string; type: PiiType; value: string }[] = [];

  /** `value` is what the legend shows; `key` (default: the value) decides which values are the same. */
  placeholder(type: PiiType, value: string, key = value): string {
    const k = `${type}\u0000${normalise(type, key)}`;
    let p = this.byKey.get(k);
    if (!p) {
      const n = (this.counts.get(type) ?? 0) + 1;
      this.counts.set(type, n);
      p = `<${type}_${n}>`;
      this.byKey.set(k, p);
      this.legend.push({ placeholder: p, type, value });
    }
    return p;
  }

  forFinding(text: string, f: Finding): string {
    const value = text.slice(f.start, f.end);
    return this.placeholder(f.type, value, f.key ?? value);
  }

  /** Placeholder → original value. Local only: it holds exactly what the scrubbing removed. */
  entries(): readonly { placeholder: string; type: PiiType; value: string }[] {
    return this.legend;
  }
}
