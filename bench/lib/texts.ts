import { bigrams } from '../../server/src/platform/search.js';

/**
 * What residents report, per category of the case_category dictionary, in the
 * words community workers write down. A description is one problem plus one
 * of the details a worker adds, so the duplicate finder and the keyword search
 * meet the mix of shared and distinct bigrams they meet in real queues.
 */
const PROBLEMS: Record<string, string[]> = {
  water_heating: [
    '暖气不热，室内温度不到十六度',
    '楼道暖气管道漏水，地面结冰',
    '自来水水压低，高层用水困难',
    '停水两天没有通知，居民生活受影响',
    '水表井盖破损，存在安全隐患',
    '供暖管网检修后仍不热',
    '自来水发黄有异味',
    '地下室供水管爆裂',
  ],
  property: [
    '单元门门禁损坏，居民出入不便',
    '电梯经常停运，老人上下楼困难',
    '物业不按时清运垃圾',
    '小区停车位被长期占用',
    '物业费收支不公开，居民有意见',
    '楼顶防水层老化，雨天漏水',
    '楼道照明灯不亮',
    '小区监控损坏无人维修',
  ],
  epidemic: [
    '小区出入口消杀不及时',
    '居民询问疫苗接种时间和地点',
    '独居老人需要上门送药',
    '发热门诊位置和开放时间咨询',
    '楼栋集中检测安排不清楚',
  ],
  vulnerable: [
    '独居老人行动不便，需要助餐服务',
    '残疾人申请无障碍改造',
    '低保家庭申请临时救助',
    '留守儿童放学后无人看护',
    '高龄老人申请居家养老服务',
    '困难家庭冬季取暖费用有困难',
  ],
  legacy: [
    '老旧小区房产证多年未办理',
    '单位家属院移交后无人管理',
    '违章建筑多年未拆除',
    '拆迁安置遗留问题反映',
    '老旧管网改造工程停工',
  ],
  environment: [
    '垃圾桶满溢，异味严重',
    '绿化带杂草丛生无人修剪',
    '餐馆油烟扰民',
    '楼下空地堆放建筑垃圾',
    '路面积水严重，出行不便',
    '夜间施工噪音扰民',
    '化粪池堵塞外溢',
    '流浪猫狗太多影响环境卫生',
  ],
  public_safety: [
    '电动车在楼道充电，存在火灾隐患',
    '小区围墙破损，外来人员随意出入',
    '夜间路灯不亮，居民出行不安全',
    '楼道堆放杂物堵塞消防通道',
    '发现可疑人员反复进出',
  ],
  neighbour_dispute: [
    '楼上漏水到楼下，邻里协商不成',
    '邻居装修噪音持续到深夜',
    '楼道公共空间被个人占用',
    '邻居饲养宠物扰民',
    '停车位纠纷发生争吵',
  ],
  facilities: [
    '健身器材损坏，存在安全隐患',
    '小区道路坑洼不平',
    '公交站牌缺失',
    '社区活动室开放时间太短',
    '无障碍坡道被占用',
    '公共厕所长期关闭',
  ],
  other: [
    '居民咨询社保办理流程',
    '建议增设便民服务点',
    '反映快递柜位置不合理',
    '咨询老年证办理',
  ],
};

const DETAILS = [
  '',
  '，已多次反映',
  '，请尽快处理',
  '，希望社区协调解决',
  '，涉及整栋楼住户',
  '，居民情绪较大',
];

/** Problems for a category code the dictionary gained after this list was written. */
const FALLBACK = PROBLEMS.other!;

export interface Text {
  category: string;
  description: string;
  tokens: string[];
}

/** Every description of a category, with the bigram tokens intake.ts stores beside it. */
export function textsFor(category: string): Text[] {
  return (PROBLEMS[category] ?? FALLBACK).flatMap((problem) =>
    DETAILS.map((detail) => {
      const description = `${problem}${detail}`;
      return { category, description, tokens: bigrams(description) };
    }),
  );
}
