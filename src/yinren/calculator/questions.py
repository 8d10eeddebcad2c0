"""The questionnaire: small steps, each shown only when the answers so far make it matter.

A person who is not a graduate is never asked about a degree; one without children is never asked
about them; one who owns a home is not asked about public rental housing.
"""

from __future__ import annotations

from ..rules import schema
from .schemas import Answers, Question, Step, Text

YES, NO = "yes", "no"
YES_NO = ((YES, Text("是", "Yes")), (NO, Text("否", "No")))
MAX_CHILDREN = 4

EDUCATION = (
    ("none", Text("无学历", "No schooling")),
    ("primary", Text("小学", "Primary school")),
    ("secondary", Text("初中或高中", "Secondary school")),
    ("vocational", Text("中专或职高", "Vocational school")),
    ("junior_college", Text("专科（高职）", "Junior college (专科)")),
    ("bachelor", Text("本科", "Bachelor")),
    ("master", Text("硕士", "Master")),
    ("doctor", Text("博士", "Doctorate")),
)
assert tuple(code for code, _ in EDUCATION) == schema.EDUCATION_LEVELS


def yes(answers: Answers, name: str) -> bool:
    return answers.get(name) == YES


def is_graduate_level(answers: Answers) -> bool:
    return answers.get("education_level") in schema.GRADUATE_LEVELS


def children_count(answers: Answers) -> int:
    value = answers.get("children_count", "0")
    return int(value) if value.isdigit() else 0


def _yes_no(name: str, zh: str, en: str, hint: Text | None = None) -> Question:
    return Question(name, "yesno", Text(zh, en), hint=hint, options=YES_NO)


def _child_questions() -> tuple[Question, ...]:
    return tuple(
        Question(
            f"child{index}_birth_date",
            "date",
            Text(f"第{index + 1}个孩子的出生日期", f"Birth date of child {index + 1}"),
        )
        for index in range(MAX_CHILDREN)
    )


STEPS: tuple[Step, ...] = (
    Step(
        "about",
        Text("关于您", "About you"),
        (
            Question("birth_date", "date", Text("出生日期", "Date of birth")),
            Question(
                "sex",
                "choice",
                Text("性别", "Sex"),
                options=(("male", Text("男", "Male")), ("female", Text("女", "Female"))),
            ),
            _yes_no("hukou_in_hohhot", "是否呼和浩特市户籍", "Is your hukou (household registration) in Hohhot?"),
            _yes_no(
                "lives_in_hohhot",
                "是否在呼和浩特市居住（户籍或居住证）",
                "Do you live in Hohhot (hukou or residence permit)?",
            ),
            Question("education_level", "choice", Text("最高学历", "Highest education"), options=EDUCATION),
        ),
    ),
    Step(
        "degree",
        Text("学历详情", "Your degree"),
        (
            _yes_no(
                "full_time",
                "是否全日制",
                "Full-time study?",
                Text("函授、成人教育不算全日制。", "Correspondence and adult education are not full-time."),
            ),
            _yes_no("in_school", "目前是否仍在校", "Are you still a student?"),
            Question(
                "graduation_date",
                "date",
                Text("毕业日期（在校生填预计毕业日期）", "Graduation date (students: the expected date)"),
            ),
        ),
        shown=is_graduate_level,
    ),
    Step(
        "work",
        Text("工作与创业", "Work and business"),
        (
            _yes_no("employed_in_hohhot", "是否在呼和浩特市就业", "Do you have a job in Hohhot?"),
            _yes_no("founded_business", "是否在本市创办了企业或个体工商户", "Have you founded a business in Hohhot?"),
        ),
    ),
    Step(
        "job",
        Text("您的工作", "Your job"),
        (
            Question("contract_signed_on", "date", Text("劳动合同签订日期", "Date the employment contract was signed")),
            Question(
                "insured_months",
                "int",
                Text("已缴纳社会保险月数", "Months of social insurance paid"),
                hint=Text("在本单位累计缴纳的月数。", "Months paid at this employer so far."),
            ),
        ),
        shown=lambda answers: yes(answers, "employed_in_hohhot"),
    ),
    Step(
        "business",
        Text("您创办的企业", "Your business"),
        (
            Question("founded_on", "date", Text("成立日期", "Date founded")),
            Question(
                "business_kind",
                "choice",
                Text("类型", "Kind"),
                options=(
                    ("enterprise", Text("企业", "Company")),
                    ("individual_business", Text("个体工商户", "Sole trader (个体工商户)")),
                ),
            ),
            Question(
                "business_size",
                "choice",
                Text("规模", "Size"),
                options=(
                    ("micro", Text("微型", "Micro")),
                    ("small", Text("小型", "Small")),
                    ("medium", Text("中型", "Medium")),
                    ("large", Text("大型", "Large")),
                ),
            ),
            _yes_no("business_in_hohhot", "是否在呼和浩特市注册", "Registered in Hohhot?"),
            Question(
                "rent_paid",
                "yuan",
                Text("已付场租（元，凭发票）", "Rent paid for the premises (yuan, with invoices)"),
                required=False,
            ),
        ),
        shown=lambda answers: yes(answers, "founded_business"),
    ),
    Step(
        "housing",
        Text("住房", "Housing"),
        (
            _yes_no("owns_home_in_hohhot", "本人或配偶在本市是否有房", "Do you or your spouse own a home in Hohhot?"),
            _yes_no("bought_home", "是否签订过购房合同", "Have you signed a contract to buy a home?"),
        ),
    ),
    Step(
        "renting",
        Text("租房", "Renting"),
        (
            _yes_no("public_rental_qualified", "是否符合公租房申请条件", "Do you qualify for public rental housing?"),
            _yes_no("public_rental_allocated", "是否已实物配租公租房", "Have you been allocated a public rental flat?"),
            _yes_no(
                "in_affordable_rental",
                "是否租住享受优惠租金的保障性租赁住房",
                "Do you rent affordable rental housing at the reduced rent?",
            ),
        ),
        shown=lambda answers: answers.get("owns_home_in_hohhot") == NO,
    ),
    Step(
        "purchase",
        Text("购房", "Your home purchase"),
        (
            Question("signed_on", "date", Text("购房合同签订日期", "Date the purchase contract was signed")),
            Question(
                "property_kind",
                "choice",
                Text("房屋类型", "Kind of home"),
                options=(
                    ("new_commercial", Text("新建商品住宅", "New commercial home")),
                    ("second_hand", Text("二手房", "Second-hand home")),
                    ("other", Text("其他", "Other")),
                ),
            ),
            _yes_no("home_in_hohhot", "住房是否位于呼和浩特市", "Is the home in Hohhot?"),
            Question("area_m2", "number", Text("面积（平方米）", "Floor area (m²)")),
            Question("price", "yuan", Text("成交价格（元）", "Price (yuan)")),
            _yes_no("first_home", "是否家庭唯一住房（首套）", "Is it your family's only home (first home)?"),
            _yes_no("first_purchase", "是否首次购房", "Is it your first purchase ever?"),
            Question("deed_tax_paid", "yuan", Text("已缴契税（元）", "Deed tax paid (yuan)"), required=False),
            Question(
                "provident_fund_balance",
                "yuan",
                Text("住房公积金账户余额（元）", "Housing provident fund balance (yuan)"),
            ),
        ),
        shown=lambda answers: yes(answers, "bought_home"),
    ),
    Step(
        "family",
        Text("家庭", "Family"),
        (
            Question(
                "children_count",
                "choice",
                Text("子女人数", "Number of children"),
                options=tuple((str(n), Text(str(n), str(n))) for n in range(MAX_CHILDREN + 1)),
            ),
        ),
    ),
    Step(
        "children",
        Text("子女", "Your children"),
        _child_questions(),
        shown=lambda answers: children_count(answers) > 0,
    ),
)

STEP_IDS = tuple(step.id for step in STEPS)
QUESTIONS = {question.name: question for step in STEPS for question in step.questions}
