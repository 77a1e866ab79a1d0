"""The words of the report's Notes sheet that are data, not logic: the terms the notes use
again and again, the sheet's own headings in Chinese, and what every Summary metric counts
(SPEC 4), each in English and Chinese. What each sheet's columns mean is in
:mod:`crm.reports.notes_columns`; :mod:`crm.reports.notes` writes the sheet.
"""

# Words the notes use again and again.
TERMS_EN = (
    'The month is the report\'s calendar month; "month end" is its last day, "month start" the last '
    "day of the month before. A purchase is a visit with an amount above 0; a purchase day is a date "
    "with at least one purchase; a refund is a visit of its own kind with a negative amount."
)
TERMS_ZH = (
    "本月指报告所选的自然月；“月末”是本月最后一天，“月初”是上个月最后一天。购买指金额大于 0 的到店记录；"
    "购买日指至少有一次购买的日期；退款是单独一类、金额为负的记录。"
)

# The Notes sheet's own headings, in Chinese.
NOTE_WORDS = {"Item": "项目", "Meaning": "含义", "Terms": "术语", "Sheet": "工作表", "Notes": "说明"}

# (metric key, English, 中文): SPEC 4's definitions.
METRIC_NOTES = (
    (
        "customers_total",
        "Customers who joined on or before month end, archived and erased ones included (their history is "
        "real).",
        "月末及之前加入的顾客，包括已归档和已抹除的顾客（他们的历史是真实的）。",
    ),
    (
        "new_customers",
        "Customers who joined during the month.",
        "本月加入的顾客。",
    ),
    (
        "new_referred",
        "New customers of the month who have a referrer.",
        "本月新增顾客中有推荐人的人数。",
    ),
    (
        "active_customers",
        "Customers with at least one visit of any kind (purchase, visit, service, event, refund) during the "
        "month.",
        "本月至少有一次任意类型到店记录（购买、到店、服务、活动、退款）的顾客。",
    ),
    (
        "buyers",
        "Customers with at least one purchase during the month.",
        "本月至少有一次购买的顾客。",
    ),
    (
        "purchases",
        "Purchases (visits with an amount above 0) during the month.",
        "本月的购买次数（金额大于 0 的到店记录）。",
    ),
    (
        "revenue",
        "Sum of the amounts of the month's purchases and refunds (refunds subtract).",
        "本月购买金额与退款金额之和（退款为负，相减）。",
    ),
    (
        "avg_ticket",
        "Purchase amounts of the month divided by the month's purchases (refunds not counted).",
        "本月购买金额除以本月购买次数（不计退款）。",
    ),
    (
        "repurchase_rate",
        "Buyers of the month with at least 2 purchase days in the month, divided by the month's buyers.",
        "本月有 2 个及以上购买日的购买顾客，除以本月购买顾客数。",
    ),
    (
        "returning_buyers",
        "Buyers of the month who had a purchase before the month.",
        "本月购买顾客中，在本月之前也有过购买的人数。",
    ),
    (
        "retention_rate",
        "Buyers of the previous month who also bought this month, divided by the buyers of the previous "
        "month.",
        "上月购买顾客中本月也购买的人数，除以上月购买顾客数。",
    ),
    (
        "repeat_buyers_ever",
        "Customers with at least 2 purchase days on or before month end, over all time.",
        "截至月末（全部历史）有 2 个及以上购买日的顾客。",
    ),
    (
        "upgrades",
        "Customers whose level at month end is higher than at month start (customers who joined by month "
        "start).",
        "月末层级高于月初层级的顾客（月初前已加入的顾客）。",
    ),
    (
        "downgrades",
        "Customers whose level at month end is lower than at month start (customers who joined by month "
        "start).",
        "月末层级低于月初层级的顾客（月初前已加入的顾客）。",
    ),
    (
        "super_users",
        "Customers at the Strong or Super-strong level at month end.",
        "月末处于强关系或超强关系层级的顾客。",
    ),
    (
        "referral_conversion",
        "Referred customers (customers with a referrer) who joined by month end and are converted (have "
        "bought at least once by month end), divided by the referred customers who joined by month end.",
        "截至月末加入、有推荐人且已转化（月末前至少购买过一次）的顾客，除以截至月末加入的有推荐人的顾客。",
    ),
    (
        "fission_rate",
        "The share of the month's new customers who came through a referral: new customers with a referrer "
        "divided by new customers.",
        "本月新增顾客中经推荐而来的比例：有推荐人的新增顾客除以新增顾客。",
    ),
    (
        "k_factor",
        "How many new referred customers each active customer of the previous month brought: new customers "
        "with a referrer this month divided by the previous month's active customers (a visit of any kind "
        "in that month). Above 1, referrals alone grow the shop.",
        "上月每位活跃顾客（上月有任意类型到店记录）带来的推荐新增顾客数：本月有推荐人的新增顾客除以上月活跃"
        "顾客数。大于 1 表示仅靠推荐就能让顾客增长。",
    ),
    (
        "big_c",
        "大C at month end: customers who lead at least one existing, not archived community with a member, o"
        "r whom the owner flagged as 大C.",
        "月末的大C：带领至少一个有成员、未归档社群的顾客，或被店主标记为大C的顾客。",
    ),
    (
        "communities",
        "Communities existing at month end, not archived.",
        "月末存在且未归档的社群。",
    ),
    (
        "zombie_communities",
        "Communities with members where nobody, leader included, bought in the 60 days up to month end.",
        "有成员、但截至月末的 60 天内无人（包括群主）购买的社群。",
    ),
    (
        "tasks_created",
        "Follow-up tasks created during the month.",
        "本月新建的跟进任务。",
    ),
    (
        "tasks_done",
        "Follow-up tasks marked done during the month.",
        "本月完成的跟进任务。",
    ),
    (
        "tasks_overdue",
        "Follow-up tasks open at month end whose due date is before month end.",
        "月末仍未完成且到期日早于月末的跟进任务。",
    ),
)
