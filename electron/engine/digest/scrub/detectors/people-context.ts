import { NOT_NAMES } from '../keep-lists.js';
import type { Finding } from '../types.js';
import { isNameWord, lexTags } from './people-nlp.js';
import { FULL, GAELIC_PARTICLES, WORD } from './people-shape.js';

/*
 * Person names known by the words around them, in any language and whatever the names are (names
 * that are also English words, "Joy Brook", "Rein Rebane", are invisible to the shape and NLP finders):
 * - greetings and thanks: "Hi X", "Hello X,", "Thanks X!", "Cheers, X", "Dear X";
 * - a sign-off line ("Best regards,", "Cheers,") and the name alone on the next line;
 * - attribution: "X wrote:", "On …, X wrote:", "X said / asked / confirmed …", "cc X", "ask X whether";
 * - a Slack-style mention of a display name: "@X can you…", "ping @X —".
 * The name is one to three capitalised words (Gaelic particles allowed); words that only greet a group
 * ("Hi Team", "Thanks All"), tools and products (NOT_NAMES) and sentences of ordinary words are not.
 */
const NAME = String.raw`(?<name>${FULL}|${WORD})`;
const H = String.raw`[ \t\u00a0]`;
const GREETING = new RegExp(
  String.raw`(?:^|(?<=[\n.!?>]${H}*))(?:Hi|Hello|Hey|Hiya|Dear|Morning|Good morning|Thanks|Thank you|Thx|Cheers|Ta)(?:,|!)?${H}+${NAME}(?=${H}*(?:[,!.:;?)—–-]|$)|${H}+[—–-])`,
  'dgmu',
);
const SIGN_OFF = new RegExp(
  String.raw`^${H}*(?:(?:Best|Kind|Warm|Many)${H}+)?(?:[Rr]egards|[Ww]ishes|[Tt]hanks|Cheers|Best|Sincerely|Yours(?:${H}+sincerely)?|Thank you|Ta)${H}*[,!.]?${H}*\r?\n${H}*(?:--${H}*)?${NAME}${H}*$`,
  'dgmu',
);
const ATTRIBUTION = new RegExp(
  String.raw`(?<![\p{L}\p{N}_@/.-])${NAME}(?:${H}+<[^<>\s]+>)?(?:${H}+\([^()\n]{1,24}\))?${H}+(?:wrote|writes|said|says|asked|replied|mentioned|suggested|confirmed|approved|thinks|agreed|noted|pointed${H}+out|explained|acknowledged|signed${H}+off|reported|flagged)\b`,
  'dgu',
);
// "Per X," attributes; "assigned to X", "escalated to X" name who holds a task.
const ASK = new RegExp(String.raw`\b(?:cc:?|CC:?|ask|asked|ping|loop${H}+in|paired${H}+with|talked${H}+to|spoke${H}+(?:to|with)|[Pp]er|[Aa]ssigned${H}+to|[Ee]scalated${H}+to|(?:[Rr]eviewed|[Aa]pproved|[Oo]wned|[Rr]eported)${H}+by|over${H}+to)${H}+${NAME}(?=${H}*(?:[,.!?;:)—–-]|$)|${H}+(?:whether|if|about|for|on|to|who|and)\b)`, 'dgmu');
/** Tagalog marks a person's name with a particle: "si X", "ni X", "kay X" (plural "sina", "kina"). */
const TAGALOG = new RegExp(String.raw`(?<![\p{L}])(?:si|ni|kay|sina|kina)${H}+${NAME}(?=${H}|[,.!?;:)]|$)`, 'dgmu');
const AT_NAME = new RegExp(String.raw`(?<![\p{L}\p{N}_@.])@(?<name>\p{Lu}\p{Ll}+)(?=,?${H}+(?:[—–-]${H}|\p{Ll}+${H}+\p{Ll}))`, 'dgu');

/** What follows a greeting without being a name. */
const NOT_ADDRESSEES = new Set('all everyone everybody team folks guys there again both so for much anyway in to you again y\'all mate man again friends people claude assistant again'.split(' '));
/** Java, Kotlin, Swift and TypeScript annotations written like a mention (`@Autowired private …`). */
const ANNOTATIONS = /^(?:Autowired|Override|Inject|Injectable|Component|Entity|Table|Column|Bean|Deprecated|Input|Output|Service|Controller|Module|Transactional|Published|State|Binding|Environment|Composable|Preview|Nullable|Nonnull|Test|Before|After|Data|Builder|Getter|Setter|Value|Param|Query|Body|Get|Post|Put|Patch|Delete|Field|Prop|Watch|Emit|Ref)$/;

/** Ordinary words in the lexicon that are not also names. */
function ordinary(w: string): boolean {
  const tags = lexTags(w);
  return tags.length > 0 && !isNameWord(w);
}

/** The capitalised words of a candidate name are a name: not a group, a tool, or only ordinary words. */
function plausible(name: string, strongCue = false): boolean {
  const words = name.split(/\s+/).filter((w) => !GAELIC_PARTICLES.has(w.toLowerCase()) && /^\p{Lu}/u.test(w));
  if (!words.length) return false;
  for (const w of words) {
    const lower = w.toLowerCase();
    if (NOT_NAMES.has(lower) || NOT_ADDRESSEES.has(lower)) return false;
  }
  // One ordinary word is fine ("Rein Rebane"); all of them reads as a sentence ("Thanks Again Everyone"),
  // unless a strong cue names a person there ("ask Joy Brook whether", a sign-off's own line).
  return words.length === 1 || (strongCue && words.length >= 2) || words.some((w) => !ordinary(w));
}

export function contextPeopleFindings(text: string): Finding[] {
  const out: Finding[] = [];
  const scan = (re: RegExp, detector: string, strict = false, strongCue = false) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const name = m.groups!.name;
      if (!plausible(name, strongCue)) continue;
      // Attribution and asking are weaker cues: one ordinary word alone there is a sentence ("Docs said").
      if (strict && !name.includes(' ') && ordinary(name)) continue;
      const [start, end] = m.indices!.groups!.name!;
      out.push({ start, end, type: 'PERSON', detector, key: name.replace(/\s+/g, ' ').toLowerCase() });
    }
  };
  scan(GREETING, 'person:greeting');
  scan(SIGN_OFF, 'person:sign-off', false, true);
  scan(ATTRIBUTION, 'person:attribution', true, true);
  scan(ASK, 'person:ask', true, true);
  if (/\b(?:si|ni|kay|sina|kina) /.test(text)) scan(TAGALOG, 'person:tagalog', true, true);
  if (text.includes('@')) {
    AT_NAME.lastIndex = 0;
    for (let m = AT_NAME.exec(text); m; m = AT_NAME.exec(text)) {
      const name = m.groups!.name;
      // An ordinary word after `@` is a name only when someone is addressed ("ping @Joy").
      const addressed = /\b(?:ping|cc|hi|hey|thanks)[ \t]+$/i.test(text.slice(Math.max(0, m.index - 8), m.index));
      if (ANNOTATIONS.test(name) || !plausible(name) || (ordinary(name) && !addressed)) continue;
      const [start, end] = m.indices!.groups!.name!;
      out.push({ start, end, type: 'PERSON', detector: 'person:at-name', key: name.toLowerCase() });
    }
  }
  return out;
}
