import { describe, expect, it } from 'vitest';
import { normalizeCsvHeader } from './csv-import';

describe('normalizeCsvHeader', () => {
  it('drops case, accents, spaces, underscores and hyphens', () => {
    expect(normalizeCsvHeader('Payment method')).toBe('paymentmethod');
    expect(normalizeCsvHeader(' Value_Date-x\t')).toBe('valuedatex');
    expect(normalizeCsvHeader('Empfänger')).toBe('empfanger');
    expect(normalizeCsvHeader('Libellé')).toBe('libelle');
    expect(normalizeCsvHeader('Bedrag (EUR)')).toBe('bedrag(eur)');
  });
});
