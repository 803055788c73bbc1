import type { Finding } from '../types.js';

/*
 * Person names in scripts the shape and NLP finders cannot read (they look for capitalised Latin
 * words). Each script has its own cue, chosen so that ordinary words are not taken:
 * - Cyrillic: two or three capitalised words in a row (Russian, Ukrainian, Kazakh capitalise names, not nouns);
 * - Chinese: a common surname and one or two characters, with a verb or title after it (说, 负责, 老师…)
 *   or a preposition before and a particle after (发给…了, 和…说);
 * - Japanese: a name written before an honorific (さん, 様, 氏, 君, 先生);
 * - Korean: a common surname and one to three syllables before 님 or 씨;
 * - Arabic, Persian, Hebrew: a common given name and the word after it (the surname, unless it is a
 *   function word or a verb), Hebrew with its attached prefix letters left out;
 * - Devanagari: a common surname, with the given name before it.
 * The name lists are short and of common names only: they find most names, not all.
 */
const CYRILLIC_WORD = String.raw`(?=\p{Script=Cyrillic})\p{Lu}(?:(?=\p{Script=Cyrillic})\p{Ll}){1,20}(?:-(?=\p{Script=Cyrillic})\p{Lu}(?:(?=\p{Script=Cyrillic})\p{Ll}){1,20})?`;
const CYRILLIC_NAME = new RegExp(String.raw`(?<!\p{L})${CYRILLIC_WORD}(?:[ \t\u00a0]${CYRILLIC_WORD}){1,2}(?!\p{L})`, 'gu');

const ZH_SURNAMES = '王李张刘陈杨黄赵吴周徐孙朱胡郭林罗郑梁谢宋唐韩冯邓曹彭曾萧蔡潘袁蒋余杜叶魏苏吕丁沈姚卢姜崔钟谭陆汪范廖贾夏韦付邹熊孟秦邱侯江尹薛闫段雷龙黎史陶贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const ZH_AFTER = '说|负责|表示|提到|确认|回复|同学|老师|先生|女士|经理|总监|同事|觉得|认为|建议|告诉|答应|发现|修复|写的|在跟进';
const ZH_BEFORE = '给|和|跟|问|找|请|联系|告诉|让|叫|@|问一下|请问|交给|发给|抄送';
const ZH_NAME = new RegExp(
  String.raw`(?<=(?:${ZH_BEFORE}))(?<a>[${ZH_SURNAMES}]\p{Script=Han}{1,2}?)(?=[了，。、！？的\s]|说)|(?<!\p{Script=Han})(?<b>[${ZH_SURNAMES}]\p{Script=Han}{1,2}?)(?=${ZH_AFTER})|(?<=[昨今明]天|刚才|已经)(?<c>[${ZH_SURNAMES}]\p{Script=Han}{1,2}?)(?=${ZH_AFTER})`,
  'gu',
);
const JA_NAME = /(?<![\p{Script=Han}\p{Script=Katakana}])\p{Script=Han}{1,3}(?:[ \u3000]?[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{1,4})?(?=さん|様|氏|くん|君|ちゃん|先生)/gu;
const JA_NOT_NAMES = new Set(['皆', '皆様', 'お客', '客', '奥', '神', '王', '相手']);
const KO_SURNAMES = '김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용';
const KO_NAME = new RegExp(String.raw`(?<!\p{Script=Hangul})[${KO_SURNAMES}]\p{Script=Hangul}{1,3}(?=[ ]?(?:님|씨))`, 'gu');
const KO_NOT_NAMES = new Set(['고객', '선생', '사장', '부장', '팀장', '과장', '대리', '회장', '교수', '기사', '손님', '관리자', '담당자', '작성자', '사용자', '이사', '주인']);

const ARABIC_GIVEN = `محمد أحمد احمد علي عمر يوسف خالد عبدالله عبدالرحمن عبدالعزيز إبراهيم ابراهيم حسن حسين مصطفى سعيد سعد فهد سلطان ناصر فيصل طارق كريم ماجد هشام وليد زياد بلال سامي رامي عادل مريم فاطمة عائشة خديجة زينب نورة سارة هند ليلى ريم منى هدى أمل نور رنا لمى سلمى ياسمين هالة
  علی رضا مهدی امیر حمید مجید پرویز داریوش کوروش بهرام فرهاد زهرا فاطمه سارا نرگس لیلا شیرین پریسا نازنین الهام سمیرا مینا حسین محمدرضا علیرضا`.split(/\s+/);
const HEBREW_GIVEN = `דניאל נועה איתי מיכל יונתן שירה עומר רונית אבי תמר יוסי ליאת משה דוד יעקב אברהם שרה רחל לאה רבקה אורי עמית נדב יואב גיל רון טל שני מאיה יעל הילה ענבל אור אלון ניר אסף ערן עידו גלעד רותם קרן אורית דנה מיטל סיון`.split(/\s+/);
/** Words that follow a given name without being a surname: verbs of saying, prepositions, conjunctions. */
const RTL_NOT_SURNAMES = new Set(
  `إن أن في من على عن إلى و أو ثم قد لا ما هو هي مع بعد قبل قال قالت مسؤول مسؤولة كان كانت يقول
  گفت که را است از به با در و یا هم این آن بود شد می
  אמר אמרה אחראי אחראית על את של עם אם כי לא גם הוא היא זה`.split(/\s+/),
);
const RTL_NAME = new RegExp(
  String.raw`(?<![\p{Script=Arabic}\p{Script=Hebrew}])(?<prefix>(?:ו|ב|כ|ל|מ|ש|ה)?)(?<given>${[...ARABIC_GIVEN, ...HEBREW_GIVEN].join('|')})[ \u00a0](?<surname>[\p{Script=Arabic}\p{Script=Hebrew}]{2,20})(?![\p{Script=Arabic}\p{Script=Hebrew}])`,
  'dgu',
);
const HINDI_SURNAMES = `शर्मा वर्मा गुप्ता सिंह यादव जोशी कुमार मिश्रा अग्रवाल पांडे पाण्डेय तिवारी चौहान श्रीवास्तव पटेल शाह मेहता जैन बंसल चौधरी राठौर ठाकुर सक्सेना दुबे त्रिपाठी शुक्ला द्विवेदी मौर्य भट्ट नायर रेड्डी राव अय्यर दास बोस घोष सेन मुखर्जी बनर्जी चटर्जी`.split(/\s+/);
const HINDI_NOT_GIVEN = new Set('कृपया से ने को का की के और में पर है था थी तो भी यह वह इस उस'.split(' '));
const HINDI_NAME = new RegExp(String.raw`(?:(?<given>\p{Script=Devanagari}{2,12})[ ])?(?<surname>${HINDI_SURNAMES.join('|')})(?!\p{Script=Devanagari})`, 'dgu');

const HAS_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Devanagari}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\p{Script=Hangul}]/u;

export function scriptPeopleFindings(text: string): Finding[] {
  if (!HAS_SCRIPT.test(text)) return [];
  const out: Finding[] = [];
  const push = (start: number, end: number, detector: string) => out.push({ start, end, type: 'PERSON', detector, key: text.slice(start, end).replace(/\s+/g, ' ') });
  const scan = (re: RegExp, detector: string, skip?: ReadonlySet<string>) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!m[0] || skip?.has(m[0].replace(/\s/g, ''))) continue;
      push(m.index, m.index + m[0].length, detector);
    }
  };
  scan(CYRILLIC_NAME, 'person:cyrillic');
  scan(JA_NAME, 'person:japanese', JA_NOT_NAMES);
  scan(KO_NAME, 'person:korean', KO_NOT_NAMES);
  ZH_NAME.lastIndex = 0;
  for (let m = ZH_NAME.exec(text); m; m = ZH_NAME.exec(text)) push(m.index, m.index + m[0].length, 'person:chinese');
  RTL_NAME.lastIndex = 0;
  for (let m = RTL_NAME.exec(text); m; m = RTL_NAME.exec(text)) {
    if (RTL_NOT_SURNAMES.has(m.groups!.surname)) continue;
    push(m.indices!.groups!.given![0], m.indices!.groups!.surname![1], 'person:rtl');
  }
  HINDI_NAME.lastIndex = 0;
  for (let m = HINDI_NAME.exec(text); m; m = HINDI_NAME.exec(text)) {
    const given = m.groups!.given;
    const start = given && !HINDI_NOT_GIVEN.has(given) ? m.indices!.groups!.given![0] : m.indices!.groups!.surname![0];
    push(start, m.indices!.groups!.surname![1], 'person:devanagari');
  }
  return out;
}
