<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>Choose another file…</source>
        <translation>选择其他文件…</translation>
    </message>
    <message>
        <source>Shop database</source>
        <translation>店铺数据库</translation>
    </message>
    <message>
        <source>ShopCircle database (*.db)</source>
        <translation>店圈数据库 (*.db)</translation>
    </message>
    <message>
        <source>PIN for %1:</source>
        <translation>%1 的 PIN 码：</translation>
    </message>
</context>
<context>
    <name>CounterBanner</name>
    <message>
        <source>Undo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove the visit just logged (Alt+U)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CounterCard</name>
    <message>
        <source>Edit profile</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Change name, phone, referrer, communities (Ctrl+E)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open customer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The full customer page: timeline, referrals, tasks (Ctrl+O)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Moves up with</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Referred by</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Served by</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open tasks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recent visits</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pick a customer to see their card and log a purchase or visit.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>archived</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Already at the top level</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nobody (came by themselves)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Served by %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No visits yet</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CounterResultsModel</name>
    <message>
        <source>Enter picks the highlighted customer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CounterView</name>
    <message>
        <source>Phone, last 4 digits, name or pinyin initials (e.g. 5678, 王丽, wl)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Up/Down to move, Enter to pick, Esc to clear (Ctrl+F to come back here)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New customer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add a customer; what you typed is filled in (Ctrl+N)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Only the best matches are shown; type more to narrow down.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Type a phone number, its last 4 digits, a name or pinyin initials.

Up/Down moves, Enter picks, Esc clears.
Ctrl+N adds a new customer, F2 logs a visit.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add as a new customer (Ctrl+N)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Amount; Enter saves. A minus amount is a refund.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Who served the customer; remembered for the next visit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Note (optional)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Untick to log a visit at another date and time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save (Enter)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save the visit (Enter in any field)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log a visit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Staff</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No customer matches “%1”.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(no staff)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Saved: %1 for %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level stays %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not undo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Undone: %1 for %2 removed</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CurrencyCombo</name>
    <message>
        <source>Chinese yuan (¥)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>US dollar ($)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Euro (€)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Hong Kong dollar (HK$)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New Taiwan dollar (NT$)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pound sterling (£)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Japanese yen (¥)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>Name, phone, last 4 digits or pinyin initials</source>
        <translation>姓名、手机号、尾号4位或拼音首字母</translation>
    </message>
</context>
<context>
    <name>CustomerTableModel</name>
    <message>
        <source>Code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last purchase</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Purchase days (365 d)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Spend (365 d)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Referred by</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is archived</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CustomerTimelineModel</name>
    <message>
        <source>by the level rules</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>pinned by hand</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>pin removed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level %1 → %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>via %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Task: %1 (%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CustomersView</name>
    <message>
        <source>Customers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter by name, phone, code or pinyin initials</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Type to filter the list. Down arrow: go to the list; Enter: open the customer.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New customer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add a customer (Ctrl+N on the counter)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show only this level (several may be chosen)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Members and leader of one community</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All tags</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Include archived</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear filters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Double-click or Enter opens the customer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All communities</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>1 customer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 customers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The customer form is not available in this version.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>会员号</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Joined</source>
        <translation>加入日期</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Referred by</source>
        <translation>推荐人</translation>
    </message>
    <message>
        <source>%1 is not a valid phone number.</source>
        <translation>%1 不是有效的手机号码。</translation>
    </message>
    <message>
        <source>This phone number already belongs to %1 (%2).</source>
        <translation>该手机号已属于 %1（%2）。</translation>
    </message>
    <message>
        <source>Code %1 already belongs to %2.</source>
        <translation>会员号 %1 已属于 %2。</translation>
    </message>
    <message>
        <source>%1 cannot refer themselves.</source>
        <translation>%1 不能推荐自己。</translation>
    </message>
    <message>
        <source>That would make a referral loop: %1.</source>
        <translation>这样会形成推荐循环：%1。</translation>
    </message>
    <message>
        <source>Your role may not do this (%1). Ask the owner or a manager.</source>
        <translation>您的角色无权执行此操作（%1）。请联系店主或店长。</translation>
    </message>
    <message>
        <source>%1 is served by Big C %2. Contact them directly anyway?</source>
        <translation>%1 由大C %2 服务。仍要直接联系吗？</translation>
    </message>
    <message>
        <source>The shop database cannot be opened: %1</source>
        <translation>无法打开店铺数据库：%1</translation>
    </message>
    <message>
        <source>It no longer exists (%1 %2); someone may have removed it.</source>
        <translation>该记录已不存在（%1 %2），可能已被他人删除。</translation>
    </message>
    <message>
        <source>%1 already has an open task of this kind.</source>
        <translation>%1 已有一个同类未完成任务。</translation>
    </message>
    <message>
        <source>Community %1 is archived.</source>
        <translation>社群 %1 已归档。</translation>
    </message>
    <message>
        <source>%1 is already a member of %2.</source>
        <translation>%1 已是 %2 的成员。</translation>
    </message>
    <message>
        <source>%1 is not a member of %2.</source>
        <translation>%1 不是 %2 的成员。</translation>
    </message>
    <message>
        <source>%1 leads %2 and cannot also be a member of it.</source>
        <translation>%1 是 %2 的群主（大C），不能同时作为成员。</translation>
    </message>
    <message>
        <source>%1 is the last active owner; make someone else owner first.</source>
        <translation>%1 是最后一位在职店主，请先将其他人设为店主。</translation>
    </message>
    <message>
        <source>%1 is no longer active.</source>
        <translation>%1 已停用。</translation>
    </message>
    <message>
        <source>The database is busy (another counter is saving). Try again in a moment; nothing was lost.</source>
        <translation>数据库正忙（另一台收银正在保存）。请稍后再试，数据没有丢失。</translation>
    </message>
    <message>
        <source>The disk is full. Free some space and try again; nothing was saved.</source>
        <translation>磁盘已满。请释放空间后重试，本次未保存任何内容。</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>出现问题：%1</translation>
    </message>
    <message>
        <source>ShopCircle</source>
        <translation>店圈</translation>
    </message>
    <message>
        <source>Details were written to %1</source>
        <translation>详细信息已写入 %1</translation>
    </message>
</context>
<context>
    <name>FollowUpView</name>
    <message>
        <source>Follow-up</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the tasks assigned to…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New task…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create a follow-up task (Ctrl+T)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reload tasks and suggestions (F5)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Assigned to</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Done…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mark the task done and note the outcome (Ctrl+D)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Skip…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Skip the task with a reason (Ctrl+K)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reopen</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open a done or skipped task again (Ctrl+R)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reassign…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Give the task to someone else</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open customer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the customer (Enter or double-click a row)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Suggestions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Looking for suggestions…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Who the accepted tasks are assigned to</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Accept</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create tasks from the selected suggestions (Ctrl+Y)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Hide the selected suggestions; this occasion is not suggested again (Del)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Assign to</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Everyone</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Me</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Today (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Overdue (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Upcoming (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Closed (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Due in the next 7 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Done or skipped, due in the last %1 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Task created for %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Done: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>What came of it? (optional)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. called, coming on Saturday for the new range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Done: %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Skip: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Why is this task skipped?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. moved away, asked not to be contacted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Skipped: %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reopened: %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 to review</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dismiss suggestions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dismiss %1 suggestions? They will not be suggested again for these occasions.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Accepting %1 suggestions…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dismissing %1 suggestions…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Accepted %1 suggestion(s); the tasks are in the lists above.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dismissed %1 suggestion(s).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 could not be done; the first: %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LevelPreview</name>
    <message>
        <source>With these rules, today:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Counting…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no change</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 from now</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LevelRulesSection</name>
    <message>
        <source>Relationship levels</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Every customer's level is the highest whose rule they meet, worked out from their purchases. Change a number and the preview shows how many customers each level would hold; saving recomputes every customer's level.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Look at purchases in the last %1 days.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Meets %3, and has at least %1 converted referrals or at least %2 active members in the communities they lead.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>At least %1 purchase days in the window and the last purchase within %2 days;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>or at least %1 converted referrals, %2 purchase days and the last purchase within %3 days.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>At least %1 purchase days in the window and the last purchase within %2 days.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>At least %1 purchase days in the window.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Everyone else: known contacts with no purchase in the window.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A purchase day is a day with at least one purchase. A converted referral is a customer they brought in who bought in the window. Active members are members of a community they lead who bought in the window. Strong and Super-strong customers are your super users.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Restore defaults</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fill in the standard rules; nothing is stored until you save</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recompute levels</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recompute every customer's level with the stored rules</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The window must be at least 1 day.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Must be at least 1 purchase day.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot be more than the %1 days of the window.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Must be at least 1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recomputing every customer's level with the rules…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Levels</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n customer(s) changed level.</source>
        <translation type="unfinished">
            <numerusform />
        </translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The rules were saved, but the levels could not be recomputed: %1 Press Recompute levels to try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The levels could not be recomputed: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ShopCircle 店圈</source>
        <translation>店圈 ShopCircle</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>前台</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Communities</source>
        <translation>社群</translation>
    </message>
    <message>
        <source>Fission</source>
        <translation>裂变</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Coming soon</source>
        <translation>即将推出</translation>
    </message>
    <message>
        <source>This page could not be opened: %1</source>
        <translation>此页面无法打开：%1</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>搜索顾客</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新建顾客</translation>
    </message>
    <message>
        <source>Log visit</source>
        <translation>登记到店</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>Please write a short reason.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>a pinned level needs a reason</source>
        <translation>手动设定层级需要填写原因</translation>
    </message>
    <message>
        <source>a purchase needs an amount above 0 (use a refund for money back)</source>
        <translation>购买金额必须大于 0（退款请选择“退款”）</translation>
    </message>
    <message>
        <source>a refund needs an amount</source>
        <translation>退款需要填写金额</translation>
    </message>
    <message>
        <source>a task cannot be routed via the customer themselves</source>
        <translation>任务不能经由顾客本人转达</translation>
    </message>
    <message>
        <source>cannot be changed on a visit</source>
        <translation>到店记录中不能修改此项</translation>
    </message>
    <message>
        <source>contains control characters</source>
        <translation>包含控制字符</translation>
    </message>
    <message>
        <source>has more than 2 decimal places</source>
        <translation>小数位超过 2 位</translation>
    </message>
    <message>
        <source>is before 1900</source>
        <translation>早于 1900 年</translation>
    </message>
    <message>
        <source>is changed with referrals.set_referrer</source>
        <translation>请在推荐关系中修改</translation>
    </message>
    <message>
        <source>is changed with set_big_c_flag</source>
        <translation>请通过大C标记修改</translation>
    </message>
    <message>
        <source>is empty</source>
        <translation>为空</translation>
    </message>
    <message>
        <source>is in the future</source>
        <translation>不能是未来的日期</translation>
    </message>
    <message>
        <source>is not a customer field that can be edited</source>
        <translation>不是可编辑的顾客字段</translation>
    </message>
    <message>
        <source>is not an amount</source>
        <translation>不是有效金额</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>为必填项</translation>
    </message>
    <message>
        <source>is too far in the past</source>
        <translation>日期过早</translation>
    </message>
    <message>
        <source>is too large</source>
        <translation>数值过大</translation>
    </message>
    <message>
        <source>may not contain spaces or control characters</source>
        <translation>不能包含空格或控制字符</translation>
    </message>
    <message>
        <source>must be 4 to 8 digits</source>
        <translation>必须是 4 到 8 位数字</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>必须是整数</translation>
    </message>
    <message>
        <source>must be a whole number from 0 to 100000</source>
        <translation>必须是 0 到 100000 之间的整数</translation>
    </message>
    <message>
        <source>must be at least 1</source>
        <translation>至少为 1</translation>
    </message>
    <message>
        <source>must be between 0 and 100000</source>
        <translation>必须在 0 到 100000 之间</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>必须是“是”或“否”</translation>
    </message>
    <message>
        <source>must be whole minor units (cents)</source>
        <translation>必须以分为单位的整数</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>不能为空</translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation>不能为负数</translation>
    </message>
    <message>
        <source>only a refund can be negative</source>
        <translation>只有退款可以为负数</translation>
    </message>
    <message>
        <source>say why the visit is deleted</source>
        <translation>请说明删除这条到店记录的原因</translation>
    </message>
    <message>
        <source>the pin's end date is in the past</source>
        <translation>手动设定的截止日期已过</translation>
    </message>
    <message>
        <source>this customer's data was erased</source>
        <translation>该顾客的资料已被清除</translation>
    </message>
    <message>
        <source>this visit was already restored</source>
        <translation>这条到店记录已恢复</translation>
    </message>
    <message>
        <source>unknown setting</source>
        <translation>未知设置项</translation>
    </message>
</context>
<context>
    <name>SuggestionTableModel</name>
    <message>
        <source>Customer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Via</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The task will be routed via %1 %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <source>Contact directly?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New follow-up task</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Contact the customer directly instead</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. Call about the new autumn range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Assigned to</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create task</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create the task (Ctrl+Enter)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Will be routed via %1 %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pick a customer from the list (type a name, phone or pinyin).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TaskTableModel</name>
    <message>
        <source>Customer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Assigned to</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Via</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 days overdue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A %1 customer: contact them through %2 %3</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>None</source>
        <translation>无关系</translation>
    </message>
    <message>
        <source>Micro</source>
        <translation>微关系</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>弱关系</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>强关系</translation>
    </message>
    <message>
        <source>Super-strong</source>
        <translation>超强关系</translation>
    </message>
    <message>
        <source>Purchase</source>
        <translation>购买</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>到店</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Experience</source>
        <translation>体验</translation>
    </message>
    <message>
        <source>Companionship</source>
        <translation>陪伴</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Thank referrer</source>
        <translation>感谢推荐人</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Walk-in</source>
        <translation>自然到店</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>推荐</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社群</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>线上</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>店员</translation>
    </message>
    <message>
        <source>Big C</source>
        <translation>大C</translation>
    </message>
    <message>
        <source>small c</source>
        <translation>小c</translation>
    </message>
    <message>
        <source>never bought</source>
        <translation>从未购买</translation>
    </message>
    <message>
        <source>last purchase %1 days ago (%2 %3)</source>
        <translation>距上次购买 %1 天（%2 %3）</translation>
    </message>
    <message>
        <source>%1 purchase days in the last %4 (%2 %3)</source>
        <translation>近 %4 天购买 %1 天（%2 %3）</translation>
    </message>
    <message>
        <source>%1 converted referrals (%2 %3)</source>
        <translation>已转化推荐 %1 人（%2 %3）</translation>
    </message>
    <message>
        <source>%1 active members in communities they lead (%2 %3)</source>
        <translation>所带社群活跃成员 %1 人（%2 %3）</translation>
    </message>
    <message>
        <source>%1 — pinned (%2)</source>
        <translation>%1 — 手动设定（%2）</translation>
    </message>
    <message>
        <source>; the rules give %1</source>
        <translation>；按规则为%1</translation>
    </message>
    <message>
        <source>no purchase in the last %1 days</source>
        <translation>近 %1 天无购买</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>reach Strong first</source>
        <translation>先达到强关系</translation>
    </message>
    <message>
        <source>a purchase soon</source>
        <translation>近期再次购买</translation>
    </message>
    <message numerus="yes">
        <source>%n more purchase day(s)</source>
        <translation><numerusform>再购买 %n 天</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n more converted referral(s)</source>
        <translation><numerusform>再转化推荐 %n 人</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n more active member(s) in communities they lead</source>
        <translation><numerusform>所带社群再增加 %n 名活跃成员</numerusform></translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1 即可升为%2</translation>
    </message>
</context>
</TS>