import type { Finding } from '../types.js';
import { matchAll } from './util.js';

/*
 * Postal addresses: a street line (house number + street name + street type), optionally followed
 * by the town and postcode. Without a street line a postcode alone is not replaced (too many
 * five-digit numbers are something else).
 * - US / UK / English: "1600 Amphitheatre Parkway, Mountain View, CA 94043", "221B Baker Street,
 *   London NW1 6XE", "12 Elm St. Apt 4B";
 * - German: "Hauptstraße 5, 10115 Berlin", "Am Alten Markt 3a";
 * - French: "12 rue de Rivoli, 75001 Paris", "8 bis avenue Jean Jaurès".
 */
const EN_TYPES =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Parkway|Pkwy|Terrace|Circle|Highway|Hwy|Square|Close|Crescent|Gardens|Grove|Mews|Hill|Alley|Trail';
// Left out on purpose: Loop, Walk, Park, Green, Row (too common in technical prose: "12 Main Loop").
const CAP = String.raw`[A-Z][A-Za-z'’.-]*`;
const ORD = String.raw`\d{1,3}(?:st|nd|rd|th)`;
const UNIT = String.raw`(?:,?\s(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Flat|#)\.?\s?#?[\w-]{1,6})?`;
const US_STATE_ZIP = String.raw`[A-Z]{2}\s\d{5}(?:-\d{4})?`;
const UK_POSTCODE = String.raw`[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}`;
const TOWN = String.raw`(?:[A-Z][a-z'’-]+\s?){1,3}`;
const EN = new RegExp(
  String.raw`(?<![\w.:/-])\d{1,6}[A-Za-z]?\s(?:[NSEW]\.?\s)?(?:(?:${CAP}|${ORD})\s){1,4}(?:${EN_TYPES})\b\.?${UNIT}` +
    String.raw`(?:,?\s${TOWN},?\s(?:${US_STATE_ZIP}|${UK_POSTCODE})(?![\w]))?`,
  'g',
);
const PO_BOX = /\bP\.?\s?O\.?\s?Box\s\d{1,6}\b(?:,?\s(?:[A-Z][a-z'’-]+\s?){1,3},?\s[A-Z]{2}\s\d{5}(?:-\d{4})?)?/g;

// Not "ring" as a suffix: it would read "String 5" and "Spring 2024" as streets.
const DE_SUFFIX = 'straße|strasse|str\\.|weg|platz|allee|gasse|damm|ufer|chaussee|steig|pfad';
const DE_WORD = 'Straße|Strasse|Weg|Platz|Allee|Gasse|Ring|Damm|Ufer|Markt|Chaussee';
const DE = new RegExp(
  String.raw`(?<![\w-])(?:[A-ZÄÖÜ][a-zäöüß-]+(?:${DE_SUFFIX})|(?:(?:Am|An der|Auf dem|Im|In der|Zum|Zur)\s)?(?:[A-ZÄÖÜ][a-zäöüß-]+\s){1,2}(?:${DE_WORD}))` +
    String.raw`\s\d{1,4}\s?[a-z]?(?:(?:,\s*|\s)\d{5}\s[A-ZÄÖÜ][a-zäöüß-]+(?:\s(?:am|an der)\s[A-ZÄÖÜ][a-zäöüß]+)?)?(?![\w])`,
  'g',
);
const FR = new RegExp(
  String.raw`(?<![\w.:/-])\d{1,4}(?:\s?(?:bis|ter))?,?\s(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|passage)\s` +
    String.raw`(?:(?:de la|de l'|de l’|des|du|de|d'|d’)\s?)?[A-ZÉÈÂ][\wÀ-ÿ'’-]*(?:\s[A-ZÉÈÂ][\wÀ-ÿ'’-]*){0,3}` +
    String.raw`(?:,?\s\d{5}\s[A-ZÉÈ][A-Za-zÀ-ÿ'’-]+(?:\s[A-ZÉÈ][A-Za-zÀ-ÿ'’-]+)?)?`,
  'g',
);

export function addressFindings(text: string): Finding[] {
  return [
    ...matchAll(text, EN, 'ADDRESS', 'address:en'),
    ...matchAll(text, PO_BOX, 'ADDRESS', 'address:po-box'),
    ...matchAll(text, DE, 'ADDRESS', 'address:de'),
    ...matchAll(text, FR, 'ADDRESS', 'address:fr'),
  ];
}
