//! The words the demo draws from: kinds and channels by weight, names,
//! places, parties, crimes and outcomes as a center sees them.

#[allow(unused_imports)]
use super::*;

pub(super) const KINDS: &[(Kind, u32)] = &[
    (Kind::Criminal, 40),
    (Kind::Civil, 45),
    (Kind::LaborArbitration, 8),
    (Kind::Administrative, 3),
    (Kind::StateCompensation, 1),
    (Kind::NonLitigation, 3),
];

/// Relative frequency of a matter among the matters of its kind.
pub(super) fn matter_weight(m: Matter) -> u32 {
    match m {
        Matter::Defense => 85,
        Matter::Victim => 13,
        Matter::CompulsoryTreatment => 2,
        Matter::StateCompensation => 10,
        Matter::SocialInsurance => 6,
        Matter::Pension => 3,
        Matter::Support => 10,
        Matter::LaborRelation => 6,
        Matter::Wages => 22,
        Matter::WorkInjury => 12,
        Matter::TrafficAccident => 12,
        Matter::MedicalAccident => 3,
        Matter::FoodDrug => 1,
        Matter::Environment => 1,
        Matter::Incapacity => 4,
        Matter::DomesticViolence => 5,
        Matter::Marriage => 12,
        Matter::Other => 2,
    }
}

pub(super) const DEFENSE_CHANNELS: &[(Channel, u32)] = &[
    (Channel::Notified, 70),
    (Channel::WalkIn, 12),
    (Channel::Workstation, 10),
    (Channel::Hotline, 4),
    (Channel::Letter, 4),
];
pub(super) const CRIMINAL_CHANNELS: &[(Channel, u32)] = &[
    (Channel::WalkIn, 55),
    (Channel::Workstation, 15),
    (Channel::Hotline, 10),
    (Channel::Online, 10),
    (Channel::Letter, 10),
];
/// Civil, administrative and the rest: 40% through workstations (the seed's target).
pub(super) const CIVIL_CHANNELS: &[(Channel, u32)] = &[
    (Channel::Workstation, 40),
    (Channel::WalkIn, 35),
    (Channel::Hotline, 10),
    (Channel::Online, 10),
    (Channel::Letter, 5),
];

pub(super) const LABOR_STATIONS: &[&str] = &["株洲市总工会工作站", "石峰区总工会工作站"];
pub(super) const FAMILY_STATIONS: &[&str] = &["石峰区妇联工作站"];
pub(super) const CRIMINAL_STATIONS: &[&str] = &["看守所工作站"];
pub(super) const LOCAL_STATIONS: &[&str] = &[
    "响石岭街道司法所",
    "清水塘街道工作站",
    "井龙街道司法所",
    "田心街道司法所",
    "铜塘湾街道司法所",
    "龙头铺街道工作站",
];

/// The most common surnames; the first ten are drawn as often as all the rest.
pub(super) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", // top ten
    "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许",
    "韩", "冯", "邓", "曹", "彭", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程",
    "魏", "苏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "廖",
    "易", "文", "贺", "龙", "颜", "邹",
];
/// Rarer surnames, several with a special reading (单 shàn, 曾 zēng, 仇 qiú,
/// 解 xiè, 区 ōu, 朴 piáo, 查 zhā, 盖 gě): good tests for sorting and search.
pub(super) const RARE_SURNAMES: &[&str] =
    &["单", "曾", "仇", "解", "区", "朴", "查", "盖", "覃", "缪"];
pub(super) const COMPOUND_SURNAMES: &[&str] = &["欧阳", "尉迟", "司马"];

pub(super) const MALE_GIVEN: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "建", "国", "志", "文", "龙", "峰", "林", "海",
];
pub(super) const FEMALE_GIVEN: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "桂", "英", "燕", "红", "梅", "琳",
    "婷", "雪", "慧", "洁", "倩", "兰", "萍", "颖", "佳", "欣", "怡", "月",
];
pub(super) const NEUTRAL_GIVEN: &[&str] = &[
    "子", "晓", "小", "春", "云", "一", "思", "雨", "金", "永", "新", "阳", "丹", "清", "秋", "家",
    "德", "成", "安", "宁",
];

pub(super) const STREETS: &[&str] = &[
    "清水塘街道",
    "响石岭街道",
    "井龙街道",
    "田心街道",
    "铜塘湾街道",
    "龙头铺街道",
];
pub(super) const ROADS: &[&str] = &[
    "清水塘路",
    "响石路",
    "红旗北路",
    "田心大道",
    "建设北路",
    "北环大道",
    "石峰路",
    "铜霞路",
    "杉塘路",
    "龙头铺路",
    "井龙路",
    "学林路",
];
pub(super) const OTHER_DISTRICTS: &[&str] = &["荷塘区", "芦淞区", "天元区", "渌口区"];
pub(super) const COUNTIES: &[&str] = &["攸县", "茶陵县", "醴陵市", "炎陵县"];
pub(super) const TOWNS: &[&str] = &[
    "新市镇",
    "皇图岭镇",
    "浦口镇",
    "白兔潭镇",
    "船形乡",
    "桃坑乡",
];
pub(super) const VILLAGES: &[&str] = &["石桥村", "新塘村", "枫林村", "长岭村", "荷花村", "大坪村"];

pub(super) const COMPANY_PLACES: &[&str] = &["株洲市", "株洲", "湖南", "石峰区", "株洲市石峰区"];
pub(super) const TRADE_NAMES: &[&str] = &[
    "鑫盛", "宏达", "恒通", "金峰", "顺发", "华辰", "瑞丰", "天成", "兴旺", "永安", "中联", "博远",
    "凯旋", "长青", "华美", "众诚", "湘江", "炎帝",
];
pub(super) const INDUSTRIES: &[&str] = &[
    "建筑工程",
    "劳务",
    "机械制造",
    "物流",
    "餐饮管理",
    "保安服务",
    "物业管理",
    "电子科技",
    "建材",
    "服装",
    "轨道交通配件",
    "装饰工程",
];
pub(super) const POLLUTERS: &[&str] = &["化工", "冶炼", "陶瓷", "建材", "电镀"];
pub(super) const INSURERS: &[&str] = &[
    "中国人民财产保险股份有限公司株洲市分公司",
    "中国平安财产保险股份有限公司株洲中心支公司",
    "中国太平洋财产保险股份有限公司株洲中心支公司",
];
pub(super) const HOSPITALS: &[&str] = &[
    "株洲市中心医院",
    "株洲市第三医院",
    "石峰区人民医院",
    "株洲某某民营医院",
    "田心街道社区卫生服务中心",
];
pub(super) const SOCIAL_AGENCIES: &[&str] = &[
    "株洲市人力资源和社会保障局",
    "株洲市社会保险服务中心",
    "石峰区民政局",
    "石峰区退役军人事务局",
    "株洲市石峰区人民政府响石岭街道办事处",
];
pub(super) const STATE_ORGANS: &[&str] = &[
    "株洲市公安局石峰分局",
    "石峰区人民检察院",
    "石峰区人民法院",
    "株洲市中级人民法院",
];
pub(super) const NOTIFIERS: &[&str] = &[
    "石峰区人民法院",
    "石峰区人民检察院",
    "株洲市公安局石峰分局",
    "株洲市中级人民法院",
];

pub(super) const CRIMES: &[&str] = &[
    "盗窃罪",
    "故意伤害罪",
    "诈骗罪",
    "抢劫罪",
    "寻衅滋事罪",
    "危险驾驶罪",
    "贩卖毒品罪",
    "聚众斗殴罪",
    "帮助信息网络犯罪活动罪",
    "交通肇事罪",
    "非法拘禁罪",
    "故意杀人罪",
];
pub(super) const HARMS: &[&str] = &[
    "殴打致轻伤二级",
    "持刀砍伤",
    "以投资为名诈骗",
    "驾车撞伤",
    "抢走财物并打伤",
];
pub(super) const WORKPLACES: &[&str] = &[
    "某建筑工地",
    "某机械厂",
    "某餐馆",
    "某物流公司",
    "某服装厂",
    "某小区物业",
    "某装修工地",
];
pub(super) const INJURIES: &[&str] = &[
    "从脚手架摔落致腰椎骨折",
    "被冲床压伤右手",
    "搬运货物时砸伤左脚",
    "被钢筋划伤眼睛",
    "在上班途中摔伤",
];
pub(super) const TRAFFIC_INJURIES: &[&str] =
    &["左腿骨折", "颅脑损伤", "多处软组织挫伤", "构成十级伤残"];
pub(super) const VEHICLES: &[&str] = &["小型轿车", "货车", "渣土车", "摩托车"];
pub(super) const FOODS: &[&str] = &["外卖盒饭", "散装白酒", "过期奶粉", "凉拌菜"];
pub(super) const RELATIVES: &[&str] = &["儿子", "女儿", "丈夫", "妻子", "母亲", "父亲"];

pub(super) const CRIMINAL_DEFENSE_OUTCOMES: &[&str] = &[
    "从轻处罚",
    "从轻处罚",
    "减轻处罚",
    "判处缓刑",
    "不起诉",
    "辩护意见部分采纳",
    "判决无罪",
];
pub(super) const CRIMINAL_AGENCY_OUTCOMES: &[&str] =
    &["获得赔偿", "调解结案", "部分胜诉", "附带民事诉讼胜诉"];
pub(super) const COMPULSORY_OUTCOMES: &[&str] = &["决定强制医疗", "驳回强制医疗申请"];
pub(super) const CIVIL_OUTCOMES: &[&str] = &[
    "调解结案",
    "调解结案",
    "胜诉",
    "胜诉",
    "部分胜诉",
    "和解结案",
    "撤诉",
    "败诉",
];
pub(super) const ARBITRATION_OUTCOMES: &[&str] = &[
    "仲裁调解",
    "仲裁裁决支持",
    "仲裁裁决部分支持",
    "和解撤回申请",
];
pub(super) const ADMINISTRATIVE_OUTCOMES: &[&str] =
    &["胜诉", "复议撤销原行为", "获得赔偿", "撤诉", "驳回诉讼请求"];
pub(super) const NON_LITIGATION_OUTCOMES: &[&str] =
    &["认定无民事行为能力", "认定限制民事行为能力", "驳回申请"];
pub(super) const TERMINATIONS: &[&str] = &[
    "终止：受援人另行委托律师",
    "终止：受援人要求终止且理由正当",
    "终止：案件终止审理",
    "终止：经济状况不再符合条件",
    "终止：隐瞒事实、提供虚假证据",
];
