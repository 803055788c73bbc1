import { describe, expect, it } from 'vitest';
import {
  bsnValid,
  cpfCheckDigits,
  cpfValid,
  dniLetter,
  ibanCheckDigits,
  ibanValid,
  luhnCheckDigit,
  luhnValid,
  nirKey,
  verhoeffCheckDigit,
  verhoeffValid,
} from '../../../electron/engine/digest/scrub/checksums.js';

describe('check digits', () => {
  it('Luhn: the published test card numbers pass, a changed digit fails', () => {
    for (const n of ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117']) expect(luhnValid(n), n).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnCheckDigit('411111111111111')).toBe('1');
  });

  it('IBAN mod 97: the registry examples pass, a swapped pair fails', () => {
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
    expect(ibanValid('GB82 WEST 1234 5698 7654 23')).toBe(false);
    expect(ibanCheckDigits('DE', '370400440532013000')).toBe('89');
  });

  it('Verhoeff (Aadhaar): the textbook example 236 → 3', () => {
    expect(verhoeffCheckDigit('236')).toBe('3');
    expect(verhoeffValid('2363')).toBe(true);
    expect(verhoeffValid('2364')).toBe(false);
  });

  it('CPF, DNI, NIR and BSN follow their published rules', () => {
    expect(cpfValid('11144477735')).toBe(true);
    expect(cpfValid('11144477736')).toBe(false);
    expect(cpfValid('11111111111')).toBe(false);
    expect(cpfCheckDigits('111444777')).toBe('35');
    expect(dniLetter('12345678')).toBe('Z');
    expect(nirKey('2550814168025')).toBe('38');
    expect(bsnValid('111222333')).toBe(true);
    expect(bsnValid('111222334')).toBe(false);
  });
});
