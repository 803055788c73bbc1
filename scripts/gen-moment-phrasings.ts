// Writes test/fixtures/moment-phrasings.json: generated person turns for the moment detectors, in
// wording families the real samples hold few of (first-person and forward-looking preferences,
// reproaches, questions, "X, again?!", imperative corrections after an edit, several languages) and
// hard negatives worded alike (genuine questions, one-off choices, plans, acknowledgements).
//
//   node --import tsx scripts/gen-moment-phrasings.ts
//
// Each family has several templates that say the same thing in different words; an item is one
// family filled with one set of slot values, so its wordings are paraphrases of one another. The
// first wording is "the" turn; the others form the paraphrase set. Which families are held apart
// from all training and tuning is decided in electron/engine/moments/phrasings.ts (by family id).
// Deterministic: the same script writes the same file.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Agent = 'edit' | 'tool' | 'refusal' | 'answer';
type Label = 'correction' | 'preference';

interface Family {
  id: string;
  labels: Label[];
  lang?: string;
  /** Agent steps this family may follow (rotated over the items). */
  after: Agent[];
  templates: string[];
  /** How many items (slot fillings). */
  n?: number;
}

// Slot values. {x} the wrong tool, {y} the right one, {f} a file, {g} another file, {t} a kind of
// artefact, {q} a quality it should have, {chk} a check, {feat} a feature, {lang} a language.
const PAIRS: [string, string][] = [
  ['npm', 'pnpm'],
  ['jest', 'vitest'],
  ['moment.js', 'date-fns'],
  ['axios', 'fetch'],
  ['class components', 'hooks'],
  ['unittest', 'pytest'],
  ['yarn', 'npm'],
  ['requests', 'httpx'],
  ['pandas', 'polars'],
  ['lodash', 'plain JavaScript'],
  ['webpack', 'vite'],
  ['MySQL', 'Postgres'],
  ['Redux', 'Zustand'],
  ['print statements', 'the logger'],
  ['var', 'const'],
  ['mocha', 'vitest'],
  ['CommonJS', 'ES modules'],
  ['setTimeout hacks', 'proper awaits'],
  ['raw SQL strings', 'the query builder'],
  ['any', 'proper types'],
];
const FILES: [string, string][] = [
  ['src/generated/client.ts', 'api/openapi.yaml'],
  ['dist/app.js', 'src/app.ts'],
  ['package-lock.json', 'package.json'],
  ['build/styles.css', 'styles/main.scss'],
  ['schema.sql', 'migrations/0012_users.sql'],
  ['docs/index.html', 'docs/index.md'],
  ['lib/parser.js', 'src/parser.ts'],
  ['config.prod.json', 'config/base.json'],
  ['vendor/utils.py', 'app/utils.py'],
  ['public/bundle.js', 'frontend/main.tsx'],
  ['README.md', 'docs/setup.md'],
  ['tests/fixtures/users.json', 'tests/factories.py'],
];
const THINGS = ['test', 'commit message', 'function', 'error message', 'log line', 'docstring', 'PR description', 'API response', 'component', 'migration', 'variable name', 'comment'];
const QUALITIES = [
  'be short and to the point',
  'have a one-line summary first',
  'be written in plain English',
  'stay under fifty lines',
  'say why, not what',
  'be typed explicitly',
  'follow the existing naming',
  'be covered by a test',
];
const CHECKS = ['type check', 'linter', 'unit tests', 'integration tests', 'build', 'formatter', 'e2e suite', 'schema validation'];
const FEATURES = ['CSV export', 'dark mode toggle', 'retry on timeout', 'search box', 'pagination', 'rate limiter', 'password reset', 'audit log', 'health endpoint', 'upload progress bar'];
const LANGS = ['German', 'French', 'Spanish', 'British English', 'Portuguese', 'Italian'];

const FAMILIES: Family[] = [
  // --- corrections -------------------------------------------------------------------------
  {
    id: 'c-touched-again',
    labels: ['correction'],
    after: ['edit'],
    templates: [
      'you touched {f} again, the real source is {g}',
      'why are you editing {f}? it is generated, the change belongs in {g}',
      '{f} gets overwritten from {g}, you edited the wrong file again',
      'again in {f}... the file that matters is {g}',
    ],
  },
  {
    id: 'c-what-made-you',
    labels: ['correction'],
    after: ['edit', 'answer'],
    templates: [
      'what made you use {x}? we use {y}',
      'why did you reach for {x}? this codebase is on {y}',
      '{x}?? where did that come from, everything here is {y}',
      'who said anything about {x}? it is {y} in this repo',
    ],
  },
  {
    id: 'c-again-exclaim',
    labels: ['correction'],
    after: ['edit', 'tool'],
    templates: ['{x}, again?!', 'seriously, {x} again?', 'and there is {x} once more...', 'not {x} again!'],
  },
  {
    id: 'c-quit-using',
    labels: ['correction'],
    after: ['edit', 'tool'],
    templates: [
      'quit using {x}, this is a {y} project',
      'stop reaching for {x}, the project runs on {y}',
      'enough with {x}, we are on {y}',
      'drop {x}, this repo uses {y}',
    ],
  },
  {
    id: 'c-put-it-back',
    labels: ['correction'],
    after: ['edit'],
    templates: [
      'the {chk} was fine, your change is the bug, put it back',
      'nothing was wrong with the {chk} config; you broke it, restore it',
      'put the {chk} setup back the way it was, your edit caused the failure',
      'undo what you did to the {chk}, it was correct before you touched it',
    ],
  },
  {
    id: 'c-broke-build',
    labels: ['correction'],
    after: ['edit'],
    templates: [
      'after your change {f} does not compile anymore',
      'you broke {f}',
      '{f} stopped building after your edit',
      'now {f} fails to build, that is from your last change',
    ],
  },
  {
    id: 'c-left-out',
    labels: ['correction'],
    after: ['edit', 'answer'],
    templates: [
      'you skipped the {feat} I mentioned',
      "where's the {feat}? I asked for it",
      'you left out the {feat}',
      'the {feat} I asked for is nowhere in this',
    ],
  },
  {
    id: 'c-wrong-file',
    labels: ['correction'],
    after: ['edit'],
    templates: ['wrong file, I meant {g}', 'not {f}, {g}', 'that is the wrong file, {g} is the one', 'you are in {f} but I was talking about {g}'],
  },
  {
    id: 'c-deleted',
    labels: ['correction'],
    after: ['edit', 'tool'],
    templates: [
      'why did you delete {f}?? bring it back',
      'you deleted {f}, restore it now',
      '{f} is gone, who said you could remove it? put it back',
      'restore {f}, deleting it was never part of the task',
    ],
  },
  {
    id: 'c-too-far',
    labels: ['correction'],
    after: ['edit'],
    templates: [
      'I only asked you to rename one function, why did you rewrite the whole of {f}?',
      'you changed way more of {f} than I asked',
      'revert everything in {f} except the rename',
      'that goes far beyond the request: just the rename in {f}, nothing else',
    ],
  },
  {
    id: 'c-made-up',
    labels: ['correction'],
    after: ['edit', 'answer'],
    templates: [
      'there is no {feat} helper in this codebase, you made that up',
      'that {feat} function does not exist, look before you call things',
      'you invented a {feat} API that is not there',
      'where did you see a {feat} module? it does not exist here',
    ],
  },
  {
    id: 'c-cheated-test',
    labels: ['correction'],
    after: ['edit'],
    templates: [
      'you made the {chk} pass by deleting the assertion, that is cheating',
      'skipping the failing case is not a fix, bring the {chk} back',
      'commenting out the check does not make the {chk} green for real',
      'you disabled the {chk} instead of fixing the code',
    ],
  },
  {
    id: 'c-did-you-run',
    labels: ['correction'],
    after: ['answer', 'edit'],
    templates: [
      'did you even run the {chk} before saying it works?',
      'how is this done when the {chk} is red?',
      'you said it passes, but the {chk} fails on my machine',
      'it is not working, the {chk} fails right away',
    ],
  },
  {
    id: 'c-ignored',
    labels: ['correction'],
    after: ['edit', 'answer'],
    templates: [
      'I told you to leave {f} alone',
      'you ignored what I said about {f}',
      'I explicitly asked you not to change {f}',
      'I was clear that {f} stays as it is, and you changed it anyway',
    ],
  },
  {
    id: 'c-refusal-pushback',
    labels: ['correction'],
    after: ['refusal'],
    templates: [
      'you can do this, it is my own repo, just run it',
      'that is not dangerous, it is a local test database, go ahead',
      'there is nothing unsafe here, I own the server, do it',
      'you are overthinking it, this is my machine, please proceed',
    ],
    n: 6,
  },
  {
    id: 'c-same-failure',
    labels: ['correction'],
    after: ['edit', 'tool'],
    templates: [
      'same error as before, your fix did not change anything',
      'it fails exactly the same way',
      'nope, identical failure in the {chk}',
      'your fix did nothing, the {chk} gives the same error',
    ],
    n: 6,
  },
  {
    id: 'c-misread',
    labels: ['correction'],
    after: ['answer', 'edit'],
    templates: [
      'you misunderstood, I wanted the {feat} on the server, not in the UI',
      'I meant the backend part of the {feat}, not the frontend',
      'that is the client side; the {feat} I asked about lives on the server',
      'wrong layer: the {feat} belongs in the API',
    ],
  },
  {
    id: 'c-de',
    labels: ['correction'],
    lang: 'de',
    after: ['edit', 'answer'],
    templates: [
      'Nein, das ist falsch, wir nutzen {y} und nicht {x}',
      'Warum hast du {x} genommen? Hier wird {y} verwendet',
      'Das war die falsche Datei, ich meinte {g}',
      'Schon wieder {x}? Das Projekt läuft mit {y}',
    ],
    n: 8,
  },
  {
    id: 'c-fr',
    labels: ['correction'],
    lang: 'fr',
    after: ['edit', 'answer'],
    templates: [
      "Non, ce n'est pas ce que j'ai demandé, on utilise {y}",
      'Pourquoi tu as mis {x} ? Ici on utilise {y}',
      "Tu as modifié le mauvais fichier, c'est {g} qu'il fallait changer",
      'Encore {x} ?! Ce projet est en {y}',
    ],
    n: 8,
  },
  {
    id: 'c-es',
    labels: ['correction'],
    lang: 'es',
    after: ['edit', 'answer'],
    templates: [
      'No, eso está mal, usamos {y}, no {x}',
      '¿Por qué usaste {x}? Aquí usamos {y}',
      'Cambiaste el archivo equivocado, era {g}',
      '¿Otra vez {x}? Este proyecto usa {y}',
    ],
    n: 8,
  },
  {
    id: 'c-sarcastic',
    labels: ['correction'],
    after: ['edit', 'answer'],
    templates: [
      'great, now {f} is empty. thanks a lot',
      'wonderful, you wiped {f}',
      'nice job, {f} is blank now',
      'brilliant, {f} has nothing left in it',
    ],
  },
  // --- preferences -------------------------------------------------------------------------
  {
    id: 'p-rather-have',
    labels: ['preference'],
    after: ['answer', 'edit'],
    templates: [
      "I'd rather have {y} than {x} anywhere in this codebase",
      'I prefer {y} over {x} for everything in this project',
      'my preference is {y}, not {x}, across the whole project',
      'personally I like {y} much better than {x}, so please stick with it everywhere',
    ],
  },
  {
    id: 'p-from-here-on',
    labels: ['preference'],
    after: ['answer', 'edit'],
    templates: [
      'from here on, every {t} should {q}',
      'going forward, each {t} needs to {q}',
      'from now on make sure every {t} you write will {q}',
      'for all future work: a {t} must {q}',
    ],
  },
  {
    id: 'p-run-check-first',
    labels: ['preference'],
    after: ['answer', 'edit', 'tool'],
    templates: [
      'always run the {chk} before you tell me something is done',
      'never say it is done until the {chk} passes',
      'before claiming success, run the {chk}, every single time',
      'make it a habit to run the {chk} before reporting back to me',
    ],
  },
  {
    id: 'p-we-standardise',
    labels: ['preference'],
    after: ['answer'],
    templates: [
      'we use {y} in this repo, not {x}',
      'this project standardises on {y} rather than {x}',
      'our stack is {y}; {x} does not belong here',
      'in this codebase it is {y} everywhere, never {x}',
    ],
  },
  {
    id: 'p-off-limits',
    labels: ['preference'],
    after: ['answer', 'edit'],
    templates: [
      'do not ever touch {f} without asking me first',
      '{f} is off limits unless I say so',
      'leave {f} alone from now on',
      'ask before changing anything in {f}, always',
    ],
  },
  {
    id: 'p-ask-deps',
    labels: ['preference'],
    after: ['answer', 'edit', 'tool'],
    templates: [
      'check with me before installing any new dependency like {x}',
      'no new packages such as {x} without my ok',
      'ask me before adding dependencies, even small ones like {x}',
      'any new library, {x} included, needs my approval first',
    ],
  },
  {
    id: 'p-reply-language',
    labels: ['preference'],
    after: ['answer'],
    templates: [
      'answer in {lang} from now on',
      'please reply in {lang} for the rest of this chat',
      'I want all your replies in {lang} going forward',
      'keep writing to me in {lang}, not English, for everything',
    ],
    n: 6,
  },
  {
    id: 'p-whole-file',
    labels: ['preference'],
    after: ['answer', 'edit'],
    templates: [
      'whenever you show code, give me the full {f}, not snippets',
      'I always want complete files like {f}, never fragments',
      'show entire files such as {f} every time you change code, no partial diffs',
      'please never send half a file; whole files like {f} only',
    ],
  },
  {
    id: 'p-first-person-habit',
    labels: ['preference'],
    after: ['answer', 'edit'],
    templates: [
      'I like to review a plan before any code, so always show me the plan for the {feat} first',
      'I want to see a plan before you write code, for the {feat} and everything after it',
      'my rule: plan first, code second, for the {feat} and any other change',
      'as a rule, walk me through your plan before you implement anything, starting with the {feat}',
    ],
  },
  {
    id: 'p-short-answers',
    labels: ['preference'],
    after: ['answer'],
    templates: [
      'I hate long explanations; keep answers about the {t} to a few lines',
      'keep your replies short in general, a few lines about each {t} is plenty',
      'I want brief answers from you, no essays, even about a {t}',
      'short responses please, always, whatever the {t}',
    ],
  },
  {
    id: 'p-negation-never',
    labels: ['preference'],
    after: ['answer', 'edit'],
    templates: [
      'no emojis anywhere in a {t}, ever',
      'never put emojis in any {t}',
      'emojis do not belong in a {t}, not once',
      'I never want to see an emoji in a {t} again',
    ],
    n: 8,
  },
  {
    id: 'p-tests-first',
    labels: ['preference'],
    after: ['answer', 'edit'],
    templates: [
      'write the test before the code for every {feat} and every fix',
      'tests first, always, including for the {feat}',
      'I work test-first: each change, the {feat} too, starts with a failing test',
      'every change you make, starting with the {feat}, should begin with a test',
    ],
  },
  {
    id: 'p-de',
    labels: ['preference'],
    lang: 'de',
    after: ['answer', 'edit'],
    templates: [
      'Ab jetzt bitte immer {y} statt {x} verwenden',
      'In Zukunft nimm grundsätzlich {y}, nie {x}',
      'Ich möchte, dass du ab sofort überall {y} benutzt',
      'Von nun an gilt: {y} und kein {x} mehr',
    ],
    n: 8,
  },
  {
    id: 'p-fr',
    labels: ['preference'],
    lang: 'fr',
    after: ['answer', 'edit'],
    templates: [
      'Désormais, utilise toujours {y} au lieu de {x}',
      "À partir de maintenant, c'est {y} partout, jamais {x}",
      'Je préfère {y} à {x}, pour tout le projet',
      "Dorénavant, plus jamais {x}, seulement {y}",
    ],
    n: 8,
  },
  {
    id: 'p-es',
    labels: ['preference'],
    lang: 'es',
    after: ['answer', 'edit'],
    templates: [
      'De ahora en adelante, usa siempre {y} en vez de {x}',
      'A partir de hoy, nada de {x}, solo {y}',
      'Prefiero {y} antes que {x} en todo el proyecto',
      'Siempre {y}, nunca {x}, en todo lo que hagas aquí',
    ],
    n: 8,
  },
  // --- negatives: worded like the above, but neither --------------------------------------
  { id: 'n-new-task', labels: [], after: ['edit', 'answer', 'tool'], templates: ['add a {feat} to {f}', 'can you write a {feat} for {f}?', 'next, implement the {feat} in {f}', 'I need a {feat} in {f}'], n: 14 },
  {
    id: 'n-genuine-question',
    labels: [],
    after: ['answer', 'edit', 'tool'],
    templates: ['what does {x} do differently from {y}?', 'is {x} faster than {y} for this?', 'how do {x} and {y} compare here?', 'could you explain when to pick {x} over {y}?'],
    n: 14,
  },
  {
    id: 'n-why-curious',
    labels: [],
    after: ['answer'],
    templates: ['out of curiosity, why does the project use {y}?', 'what was the reason for picking {y} here?', 'I have always wondered why {y} was chosen, any idea?', 'do you know the history of using {y} in this repo?'],
  },
  { id: 'n-ack', labels: [], after: ['edit', 'answer', 'tool'], templates: ['thanks, that works', 'perfect, looks good', 'great, merged it', 'nice, the {chk} is green now'], n: 14 },
  { id: 'n-continue', labels: [], after: ['edit', 'tool', 'answer'], templates: ['go on', 'continue with the next step', 'ok, keep going', 'yes, proceed'], n: 10 },
  {
    id: 'n-one-off',
    labels: [],
    after: ['answer', 'edit'],
    templates: ['use {y} for this script', 'for this one, try {y}', 'let us try {y} here and see', 'just this once, go with {y}'],
  },
  {
    id: 'n-followup',
    labels: [],
    after: ['edit', 'answer'],
    templates: ['also add a test for the empty case in {f}', 'can you document {f} too?', 'now also handle the {feat} case', 'and update {g} while you are at it'],
    n: 14,
  },
  {
    id: 'n-info',
    labels: [],
    after: ['answer', 'tool'],
    templates: ['the server runs on port 8080', 'fyi the {chk} takes a few minutes here', 'the data lives in {f}', 'for context, {f} is read at startup'],
  },
  {
    id: 'n-again-request',
    labels: [],
    after: ['tool', 'answer'],
    templates: ['run the {chk} again please, the network was down', 'try the {chk} once more with verbose output', 'one more run of the {chk}, I restarted the database', 'please rerun the {chk}, my VPN dropped'],
  },
  {
    id: 'n-choose-once',
    labels: [],
    after: ['answer'],
    templates: ['I prefer the second option', "I'd rather go with option B this time", 'option A looks better to me', 'the first approach sounds best, do that one'],
  },
  {
    id: 'n-own-plans',
    labels: [],
    after: ['answer'],
    templates: ['next week we will migrate to {y}', 'in the future I might switch to {y}', 'from tomorrow I am on holiday, so no rush', 'going forward I will handle the deploys myself for a while'],
  },
  {
    id: 'n-approve-plan',
    labels: [],
    after: ['answer'],
    templates: ['the plan looks fine, go ahead with the {feat}', 'sounds good, implement the {feat}', 'yes, that approach to the {feat} works for me', 'approved, build the {feat} like that'],
  },
  {
    id: 'n-de',
    labels: [],
    lang: 'de',
    after: ['answer', 'edit'],
    templates: ['Kannst du mir {f} erklären?', 'Danke, sieht gut aus', 'Füge bitte einen {feat} zu {f} hinzu', 'Wie funktioniert {y} genau?'],
    n: 8,
  },
  {
    id: 'n-fr',
    labels: [],
    lang: 'fr',
    after: ['answer', 'edit'],
    templates: ['Peux-tu expliquer {f} ?', 'Merci, ça marche', 'Ajoute un {feat} dans {f}', 'Comment fonctionne {y} ?'],
    n: 8,
  },
  {
    id: 'n-es',
    labels: [],
    lang: 'es',
    after: ['answer', 'edit'],
    templates: ['¿Puedes explicar {f}?', 'Gracias, funciona', 'Agrega un {feat} en {f}', '¿Cómo funciona {y}?'],
    n: 8,
  },
  {
    id: 'n-debug-report',
    labels: [],
    after: ['answer'],
    templates: ['I am seeing a warning about {x} in my terminal, what does it mean?', 'my colleague gets a {x} deprecation notice, is that a problem?', 'what causes the {x} notice at startup?', 'should I worry about the {x} message in the logs?'],
  },
];

/** Fills a template with the values of item k of a family. */
function fill(template: string, family: number, k: number): string {
  const [x, y] = PAIRS[(family * 7 + k * 3) % PAIRS.length];
  const [f, g] = FILES[(family * 5 + k) % FILES.length];
  const values: Record<string, string> = {
    x,
    y,
    f,
    g,
    t: THINGS[(family * 3 + k) % THINGS.length],
    q: QUALITIES[(family + k * 5) % QUALITIES.length],
    chk: CHECKS[(family + k) % CHECKS.length],
    feat: FEATURES[(family * 2 + k) % FEATURES.length],
    lang: LANGS[(family + k) % LANGS.length],
  };
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name]);
}

/** What the person asked before, for the session each generated turn sits in. */
const OPENERS = [
  'fix the failing date parsing in {f}',
  'refactor the upload handler in {f}',
  'set up the {chk} for this project',
  'add input validation to {f}',
  'speed up the import in {f}',
];

export interface GeneratedItem {
  id: string;
  family: string;
  lang: string;
  labels: Label[];
  /** The agent's step just before the turn. */
  after: Agent;
  /** The person's opening request in the session. */
  opener: string;
  /** The same meaning in several wordings: [0] is the turn, the rest its paraphrases. */
  wordings: string[];
}

function generate(): GeneratedItem[] {
  const items: GeneratedItem[] = [];
  FAMILIES.forEach((fam, fi) => {
    const n = fam.n ?? 10;
    for (let k = 0; k < n; k++) {
      // Rotate which template comes first, so no template is always "the" turn.
      const order = fam.templates.map((_, j) => fam.templates[(j + k) % fam.templates.length]);
      const wordings = [...new Set(order.map((t) => fill(t, fi, k)))];
      items.push({
        id: `${fam.id}-${k}`,
        family: fam.id,
        lang: fam.lang ?? 'en',
        labels: fam.labels,
        after: fam.after[k % fam.after.length],
        opener: fill(OPENERS[(fi + k) % OPENERS.length], fi, k),
        wordings,
      });
    }
  });
  return items;
}

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'moment-phrasings.json');
const items = generate();
const doc = {
  description: [
    'Generated person turns for the moment detectors, written by scripts/gen-moment-phrasings.ts (do not edit by hand: change the script and run it).',
    'Each item is one wording family filled with one set of slot values; wordings[0] is the labelled turn, wordings[1..] say the same in other words (the paraphrase set).',
    'Labels cover correction and preference only (a generated turn is scored for those two kinds); [] means neither. Each turn is evaluated in a small session: the opener (a request), the agent step named by "after" (edit: a file edit; tool: a command run; refusal: the agent declines; answer: words only), then the turn.',
    'Which families are held apart from all training and tuning: electron/engine/moments/phrasings.ts (isHeldApartFamily).',
  ],
  items,
};
writeFileSync(out, `${JSON.stringify(doc, null, 1)}\n`);
const count = (l: Label | 'none') => items.filter((i) => (l === 'none' ? i.labels.length === 0 : i.labels.includes(l))).length;
console.log(`${items.length} items (${count('correction')} correction, ${count('preference')} preference, ${count('none')} neither) → ${out}`);
