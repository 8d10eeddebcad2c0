"""The notice's measures that are services or targets rather than rules, and who is responsible.

Fifteen of the measures are rules the engine computes (``yinren.policies``); the other clauses of the
notice (呼和浩特市引人留人18条措施, 2023-08-24) promise services and capacity. The home page shows all of
them in the notice's order and groups, each with its clause quoted.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..web.i18n import current_lang

GROUPS = ("就业", "安居", "教育医疗", "便民服务")
GROUP_EN = {
    "就业": "Jobs",
    "安居": "Housing",
    "教育医疗": "Schools and health care",
    "便民服务": "Services for residents",
}
GROUP_HEADINGS = {
    "就业": "一、创造优质就业岗位",
    "安居": "二、加大安居保障力度",
    "教育医疗": "三、加大教育医疗资源供给",
    "便民服务": "四、推出暖心便民服务",
}
GROUP_HEADINGS_EN = {
    "就业": "I. Create quality jobs",
    "安居": "II. More support for housing",
    "教育医疗": "III. More schools and health care",
    "便民服务": "IV. Caring services for residents",
}

DEPARTMENT_EN = {
    "市工信局": "Industry and IT Bureau",
    "市发改委": "Development and Reform Commission",
    "市区域经济合作局": "Regional Economic Cooperation Bureau",
    "市人社局": "Human Resources and Social Security Bureau",
    "市商务局": "Commerce Bureau",
    "市邮政管理局": "Postal Administration",
    "市交通运输局": "Transport Bureau",
    "市市场监督管理局": "Market Regulation Administration",
    "团市委": "Communist Youth League committee",
    "市科技局": "Science and Technology Bureau",
    "市住建局": "Housing and Urban-Rural Development Bureau",
    "市税务局": "Tax Bureau",
    "市自然资源局": "Natural Resources Bureau",
    "住房公积金中心": "Housing Provident Fund Centre",
    "市教育局": "Education Bureau",
    "市卫健委": "Health Commission",
    "市医保局": "Healthcare Security Bureau",
    "市医疗保障局": "Healthcare Security Bureau",
    "市行政审批和政务服务局": "Administrative Approval and Government Services Bureau",
    "市民政局": "Civil Affairs Bureau",
    "市公安局": "Public Security Bureau",
    "市民委": "Ethnic Affairs Commission",
}


def department_en(name: str) -> str:
    return DEPARTMENT_EN.get(name, name)


def departments_text(names: tuple[str, ...]) -> str:
    """Responsible departments in the page's language."""
    if current_lang.get() == "en":
        return "; ".join(department_en(name) for name in names)
    return "、".join(names)


@dataclass(frozen=True, slots=True)
class NoticeMeasure:
    number: int
    clause: str
    group: str
    title_zh: str
    title_en: str
    summary_zh: str
    summary_en: str
    quote: str
    departments: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"n{self.number:02d}"


NOTICE_ONLY = (
    NoticeMeasure(
        1,
        "第（一）条",
        "就业",
        "发展制造业扩岗",
        "More jobs in manufacturing",
        "三年内吸引200个以上制造业项目，带动新增就业4.5万人以上。",
        "Over three years, 200+ manufacturing projects and 45,000+ new jobs.",
        "大力发展先进制造业集群，统筹推进传统产业改造升级和新兴产业培育壮大，三年内吸引投资制造业项目200个以上，"
        "新增规模以上工业企业180户，培育形成50家龙头企业。鼓励“六大产业集群”链主企业提能扩岗，带动新增就业4.5万人以上。",
        ("市工信局", "市发改委", "市区域经济合作局", "市人社局"),
    ),
    NoticeMeasure(
        3,
        "第（三）条",
        "就业",
        "发展服务业和新业态扩岗",
        "More jobs in services and new kinds of work",
        "支持平台经济，扩大网络直播、电子商务、快递物流、网约车、外卖配送等新业态就业。",
        "Support for the platform economy: live streaming, e-commerce, delivery, ride hailing and more.",
        "每年建设服务业重大项目100个以上，支持发展平台经济，扩大网络直播、电子商务、快递物流、网约车、外卖配送等新业态就业空间。"
        "三年内带动新增就业10万人以上。",
        ("市发改委", "市商务局", "市人社局", "市邮政管理局", "市交通运输局", "市市场监督管理局"),
    ),
    NoticeMeasure(
        5,
        "第（五）条",
        "就业",
        "强化就业服务",
        "Better job services",
        "线上线下招聘会、实习见习岗位和“青子归城”行动，帮助高校毕业生来呼实习就业。",
        "Job fairs online and offline, internships and the 青子归城 programme bring graduates to Hohhot.",
        "建设“宜业首府”智慧就业服务云平台，提供线上线下融合的公共就业服务。实施“青子归城”行动，新建青年就业创业见习基地80家，"
        "每年征集1000个以上优质实习岗位，吸引3000名以上高校毕业生来呼实习见习。每年开展线上线下招聘会100场以上，"
        "提供不少于10万个就业岗位，促进就业3万人以上。",
        ("市人社局", "团市委"),
    ),
    NoticeMeasure(
        7,
        "第（七）条",
        "安居",
        "加大住房资源供给",
        "More homes to rent",
        "三年内筹集公租房4000套、保障性租赁住房1.3万套。",
        "Over three years, 4,000 public rental flats and 13,000 affordable rental flats.",
        "三年内通过集中新建、企业配建和市场购置等方式，筹集公租房4000套、保障性租赁住房1.3万套。",
        ("市住建局",),
    ),
    NoticeMeasure(
        13,
        "第（十三）条",
        "教育医疗",
        "推进集团化办学",
        "School groups share good teaching",
        "优质教学资源均衡布局，三年内招聘教职工3000名左右。",
        "Good teaching spread across schools; about 3,000 new teachers and staff over three years.",
        "推进集团化办学，促进优质教学资源均衡布局，义务教育学校集团化办学惠及学生人数达到70%。三年内招聘教职工3000名左右，"
        "新增硕士研究生以上学历中小学教师500名以上。",
        ("市教育局",),
    ),
    NoticeMeasure(
        14,
        "第（十四）条",
        "教育医疗",
        "推动医疗资源提质扩容",
        "Better hospitals close to home",
        "建设国家区域医疗中心，职工医保住院报销比例高于全国平均水平。",
        "National regional medical centres; employees' hospital costs reimbursed above the national average.",
        "建设首都医科大学附属北京友谊医院内蒙古医院、北京大学肿瘤医院内蒙古医院2个国家区域医疗中心和5个国家医学分中心，"
        "打造57个临床重点专科，让群众在家门口享受高水平同质化诊疗服务。职工医保住院政策范围内报销比例高于全国平均水平。",
        ("市卫健委", "市医保局"),
    ),
    NoticeMeasure(
        16,
        "第（十六）条",
        "便民服务",
        "提升便民窗口服务质效",
        "Help at every service window",
        "政务服务大厅设“帮办代办”窗口，社保卡、异地就医、户口迁移等事项“跨省通办”。",
        "Every service hall has a help desk; social security cards, medical care elsewhere, hukou moves and "
        "more can be handled across provinces.",
        "政务服务大厅全部设立“帮办代办”窗口，实现社保卡申领、异地就医登记备案和结算、社保公积金转移接续、户口迁移、就业创业、"
        "婚姻登记、生育登记等服务事项“跨省通办”。",
        ("市行政审批和政务服务局", "市民政局", "市公安局", "市人社局", "市住建局", "市医疗保障局"),
    ),
    NoticeMeasure(
        17,
        "第（十七）条",
        "便民服务",
        "搭建多样化服务平台",
        "Service points in every community",
        "社区流动人口服务站、“红石榴驿站”、零工市场和“青年之家”，为新来的人提供一站式服务。",
        "Community service stations, 红石榴驿站, gig-work markets and youth centres offer newcomers one-stop help.",
        "每个社区设立流动人口服务站，打造“红石榴驿站”，为外来流动人口提供房屋租赁、子女入学、就业创业、法律援助、城市融入等服务。"
        "旗县区全覆盖建设“零工市场”，乡镇街道全覆盖建设“青年之家”，搭建外来务工人员和青年大学生“一站式”服务阵地。",
        ("市人社局", "市民委", "市民政局", "团市委"),
    ),
)
