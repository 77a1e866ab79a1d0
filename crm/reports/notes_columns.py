"""What the columns of every sheet of the report mean (SPEC 5), and the lifetime figures
(SPEC 9), each in English and Chinese: the data of the report's Notes sheet, which
:mod:`crm.reports.notes` writes.
"""

# (sheet, column, English, 中文): the columns of every sheet.
COLUMN_NOTES = (
    (
        "Summary",
        "This month",
        "The metric for the report's month.",
        "本报告月份的指标值。",
    ),
    (
        "Summary",
        "Previous month",
        "The same metric for the month before, computed the same way.",
        "上个月按同样方法计算的同一指标。",
    ),
    (
        "Summary",
        "Change",
        "This month minus the previous month; for a rate, the difference in percentage points.",
        "本月减上月；比率的变化为百分点之差。",
    ),
    (
        "Summary",
        "Month",
        "The twelve months up to the report's month, for the trend table and charts.",
        "截至本报告月份的十二个月，用于趋势表和图表。",
    ),
    (
        "Summary",
        "New customers",
        "In the trend table: customers who joined in that month.",
        "趋势表中：该月加入的顾客。",
    ),
    (
        "Summary",
        "Buyers",
        "In the trend table: customers with at least one purchase in that month.",
        "趋势表中：该月至少购买一次的顾客。",
    ),
    (
        "Summary",
        "Revenue",
        "In the trend table: purchases and refunds of that month, in the shop's currency.",
        "趋势表中：该月购买与退款金额之和，以店铺货币计。",
    ),
    (
        "Levels",
        "Level",
        "The relationship level: None, Micro, Weak, Strong, Super-strong, from the level rules as of a date "
        "(purchase days and active referrals in the last 365 days, days since the last purchase), or a "
        "manual pin while it lasts.",
        "关系层级：无关系、微关系、弱关系、强关系、超强关系；按某一日期的层级规则（近 365 天的购买日和活跃推"
        "荐、距最近一次购买的天数）计算，或在固定期间内取手动固定的层级。",
    ),
    (
        "Levels",
        "Start of month",
        "Customers at each level at month start, over customers who joined by then.",
        "月初各层级的顾客数（月初前已加入的顾客）。",
    ),
    (
        "Levels",
        "End of month",
        "Customers at each level at month end, over customers who joined by then.",
        "月末各层级的顾客数（月末前已加入的顾客）。",
    ),
    (
        "Levels",
        "Change",
        "End of month minus start of month.",
        "月末减月初。",
    ),
    (
        "Levels",
        "Level migration (rows: start of month, columns: end of month)",
        "Customers who joined by month start, counted by their level at month start (row) and at month end "
        "(column); the diagonal stayed at their level.",
        "月初前已加入的顾客，按月初层级（行）和月末层级（列）计数；对角线上的顾客层级未变。",
    ),
    (
        "Customers",
        "",
        "Every customer who joined on or before month end, one row each, in code order.",
        "月末及之前加入的每位顾客，每人一行，按会员号排序。",
    ),
    (
        "Customers",
        "Code",
        "The customer's member code in the shop.",
        "顾客在本店的会员号。",
    ),
    (
        "Customers",
        "Name",
        "The customer's name.",
        "顾客姓名。",
    ),
    (
        "Customers",
        "Phone",
        "The customer's phone number.",
        "顾客手机号。",
    ),
    (
        "Customers",
        "Level",
        "The customer's level at month end.",
        "顾客月末的层级。",
    ),
    (
        "Customers",
        "Level change",
        "up or down: the level at month end is higher or lower than at month start; new: joined during the "
        "month; empty: unchanged.",
        "上升或下降：月末层级高于或低于月初层级；新加入：本月加入；空白：未变。",
    ),
    (
        "Customers",
        "Purchase days (365 d)",
        "Purchase days in the 365 days up to month end.",
        "截至月末的 365 天内的购买日数。",
    ),
    (
        "Customers",
        "Spend (365 d)",
        "Purchases and refunds in the 365 days up to month end, in the shop's currency.",
        "截至月末的 365 天内的购买与退款金额之和，以店铺货币计。",
    ),
    (
        "Customers",
        "Last purchase",
        "Date of the last purchase on or before month end.",
        "月末及之前最近一次购买的日期。",
    ),
    (
        "Customers",
        "RFM segment",
        "Segment by recency, frequency and money (each scored 1 to 5 by quintile), over customers who "
        "bought in the 365 days up to month end; empty for the others.",
        "按最近购买、购买频次和金额（各按五分位打 1 至 5 分）划分的分群，仅对截至月末 365 天内购买过的顾客；"
        "其他顾客为空白。",
    ),
    (
        "Customers",
        "Referrer",
        "Who brought the customer to the shop.",
        "介绍该顾客来店的人。",
    ),
    (
        "Customers",
        "Big C",
        "Yes when the customer is a 大C at month end.",
        "月末为大C时为“是”。",
    ),
    (
        "Customers",
        "Communities",
        "Communities the customer is a member of at month end.",
        "顾客月末所在的社群。",
    ),
    (
        "Fission",
        "",
        "One row per referrer with at least one converted direct referral at month end.",
        "月末至少有一位已转化直接推荐的推荐人，每人一行。",
    ),
    (
        "Fission",
        "Referrer",
        "The referrer's name.",
        "推荐人姓名。",
    ),
    (
        "Fission",
        "Code",
        "The referrer's member code.",
        "推荐人的会员号。",
    ),
    (
        "Fission",
        "Direct referrals",
        "Customers this referrer brought directly who joined by month end.",
        "该推荐人直接推荐、且在月末前加入的顾客。",
    ),
    (
        "Fission",
        "Converted",
        "Of those, the converted referrals: who have bought at least once by month end (not only in the "
        "last 365 days; those are the active referrals the level rules count).",
        "其中已转化的推荐：月末前至少购买过一次（不限近 365 天；近 365 天内有购买的是层级规则所计的活跃推荐"
        "）。",
    ),
    (
        "Fission",
        "Tree size",
        "Everyone below the referrer in the referral tree: their referrals, their referrals' referrals, and "
        "so on.",
        "推荐树中该推荐人以下的所有人：其推荐的人、被推荐人再推荐的人，依此类推。",
    ),
    (
        "Fission",
        "Depth",
        "Generations in the referrer's tree below them.",
        "该推荐人以下推荐树的代数。",
    ),
    (
        "Fission",
        "Tree revenue (month)",
        "Purchases and refunds during the month of everyone in the tree below the referrer, in the shop's "
        "currency.",
        "推荐树中该推荐人以下所有人本月购买与退款金额之和，以店铺货币计。",
    ),
    (
        "Communities",
        "",
        "Communities existing at month end, not archived, largest first.",
        "月末存在且未归档的社群，成员多者在前。",
    ),
    (
        "Communities",
        "Community",
        "The community's name.",
        "社群名称。",
    ),
    (
        "Communities",
        "Platform",
        "Where the community meets: a WeChat group, a QQ group, in the shop and so on.",
        "社群所在的平台，如微信群、QQ群、店内等。",
    ),
    (
        "Communities",
        "Leader",
        "The customer who leads the community (its 大C).",
        "带领该社群的顾客（大C）。",
    ),
    (
        "Communities",
        "Members",
        "Members at month end, the leader not counted.",
        "月末成员数，不含群主。",
    ),
    (
        "Communities",
        "Active members",
        "Members with a purchase in the 365 days up to month end.",
        "截至月末 365 天内有购买的成员。",
    ),
    (
        "Communities",
        "Activity rate",
        "Active members divided by members.",
        "活跃成员除以成员。",
    ),
    (
        "Communities",
        "Zombie",
        "Yes when the community has members and nobody, leader included, bought in the 60 days up to month "
        "end.",
        "社群有成员、但截至月末 60 天内无人（包括群主）购买时为“是”。",
    ),
    (
        "Follow-up",
        "Staff",
        "The staff member the tasks are assigned to; Unassigned: tasks without one.",
        "任务的负责员工；未分配：没有负责人的任务。",
    ),
    (
        "Follow-up",
        "Tasks created",
        "Tasks created during the month.",
        "本月新建的任务。",
    ),
    (
        "Follow-up",
        "Tasks done",
        "Tasks marked done during the month.",
        "本月完成的任务。",
    ),
    (
        "Follow-up",
        "Overdue at month end",
        "Tasks created by month end, still open then, due before month end.",
        "月末前创建、月末仍未完成且到期日早于月末的任务。",
    ),
    (
        "Staff activity",
        "Staff",
        "The staff member who logged the visits; (nobody): visits logged without one.",
        "登记到店记录的员工；（未记录）：未记录员工的到店记录。",
    ),
    (
        "Staff activity",
        "Visits logged",
        "Visits of any kind logged during the month.",
        "本月登记的各类到店记录。",
    ),
    (
        "Staff activity",
        "Purchases logged",
        "Of those, purchases (an amount above 0).",
        "其中的购买（金额大于 0）。",
    ),
    (
        "Staff activity",
        "Revenue logged",
        "Purchases and refunds logged during the month, in the shop's currency.",
        "本月登记的购买与退款金额之和，以店铺货币计。",
    ),
)

# The lifetime figures (SPEC 9): the Customers sheet's columns and the Summary's outlook.
LIFETIME_NOTES = (
    (
        "Customers",
        "Still a customer (P(alive))",
        "The chance that the customer is still a customer of the shop (has not quietly stopped "
        "buying), estimated by the BG/NBD model (Fader, Hardie & Lee 2005) from their purchase days up to "
        "month end: how many, and how long since the last compared with their usual rhythm. Blank for a "
        "customer who bought on one day only (the model cannot tell from one day whether they will come "
        "back: their expected purchase days say more) and for a customer without a purchase.",
        "顾客仍是本店顾客（没有悄悄不再来买）的可能性，由购买模型（BG/NBD，2005 年发表）根据顾客"
        "截至月末的购买日估算：买了多少天，以及最近一次购买距今多久（与其平常的节奏相比）。只在一天购买过的"
        "顾客为空白（仅凭一天的购买，模型无法判断是否还会再来，请看其预计购买天数），没有购买的顾客也为空白。",
    ),
    (
        "Customers",
        "Expected purchase days (90 d)",
        "Purchase days the model expects of the customer in the 90 days after month end (a fraction: "
        "0.5 is an even chance of one).",
        "模型预计该顾客在月末之后 90 天内的购买天数（可为小数：0.5 表示有一半的机会来买一天）。",
    ),
    (
        "Customers",
        "12-month value",
        "What the customer is expected to spend in the 12 months after month end: the purchase days "
        "expected in each month times their expected spend per purchase day (the Gamma-Gamma model, "
        "from their spend on repeat purchase days), each month discounted by the monthly rate in the "
        "settings; in the shop's currency.",
        "预计该顾客在月末之后 12 个月的消费：每月预计购买天数乘以每个购买日的预计消费（消费模型，"
        "依据其重复购买日的消费），每月按设置中的月折现率折现；以店铺货币计。",
    ),
    (
        "Summary",
        "Expected purchase days, next 30 days",
        "The purchase days the model expects of all the shop's customers together in the 30 days after "
        "month end: the sum over customers of each one's expected purchase days.",
        "模型预计本店全部顾客在月末之后 30 天内的购买天数之和：每位顾客预计购买天数相加。",
    ),
    (
        "Summary",
        "Expected value, next 30 days",
        "What those purchase days are expected to bring: the sum over customers of their expected "
        "purchase days in the 30 days times their expected spend per purchase day, in the shop's "
        "currency, not discounted.",
        "这些购买日预计带来的消费额：每位顾客 30 天内的预计购买天数乘以其每个购买日的预计消费，再相加；"
        "以店铺货币计，不折现。",
    ),
)
