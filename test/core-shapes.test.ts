/**
 * The core's promises on the shapes of input that broke earlier designs: thousands of copies of one
 * story, lightly edited reprints with site furniture, a pair's score that must not drift as unrelated
 * documents arrive, every document accounted for, seed independence, and the sketch API agreeing with a
 * batch run. Every text here is written for this test (a fictional wire story, and short articles built
 * from sentence templates with a seeded generator), so the test runs anywhere and always on the same input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterDocuments, clusterSketches, sketchDocuments, storyFrequenciesOf } from '../src/index.js';
import { oneStory } from '../src/cluster/versions.js';
import { MODES as PROFILES } from '../src/cluster/modes.js';
import { MAX_BUCKET } from '../src/lsh/candidates.js';
import type { DocumentSketch } from '../src/sketches.js';
import type { ClusterOptions, ClusterResult, Document, Mode } from '../src/types.js';
import { load } from './fixtures.js';

const MODES: Mode[] = ['duplicate', 'rewrite', 'story'];

// ---------------------------------------------------------------------------------------------------------
// The story: a fictional wire report, headline first, one paragraph a line.

const STORY = [
  'Rail operator halts night trains after cracks found in Selvik river bridge',
  'NORDHAVEN, March 3 (Wire) - The national rail operator suspended all night services on the northern coastal line on Tuesday after engineers found cracks in the steel girders of the Selvik river bridge, stranding thousands of commuters and freight shipments bound for the port.',
  'The cracks, some of them up to 40 centimetres long, were spotted during a routine ultrasound inspection on Monday evening, a spokeswoman for Nordrail said. Trains will be limited to 20 kilometres per hour on the bridge during the day, and no trains will cross it between 10 p.m. and 6 a.m. until repairs are complete.',
  '"Safety comes before the timetable, and we will not take any risks with a structure that carries 140 trains a day," chief executive Marta Lindqvist told reporters at Nordhaven central station. She said repair crews from two contractors had been called in and would work in shifts through the weekend.',
  'The 1962 bridge was due for a full renovation in 2027, but the transport ministry brought the work forward last year after a report found corrosion in several of its supports. The ministry said on Tuesday that it would release an additional 85 million crowns for the repairs.',
  'Freight companies warned that the restrictions would delay deliveries of timber, fish and fuel to the northern towns, where the rail line is the only alternative to a single winding road. The Coastal Hauliers Association said some of its members were already diverting lorries to the ferry route.',
  'Commuter groups criticised the short notice. "People learned at the platform that their train would not run, with no replacement buses in sight," said Jonas Berg, who chairs the Selvik Passengers\' Forum. Nordrail said replacement buses would run from Wednesday night.',
  'Engineers expect the first results of a detailed survey by Friday. The operator said it could not yet say whether the bridge would have to close completely while the damaged girders are replaced.',
].join('\n');

/** Two outlets' rewrites of the story: reworded and reordered, the quotes and figures kept. */
const REWRITE_A = [
  'Night trains cancelled on coastal line as bridge cracks discovered',
  'Nordrail has cancelled every night train on the northern coastal line after an inspection revealed cracks in the girders of the bridge over the Selvik river, leaving thousands of commuters without a service and freight for the port held up.',
  'Cracks as long as 40 centimetres were found by an ultrasound check on Monday evening, the company said. Until repairs are finished, no train may cross the bridge between 10 p.m. and 6 a.m., and daytime trains must slow to 20 kilometres per hour.',
  '"Safety comes before the timetable, and we will not take any risks with a structure that carries 140 trains a day," Marta Lindqvist, the chief executive, said in Nordhaven. Two contractors will send repair crews to work in shifts over the weekend, she added.',
  'The transport ministry, which last year moved the renovation of the 1962 bridge forward from 2027 because of corroded supports, promised another 85 million crowns for the work.',
  'Hauliers said shipments of timber, fish and fuel to the northern towns would be delayed, as the only other route is one winding road, and some lorries were already taking the ferry instead.',
].join('\n');

const REWRITE_B = [
  'Selvik bridge cracks force Nordrail to stop overnight services',
  'Overnight rail services on the northern coastal line were halted on Tuesday when engineers discovered cracks in the steel girders of the Selvik river bridge, Nordrail said, disrupting commuters and freight heading for the port.',
  'A routine ultrasound inspection on Monday found cracks up to 40 centimetres long. Trains will cross the bridge at no more than 20 kilometres per hour in the daytime and not at all from 10 p.m. to 6 a.m. until the repairs are complete.',
  'Chief executive Marta Lindqvist said safety came before the timetable and the company would take no risks with a bridge that carries 140 trains a day. Passengers were angry at the short notice: "People learned at the platform that their train would not run," said Jonas Berg of the Selvik Passengers\' Forum.',
  'The ministry of transport said it would add 85 million crowns for repairs to the bridge, built in 1962, whose renovation had already been brought forward after corrosion was found in its supports.',
  'A detailed survey is due by Friday, and Nordrail could not say whether the bridge would need to close completely while damaged girders are replaced.',
].join('\n');

/** Another story from the same town and day, sharing much of the story's vocabulary. */
const AIRPORT = [
  'Nordhaven airport reopens runway after repairs',
  'NORDHAVEN, March 3 (Wire) - Nordhaven airport reopened its main runway on Tuesday after three weeks of repairs, the regional transport ministry said, ending delays for thousands of passengers.',
  'Engineers replaced the damaged surface and inspected the lights during night shifts, a spokeswoman said. Flights to the northern towns will run to the normal timetable from Wednesday, and the replacement buses to the ferry terminal will stop.',
  'The ministry said the repairs had cost 12 million crowns, less than expected, and that the airport would carry a record number of passengers this year.',
].join('\n');

// ---------------------------------------------------------------------------------------------------------
// A seeded generator of unrelated short news articles.

/** mulberry32: a small seeded PRNG, so every run builds the same texts. */
function rngOf(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const int = (rng: () => number, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

const FIRST = [
  'Anna',
  'Tomas',
  'Leila',
  'Pieter',
  'Grace',
  'Omar',
  'Ingrid',
  'Rafael',
  'Mei',
  'Daniel',
  'Sofia',
  'Kwame',
  'Elena',
  'Viktor',
  'Hana',
  'Lucas',
  'Aisha',
  'Bruno',
  'Clara',
  'Yusuf',
  'Nora',
  'Felix',
  'Priya',
  'Stefan',
];
const LAST = [
  'Moreau',
  'Okafor',
  'Haddad',
  'Visser',
  'Tanaka',
  'Novak',
  'Lindgren',
  'Costa',
  'Brennan',
  'Kowalski',
  'Ferreira',
  'Yilmaz',
  'Adeyemi',
  'Schulz',
  'Petrov',
  'Navarro',
  'Dubois',
  'Sato',
  'Mensah',
  'Keller',
  'Rossi',
  'Larsen',
  'Ibrahim',
  'Walsh',
];
const TOWN_START = [
  'Ash',
  'Bright',
  'Cold',
  'Dun',
  'East',
  'Fair',
  'Glen',
  'High',
  'Kings',
  'Long',
  'Mill',
  'North',
  'Oak',
  'Red',
  'Stone',
  'West',
  'Wick',
  'Ember',
  'Lark',
  'Thorn',
];
const TOWN_END = ['ford', 'bury', 'haven', 'field', 'more', 'wick', 'ton', 'dale', 'port', 'mouth'];
const FIRM_START = [
  'Vantor',
  'Helix',
  'Brightline',
  'Norcastle',
  'Quill',
  'Meridian',
  'Corvane',
  'Tessaro',
  'Oakridge',
  'Lumen',
  'Saxby',
  'Palisade',
  'Kestrel',
  'Arbor',
  'Zentro',
];
const FIRM_END = ['Systems', 'Foods', 'Energy', 'Pharma', 'Motors', 'Retail', 'Telecom', 'Textiles'];
const TEAM_END = ['United', 'Rovers', 'Athletic', 'City', 'Wanderers', 'Albion'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** An article's cast: the same town, people and company throughout it. */
interface Cast {
  P: string;
  Q: string;
  T: string;
  U: string;
  C: string;
  D: string;
  H: string;
  A: string;
}

function castOf(rng: () => number): Cast {
  const person = () => `${pick(rng, FIRST)} ${pick(rng, LAST)}`;
  const town = () => `${pick(rng, TOWN_START)}${pick(rng, TOWN_END)}`;
  const t = town();
  return {
    P: person(),
    Q: person(),
    T: t,
    U: town(),
    C: `${pick(rng, FIRM_START)} ${pick(rng, FIRM_END)}`,
    D: pick(rng, DAYS),
    H: `${t} ${pick(rng, TEAM_END)}`,
    A: `${town()} ${pick(rng, TEAM_END)}`,
  };
}

/** Per topic: a headline and nine sentences. {P} {Q} people, {T} {U} towns, {C} a company, {D} a day,
 * {H} {A} home and away teams, {N} a fresh small number, {M} a fresh large one. */
const TOPICS: Array<{ headline: string; sentences: string[] }> = [
  {
    headline: '{H} beat {A} to climb the table',
    sentences: [
      '{H} beat {A} {N}-1 on {D}, with a late header from captain {P} settling a tense match in front of {M} fans.',
      'The visitors had the better of the opening half hour but their striker hit the post twice before the break.',
      'Manager {Q} said after the game that his players had shown the character he had asked for all week.',
      'The win lifts the home side to fourth place, {N} points behind the leaders with eleven games to play.',
      'A penalty appeal in stoppage time was turned down after a lengthy video review, to the fury of the away bench.',
      'Ticket prices for the next home match have been cut to fill the stadium for the cup replay.',
      'The club confirmed that its goalkeeper would miss the rest of the season with a knee ligament injury.',
      'Supporters held a minute of applause in the {N}th minute to remember a former youth coach who died last month.',
      'Next weekend the team travels to {U}, where it has not won a league game since the promotion season.',
    ],
  },
  {
    headline: 'Storm warning issued for {T} as heavy rain moves in',
    sentences: [
      'Forecasters issued an amber warning for {T} and the surrounding hills, predicting up to {N}0 millimetres of rain by {D} evening.',
      'Gusts of more than {N}0 kilometres per hour are expected along exposed coasts, the weather service said.',
      'Schools in low-lying districts have been told to prepare for closures if the river rises overnight.',
      'The regional emergency office has placed sandbags at the old market square and opened two shelters.',
      'Farmers were advised to move livestock away from flood meadows before the heaviest showers arrive.',
      'Meteorologist {P} said the system was slow moving and could stall over the valley for a full day.',
      'Ferry crossings to the islands were cancelled for the weekend, stranding several hundred holidaymakers.',
      'Temperatures will fall sharply behind the front, with the first frost of the autumn likely in {U}.',
      'Residents can check the flood map online, where warnings are updated every hour.',
    ],
  },
  {
    headline: '{C} profit jumps as demand recovers',
    sentences: [
      '{C} reported a quarterly net profit of {M} euros, up {N}{N} percent from a year earlier, beating analyst forecasts.',
      'Revenue rose on stronger orders from Asia and a recovery in prices after a weak first half.',
      'Chief financial officer {P} said the company would raise its dividend and buy back shares worth {M} euros.',
      'Shares in the group climbed {N} percent in early trading before paring gains in the afternoon.',
      'The company kept its full-year outlook unchanged, citing uncertainty over raw material costs.',
      'Analysts at a {U} brokerage said margins were the best in six years and upgraded the stock.',
      'Staff numbers grew by {M} over the year, mostly in engineering and after-sales service.',
      'The board also confirmed that {Q} would step down as chairman at the annual meeting in May.',
      'A planned factory in {T} is on schedule to open next spring, the firm said in a statement.',
    ],
  },
  {
    headline: 'Court in {T} jails former official for fraud',
    sentences: [
      'A court in {T} sentenced former procurement official {P} to {N} years in prison on {D} for taking bribes.',
      'Prosecutors said he had steered public contracts worth {M} euros to companies owned by relatives.',
      'The judge said the defendant had shown no remorse and had abused the trust placed in him by voters.',
      'Defence lawyer {Q} told reporters outside the courthouse that her client would appeal the verdict.',
      'Two business owners who paid the bribes received suspended sentences and fines.',
      'The case came to light after an anonymous letter to the regional audit office three years ago.',
      'The court also ordered the confiscation of a holiday home and two cars bought with the money.',
      'Anti-corruption campaigners welcomed the ruling but said the sentence was lighter than the law allows.',
      'A second trial involving officials from {U} is due to open in the autumn.',
    ],
  },
  {
    headline: '{T} council approves new cycle lanes despite protests',
    sentences: [
      'Councillors in {T} voted {N}{N} to {N} on {D} to build protected cycle lanes along the main shopping street.',
      'Shopkeepers had collected more than {M} signatures against the plan, warning that losing parking would hurt trade.',
      'Mayor {P} said the lanes would make the centre safer for children and cut traffic noise.',
      'The works, costing {M} euros, will start in March and last about eight months.',
      'Opposition leader {Q} called the decision rushed and demanded a referendum.',
      'Bus routes will be diverted through side streets while the road is rebuilt.',
      'A similar scheme in {U} doubled the number of cyclists within two years, according to council figures.',
      'Residents will be able to comment on the detailed designs at an exhibition in the town library.',
      'The council also agreed to plant {N}0 trees along the route and widen the pavements.',
    ],
  },
  {
    headline: 'Scientists find new species of frog in mountain forest',
    sentences: [
      'Biologists from the university of {T} have described a new species of tree frog found in a remote mountain forest.',
      'The frog, barely {N} centimetres long, has bright orange markings and a call like a dripping tap.',
      'Researcher {P} said the team first heard the unfamiliar call during a night survey {N} years ago.',
      'Genetic tests showed the animal is not closely related to any known species in the region.',
      'The findings were published on {D} in a peer-reviewed journal of zoology.',
      'The species is named after the village guide who led the expedition through the forest.',
      'Conservation groups warned that logging roads are approaching the only valley where it has been found.',
      'Colleague {Q} said the discovery showed how much remains unknown in the cloud forests.',
      'The team plans to return next year to record how the frogs breed in the rainy season.',
    ],
  },
  {
    headline: 'Hospital in {T} opens new cancer treatment wing',
    sentences: [
      'The main hospital in {T} opened a new cancer treatment wing on {D}, with room for {N}0 patients a day.',
      'The building houses two radiotherapy machines and a day unit for chemotherapy.',
      'Chief physician {P} said waiting times for treatment should fall from seven weeks to under three.',
      'The project cost {M} euros, a third of it raised by a local charity over five years.',
      'Nurses had campaigned for the wing after patients were forced to travel to {U} for therapy.',
      'Health minister {Q} cut the ribbon and promised funding for more specialist staff.',
      'Patients will also have access to a garden, a cafe and counselling rooms.',
      'The hospital is recruiting {N}0 nurses and technicians to run the unit at full capacity.',
      'The old oncology ward will be converted into a centre for children with chronic illness.',
    ],
  },
  {
    headline: 'Jazz festival draws record crowds to {T}',
    sentences: [
      'More than {M} people attended the annual jazz festival in {T} over the weekend, a record for the event.',
      'Headliner {P} closed the festival on {D} night with a two-hour set in the harbour square.',
      'Organiser {Q} said hotels in the town were fully booked for the first time since the festival began.',
      'Young musicians from {N} countries took part in workshops run by visiting professionals.',
      'A new stage in the old brewery hosted late-night sessions that ran until dawn.',
      'Local restaurants reported their busiest weekend of the year.',
      'The festival received a grant from the culture ministry to bring in performers from abroad.',
      'Tickets for next year go on sale in January, with discounts for students.',
      'A documentary about the festival will be shown at cinemas in {U} next month.',
    ],
  },
  {
    headline: '{C} unveils folding phone with longer battery life',
    sentences: [
      '{C} unveiled a folding smartphone on {D} that it says lasts two days on one charge.',
      'The device will go on sale in {N} markets next month at a price of {M} euros.',
      'Product chief {P} said the hinge had been tested through two hundred thousand folds.',
      'Reviewers praised the screen but said the phone was heavier than its rivals.',
      'The company has struggled to win market share from larger competitors in recent years.',
      'It also introduced a smartwatch and wireless earbuds at the launch event in {T}.',
      'Analyst {Q} said the price would limit sales to enthusiasts in the first year.',
      'The phone runs a new version of the firm software with longer security updates.',
      'Pre-orders open this week, with deliveries promised before the end of the quarter.',
    ],
  },
  {
    headline: 'Wheat harvest in {T} region hit by drought',
    sentences: [
      'Farmers around {T} expect the wheat harvest to be {N}0 percent below average after months without rain.',
      'The agriculture office said grain yields were the lowest in a decade on the southern plains.',
      'Farmer {P} said his fields had produced barely half of what he harvested last summer.',
      'Prices at the {U} grain exchange rose for a fourth week on {D}.',
      'The government is considering emergency aid worth {M} euros for the worst-hit growers.',
      'Irrigated farms near the river fared better, but water restrictions are likely next year.',
      'Economist {Q} warned that bread and animal feed would cost more by the winter.',
      'Some farmers have started planting drought-tolerant varieties of sorghum and millet.',
      'The farmers union asked banks to delay loan repayments until the next harvest.',
    ],
  },
];

function fill(template: string, cast: Cast, rng: () => number): string {
  return template.replace(/\{([A-Z])\}/g, (_, key: string) => {
    if (key === 'N') return String(int(rng, 2, 9));
    if (key === 'M') return String(int(rng, 1200, 98000));
    return cast[key as keyof Cast];
  });
}

/** An article of topic `topic` made of the given sentences, in two paragraphs under a headline. */
function article(topic: number, sentences: readonly number[], seed: number): string {
  const rng = rngOf(seed);
  const { headline, sentences: pool } = TOPICS[topic % TOPICS.length] as (typeof TOPICS)[number];
  const cast = castOf(rng);
  const body = sentences.map((s) => fill(pool[s] ?? '', cast, rng));
  const half = Math.ceil(body.length / 2);
  return [fill(headline, cast, rng), body.slice(0, half).join(' '), body.slice(half).join(' ')].join('\n');
}

/** 30 articles, three a topic, the three made of different sentences: unrelated to each other and the story. */
const UNRELATED: Document[] = Array.from({ length: 30 }, (_, k) => ({
  id: `news-${String(k).padStart(2, '0')}`,
  text: article(
    k % 10,
    [0, 1, 2].map((s) => 3 * Math.floor(k / 10) + s),
    1000 + k,
  ),
}));

/** Many more articles: four random sentences of a random topic each. */
/** The documents less those mostly contained in an earlier one (cluster/versions.ts `oneStory`). */
const NEAR_JACCARD = PROFILES.duplicate.threshold;

function distinctStories(documents: Document[], mode: Mode): Document[] {
  const { sketches } = sketchDocuments(documents, { mode });
  const kept: number[] = [];
  sketches.forEach((sketch, i) => {
    if (!kept.some((k) => oneStory(sketch.shingles, sketches[k]?.shingles ?? new Uint32Array(0), NEAR_JACCARD))) kept.push(i);
  });
  return kept.map((i) => documents[i] as Document);
}

function backgroundArticles(count: number, seed: number): Document[] {
  const rng = rngOf(seed);
  return Array.from({ length: count }, (_, k) => {
    const sentences = [...Array(9).keys()].sort(() => rng() - 0.5).slice(0, 4);
    return { id: `bg-${String(k).padStart(3, '0')}`, text: article(int(rng, 0, 9), sentences, seed * 7919 + k) };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Lightly edited copies of the story.

const REPLACEMENTS = [
  'reportedly',
  'officials',
  'local',
  'regional',
  'major',
  'several',
  'late',
  'early',
  'state',
  'public',
  'busy',
  'main',
];
const SITES = [
  [
    'Coastal Herald | Your news from the northern coast since 1921',
    'Subscribe to the Coastal Herald for unlimited access to local news and sport',
  ],
  [
    'Nordhaven Daily Online - breaking news, weather and traffic updates',
    'Share this article with your friends or send us your story tips by email',
  ],
  [
    'The Morning Ledger - independent journalism for the whole region',
    'Sign up for the Morning Ledger newsletter to get the top stories every day',
  ],
];
const EXTRA_PARAGRAPHS = [
  'Nordrail carried a record 48 million passengers last year and plans to buy 30 new electric trains before the end of the decade, the company said in its annual report.',
  'The northern coastal line was opened in 1908 and was electrified in the 1970s. It links Nordhaven with eleven fishing towns and the naval base at Kvarnes.',
  'Last winter a landslide closed the same line for nine days, and the operator was fined for failing to provide enough replacement buses.',
];

interface Edit {
  /** Share of words replaced or deleted. */
  rate: number;
  /** Share of the words kept from the start (1 = all). */
  keep: number;
  extra: boolean;
  site: number | undefined;
}

function editOf(i: number, rng: () => number): Edit {
  if (i % 10 === 0) return { rate: 0, keep: 1, extra: false, site: undefined };
  return {
    rate: 0.01 + 0.02 * rng(),
    keep: i % 7 === 3 ? 0.6 + 0.3 * rng() : 1,
    extra: i % 25 === 5,
    site: i % 4 === 1 ? (i >> 2) % SITES.length : undefined,
  };
}

function applyEdit(text: string, edit: Edit, rng: () => number): string {
  let lines = text.split('\n').map((line) => line.split(' '));
  const total = lines.reduce((sum, words) => sum + words.length, 0);
  for (let e = Math.round(total * edit.rate); e > 0; e--) {
    const words = lines[int(rng, 1, lines.length - 1)] as string[];
    const at = int(rng, 0, words.length - 1);
    if (rng() < 0.5) words.splice(at, 1);
    else words[at] = pick(rng, REPLACEMENTS);
  }
  if (edit.keep < 1) {
    let budget = Math.round(total * edit.keep);
    lines = lines.map((words) => {
      const kept = words.slice(0, Math.max(0, budget));
      budget -= words.length;
      return kept;
    });
  }
  const out = lines.filter((words) => words.length > 0).map((words) => words.join(' '));
  if (edit.extra) out.splice(int(rng, 2, out.length), 0, pick(rng, EXTRA_PARAGRAPHS));
  if (edit.site !== undefined) {
    const [header, footer] = SITES[edit.site] as string[];
    return [header, ...out, footer].join('\n');
  }
  return out.join('\n');
}

interface Copy extends Document {
  edit: Edit;
}

/** `count` copies of the story: every tenth exact, the others 1–3 % of words replaced or deleted, every
 * seventh cut to 60–90 %, a few with a pasted paragraph, a quarter between a site's header and footer. */
function editedCopies(count: number, seed: number): Copy[] {
  const rng = rngOf(seed);
  return Array.from({ length: count }, (_, i) => {
    const edit = editOf(i, rng);
    return { id: `story-${String(i).padStart(3, '0')}`, text: applyEdit(STORY, edit, rng), edit };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Helpers on results.

const idsOf = (result: ClusterResult): string[][] => result.clusters.map((c) => c.documents.map((d) => d.id).sort());
const partitionOf = (result: ClusterResult): string => JSON.stringify(idsOf(result).sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? '')));
const clusterWith = (result: ClusterResult, id: string) => result.clusters.find((c) => c.documents.some((d) => d.id === id));
const withoutTime = (result: ClusterResult): string => JSON.stringify({ ...result, stats: { ...result.stats, elapsedMs: 0 } });

function intersection(a: Uint32Array, b: Uint32Array): number {
  let common = 0;
  for (let x = 0, y = 0; x < a.length && y < b.length; ) {
    if (a[x] === b[y]) {
      common += 1;
      x += 1;
      y += 1;
    } else if ((a[x] ?? 0) < (b[y] ?? 0)) x += 1;
    else y += 1;
  }
  return common;
}

const FIXTURE_DOCS = [...load('afp-japan-us'), ...load('distractors')];
const MIXED = [
  ...FIXTURE_DOCS,
  ...UNRELATED,
  ...editedCopies(12, 5),
  { id: 'rewrite-a', text: REWRITE_A },
  { id: 'rewrite-b', text: REWRITE_B },
];

// ---------------------------------------------------------------------------------------------------------

describe('the generated input', () => {
  it('is what the tests below assume: a 300-word story, distinct short articles, edits as described', () => {
    const words = STORY.split(/\s+/).length;
    expect(words).toBeGreaterThanOrEqual(300);
    expect(words).toBeLessThan(400);
    expect(new Set(UNRELATED.map((d) => d.text)).size).toBe(30);
    for (const doc of UNRELATED) expect(doc.text.split(/\s+/).length).toBeGreaterThan(40);
    const copies = editedCopies(300, 1);
    expect(copies.filter((c) => c.text === STORY)).toHaveLength(30);
    expect(copies.filter((c) => c.edit.keep < 1).length).toBeGreaterThan(30);
    expect(copies.filter((c) => c.edit.extra).length).toBeGreaterThan(5);
    expect(new Set(copies.map((c) => c.text)).size).toBeGreaterThan(260);
  });
});

describe('n identical copies', () => {
  const n = 600;
  const copies = Array.from({ length: n }, (_, i) => ({ id: `copy-${String(i).padStart(3, '0')}`, text: STORY }));

  it.each(MODES)('give exactly one cluster of n, above MAX_BUCKET (%s)', (mode) => {
    expect(n).toBeGreaterThan(MAX_BUCKET);
    const result = clusterDocuments(copies, { mode });
    expect(result.clusters).toHaveLength(1);
    expect(result.clusters[0]?.size).toBe(n);
    expect(result.stats.copies).toBe(n - 1);
    expect(result.stats.versions).toBe(1);
    expect(result.clusters[0]?.documents.every((d) => d.similarity === 1)).toBe(true);
  });

  /** Not copies: each has its own credit line, so all are near-duplicates of each other. */
  const bylined = (count: number): Document[] => {
    const rng = rngOf(42);
    return Array.from({ length: count }, (_, i) => ({
      id: `bylined-${String(i).padStart(4, '0')}`,
      text: `${STORY}\nReporting by ${pick(rng, FIRST)} ${pick(rng, LAST)} in ${pick(rng, TOWN_START)}${pick(rng, TOWN_END)}, report number ${i + 1}.`,
    }));
  };

  it.each(MODES)('with a credit line each, still give one cluster of n (%s)', (mode) => {
    // A small run compares every pair that shares a shingle (no LSH buckets).
    const result = clusterDocuments(bylined(n), { mode });
    expect(result.clusters).toHaveLength(1);
    expect(result.clusters[0]?.size).toBe(n);
  });

  it('with a credit line each, past 2,000 versions, are one cluster through LSH buckets resolved against leaders', () => {
    const result = clusterDocuments(bylined(2100), { mode: 'rewrite' });
    expect(result.clusters).toHaveLength(1);
    expect(result.clusters[0]?.size).toBe(2100);
    expect(result.stats.largestBucket).toBeGreaterThan(MAX_BUCKET);
    expect(result.stats.largeBuckets).toBeGreaterThan(0);
  });
});

describe('a story with 300 lightly edited copies', () => {
  const copies = editedCopies(300, 1);
  const storyIds = copies.map((c) => c.id).sort();
  const mixed = [...UNRELATED.slice(0, 15), ...copies, ...UNRELATED.slice(15)];

  it.each<Mode>(['rewrite', 'story'])('is one cluster of 300 on its own (%s)', (mode) => {
    const result = clusterDocuments(copies, { mode });
    expect(idsOf(result)).toEqual([storyIds]);
  });

  it.each<Mode>(['rewrite', 'story'])('is one cluster of 300 among unrelated articles, with no intruders (%s)', (mode) => {
    const result = clusterDocuments(mixed, { mode });
    expect(
      clusterWith(result, 'story-000')
        ?.documents.map((d) => d.id)
        .sort(),
    ).toEqual(storyIds);
    // No other cluster holds a copy: the story is not split.
    const holding = result.clusters.filter((c) => c.documents.some((d) => d.id.startsWith('story-')));
    expect(holding).toHaveLength(1);
  });

  it('in duplicate mode, puts no other article in a cluster with a copy', () => {
    const result = clusterDocuments(mixed, { mode: 'duplicate' });
    const exact = copies.filter((c) => c.text === STORY).map((c) => c.id);
    expect(clusterWith(result, 'story-000')?.documents.map((d) => d.id)).toEqual(expect.arrayContaining(exact));
    for (const cluster of result.clusters) {
      const ids = cluster.documents.map((d) => d.id);
      if (ids.some((id) => id.startsWith('story-'))) expect(ids.every((id) => id.startsWith('story-'))).toBe(true);
    }
  });

  // A near copy here is one whose shingle Jaccard with the original is at least 0.8 when the two are
  // compared on their own. In a run with the 300 copies every unedited paragraph recurs in hundreds of
  // documents; corpus boilerplate removal must not strip them from the edited copies (text/boilerplate.ts).
  it('in duplicate mode, keeps the exact and near copies in one cluster', () => {
    const original = sketchDocuments([{ id: 'original', text: STORY }], { mode: 'duplicate' }).sketches[0]?.shingles ?? new Uint32Array(0);
    const jaccardAlone = (copy: Copy): number => {
      const shingles =
        sketchDocuments([{ id: 'original', text: STORY }, copy], { mode: 'duplicate' }).sketches[1]?.shingles ?? new Uint32Array(0);
      const common = intersection(original, shingles);
      return common / (original.length + shingles.length - common);
    };
    const near = copies.filter((c) => jaccardAlone(c) >= 0.8).map((c) => c.id);
    expect(near.length).toBeGreaterThan(150);

    const result = clusterDocuments(mixed, { mode: 'duplicate' });
    const members = clusterWith(result, 'story-000')?.documents.map((d) => d.id) ?? [];
    expect(near.filter((id) => !members.includes(id))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Articles in another language (French), for the per-language document frequencies.

const JOURS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const FRENCH_SENTENCES = [
  "Le conseil municipal de {T} a voté {D} un budget de {N} millions d'euros pour rénover les écoles de la ville.",
  'Selon le maire, {P}, les travaux commenceront au printemps et dureront près de deux ans.',
  'Les syndicats de {C} ont appelé à une grève de {N} heures pour protester contre la fermeture du site de {T}.',
  "La direction de {C} affirme que les emplois seront maintenus et que les salariés pourront rejoindre l'usine de {U}.",
  'Les pompiers sont intervenus {D} soir après un incendie dans un entrepôt situé à la sortie de {T}.',
  "Aucune victime n'est à déplorer, mais une partie du bâtiment s'est effondrée, a précisé la préfecture.",
  "Le club de {T} s'est imposé {D} face à {U} sur le score de {N} à un, devant plus de huit mille spectateurs.",
  "L'entraîneur, {Q}, a salué la réaction de ses joueurs après une première mi-temps difficile.",
  "Les prix de l'immobilier ont augmenté de {N} pour cent en un an dans la région de {T}, selon les notaires.",
  'Les associations de locataires réclament davantage de logements sociaux et un encadrement des loyers.',
  'Une exposition consacrée aux peintres de la côte ouvrira ses portes {D} au musée de {T}.',
  'La commissaire, {P}, a réuni plus de cent tableaux prêtés par des collectionneurs privés.',
];

/** Articles in French: a headline-like first sentence and three more, about the same kinds of local news. */
function frenchArticles(count: number, seed: number): Document[] {
  const rng = rngOf(seed);
  return Array.from({ length: count }, (_, k) => {
    const cast = castOf(rng);
    const fillFrench = (template: string): string =>
      template
        .replaceAll('{P}', cast.P)
        .replaceAll('{Q}', cast.Q)
        .replaceAll('{T}', cast.T)
        .replaceAll('{U}', cast.U)
        .replaceAll('{C}', cast.C)
        .replaceAll('{D}', pick(rng, JOURS))
        .replaceAll('{N}', String(int(rng, 2, 90)));
    const sentences = [...FRENCH_SENTENCES.keys()].sort(() => rng() - 0.5).slice(0, 4);
    const body = sentences.map((i) => fillFrench(FRENCH_SENTENCES[i] ?? ''));
    return { id: `fr-${String(k).padStart(3, '0')}`, text: [body.slice(0, 2).join(' '), body.slice(2).join(' ')].join('\n') };
  });
}

describe('the score of a fixed pair', () => {
  const pair = [
    { id: 'rewrite-a', text: REWRITE_A },
    { id: 'rewrite-b', text: REWRITE_B },
  ];
  const background = backgroundArticles(500, 3);

  it.each<Mode>(['rewrite', 'story'])('moves by at most 0.05 when 500 unrelated documents are added (%s)', (mode) => {
    const scoreOf = (result: ClusterResult): number => {
      const cluster = clusterWith(result, 'rewrite-a');
      expect(cluster?.documents.map((d) => d.id).sort()).toEqual(['rewrite-a', 'rewrite-b']);
      return cluster?.documents[1]?.similarity ?? Number.NaN;
    };
    const alone = scoreOf(clusterDocuments(pair, { mode }));
    const crowded = scoreOf(clusterDocuments([...background.slice(0, 250), ...pair, ...background.slice(250)], { mode }));
    expect(Math.abs(crowded - alone)).toBeLessThanOrEqual(0.05);
  });

  it.each<Mode>(['rewrite', 'story'])('moves far less with a reference of 3,000 articles when 500 are added (%s)', (mode) => {
    // The reference's stories outnumber the run's: a term's weight is mostly the reference's, whatever the
    // run holds besides the pair (an index as the reference of a batch run: `--idf-from`).
    const reference = storyFrequenciesOf(sketchDocuments(backgroundArticles(3000, 11)).sketches);
    const scoreOf = (result: ClusterResult): number => {
      const cluster = clusterWith(result, 'rewrite-a');
      expect(cluster?.documents.map((d) => d.id).sort()).toEqual(['rewrite-a', 'rewrite-b']);
      return cluster?.documents[1]?.similarity ?? Number.NaN;
    };
    const crowd = [...background.slice(0, 250), ...pair, ...background.slice(250)];
    const without = Math.abs(scoreOf(clusterDocuments(crowd, { mode })) - scoreOf(clusterDocuments(pair, { mode })));
    const withReference = Math.abs(
      scoreOf(clusterDocuments(crowd, { mode, reference })) - scoreOf(clusterDocuments(pair, { mode, reference })),
    );
    expect(withReference).toBeLessThanOrEqual(0.01);
    expect(withReference).toBeLessThan(without / 2);
  });

  it.each<Mode>(['rewrite', 'story'])("counts the run's stories once when the reference holds them too (%s)", (mode) => {
    // An article indexed and then clustered again against that index (`--idf-from`): the index's count
    // of its story stands, and the run gives its own back.
    // Stories only, as an index counts them: no article mostly contained in another.
    const run = distinctStories([...background.slice(0, 40), ...pair], mode);
    expect(run.length).toBeGreaterThan(30);
    const others = backgroundArticles(300, 17);
    const [ours, theirs] = [run, others].map((documents) => sketchDocuments(documents, { mode }).sketches) as [
      DocumentSketch[],
      DocumentSketch[],
    ];
    const tableOf = (sketches: DocumentSketch[]): Map<number, number> => {
      const { keys, counts } = storyFrequenciesOf(sketches);
      return new Map(Array.from(keys, (key, i) => [key, counts[i] ?? 0]));
    };
    const counted = tableOf([...theirs, ...ours]);
    const held = new Set(ours.map((s) => s.contentHash));
    const holding = {
      countsOf: (keys: Uint32Array) => keys.map((key) => counted.get(key) ?? 0),
      holds: (hashes: readonly string[]) => Uint8Array.from(hashes, (hash) => (held.has(hash) ? 1 : 0)),
    };
    const alone = tableOf(theirs);
    const apart = { countsOf: (keys: Uint32Array) => keys.map((key) => alone.get(key) ?? 0) };
    const once = clusterDocuments(run, { mode, reference: holding });
    const separate = clusterDocuments(run, { mode, reference: apart });
    expect(once.stats).toMatchObject({ referenceStories: separate.stats.referenceStories + run.length, referenceHeld: run.length });
    expect(once.clusters).toEqual(separate.clusters);
    const twice = clusterDocuments(run, { mode, reference: { countsOf: holding.countsOf } });
    expect(twice.stats.referenceHeld).toBe(0);
    expect(twice.clusters).not.toEqual(once.clusters);
  });

  it('refuses an answer of holds that does not match the texts asked', () => {
    const reference = { countsOf: (keys: Uint32Array) => new Uint32Array(keys.length), holds: () => new Uint8Array(1) };
    expect(() => clusterDocuments([...background.slice(0, 5), ...pair], { reference })).toThrow(/a reference told of 1 texts for 7 asked/);
  });

  it('is the same with an empty reference as with none', () => {
    const reference = { keys: new Uint32Array(0), counts: new Uint32Array(0) };
    const withEmpty = clusterDocuments([...background.slice(0, 50), ...pair], { reference });
    expect(withEmpty.clusters).toEqual(clusterDocuments([...background.slice(0, 50), ...pair]).clusters);
  });

  it('refuses a reference whose keys and counts do not pair up', () => {
    const reference = { keys: new Uint32Array(2), counts: new Uint32Array(1) };
    expect(() => clusterDocuments(pair, { reference })).toThrow(/reference: keys and counts must be two Uint32Arrays of the same length/);
  });

  it.each<Mode>(['rewrite', 'story'])('does not move at all when an article that shares its words is run 300 times (%s)', (mode) => {
    // Story mode attaches the airport story (same town, day and ministry) to the pair: the pair's score is
    // still the similarity of one of them to the other, its representative.
    const scoreWith = (extra: Document[]): number => {
      const cluster = clusterWith(clusterDocuments([...pair, ...extra], { mode }), 'rewrite-a');
      const rep = cluster?.representative ?? '';
      expect(['rewrite-a', 'rewrite-b']).toContain(rep);
      const other = rep === 'rewrite-a' ? 'rewrite-b' : 'rewrite-a';
      return cluster?.documents.find((d) => d.id === other)?.similarity ?? Number.NaN;
    };
    const once = scoreWith([{ id: 'airport', text: AIRPORT }]);
    // Copies count once in the document frequencies: 300 outlets do not make the words common.
    const copies = Array.from({ length: 300 }, (_, i) => ({ id: `airport-${i}`, text: AIRPORT }));
    expect(scoreWith(copies)).toBe(once);
  });

  it.each<Mode>(['rewrite', 'story'])('does not move at all when 600 articles in another language are added (%s)', (mode) => {
    // Their terms and stories are counted among French stories: the English weights are those of the pair alone.
    const french = frenchArticles(600, 5);
    const scoreOf = (result: ClusterResult): number => {
      const cluster = clusterWith(result, 'rewrite-a');
      expect(cluster?.documents.map((d) => d.id).sort()).toEqual(['rewrite-a', 'rewrite-b']);
      return cluster?.documents[1]?.similarity ?? Number.NaN;
    };
    const alone = scoreOf(clusterDocuments(pair, { mode }));
    expect(scoreOf(clusterDocuments([...french.slice(0, 300), ...pair, ...french.slice(300)], { mode }))).toBe(alone);
  });
});

describe('every document exactly once with all: true', () => {
  const copies = editedCopies(40, 11);
  const item = fc.oneof(
    fc.constant(STORY),
    fc.constantFrom('', '   ', '\n\n', 'Advertisement', 'Read more'),
    fc.integer({ min: 1, max: 39 }).map((i) => copies[i]?.text ?? ''),
    fc.integer({ min: 0, max: 29 }).map((k) => UNRELATED[k]?.text ?? ''),
    fc.constantFrom(REWRITE_A, REWRITE_B),
    fc.tuple(fc.integer({ min: 0, max: 29 }), fc.double({ min: 0.05, max: 1, noNaN: true })).map(([k, share]) => {
      const text = UNRELATED[k]?.text ?? '';
      return text.slice(0, Math.round(text.length * share));
    }),
  );

  it.each(MODES)('whatever the input: copies, empties, near-duplicates, mixed (%s)', (mode) => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 24 }), fc.integer({ min: 1, max: 1000 }), (texts, seed) => {
        const documents = texts.map((text, i) => ({ id: `d${i}`, text }));
        const result = clusterDocuments(documents, { mode, all: true, seed });
        const placed = result.clusters.flatMap((c) => c.documents.map((d) => d.id));
        expect(placed.sort()).toEqual(documents.map((d) => d.id).sort());
        expect(result.clusters.reduce((sum, c) => sum + c.size, 0)).toBe(documents.length);
        expect(result.clusters.every((c) => c.size === c.documents.length)).toBe(true);
        expect(result.stats.documents).toBe(documents.length);
      }),
      { numRuns: 25, seed: 17 },
    );
  });
});

describe('the hash seed', () => {
  const partitions = (documents: Document[], options: ClusterOptions) =>
    [1, 7].map((seed) => partitionOf(clusterDocuments(documents, { ...options, seed, all: true })));

  it.each(MODES)('does not change the partition of the fixtures (%s)', (mode) => {
    const [one, seven] = partitions(FIXTURE_DOCS, { mode });
    expect(seven).toBe(one);
  });

  it.each(MODES)('does not change the partition of fixtures mixed with generated articles (%s)', (mode) => {
    const [one, seven] = partitions(MIXED, { mode });
    expect(seven).toBe(one);
  });
});

describe('the input order', () => {
  // Versions of one story (edited, cut, with a local paragraph): which of them a story counts by (its lowest
  // content hash) and which leads its group (its most typical) must not depend on what comes first.
  const documents = [...MIXED, ...editedCopies(60, 9).map((copy) => ({ ...copy, id: `again-${copy.id}` }))];
  const reversed = [...documents].reverse();
  const rng = rngOf(3);
  const shuffled = [...documents].sort(() => rng() - 0.5);

  it.each(MODES)('does not change the clusters or their scores (%s)', (mode) => {
    const [forward, backward, mixed] = [documents, reversed, shuffled].map(
      (input) => clusterDocuments(input, { mode, all: true }).clusters,
    );
    expect(backward).toEqual(forward);
    expect(mixed).toEqual(forward);
  });
});

describe('sketchDocuments + clusterSketches', () => {
  it.each(MODES)('equal clusterDocuments on the fixtures, byte for byte apart from the time (%s)', (mode) => {
    const direct = clusterDocuments(FIXTURE_DOCS, { mode });
    const { sketches, skipped } = sketchDocuments(FIXTURE_DOCS, { mode });
    expect(skipped).toEqual([]);
    expect(withoutTime(clusterSketches(sketches, { mode }))).toBe(withoutTime(direct));
  });

  it.each(MODES)('equal clusterDocuments on fixtures mixed with generated articles, singletons included (%s)', (mode) => {
    const direct = clusterDocuments(MIXED, { mode, all: true });
    const { sketches } = sketchDocuments(MIXED, { mode });
    expect(withoutTime(clusterSketches(sketches, { mode, all: true }))).toBe(withoutTime(direct));
  });
});

// ---------------------------------------------------------------------------------------------------------
// Independent reports of one event among many unrelated articles.

/** A pronounceable made-up word for each number, so that a large vocabulary needs no word list. */
function wordOf(n: number): string {
  const onsets = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'st', 'tr', 'gl'];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
  let word = '';
  let rest = n + 1;
  while (rest > 0) {
    word += `${onsets[rest % onsets.length]}${vowels[Math.floor(rest / onsets.length) % vowels.length]}`;
    rest = Math.floor(rest / (onsets.length * vowels.length));
  }
  return `${word}n`;
}

/**
 * Articles with a news-like vocabulary: a third of their words from 300 common ones that every article
 * draws on, the rest Zipf-distributed over 30,000 rarer ones. Any two share some common words (term
 * Jaccard ~0.05, as real articles of different stories do: 0.02–0.05) and few rare ones.
 */
function vocabularyArticles(count: number, seed: number): Document[] {
  const rng = rngOf(seed);
  const zipf = (size: number): number => Math.min(size - 1, Math.floor(Math.exp(rng() * Math.log(size + 1)) - 1));
  const sentence = (): string => {
    const words = Array.from({ length: 12 }, () => (rng() < 0.35 ? wordOf(zipf(300)) : wordOf(300 + zipf(30_000))));
    return `${words.join(' ')}.`;
  };
  return Array.from({ length: count }, (_, k) => ({
    id: `vocab-${String(k).padStart(5, '0')}`,
    text: Array.from({ length: 5 }, () => [sentence(), sentence(), sentence()].join(' ')).join('\n'),
  }));
}

/** Two independent reports of one event: the same names, places and figures, in different words. */
const FERRY_A = [
  'Fire on Kestrel ferry forces evacuation of 312 passengers off Tarvik',
  'TARVIK, June 14 - A fire broke out in the engine room of the passenger ferry Kestrel Star late on Saturday, and all 312 passengers and 41 crew were taken off by lifeboats and fishing vessels, the coastguard said.',
  'Coastguard commander Ilse Brandvold said the blaze started shortly after the ship left Tarvik harbour for the island of Osmund. Two crew members were treated for smoke inhalation at Tarvik hospital.',
  'The operator, Skerry Lines, said the Kestrel Star had passed an inspection in April and that it would cooperate with the maritime accident board.',
].join('\n');
const FERRY_B = [
  'Passengers describe escape as Kestrel Star burns near Osmund',
  'Holidaymakers on the Kestrel Star said they saw smoke pouring from the stern minutes before the alarm sounded on Saturday night, on a crossing from Tarvik to Osmund that should have taken ninety minutes.',
  '"We were told to put on life jackets and wait on deck; nobody panicked," said Petra Holm, who was travelling with her two children. Fishing boats from Tarvik reached the ferry within half an hour, according to commander Ilse Brandvold.',
  'Skerry Lines has suspended its Osmund route, and the maritime accident board will send investigators to Tarvik on Monday. Two crew members remain in hospital.',
].join('\n');

describe('independent reports of one event', () => {
  const reports = [
    { id: 'ferry-a', text: FERRY_A },
    { id: 'ferry-b', text: FERRY_B },
  ];

  // Candidates drawn from every term of a large run are mostly pairs that share only common words; past
  // the candidate budget, the rows needed then lose pairs that share a tenth of their terms, as
  // independent reports do. Drawn from the terms that weigh most (names, rarer words), they are not.
  it('stay together in story mode among 8,000 unrelated articles', () => {
    const crowd = vocabularyArticles(8000, 11);
    expect(idsOf(clusterDocuments(reports, { mode: 'story' }))).toEqual([['ferry-a', 'ferry-b']]);
    const result = clusterDocuments([...crowd.slice(0, 4000), ...reports, ...crowd.slice(4000)], { mode: 'story' });
    expect(clusterWith(result, 'ferry-a')?.documents.map((d) => d.id)).toEqual(['ferry-a', 'ferry-b']);
  });
});
