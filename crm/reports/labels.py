"""Words of the monthly report in English and 简体中文.

The report is written by the command line as well as the app, so its words
live here (Qt-free) rather than in the app's translation files.
"""

from __future__ import annotations

from crm.levels import LEVEL_NAMES_EN, LEVEL_NAMES_ZH, LEVELS
from crm.reports.rfm import SEGMENT_NAMES_EN, SEGMENT_NAMES_ZH

METRIC_LABELS = {
    "customers_total": ("Customers (total)", "顾客总数"),
    "new_customers": ("New customers", "新增顾客"),
    "new_referred": ("New customers by referral", "推荐新增顾客"),
    "active_customers": ("Active customers", "活跃顾客"),
    "buyers": ("Buyers", "购买顾客"),
    "purchases": ("Purchases", "购买次数"),
    "revenue": ("Revenue", "营业额"),
    "avg_ticket": ("Average ticket", "客单价"),
    "repurchase_rate": ("Repurchase rate", "复购率"),
    "returning_buyers": ("Returning buyers", "回头购买顾客"),
    "retention_rate": ("Retention rate", "留存率"),
    "repeat_buyers_ever": ("Repeat buyers (ever)", "累计复购顾客"),
    "upgrades": ("Level upgrades", "层级上升"),
    "downgrades": ("Level downgrades", "层级下降"),
    "super_users": ("Super users", "超级用户"),
    "referral_conversion": ("Referral conversion", "推荐转化率"),
    "fission_rate": ("Fission rate", "裂变率"),
    "k_factor": ("K-factor", "K 因子"),
    "big_c": ("Big C", "大C"),
    "communities": ("Communities", "社群"),
    "zombie_communities": ("Zombie communities", "僵尸社群"),
    "tasks_created": ("Follow-up tasks created", "新建跟进任务"),
    "tasks_done": ("Follow-up tasks done", "完成跟进任务"),
    "tasks_overdue": ("Follow-up tasks overdue", "逾期跟进任务"),
}

WORDS = {
    "Invalid rows": "无效行",
    "Row": "行号",
    "Column": "列",
    "Value": "值",
    "Reason": "原因",
    "Summary": "概览",
    "Levels": "层级",
    "Customers": "顾客",
    "Fission": "裂变",
    "Communities": "社群",
    "Follow-up": "跟进",
    "Staff activity": "员工业绩",
    "Monthly loyalty report": "月度忠诚度报告",
    "Shop": "店铺",
    "Month": "月份",
    "Metric": "指标",
    "This month": "本月",
    "Previous month": "上月",
    "Change": "变化",
    "Level": "层级",
    "Start of month": "月初",
    "End of month": "月末",
    "Level migration (rows: start of month, columns: end of month)": "层级迁移（行：月初，列：月末）",
    "Level distribution": "层级分布",
    "Customers by level": "各层级顾客数",
    "Month trend": "月度趋势",
    "New customers": "新增顾客",
    "Buyers": "购买顾客",
    "Revenue": "营业额",
    "Code": "会员号",
    "Name": "姓名",
    "Phone": "手机号",
    "Level change": "层级变化",
    "Purchase days (365 d)": "购买天数（365天）",
    "Spend (365 d)": "消费额（365天）",
    "Last purchase": "最近购买",
    "RFM segment": "RFM 分群",
    "Referrer": "推荐人",
    "Big C": "大C",
    "Yes": "是",
    "Direct referrals": "直接推荐",
    "Converted": "已转化",
    "Tree size": "裂变规模",
    "Depth": "层数",
    "Tree revenue (month)": "本月裂变营业额",
    "Community": "社群",
    "Platform": "平台",
    "Leader": "群主（大C）",
    "Members": "成员",
    "Active members": "活跃成员",
    "Activity rate": "活跃率",
    "Zombie": "僵尸社群",
    "Staff": "员工",
    "Tasks created": "新建任务",
    "Tasks done": "完成任务",
    "Overdue at month end": "月末逾期",
    "Visits logged": "登记到店",
    "Purchases logged": "登记购买",
    "Revenue logged": "登记营业额",
    "Unassigned": "未分配",
    "(nobody)": "（未记录）",
    "up": "上升",
    "down": "下降",
    "new": "新加入",
    # One customer's data (a privacy request).
    "Customer data": "顾客资料",
    "Field": "项目",
    "Visits": "到店记录",
    "Referrals": "推荐的顾客",
    "Tasks": "跟进任务",
    "Level history": "层级记录",
    "History": "修改记录",
    "At": "时间",
    "Kind": "类型",
    "Amount": "金额",
    "Quantity": "数量",
    "Note": "备注",
    "Role": "角色",
    "Joined": "加入",
    "Left": "离开",
    "Due": "到期",
    "Status": "状态",
    "Title": "标题",
    "Outcome": "结果",
    "Created": "创建",
    "Closed": "完成",
    "Assignee": "负责人",
    "From": "从",
    "To": "到",
    "Detail": "说明",
    "Action": "操作",
    "Before": "修改前",
    "After": "修改后",
    "Exported": "导出时间",
    "WeChat": "微信",
    "Birthday": "生日",
    "Source": "来源",
    "Tags": "标签",
    "Notes": "备注",
    "Pinned level": "固定层级",
    # Lifetime figures (SPEC 9): the Customers sheet's columns and the Summary's outlook.
    "Still a customer (P(alive))": "仍是顾客的可能性",
    "Expected purchase days (90 d)": "预计购买天数（90天）",
    "12-month value": "12 个月价值",
    "Next 30 days (expected)": "未来 30 天（预计）",
    "Expected purchase days, next 30 days": "预计购买天数（未来 30 天）",
    "Expected value, next 30 days": "预计消费额（未来 30 天）",
    "Lifetime figures": "生命周期估算",
    "Pin reason": "固定原因",
    "Archived": "已归档",
    "Erased": "已抹除",
}


# crm.services.lifetime's reasons (NotEnoughData templates, %1 … filled in) in Chinese.
LIFETIME_REASONS_ZH = {
    "the lifetime models have not been fitted yet": "尚未拟合顾客生命周期模型",
    "only %1 customers have bought on two or more days by %2; the models need at least %3": (
        "截至 %2 只有 %1 位顾客在两天或以上购买过；模型至少需要 %3 位"
    ),
    "the purchase model could not be fitted to this shop's history (%1)": (
        "购买模型无法拟合本店的历史记录（%1）"
    ),
    "the fitted purchase model gives no usable predictions for this shop": (
        "拟合出的购买模型对本店给不出可用的预测"
    ),
    "only %1 customers have a positive spend on their repeat purchase days; the spend model needs %2": (
        "只有 %1 位顾客在重复购买日有正的消费；消费模型需要 %2 位"
    ),
    "the spend model could not be fitted (%1)": "消费模型无法拟合（%1）",
    "no purchase by %1": "截至 %1 没有购买",
}


class Labels:
    def __init__(self, language: str = "en"):
        self.zh = language.startswith("zh")

    def __call__(self, text: str) -> str:
        return WORDS.get(text, text) if self.zh else text

    def metric(self, key: str) -> str:
        en, zh = METRIC_LABELS[key]
        return zh if self.zh else en

    def level(self, key_or_index: str | int) -> str:
        index = LEVELS.index(key_or_index) if isinstance(key_or_index, str) else key_or_index
        return (LEVEL_NAMES_ZH if self.zh else LEVEL_NAMES_EN)[index]

    def platform(self, key: str) -> str:
        """A community's platform ("wechat_group" → WeChat group, 微信群)."""
        from crm.services.communities import platform_name

        return platform_name(key, "zh_CN" if self.zh else "en")

    def reason(self, reason) -> str:
        """A lifetime reason (:class:`crm.services.lifetime.NotEnoughData`) in the report's language."""
        from crm.errors import fill

        template = LIFETIME_REASONS_ZH.get(reason.template, reason.template) if self.zh else reason.template
        return fill(template, reason.values)

    def segment(self, key: str | None) -> str:
        if key is None:
            return ""
        return (SEGMENT_NAMES_ZH if self.zh else SEGMENT_NAMES_EN)[key]
