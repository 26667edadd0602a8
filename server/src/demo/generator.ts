import type { TreeSpec } from '../modules/territory/tree-loader.js';

/**
 * Grids, compounds and buildings for a demo community. Real communities draw
 * these themselves; the demo invents plausible ones so every screen has data.
 * Seeded by the community code, a community gets the same tree on every
 * machine and every run, whatever order communities are loaded in.
 */

/** mulberry32: tiny, fast, and good enough to pick names. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function seedOf(text: string): number {
  let h = 2_166_136_261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16_777_619);
  return h >>> 0;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (grids never reach 100). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

// Place words heard around Lanzhou and the work units whose 家属院 fill its old town.
const PLACES = [
  '金城', '兰苑', '滨河', '黄河', '皋兰', '五泉', '白塔', '雁滩', '华林', '庆阳', '天水', '静宁', '张掖', '陇西', '西津',
  '敦煌', '秀川', '建兰', '南河', '北滨', '东岗', '西湖', '明珠', '阳光', '锦绣', '怡和', '和平', '盛世', '紫金', '翠苑',
  '桃园', '枫叶', '绿洲', '丝路', '河湾', '长风', '春晖', '嘉福', '润泽', '康乐', '万象', '金港', '鸿运', '瑞德', '安居',
];
const PLACE_SUFFIXES = ['小区', '家园', '花园', '嘉园', '新村', '佳苑', '公寓', '名苑', '雅居', '新城', '华庭', '御景'];
const UNITS = ['铁路', '电力', '石化', '邮电', '供销', '纺织', '建材', '水电', '气象', '教育', '卫生', '物资', '粮食', '轻工'];
const UNIT_SUFFIXES = ['家属院', '住宅小区', '生活区'];
const STREETS = ['民主', '解放', '中山', '定西', '甘南', '永昌', '武都', '临夏', '平凉', '南昌', '雁宁', '东岗西'];

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const between = (random: () => number, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

function compoundName(random: () => number, community: string, used: Set<string>): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const roll = random();
    const stem = community.replace(/(社区|居委会)$/, '');
    const name =
      roll < 0.15 && stem.length >= 2 && stem.length <= 4
        ? `${stem}${pick(random, ['小区', '新村', '家园'])}`
        : roll < 0.4
          ? `${pick(random, UNITS)}${pick(random, UNIT_SUFFIXES)}`
          : `${pick(random, PLACES)}${pick(random, PLACE_SUFFIXES)}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  const fallback = `${pick(random, PLACES)}${used.size + 1}号小区`;
  used.add(fallback);
  return fallback;
}

const buildings = (count: number): TreeSpec[] =>
  Array.from({ length: count }, (_, i) => ({ level: 'building' as const, name: `${i + 1}号楼` }));

/**
 * About four grids per community, about one compound per grid and three to
 * four buildings per compound: the proportions SPEC §4 gives for Lanzhou
 * (~1,800 grids, ~1,900 compounds, ~6,500 building yards for ~480 communities).
 * A grid without a compound holds old courtyards (号院) directly.
 */
export function communityTree(code: string, communityName: string): TreeSpec[] {
  const random = prng(seedOf(code));
  const used = new Set<string>();
  const grids: TreeSpec[] = [];
  const gridCount = between(random, 3, 5);
  for (let g = 1; g <= gridCount; g++) {
    const roll = random();
    const compoundCount = roll < 0.1 ? 0 : roll < 0.88 ? 1 : 2;
    const children: TreeSpec[] = [];
    for (let c = 0; c < compoundCount; c++) {
      children.push({ level: 'compound', name: compoundName(random, communityName, used), children: buildings(between(random, 1, 6)) });
    }
    if (compoundCount === 0) {
      const street = pick(random, STREETS);
      const first = between(random, 1, 300);
      const count = between(random, 2, 4);
      for (let b = 0; b < count; b++) children.push({ level: 'building', name: `${street}路${first + b * 2}号院` });
    }
    grids.push({ level: 'grid', name: `第${chineseNumber(g)}网格`, children });
  }
  return grids;
}
