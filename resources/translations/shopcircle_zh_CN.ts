<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About ShopCircle</source>
        <translation>关于店圈</translation>
    </message>
    <message>
        <source>ShopCircle 店圈</source>
        <translation>店圈 ShopCircle</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>A customer relationship app for small shops.</source>
        <translation>为小店打造的顾客关系管理软件。</translation>
    </message>
    <message>
        <source>Free software under the %1 licence.</source>
        <translation>自由软件，以 %1 许可证发布。</translation>
    </message>
    <message>
        <source>Icons: %1 %2, %3 licence.</source>
        <translation>图标：%1 %2，%3 许可证。</translation>
    </message>
    <message>
        <source>Database in use: %1</source>
        <translation>正在使用的数据库：%1</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>edit customers</source>
        <translation>修改顾客资料</translation>
    </message>
    <message>
        <source>archive customers</source>
        <translation>归档顾客</translation>
    </message>
    <message>
        <source>flag big c</source>
        <translation>标记大C</translation>
    </message>
    <message>
        <source>pin levels</source>
        <translation>固定层级</translation>
    </message>
    <message>
        <source>manage communities</source>
        <translation>管理社群</translation>
    </message>
    <message>
        <source>import data</source>
        <translation>导入数据</translation>
    </message>
    <message>
        <source>export data</source>
        <translation>导出数据</translation>
    </message>
    <message>
        <source>customer data</source>
        <translation>导出顾客资料</translation>
    </message>
    <message>
        <source>check the database</source>
        <translation>检查数据库</translation>
    </message>
    <message>
        <source>erase customers</source>
        <translation>抹除顾客</translation>
    </message>
    <message>
        <source>undo imports</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <source>change settings</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>back up</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>delete visits</source>
        <translation>删除到店记录</translation>
    </message>
    <message>
        <source>edit visits</source>
        <translation>修改到店记录</translation>
    </message>
    <message>
        <source>delete tasks</source>
        <translation>删除任务</translation>
    </message>
    <message>
        <source>manage staff</source>
        <translation>管理员工</translation>
    </message>
    <message>
        <source>add customers</source>
        <translation>新建顾客</translation>
    </message>
    <message>
        <source>change community members</source>
        <translation>调整社群成员</translation>
    </message>
    <message>
        <source>restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>repair the database</source>
        <translation>修复数据库</translation>
    </message>
</context>
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
        <source>Today's automatic backup failed: %1</source>
        <translation>今天的自动备份失败：%1</translation>
    </message>
</context>
<context>
    <name>AssigneeFilter</name>
    <message>
        <source>Show the tasks assigned to…</source>
        <translation>显示分配给……的任务</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>Me</source>
        <translation>我</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
</context>
<context>
    <name>BackupPanel</name>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>A shop on a PostgreSQL server is backed up on the server, for example with pg_dump.</source>
        <translation>使用 PostgreSQL 服务器的店铺在服务器上备份，例如用 pg_dump。</translation>
    </message>
    <message>
        <source>ShopCircle copies the shop once a day when it starts and keeps the last seven copies in the backups folder. Make a copy yourself before big changes, or to keep one elsewhere (a USB stick, another computer).</source>
        <translation>店圈每天启动时自动备份一次，并在备份文件夹中保留最近七份。进行重大修改前，或想另存一份（U 盘、另一台电脑）时，可以手动备份。</translation>
    </message>
    <message>
        <source>Back up now…</source>
        <translation>立即备份…</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <source>Open backups folder</source>
        <translation>打开备份文件夹</translation>
    </message>
    <message>
        <source>Check the database</source>
        <translation>检查数据库</translation>
    </message>
    <message>
        <source>Read every page of the database and the shop's rules; change nothing</source>
        <translation>读取数据库的每一页并核对店铺规则，不做任何修改</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>修复</translation>
    </message>
    <message>
        <source>Put right what can be: joined dates, the search index</source>
        <translation>修复可以修复的问题：入会日期、搜索索引</translation>
    </message>
    <message>
        <source>Only the owner can restore a backup</source>
        <translation>只有店主可以恢复备份</translation>
    </message>
    <message>
        <source>Backups and the database check are for the owner and managers.</source>
        <translation>备份和数据库检查只有店主和店长可以使用。</translation>
    </message>
    <message>
        <source>Save a copy of the shop</source>
        <translation>保存店铺副本</translation>
    </message>
    <message>
        <source>ShopCircle database (*.db)</source>
        <translation>店圈数据库 (*.db)</translation>
    </message>
    <message>
        <source>Saved a copy to %1</source>
        <translation>已保存副本到 %1</translation>
    </message>
    <message>
        <source>Copying the shop…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Replace all of the shop's data with this backup?

%1
%2

The data as it is now is kept in the backups folder first.</source>
        <translation>用这份备份替换店铺的全部数据吗？

%1
%2

当前的数据会先保存到备份文件夹。</translation>
    </message>
    <message>
        <source>Choose a backup to restore</source>
        <translation>选择要恢复的备份</translation>
    </message>
    <message>
        <source>ShopCircle database (*.db *.bak);;All files (*)</source>
        <translation>店圈数据库 (*.db *.bak);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1, %2, the last on %3.</source>
        <translation>%1，%2，最近一次在 %3。</translation>
    </message>
    <message>
        <source>Reading the backup…</source>
        <translation>正在读取备份…</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <source>Restored.</source>
        <translation>已恢复。</translation>
    </message>
    <message>
        <source>Restored. The data from before is kept in %1</source>
        <translation>已恢复。恢复前的数据保存在 %1</translation>
    </message>
    <message>
        <source>Checking the database…</source>
        <translation>正在检查数据库…</translation>
    </message>
    <message>
        <source>Repairing…</source>
        <translation>正在修复…</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <source>Problems found:</source>
        <translation>发现以下问题：</translation>
    </message>
</context>
<context>
    <name>BackupRestorer</name>
    <message>
        <source>Reading the backup…</source>
        <translation>正在读取备份…</translation>
    </message>
    <message>
        <source>Bring the shop over from this backup?

%1
%2</source>
        <translation>要从这个备份搬入店铺吗？

%1
%2</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <source>Restored.</source>
        <translation>已恢复。</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>会员号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>最近购买</translation>
    </message>
    <message>
        <source>Purchase days (365 d)</source>
        <translation>购买天数（365天）</translation>
    </message>
    <message>
        <source>Spend (365 d)</source>
        <translation>消费额（365天）</translation>
    </message>
    <message>
        <source>Referred by</source>
        <translation>推荐人</translation>
    </message>
    <message>
        <source>Big C</source>
        <translation>大C</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社群</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Leader (Big C)</source>
        <translation>群主（大C）</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活跃率</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Joined</source>
        <translation>加入日期</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>退出日期</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Via</source>
        <translation>经由</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>代数</translation>
    </message>
    <message>
        <source>Converted</source>
        <translation>已转化</translation>
    </message>
    <message>
        <source>Tree size</source>
        <translation>裂变人数</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>营收</translation>
    </message>
    <message>
        <source>#</source>
        <translation>名次</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>已推荐</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经手人</translation>
    </message>
</context>
<context>
    <name>CommunitiesTab</name>
    <message>
        <source>Flag as %1 by hand</source>
        <translation>手动标记为%1</translation>
    </message>
    <message>
        <source>A customer is %1 when they lead a community with members, or when flagged here</source>
        <translation>顾客带领有成员的社群，或在此处被标记时，即为%1</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>群主</translation>
    </message>
    <message>
        <source>Double-click a row to open its leader</source>
        <translation>双击一行打开该社群的群主</translation>
    </message>
    <message>
        <source>%1: yes</source>
        <translation>%1：是</translation>
    </message>
    <message>
        <source>%1 served by %2</source>
        <translation>%1，由 %2 服务</translation>
    </message>
    <message>
        <source>Not in any community.</source>
        <translation>未加入任何社群。</translation>
    </message>
    <message>
        <source>Not in any community</source>
        <translation>不在任何社群中</translation>
    </message>
    <message>
        <source>Add them as a member of a community on the Communities page.</source>
        <translation>可在“社群”页面把他加入某个社群。</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source> (archived)</source>
        <translation>（已归档）</translation>
    </message>
</context>
<context>
    <name>CommunitiesView</name>
    <message>
        <source>Communities</source>
        <translation>社群</translation>
    </message>
    <message>
        <source>Filter by name, platform or leader</source>
        <translation>按名称、平台或群主筛选</translation>
    </message>
    <message>
        <source>Include archived</source>
        <translation>包括已归档</translation>
    </message>
    <message>
        <source>Zombies only</source>
        <translation>只看僵尸社群</translation>
    </message>
    <message>
        <source>New community…</source>
        <translation>新建社群…</translation>
    </message>
    <message>
        <source>Create a community and name its leader (Ctrl+T)</source>
        <translation>新建社群并指定群主（Ctrl+T）</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Rename, change platform, created date or note</source>
        <translation>修改名称、平台、创建日期或备注</translation>
    </message>
    <message>
        <source>Change leader…</source>
        <translation>更换群主…</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>No communities yet</source>
        <translation>还没有社群</translation>
    </message>
    <message>
        <source>A community is a group led by a %1 (a WeChat group, a club): make one and name its leader.</source>
        <translation>社群是由%1带领的群体（微信群、俱乐部等）：新建一个并指定群主。</translation>
    </message>
    <message>
        <source>No community matches these filters</source>
        <translation>没有符合这些筛选条件的社群</translation>
    </message>
    <message>
        <source>Change the filters above, or clear them to see every community.</source>
        <translation>修改上方的筛选条件，或清除筛选查看所有社群。</translation>
    </message>
    <message>
        <source>Unarchive</source>
        <translation>取消归档</translation>
    </message>
    <message>
        <source>Archive…</source>
        <translation>归档…</translation>
    </message>
    <message>
        <source>Only an owner or a manager may change communities.</source>
        <translation>只有店主或店长可以修改社群。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln communit(y|ies)</source>
        <translation>
            <numerusform>%Ln 个社群</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln zombie(s)</source>
        <translation>
            <numerusform>%Ln 个僵尸社群</numerusform>
        </translation>
    </message>
    <message>
        <source>Archive community</source>
        <translation>归档社群</translation>
    </message>
    <message>
        <source>Archive %1? Its leader no longer counts as leading it, and it leaves the list (tick “Include archived” to see it again).</source>
        <translation>归档“%1”？其群主将不再算作带领该社群，社群也会从列表中隐藏（勾选“包括已归档”可再次查看）。</translation>
    </message>
</context>
<context>
    <name>CommunityChoiceModel</name>
    <message>
        <source>led by %1</source>
        <translation>群主 %1</translation>
    </message>
    <message>
        <source>(leads it)</source>
        <translation>（本人是群主）</translation>
    </message>
</context>
<context>
    <name>CommunityColumn</name>
    <message>
        <source>Filter communities</source>
        <translation>筛选社群</translation>
    </message>
    <message>
        <source>Tick the communities (社群) the customer joins; Space ticks</source>
        <translation>勾选顾客加入的社群；空格键勾选</translation>
    </message>
    <message>
        <source>Loading communities…</source>
        <translation>正在加载社群…</translation>
    </message>
    <message>
        <source>Communities</source>
        <translation>社群</translation>
    </message>
    <message>
        <source>No communities yet.</source>
        <translation>还没有社群。</translation>
    </message>
    <message>
        <source>Communities could not be loaded: %1</source>
        <translation>无法加载社群：%1</translation>
    </message>
</context>
<context>
    <name>CommunityDialog</name>
    <message>
        <source>Edit community</source>
        <translation>编辑社群</translation>
    </message>
    <message>
        <source>New community</source>
        <translation>新建社群</translation>
    </message>
    <message>
        <source>e.g. Sunny Gardens parents' group</source>
        <translation>例如：阳光小区妈妈群</translation>
    </message>
    <message>
        <source>(not said)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <source>Who is in it, what it is about…</source>
        <translation>成员是谁、群的主题……</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Leader (%1)</source>
        <translation>群主（%1）</translation>
    </message>
    <message>
        <source>Use “Change leader” to give the community a new leader.</source>
        <translation>如需更换群主，请使用“更换群主”。</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter)</source>
        <translation>保存（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Pick the leader (%1) from the list.</source>
        <translation>请从列表中选择群主（%1）。</translation>
    </message>
</context>
<context>
    <name>CommunityTableModel</name>
    <message>
        <source>Members with a purchase in the last 365 days</source>
        <translation>最近 365 天内有购买的成员</translation>
    </message>
    <message>
        <source>Active members ÷ members</source>
        <translation>活跃成员 ÷ 成员</translation>
    </message>
    <message numerus="yes">
        <source>Zombie: nobody, leader included, bought in the last %n day(s)</source>
        <translation>
            <numerusform>僵尸：最近 %n 天内无人购买（含群主）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Zombie community: nobody, leader included, bought in the last %n day(s)</source>
        <translation>
            <numerusform>僵尸社群：最近 %n 天内无人购买（含群主）</numerusform>
        </translation>
    </message>
    <message>
        <source>Archived on %1</source>
        <translation>归档于 %1</translation>
    </message>
    <message>
        <source>Zombie</source>
        <translation>僵尸</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
</context>
<context>
    <name>CounterBanner</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Remove the visit just logged (Alt+U)</source>
        <translation>删除刚刚记录的这条到店记录（Alt+U）</translation>
    </message>
    <message>
        <source>Undo (%1 s)</source>
        <translation>撤销（%1 秒）</translation>
    </message>
    <message>
        <source>Saved: %1 for %2</source>
        <translation>已保存：%2 %1</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1：%2 → %3</translation>
    </message>
    <message>
        <source>Level stays %1</source>
        <translation>层级保持为%1</translation>
    </message>
    <message>
        <source>Next: %1</source>
        <translation>下一步：%1</translation>
    </message>
    <message>
        <source>Undone: %1 for %2 removed</source>
        <translation>已撤销：删除了 %2 的%1</translation>
    </message>
</context>
<context>
    <name>CounterCard</name>
    <message>
        <source>Only a manager or the owner may edit a customer.</source>
        <translation>只有店长或老板可以修改顾客资料。</translation>
    </message>
    <message>
        <source>Edit profile</source>
        <translation>编辑资料</translation>
    </message>
    <message>
        <source>Change name, phone, referrer, communities (Ctrl+E)</source>
        <translation>修改姓名、手机号、推荐人、社群（Ctrl+E）</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>打开顾客</translation>
    </message>
    <message>
        <source>The full customer page: timeline, referrals, tasks (Ctrl+O)</source>
        <translation>完整的顾客页面：时间线、推荐、跟进任务（Ctrl+O）</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Moves up with</source>
        <translation>升级还需</translation>
    </message>
    <message>
        <source>Outlook</source>
        <translation>前景</translation>
    </message>
    <message>
        <source>Referred by</source>
        <translation>推荐人</translation>
    </message>
    <message>
        <source>Served by</source>
        <translation>所属</translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation>待办任务</translation>
    </message>
    <message>
        <source>Recent visits</source>
        <translation>最近到店</translation>
    </message>
    <message>
        <source>Pick a customer to see their card and log a purchase or visit.</source>
        <translation>选择一位顾客，即可查看顾客卡片并记录购买或到店。</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>Already at the top level</source>
        <translation>已是最高层级</translation>
    </message>
    <message>
        <source>Nobody (came by themselves)</source>
        <translation>无（自己来店）</translation>
    </message>
    <message>
        <source>Served by %1</source>
        <translation>所属%1</translation>
    </message>
    <message>
        <source>No visits yet</source>
        <translation>暂无到店记录</translation>
    </message>
</context>
<context>
    <name>CounterForm</name>
    <message>
        <source>Amount; Enter saves. A minus amount is a refund.</source>
        <translation>金额；回车保存。负数金额即为退款。</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Untick to log a visit at another date and time</source>
        <translation>取消勾选可记录其他日期和时间的到店</translation>
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
        <source>Staff</source>
        <translation>店员</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Not saved: %1 typed for %2 was cleared.</source>
        <translation>未保存：为%2输入的 %1 已清除。</translation>
    </message>
    <message>
        <source>Log a visit</source>
        <translation>记录到店</translation>
    </message>
    <message>
        <source>Log a visit for %1</source>
        <translation>为%1记录到店</translation>
    </message>
</context>
<context>
    <name>CounterResultsModel</name>
    <message>
        <source>WeChat %1</source>
        <translation>微信 %1</translation>
    </message>
    <message>
        <source>Enter picks the highlighted customer</source>
        <translation>按回车选择高亮的顾客</translation>
    </message>
</context>
<context>
    <name>CounterResultsPane</name>
    <message>
        <source>Type a phone number, its last 4 digits, a name or pinyin initials.

Up/Down moves, Enter picks, Esc clears.
Ctrl+N adds a new customer, F2 logs a visit.</source>
        <translation>输入手机号、尾号4位、姓名或拼音首字母。

上下键移动，回车选择，Esc 清空。
Ctrl+N 新建顾客，F2 记录到店。</translation>
    </message>
    <message>
        <source>Add as a new customer (Ctrl+N)</source>
        <translation>添加为新顾客（Ctrl+N）</translation>
    </message>
    <message>
        <source>No customer matches “%1”.</source>
        <translation>没有与“%1”匹配的顾客。</translation>
    </message>
    <message>
        <source>Only the best matches are shown, the most recently seen first.</source>
        <translation>只显示最匹配的结果，最近到店的排在前面。</translation>
    </message>
    <message>
        <source>%1 of more than %2 customers shown, the most recently seen first.</source>
        <translation>超过 %2 位顾客匹配，显示其中 %1 位，最近到店的排在前面。</translation>
    </message>
    <message>
        <source>%1 of %2 customers shown, the most recently seen first.</source>
        <translation>共 %2 位顾客匹配，显示其中 %1 位，最近到店的排在前面。</translation>
    </message>
    <message>
        <source>Type more to narrow down, e.g. a surname and the last 4 digits: 王 8895.</source>
        <translation>多输入几个字可缩小范围，如姓氏加手机尾号：王 8895。</translation>
    </message>
</context>
<context>
    <name>CounterSearchBox</name>
    <message>
        <source>Phone, last 4 digits, name or pinyin initials (e.g. 5678, 王丽, wl)</source>
        <translation>手机号、尾号4位、姓名或拼音首字母（如 5678、王丽、wl）</translation>
    </message>
    <message>
        <source>Up/Down to move, Enter to pick, Esc to clear (Ctrl+F to come back here)</source>
        <translation>上下键移动，回车选择，Esc 清空（Ctrl+F 回到这里）</translation>
    </message>
</context>
<context>
    <name>CounterView</name>
    <message>
        <source>New customer</source>
        <translation>新建顾客</translation>
    </message>
    <message>
        <source>Add a customer; what you typed is filled in (Ctrl+N)</source>
        <translation>添加顾客，已输入的内容会自动填入（Ctrl+N）</translation>
    </message>
    <message>
        <source>%1 for %2 was deleted on the customer's page</source>
        <translation>%2 的%1已在顾客页面删除</translation>
    </message>
    <message>
        <source>This customer is archived; restore them first.</source>
        <translation>该顾客已归档，请先恢复。</translation>
    </message>
    <message>
        <source>Could not undo</source>
        <translation>无法撤销</translation>
    </message>
</context>
<context>
    <name>CustomerDetailView</name>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>推荐</translation>
    </message>
    <message>
        <source>Communities</source>
        <translation>社群</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <source>New customer</source>
        <translation>新建顾客</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>Type a name or phone, then pick with Up/Down and Enter</source>
        <translation>输入姓名或手机号，再用上下键和回车选择</translation>
    </message>
    <message>
        <source>Separated by commas</source>
        <translation>用逗号分隔</translation>
    </message>
    <message>
        <source>Open that customer</source>
        <translation>打开该顾客</translation>
    </message>
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
        <source>WeChat</source>
        <translation>微信号</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Referred by</source>
        <translation>推荐人</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Save (Enter or Ctrl+S)</source>
        <translation>保存（回车或 Ctrl+S）</translation>
    </message>
    <message>
        <source>Edit customer: %1</source>
        <translation>编辑顾客：%1</translation>
    </message>
    <message>
        <source>Automatic: %1</source>
        <translation>自动生成：%1</translation>
    </message>
    <message>
        <source>%1 was saved, but could not join every community:</source>
        <translation>%1 已保存，但未能加入全部社群：</translation>
    </message>
    <message>
        <source>Saved, but some communities could not be changed:</source>
        <translation>已保存，但部分社群未能修改：</translation>
    </message>
</context>
<context>
    <name>CustomerExport</name>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV file, UTF-8 (*.csv)</source>
        <translation>CSV 文件，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>Export the customer list</source>
        <translation>导出顾客名单</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the customers listed, as filtered and sorted, to Excel or CSV</source>
        <translation>把当前列出的顾客（按当前筛选和排序）保存为 Excel 或 CSV 文件</translation>
    </message>
    <message>
        <source>Only the owner or a manager can export: the list holds every customer's phone</source>
        <translation>只有店主或店长可以导出：名单包含每位顾客的手机号</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Show the file in its folder</source>
        <translation>在文件夹中显示该文件</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln customer(s) to %1</source>
        <translation>
            <numerusform>已导出 %Ln 位顾客到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>已取消导出；没有写入文件。</translation>
    </message>
</context>
<context>
    <name>CustomerFilterBar</name>
    <message>
        <source>Level:</source>
        <translation>层级：</translation>
    </message>
    <message>
        <source>Show only this level (several may be chosen)</source>
        <translation>只显示该层级（可多选）</translation>
    </message>
    <message>
        <source>Members and leader of one community</source>
        <translation>某个社群的群主和成员</translation>
    </message>
    <message>
        <source>All communities</source>
        <translation>全部社群</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <source>%1 only</source>
        <translation>仅看%1</translation>
    </message>
    <message>
        <source>Include archived</source>
        <translation>包含已归档</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
</context>
<context>
    <name>CustomerHeader</name>
    <message>
        <source>← Back</source>
        <translation>← 返回</translation>
    </message>
    <message>
        <source>Back (Esc or Alt+Left)</source>
        <translation>返回（Esc 或 Alt+左方向键）</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>Edit profile</source>
        <translation>编辑资料</translation>
    </message>
    <message>
        <source>Name, phone, birthday, tags, notes (Ctrl+E)</source>
        <translation>姓名、手机号、生日、标签、备注（Ctrl+E）</translation>
    </message>
    <message>
        <source>Log visit</source>
        <translation>登记到店</translation>
    </message>
    <message>
        <source>Record a purchase or visit for this customer (Ctrl+Shift+V)</source>
        <translation>为该顾客登记购买或到店（Ctrl+Shift+V）</translation>
    </message>
    <message>
        <source>Pin level…</source>
        <translation>手动设定层级…</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>标签：%1</translation>
    </message>
    <message>
        <source>Notes: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>WeChat %1</source>
        <translation>微信 %1</translation>
    </message>
    <message>
        <source>joined %1</source>
        <translation>%1 加入</translation>
    </message>
    <message>
        <source>birthday %1</source>
        <translation>生日 %1</translation>
    </message>
    <message>
        <source>Unpin level</source>
        <translation>取消手动设定</translation>
    </message>
    <message>
        <source>Remove the pin (%1: %2); the rules decide again</source>
        <translation>取消手动设定（%1：%2），重新按规则计算层级</translation>
    </message>
    <message>
        <source>Set the level by hand, with a reason and an optional end date</source>
        <translation>手动设定层级，需填写原因，可设截止日期</translation>
    </message>
    <message>
        <source>Unarchive</source>
        <translation>取消归档</translation>
    </message>
    <message>
        <source>Bring the customer back to lists and search</source>
        <translation>让该顾客重新出现在列表和搜索中</translation>
    </message>
    <message>
        <source>Hide from lists and search; history and reports keep them</source>
        <translation>从列表和搜索中隐藏；历史记录和报表仍保留</translation>
    </message>
    <message>
        <source>Only a manager or the owner may do this.</source>
        <translation>只有店长或老板可以执行此操作。</translation>
    </message>
    <message>
        <source>Profile saved.</source>
        <translation>资料已保存。</translation>
    </message>
    <message>
        <source>Level pinned.</source>
        <translation>层级已手动设定。</translation>
    </message>
    <message>
        <source>Remove the pinned level of %1? The rules will decide the level again.</source>
        <translation>取消 %1 的手动设定层级？层级将重新按规则计算。</translation>
    </message>
    <message>
        <source>The pin is removed.</source>
        <translation>已取消手动设定。</translation>
    </message>
    <message>
        <source>Bring %1 back to the lists and search?</source>
        <translation>让 %1 重新出现在列表和搜索中？</translation>
    </message>
    <message>
        <source>Archive %1? They disappear from lists and search; their history stays in the reports.</source>
        <translation>归档 %1？该顾客将从列表和搜索中隐藏，历史记录仍保留在报表中。</translation>
    </message>
    <message>
        <source>Unarchived.</source>
        <translation>已取消归档。</translation>
    </message>
    <message>
        <source>Archived.</source>
        <translation>已归档。</translation>
    </message>
</context>
<context>
    <name>CustomerListView</name>
    <message>
        <source>Double-click or Enter opens the customer</source>
        <translation>双击或回车打开顾客</translation>
    </message>
    <message>
        <source>Import a file…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Add customers from a CSV or Excel file</source>
        <translation>从 CSV 或 Excel 文件添加顾客</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>No customers yet</source>
        <translation>还没有顾客</translation>
    </message>
    <message>
        <source>Add the first one, or bring your list over from a spreadsheet.</source>
        <translation>添加第一位顾客，或从表格导入已有的名单。</translation>
    </message>
    <message>
        <source>No customer matches these filters</source>
        <translation>没有符合这些筛选条件的顾客</translation>
    </message>
    <message>
        <source>Change the filters above, or clear them to see everyone.</source>
        <translation>修改上方的筛选条件，或清除筛选查看所有顾客。</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>Filter by name, phone, code or pinyin initials</source>
        <translation>按姓名、手机号、会员号或拼音首字母筛选</translation>
    </message>
    <message>
        <source>Type to filter the list. Down arrow: go to the list; Enter: open the customer.</source>
        <translation>输入即可筛选列表。下方向键：进入列表；回车：打开顾客。</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Add or update customers, or their visits, from a CSV or Excel file</source>
        <translation>从 CSV 或 Excel 文件添加或更新顾客及其消费记录</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Only the owner or a manager can import</source>
        <translation>只有店主或店长可以导入</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新建顾客</translation>
    </message>
    <message>
        <source>Add a customer</source>
        <translation>添加顾客</translation>
    </message>
</context>
<context>
    <name>CustomerMenu</name>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Log a visit</source>
        <translation>登记到店</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Copy phone</source>
        <translation>复制手机号</translation>
    </message>
    <message>
        <source>No phone number is on record</source>
        <translation>没有登记手机号</translation>
    </message>
    <message>
        <source>Copy member code</source>
        <translation>复制会员号</translation>
    </message>
    <message>
        <source>Add task…</source>
        <translation>添加任务…</translation>
    </message>
    <message>
        <source>This customer is no longer in the shop</source>
        <translation>店里已没有这位顾客</translation>
    </message>
    <message>
        <source>This customer's data was erased</source>
        <translation>该顾客的资料已被清除</translation>
    </message>
    <message>
        <source>This customer is archived; restore them first</source>
        <translation>该顾客已归档，请先恢复</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>Name, phone, last 4 digits or pinyin initials</source>
        <translation>姓名、手机号、尾号4位或拼音首字母</translation>
    </message>
    <message>
        <source>No customer matches “%1”.</source>
        <translation>没有顾客与“%1”相符。</translation>
    </message>
</context>
<context>
    <name>CustomerPrivacy</name>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>JSON file (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Save %1's data</source>
        <translation>保存 %1 的资料</translation>
    </message>
</context>
<context>
    <name>CustomerTableModel</name>
    <message>
        <source>%1 is archived</source>
        <translation>%1 已归档</translation>
    </message>
</context>
<context>
    <name>CustomerTimelineModel</name>
    <message>
        <source>by the level rules</source>
        <translation>按层级规则</translation>
    </message>
    <message>
        <source>pinned by hand</source>
        <translation>手动设定</translation>
    </message>
    <message>
        <source>pin removed</source>
        <translation>取消手动设定</translation>
    </message>
    <message>
        <source>Level %1 → %2</source>
        <translation>层级 %1 → %2</translation>
    </message>
    <message>
        <source>no purchase yet</source>
        <translation>尚无购买</translation>
    </message>
    <message numerus="yes">
        <source>%n purchase day(s) in %1 days</source>
        <translation>
            <numerusform>%1 天内购买 %n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last purchase %n day(s) before</source>
        <translation>
            <numerusform>距上次购买 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>bought that day</source>
        <translation>当天有购买</translation>
    </message>
    <message numerus="yes">
        <source>%n active referral(s)</source>
        <translation>
            <numerusform>活跃推荐 %n 人</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active member(s) in communities they lead</source>
        <translation>
            <numerusform>所带社群活跃成员 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>by the level rules: %1</source>
        <translation>按层级规则：%1</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <translation>%1；%2</translation>
    </message>
    <message>
        <source>%1 purchase day in %2 days</source>
        <translation>%2 天内的%1个购买日</translation>
    </message>
    <message>
        <source>the last purchase left the %1 days</source>
        <translation>最后一次购买已超出 %1 天</translation>
    </message>
    <message>
        <source>a purchase day left the %1 days</source>
        <translation>有一个购买日已超出 %1 天</translation>
    </message>
    <message numerus="yes">
        <source>no purchase in more than %n day(s)</source>
        <translation>
            <numerusform>超过 %n 天未购买</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 active referral</source>
        <translation>%1位活跃推荐</translation>
    </message>
    <message>
        <source>an active referral's last purchase left the %1 days</source>
        <translation>一位活跃推荐的最后一次购买已超出 %1 天</translation>
    </message>
    <message>
        <source>%1 active member in communities they lead</source>
        <translation>所带社群的%1位活跃成员</translation>
    </message>
    <message>
        <source>one fewer active member in communities they lead</source>
        <translation>所带社群的活跃成员少了一位</translation>
    </message>
    <message>
        <source>joined the shop</source>
        <translation>成为本店顾客</translation>
    </message>
    <message>
        <source>the pin started</source>
        <translation>手动设定开始</translation>
    </message>
    <message>
        <source>the pin ended</source>
        <translation>手动设定已到期</translation>
    </message>
    <message>
        <source>%1th</source>
        <translation>第%1</translation>
    </message>
    <message>
        <source>%1st</source>
        <translation>第%1</translation>
    </message>
    <message>
        <source>%1nd</source>
        <translation>第%1</translation>
    </message>
    <message>
        <source>%1rd</source>
        <translation>第%1</translation>
    </message>
    <message>
        <source>via %1</source>
        <translation>经由 %1</translation>
    </message>
    <message>
        <source>Task: %1 (%2)</source>
        <translation>任务：%1（%2）</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Dashboard</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Refresh the figures (F5)</source>
        <translation>刷新数据（F5）</translation>
    </message>
    <message>
        <source>Your shop has no customers yet</source>
        <translation>店里还没有顾客</translation>
    </message>
    <message>
        <source>Add your first customer at the counter, or import the customer list you keep (Excel or CSV). The dashboard fills in as purchases are logged.</source>
        <translation>在前台添加第一位顾客，或导入你已有的顾客名单（Excel 或 CSV）。记录购买后，概览会逐渐充实。</translation>
    </message>
    <message>
        <source>Add a customer</source>
        <translation>添加顾客</translation>
    </message>
    <message>
        <source>Import customers…</source>
        <translation>导入顾客…</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新顾客</translation>
    </message>
    <message>
        <source>Buyers</source>
        <translation>购买人数</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>营收</translation>
    </message>
    <message>
        <source>Repurchase rate</source>
        <translation>复购率</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>留存率</translation>
    </message>
    <message>
        <source>Customers who joined this month</source>
        <translation>本月新加入的顾客</translation>
    </message>
    <message>
        <source>Customers with at least one purchase this month</source>
        <translation>本月至少购买一次的顾客</translation>
    </message>
    <message>
        <source>Purchases less refunds this month</source>
        <translation>本月购买金额减去退款</translation>
    </message>
    <message>
        <source>Buyers who bought on 2 or more days this month, of all buyers</source>
        <translation>本月有 2 天及以上购买的顾客占全部购买顾客的比例</translation>
    </message>
    <message>
        <source>Last month's buyers who bought again this month</source>
        <translation>上月购买的顾客中本月再次购买的比例</translation>
    </message>
    <message>
        <source>Relationship levels</source>
        <translation>关系层级</translation>
    </message>
    <message>
        <source>Super users are the Strong and Super-strong customers</source>
        <translation>超级用户即强关系和超强关系的顾客</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>近 12 个月</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Next 7 days</source>
        <translation>未来 7 天</translation>
    </message>
    <message>
        <source>Open follow-up</source>
        <translation>打开跟进</translation>
    </message>
    <message>
        <source>Open the follow-up page (Ctrl+4)</source>
        <translation>打开跟进页面（Ctrl+4）</translation>
    </message>
    <message>
        <source>Zombie communities</source>
        <translation>僵尸社群</translation>
    </message>
    <message>
        <source>Double-click to open the communities page</source>
        <translation>双击打开社群页面</translation>
    </message>
    <message>
        <source>Updating…</source>
        <translation>正在更新…</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>已更新 %1</translation>
    </message>
    <message>
        <source>Super users: %1 (%2 of %3)</source>
        <translation>超级用户：%1（占 %3的 %2）</translation>
    </message>
    <message numerus="yes">
        <source>Communities with members where nobody, leader included, bought in the last %n day(s)</source>
        <translation>
            <numerusform>有成员、但近 %n 天内无人（含团长）购买的社群</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — %2 %3 · %4 · last purchase %5</source>
        <translation>%1 — %2 %3 · %4 · 最近购买 %5</translation>
    </message>
    <message>
        <source>%1 archived not counted</source>
        <translation>另有 %1 位已归档顾客未计入</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>No zombie communities: every community bought recently.</source>
        <translation>没有僵尸社群：每个社群近期都有购买。</translation>
    </message>
    <message>
        <source>No communities yet. A community (a WeChat group, a club) is added on the Communities page.</source>
        <translation>还没有社群。社群（微信群、俱乐部等）在“社群”页面添加。</translation>
    </message>
    <message>
        <source>MMMM yyyy</source>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <source>MMMM</source>
        <translation>M月</translation>
    </message>
    <message>
        <source>%1 1–%2</source>
        <translation>%11–%2日</translation>
    </message>
    <message>
        <source>%1 to date, compared with %2</source>
        <translation>%1（截至今日），与%2对比</translation>
    </message>
    <message>
        <source>Lighter bars and dotted lines: %1 so far, day %2 of %3</source>
        <translation>浅色柱和虚线：%1 截至今天，第 %2 天，共 %3 天</translation>
    </message>
    <message>
        <source>Last 12 months: %1 – %2</source>
        <translation>近 12 个月：%1 – %2</translation>
    </message>
</context>
<context>
    <name>DatabaseSection</name>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Show the database file in the file manager</source>
        <translation>在文件管理器中显示数据库文件</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>PostgreSQL server, shared by every counter that uses it</source>
        <translation>PostgreSQL 服务器，所有连接它的前台共用</translation>
    </message>
    <message>
        <source>SQLite file on this computer</source>
        <translation>本机上的 SQLite 文件</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>顾客数</translation>
    </message>
    <message>
        <source>Several counters or branches</source>
        <translation>多个前台或分店</translation>
    </message>
    <message>
        <source>To share one database between several computers, keep it on a PostgreSQL server and start ShopCircle with its address, either with the environment variable SHOPCIRCLE_DB or with the --db option:</source>
        <translation>要在多台电脑之间共用一个数据库，请把它放在 PostgreSQL 服务器上，并用服务器地址启动店圈：设置环境变量 SHOPCIRCLE_DB，或使用 --db 参数：</translation>
    </message>
    <message>
        <source>Start my real shop…</source>
        <translation>开设我真正的店铺…</translation>
    </message>
    <message>
        <source>Keep this demo aside and start your own shop in a new, empty database</source>
        <translation>把演示店铺放在一边，用一个新的空数据库开设你自己的店铺</translation>
    </message>
    <message>
        <source>Open another database…</source>
        <translation>打开其他数据库…</translation>
    </message>
    <message>
        <source>Open another shop's database file, or type a new name to start one; remembered</source>
        <translation>打开另一个店铺的数据库文件，或输入新文件名新建一个；下次启动时记住</translation>
    </message>
    <message>
        <source>Only the owner can change the shop's database</source>
        <translation>只有店主可以更换店铺的数据库</translation>
    </message>
    <message>
        <source>Open another database</source>
        <translation>打开其他数据库</translation>
    </message>
    <message>
        <source>Back to my shop (%1)</source>
        <translation>回到我的店铺（%1）</translation>
    </message>
</context>
<context>
    <name>DeleteVisitDialog</name>
    <message>
        <source>Delete visit</source>
        <translation>删除到店记录</translation>
    </message>
    <message>
        <source>Why is this visit deleted?</source>
        <translation>为什么删除这条到店记录？</translation>
    </message>
    <message>
        <source>e.g. typed on the wrong customer</source>
        <translation>例如：记到了别的顾客名下</translation>
    </message>
    <message>
        <source>The reason is kept in the audit trail; Undo brings the visit back.</source>
        <translation>原因会记入操作日志；点“撤销”可恢复这条记录。</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>Demo shop: every customer, phone number and sale here is made up. Look around freely.</source>
        <translation>演示店铺：这里的顾客、手机号和销售都是虚构的，请随意浏览。</translation>
    </message>
    <message>
        <source>Start my real shop…</source>
        <translation>开设我真正的店铺…</translation>
    </message>
    <message>
        <source>Back to my shop (%1)</source>
        <translation>回到我的店铺（%1）</translation>
    </message>
</context>
<context>
    <name>DemoMaker</name>
    <message>
        <source>Try a demo shop</source>
        <translation>试用演示店铺</translation>
    </message>
    <message>
        <source>ShopCircle invents about three years of a neighbourhood shop: customers and their visits, who referred whom, communities led by a %1, staff and follow-up tasks. Every name and phone number is made up. When you are ready for your real shop, "Start my real shop…" on the demo's banner keeps the demo aside and starts yours, empty.</source>
        <translation>店圈会虚构一家社区小店大约三年的经营：顾客和他们的到店记录、谁推荐了谁、由%1带领的社群、员工和跟进任务。所有姓名和手机号都是虚构的。准备好开设真正的店铺时，点击演示横幅上的“开设我真正的店铺…”，演示会被放在一边，并为你开设一个空白的店铺。</translation>
    </message>
    <message>
        <source>quick, about a second</source>
        <translation>很快，约一秒</translation>
    </message>
    <message>
        <source>a busy shop, several seconds</source>
        <translation>繁忙的店铺，需要几秒</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop; nothing is written (Esc)</source>
        <translation>停止，不写入任何数据（Esc）</translation>
    </message>
    <message>
        <source>Create the demo shop</source>
        <translation>创建演示店铺</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Hiring staff…</source>
        <translation>正在招聘员工…</translation>
    </message>
    <message>
        <source>Inventing customers…</source>
        <translation>正在生成顾客…</translation>
    </message>
    <message>
        <source>Inventing visits…</source>
        <translation>正在生成到店记录…</translation>
    </message>
    <message>
        <source>Founding communities…</source>
        <translation>正在建立社群…</translation>
    </message>
    <message>
        <source>Planning follow-up tasks…</source>
        <translation>正在安排跟进任务…</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写入…</translation>
    </message>
    <message>
        <source>Writing visits…</source>
        <translation>正在写入到店记录…</translation>
    </message>
    <message>
        <source>Indexing visits…</source>
        <translation>正在为到店记录建立索引…</translation>
    </message>
    <message>
        <source>Working out how each customer's level moved…</source>
        <translation>正在推算每位顾客的层级变化…</translation>
    </message>
    <message>
        <source>Working out relationship levels…</source>
        <translation>正在计算关系层级…</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>Done: %1 and %2.</source>
        <translation>完成：%1，%2。</translation>
    </message>
    <message>
        <source>Stopped. Nothing was written.</source>
        <translation>已停止，未写入任何数据。</translation>
    </message>
    <message>
        <source>This database already has data, so no demo was added. Open an empty database to try the demo.</source>
        <translation>此数据库已有数据，因此未添加演示数据。请打开一个空数据库来试用演示。</translation>
    </message>
</context>
<context>
    <name>EraseDialog</name>
    <message>
        <source>Erase %1</source>
        <translation>抹除 %1</translation>
    </message>
    <message>
        <source>This erases %1's name, phone, WeChat, birthday, notes and tags for good, and every copy of them in visit notes, tasks and the history. Their visits stay, anonymous, so the shop's figures stay true. It cannot be undone. Backups made before now keep the data until they age out (the app keeps its last seven daily copies).</source>
        <translation>这将永久抹除 %1 的姓名、手机号、微信、生日、备注和标签，以及到店备注、跟进任务和修改记录中的所有副本。到店记录以匿名方式保留，店铺的统计数字保持准确。此操作无法撤销。此前的备份在过期前仍保留这些资料（应用保留最近七份每日备份）。</translation>
    </message>
    <message>
        <source>Type the customer's name to confirm:</source>
        <translation>请输入顾客姓名以确认：</translation>
    </message>
    <message>
        <source>Erase for good</source>
        <translation>永久抹除</translation>
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
        <source>Platform</source>
        <translation>平台</translation>
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
        <source>WeChat</source>
        <translation>微信号</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Via</source>
        <translation>经由</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>到店记录</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>退出日期</translation>
    </message>
    <message>
        <source>Large-purchase limit</source>
        <translation>大额消费上限</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>货币</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>店铺名称</translation>
    </message>
    <message>
        <source>Current PIN</source>
        <translation>当前 PIN 码</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>顾客</translation>
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
        <source>%1 is open in another ShopCircle window. Close it there and try again.</source>
        <translation>%1 正在另一个店圈窗口中打开。请先在那里关闭，然后重试。</translation>
    </message>
    <message>
        <source>%1 is no longer active.</source>
        <translation>%1 已停用。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in %1 s.</source>
        <translation>PIN 码错误次数过多，请 %1 秒后再试。</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>PIN 码不对。</translation>
    </message>
    <message>
        <source>%1 (owner) needs a PIN first: with two or more people, anyone could act as the owner.</source>
        <translation>请先为店主 %1 设置 PIN 码：店里有两人或以上时，没有 PIN 码任何人都能以店主身份操作。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was imported.</source>
        <translation>导入已取消，未导入任何数据。</translation>
    </message>
    <message>
        <source>The shop changed while importing (another counter added the same code or phone); nothing was imported. Try again.</source>
        <translation>导入期间店铺数据发生了变化（另一台前台添加了相同的会员号或手机号）；本次没有导入任何内容，请重试。</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>已取消导出；没有写入文件。</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The database is busy: another program (a second counter or window) kept it for more than %1 seconds. Nothing was saved; try again in a moment.</source>
        <translation>数据库正忙：另一个程序（另一台前台或另一个窗口）占用它超过了 %1 秒。没有保存任何内容，请稍后再试。</translation>
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
    <name>FileDialogs</name>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>%1 file</source>
        <translation>%1 文件</translation>
    </message>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>FissionModel</name>
    <message>
        <source>Tree roots first; expand a row to see who they brought in</source>
        <translation>每行是一棵推荐树的根；展开可查看其带来的顾客</translation>
    </message>
    <message>
        <source>1 = brought in by the root directly, 2 = by one of those, …</source>
        <translation>1 = 由根直接推荐，2 = 由第 1 代推荐，…</translation>
    </message>
    <message>
        <source>Root: members of the tree who bought. Member: ✓ when they have bought</source>
        <translation>根：树中已购买的人数。成员：已购买显示 ✓</translation>
    </message>
    <message>
        <source>Everyone brought in below this customer, directly or through others</source>
        <translation>此顾客直接或间接带来的所有顾客</translation>
    </message>
    <message>
        <source>How many generations the tree below this customer has</source>
        <translation>此顾客下方推荐树的代数</translation>
    </message>
    <message>
        <source>Root: purchases less refunds of the whole tree. Member: their own</source>
        <translation>根：整棵树的购买减退款。成员：本人的购买减退款</translation>
    </message>
    <message>
        <source>%1 (%2) brought in %3 over %4; %5 of them bought</source>
        <translation>%1（%2）共带来 %3，共 %4；其中 %5 位已购买</translation>
    </message>
    <message numerus="yes">
        <source>%n generation(s)</source>
        <translation>
            <numerusform>%n 代</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2), generation %3</source>
        <translation>%1（%2），第 %3 代</translation>
    </message>
    <message>
        <source>; has not bought yet</source>
        <translation>；尚未购买</translation>
    </message>
    <message>
        <source>%1  %2  (loading…)</source>
        <translation>%1  %2  （正在读取…）</translation>
    </message>
    <message>
        <source>Root</source>
        <translation>根</translation>
    </message>
</context>
<context>
    <name>FissionTreeModel</name>
    <message>
        <source>Converted: has bought</source>
        <translation>已转化：已有购买</translation>
    </message>
    <message>
        <source>Not converted yet</source>
        <translation>尚未转化</translation>
    </message>
</context>
<context>
    <name>FissionView</name>
    <message>
        <source>Fission</source>
        <translation>裂变</translation>
    </message>
    <message>
        <source>Who brought whom: referral trees and the customers who bring the most</source>
        <translation>谁带来了谁：推荐树与带客最多的顾客</translation>
    </message>
    <message>
        <source>Biggest trees</source>
        <translation>规模最大</translation>
    </message>
    <message>
        <source>Highest revenue</source>
        <translation>营收最高</translation>
    </message>
    <message>
        <source>Order the trees by their size or by their revenue</source>
        <translation>按推荐树的规模或营收排序</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>排序</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the trees again (F5)</source>
        <translation>重新读取推荐树（F5）</translation>
    </message>
    <message>
        <source>Referral trees</source>
        <translation>推荐树</translation>
    </message>
    <message>
        <source>Expand a row (→ or click the arrow) to see who they brought in; double-click to open</source>
        <translation>展开一行（→ 键或点击箭头）查看其带来的顾客；双击打开顾客</translation>
    </message>
    <message>
        <source>Super-user leaderboard</source>
        <translation>超级用户排行榜</translation>
    </message>
    <message>
        <source>Customers whose referrals bought, most first</source>
        <translation>按其推荐的顾客中已购买的人数，从多到少</translation>
    </message>
    <message>
        <source>Double-click to open the customer</source>
        <translation>双击打开顾客</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>No referrals yet</source>
        <translation>还没有推荐关系</translation>
    </message>
    <message>
        <source>Set who referred a customer on their page (Edit profile, Referred by) or when adding them: their referral trees grow here.</source>
        <translation>在顾客页面（编辑资料 → 推荐人）或添加顾客时填写推荐人：推荐树会在这里长出来。</translation>
    </message>
    <message numerus="yes">
        <source>The %Ln biggest tree(s) by size</source>
        <translation>
            <numerusform>规模最大的 %Ln 棵推荐树</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The %Ln tree(s) with the highest revenue</source>
        <translation>
            <numerusform>营收最高的 %Ln 棵推荐树</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln referral tree(s)</source>
        <translation>
            <numerusform>%Ln 棵推荐树</numerusform>
        </translation>
    </message>
    <message>
        <source>Nobody on the board yet</source>
        <translation>排行榜上还没有人</translation>
    </message>
    <message>
        <source>A customer comes here once someone they referred has bought.</source>
        <translation>顾客推荐的人消费后，他就会出现在这里。</translation>
    </message>
</context>
<context>
    <name>FollowUpSection</name>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>The follow-up page suggests tasks from these rules. A suggestion is never repeated while the customer has an open task of the same kind.</source>
        <translation>跟进页面会根据这些规则建议任务。顾客已有同类未完成任务时，不会重复建议。</translation>
    </message>
    <message>
        <source>%2 customer not back</source>
        <translation>%2顾客未回购</translation>
    </message>
    <message>
        <source>%2 customer about to drop</source>
        <translation>%2顾客即将流失</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Referral converted</source>
        <translation>推荐已转化</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新顾客</translation>
    </message>
    <message>
        <source>no purchase for %1 days or more</source>
        <translation>已有 %1 天或更久未购买</translation>
    </message>
    <message>
        <source>%1 days or more since the last purchase</source>
        <translation>距上次购买已 %1 天或更久</translation>
    </message>
    <message>
        <source>birthday within the next %1 days</source>
        <translation>生日在未来 %1 天内</translation>
    </message>
    <message>
        <source>someone they referred made a first purchase in the last %1 days: thank the referrer</source>
        <translation>其推荐的顾客在最近 %1 天内首次购买：感谢推荐人</translation>
    </message>
    <message>
        <source>%1 days after the first visit</source>
        <translation>首次到店后第 %1 天</translation>
    </message>
    <message>
        <source>Suggest a task when</source>
        <translation>以下情况建议任务</translation>
    </message>
    <message>
        <source>Task kind</source>
        <translation>任务类型</translation>
    </message>
    <message>
        <source>Give each staff member %1 suggestions a day, most at stake first.</source>
        <translation>每位店员每天处理 %1 条建议，最要紧的排在前面。</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1与%2</translation>
    </message>
    <message>
        <source>Serve each %2 through their %1</source>
        <translation>通过其%1服务每位%2</translation>
    </message>
    <message>
        <source>A %1 (group leader) leads a community such as a WeChat group; its members are %2. When this is on, follow-up tasks for a %2 are routed via their %1, and a direct task to a %2 asks for confirmation first. Turn it off to contact every customer directly.</source>
        <translation>%1（团长）带领一个社群，例如微信群；社群成员是%2。开启后，给%2的跟进任务会经由其%1转达，直接联系%2的任务需要先确认。关闭后可直接联系每位顾客。</translation>
    </message>
    <message>
        <source>A community counts as inactive when nobody in it bought in the last %1 days.</source>
        <translation>社群内所有人最近 %1 天都没有购买时，视为不活跃社群。</translation>
    </message>
    <message>
        <source>Messages to copy</source>
        <translation>复制用的消息</translation>
    </message>
    <message>
        <source>Copy message on the follow-up page copies the message for the task's kind, with {name} for the customer's name, {shop} for the shop's name and {staff} for who is signed in. A message left as the app wrote it follows the app's language.</source>
        <translation>在跟进页点“复制消息”，会复制该任务类型的消息：{name} 代表顾客姓名，{shop} 代表店名，{staff} 代表当前登录的店员。未改动的自带消息会跟随应用的语言。</translation>
    </message>
    <message>
        <source>Reset to default</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <source>Put back the message the app offers, in the app's language</source>
        <translation>恢复为应用自带的消息（使用应用当前的语言）</translation>
    </message>
    <message>
        <source>Must be at least 1 day.</source>
        <translation>至少为 1 天。</translation>
    </message>
    <message>
        <source>Must be at least 1.</source>
        <translation>至少为 1。</translation>
    </message>
    <message>
        <source>The app does not know the placeholder %1: use {name}, {shop} or {staff}.</source>
        <translation>应用不认识占位符 %1：请使用 {name}、{shop} 或 {staff}。</translation>
    </message>
</context>
<context>
    <name>FollowUpView</name>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>New task…</source>
        <translation>新建任务…</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Slipping away</source>
        <translation>正在流失</translation>
    </message>
    <message>
        <source>Create a follow-up task (Ctrl+T)</source>
        <translation>新建跟进任务（Ctrl+T）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Reload tasks and suggestions (F5)</source>
        <translation>重新加载任务和建议（F5）</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Task created for %1.</source>
        <translation>已为%1创建任务。</translation>
    </message>
</context>
<context>
    <name>FollowUpWords</name>
    <message>
        <source>%1/%2</source>
        <translation>%1月%2日</translation>
    </message>
    <message>
        <source>via %1</source>
        <translation>经由 %1</translation>
    </message>
    <message>
        <source>send them something worth a look: new arrivals, a tip, photos of what they like</source>
        <translation>给顾客发点值得一看的内容：新品、小窍门、他们喜欢的商品照片</translation>
    </message>
    <message>
        <source>ask how what they bought is working for them and help with anything that is not</source>
        <translation>问问顾客买的东西用得怎么样，有不满意的地方帮着解决</translation>
    </message>
    <message>
        <source>invite them to try something new in the shop: a tasting, a fitting, a new arrival</source>
        <translation>邀请顾客来店里体验新东西：试吃、试穿、新品</translation>
    </message>
    <message>
        <source>keep in touch as a friend would: ask how they are, without selling</source>
        <translation>像朋友一样保持联系：问候近况，不推销</translation>
    </message>
    <message>
        <source>wish them a happy birthday and have a small treat ready when they come in</source>
        <translation>祝顾客生日快乐，到店时备好一份小心意</translation>
    </message>
    <message>
        <source>thank them for the friend they introduced to the shop</source>
        <translation>感谢顾客介绍朋友来店</translation>
    </message>
    <message>
        <source>they have stopped coming: ask after them, find out what went wrong, invite them back</source>
        <translation>顾客不再来了：问候一下，了解哪里没做好，请顾客回来看看</translation>
    </message>
    <message>
        <source>anything else: the task's title says what to do</source>
        <translation>其他事项：按任务标题去做</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1——%2</translation>
    </message>
    <message>
        <source>%1 customer not back for %2 days (last purchase %3)</source>
        <translation>%1顾客 %2 天未回店（上次购买 %3）</translation>
    </message>
    <message>
        <source>%1 customer %2 days since last purchase — about to drop</source>
        <translation>%1顾客距上次购买已 %2 天——即将降级</translation>
    </message>
    <message>
        <source>Birthday today (%1)</source>
        <translation>今天生日（%1）</translation>
    </message>
    <message>
        <source>Birthday tomorrow (%1)</source>
        <translation>明天生日（%1）</translation>
    </message>
    <message>
        <source>Birthday on %1, in %2 days</source>
        <translation>%1生日，还有 %2 天</translation>
    </message>
    <message>
        <source>Referral %1 made a first purchase — thank the referrer</source>
        <translation>推荐的顾客%1已首次购买——感谢推荐人</translation>
    </message>
    <message>
        <source>New customer: first visit %1 days ago</source>
        <translation>新顾客：%1 天前首次到店</translation>
    </message>
</context>
<context>
    <name>GuideWindow</name>
    <message>
        <source>ShopCircle user guide</source>
        <translation>店圈使用指南</translation>
    </message>
    <message>
        <source>The user guide is missing from this installation.</source>
        <translation>此安装中缺少使用指南。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Code</source>
        <translation>会员号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Joined</source>
        <translation>入会日期</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Referred by</source>
        <translation>推荐人</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>店员</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) read</source>
        <translation>
            <numerusform>读取 %n 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new customer(s) added</source>
        <translation>
            <numerusform>新增 %n 位顾客</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n updated</source>
        <translation>
            <numerusform>更新 %n 位</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n 位无变化</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) added</source>
        <translation>
            <numerusform>新增 %n 条消费记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already in the shop</source>
        <translation>
            <numerusform>%n 条已在店里</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more, listed below.</source>
        <translation>
            <numerusform>……另有 %n 行，见下方列表。</numerusform>
        </translation>
    </message>
    <message>
        <source>Import from a file</source>
        <translation>从文件导入</translation>
    </message>
    <message>
        <source>Import:</source>
        <translation>导入：</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>Visits and purchases</source>
        <translation>到店与消费记录</translation>
    </message>
    <message>
        <source>A .csv or .xlsx file with a header row</source>
        <translation>第一行为表头的 .csv 或 .xlsx 文件</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>How each column is read</source>
        <translation>各列的读取方式</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Read as</source>
        <translation>读作</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>第一个值</translation>
    </message>
    <message>
        <source>The first rows</source>
        <translation>前几行</translation>
    </message>
    <message>
        <source>Rows are numbered as the file's lines, as a spreadsheet shows them: the header is line 1, so the first customer is line 2. In a CSV file a cell with a line break in it stays on its line.</source>
        <translation>行号按文件里的行计算，与表格软件显示的一致：表头是第 1 行，所以第一位顾客在第 2 行。CSV 文件中单元格内的换行不另算一行。</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Choose a file, check it, then import.</source>
        <translation>请选择文件，先检查，再导入。</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Import the valid rows and skip the invalid ones</source>
        <translation>导入有效行，跳过无效行</translation>
    </message>
    <message>
        <source>Without this, one invalid row means nothing is imported, so you can fix the file first.</source>
        <translation>不勾选时，只要有一行无效就什么都不导入，方便您先修改文件。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save invalid rows…</source>
        <translation>保存无效行…</translation>
    </message>
    <message>
        <source>A workbook of the invalid rows with the reasons, to fix</source>
        <translation>把无效行及原因保存为工作簿，便于修改</translation>
    </message>
    <message>
        <source>Save a template…</source>
        <translation>下载导入模板…</translation>
    </message>
    <message>
        <source>An empty workbook with the columns this import reads, to fill in</source>
        <translation>一个带有导入所需各列的空白工作簿，填写后即可导入</translation>
    </message>
    <message>
        <source>Check file</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <source>Read every row and count what would change; nothing is written</source>
        <translation>读取每一行并统计将发生的变化，不写入任何数据</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>One customer per row. Customers already in the shop (same code, else same phone) are updated, not added twice.</source>
        <translation>每行一位顾客。店里已有的顾客（会员号相同，或手机号相同）会被更新，不会重复添加。</translation>
    </message>
    <message>
        <source>One visit or purchase per row, naming the customer by code or phone. An unknown code adds that customer. Visits already in the shop are not added twice.</source>
        <translation>每行一条到店或消费记录，用会员号或手机号指明顾客。未知的会员号会新建该顾客。店里已有的记录不会重复添加。</translation>
    </message>
    <message>
        <source>Choose the file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <source>Tables (*.csv *.xlsx *.xlsm *.txt);;All files (*)</source>
        <translation>表格 (*.csv *.xlsx *.xlsm *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Check the columns, then check the file or import it.</source>
        <translation>请核对各列，然后检查或导入文件。</translation>
    </message>
    <message>
        <source>(no header)</source>
        <translation>（无表头）</translation>
    </message>
    <message>
        <source>— leave out —</source>
        <translation>— 不导入 —</translation>
    </message>
    <message>
        <source>Two columns are read as %1; choose one.</source>
        <translation>有两列都读作 %1，请只选一列。</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Cancelled; nothing was imported.</source>
        <translation>已取消，未导入任何数据。</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n of them invalid: nothing was imported.</source>
        <translation>
            <numerusform>%1，其中 %n 行无效：没有导入任何内容。</numerusform>
        </translation>
    </message>
    <message>
        <source>Fix them, or tick the box below.</source>
        <translation>请修改这些行，或勾选下方的选项。</translation>
    </message>
    <message numerus="yes">
        <source>Checked %n row(s); nothing was changed.</source>
        <translation>
            <numerusform>已检查 %n 行，没有做任何改动。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n invalid; the others would give: %1.</source>
        <translation>
            <numerusform>%n 行无效；其余行导入后将会：%1。</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Importing would give: %1.</source>
        <translation>导入后将会：%1。</translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation>
            <numerusform>跳过 %n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>.</source>
        <translation>。</translation>
    </message>
    <message>
        <source>line %1, %2</source>
        <translation>第 %1 行，%2</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source> — %1</source>
        <translation>——%1</translation>
    </message>
    <message>
        <source>Fix the invalid rows, or tick the box below to skip them.</source>
        <translation>请修改无效行，或勾选下方选项跳过它们。</translation>
    </message>
    <message>
        <source>Save the invalid rows</source>
        <translation>保存无效行</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>customers template</source>
        <translation>顾客导入模板</translation>
    </message>
    <message>
        <source>visits template</source>
        <translation>消费记录导入模板</translation>
    </message>
    <message>
        <source>Save a template</source>
        <translation>保存导入模板</translation>
    </message>
    <message>
        <source>Undoing the import…</source>
        <translation>正在撤销导入…</translation>
    </message>
</context>
<context>
    <name>KeptInput</name>
    <message>
        <source>Discard what you typed?</source>
        <translation>放弃已填写的内容？</translation>
    </message>
    <message>
        <source>What you typed here is not saved yet. Close and throw it away?</source>
        <translation>这里填写的内容还没有保存。确定关闭并放弃吗？</translation>
    </message>
</context>
<context>
    <name>KpiCard</name>
    <message>
        <source>%1 %2 pts</source>
        <translation>%1 %2 个百分点</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Last month: %1</source>
        <translation>上月：%1</translation>
    </message>
    <message>
        <source>Same days last month: %1</source>
        <translation>上月同期：%1</translation>
    </message>
</context>
<context>
    <name>LanguageSection</name>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Follow the computer's language (now: %1)</source>
        <translation>跟随电脑语言（当前：%1）</translation>
    </message>
    <message>
        <source>Pages opened after saving use the new language; restart ShopCircle to see it on every page. Reports are written in the app's language.</source>
        <translation>保存后新打开的页面使用新语言；重启店圈后所有页面都会切换。报表使用应用的语言生成。</translation>
    </message>
    <message>
        <source>ShopCircle was started in %1 this time; the choice above applies when it starts without a language of its own.</source>
        <translation>本次店圈以%1启动；上面的选择在不指定语言正常启动时生效。</translation>
    </message>
    <message>
        <source>Saved. Restart ShopCircle to see every page in the new language.</source>
        <translation>已保存。重启店圈后所有页面都将使用新语言。</translation>
    </message>
</context>
<context>
    <name>LargePurchase</name>
    <message>
        <source>%1 is far above this shop's usual purchases (limit %2).</source>
        <translation>%1 远高于本店平常的消费（上限 %2）。</translation>
    </message>
    <message>
        <source>%1 is above the large-purchase limit set for this shop (%2).</source>
        <translation>%1 超过了本店设定的大额上限（%2）。</translation>
    </message>
    <message>
        <source>Refund %1 to %2 anyway?</source>
        <translation>仍要给%2退款 %1 吗？</translation>
    </message>
    <message>
        <source>Book %1 for %2 anyway?</source>
        <translation>仍要为%2记录 %1 吗？</translation>
    </message>
    <message>
        <source>Large amount</source>
        <translation>金额较大</translation>
    </message>
    <message>
        <source>Yes, book it</source>
        <translation>是，照样记录</translation>
    </message>
    <message>
        <source>No, check the amount</source>
        <translation>否，检查金额</translation>
    </message>
</context>
<context>
    <name>LargePurchaseLimitField</name>
    <message>
        <source>Automatic: %1</source>
        <translation>自动：%1</translation>
    </message>
    <message>
        <source>With no sales yet, the automatic limit is %1.</source>
        <translation>还没有销售记录，自动上限为 %1。</translation>
    </message>
    <message numerus="yes">
        <source>With only %n sale(s) so far, the automatic limit is %1.</source>
        <translation>
            <numerusform>目前只有 %n 笔销售，自动上限为 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Automatic: 20 × the shop's 99th-percentile sale (%1), now %2.</source>
        <translation>自动：本店第 99 百分位单笔消费（%1）的 20 倍，当前为 %2。</translation>
    </message>
    <message>
        <source>A visit's amount above this is asked about before it is booked; leave it empty for the automatic limit. %1</source>
        <translation>单次金额超过此上限时，记录前会先确认；留空则使用自动上限。%1</translation>
    </message>
</context>
<context>
    <name>LeaderDialog</name>
    <message>
        <source>Change leader of %1</source>
        <translation>更换“%1”的群主</translation>
    </message>
    <message>
        <source>Current leader (%1): %2</source>
        <translation>当前群主（%1）：%2</translation>
    </message>
    <message>
        <source>A member who becomes the leader leaves the member list today.</source>
        <translation>成为群主的成员将于今天离开成员列表。</translation>
    </message>
    <message>
        <source>New leader</source>
        <translation>新群主</translation>
    </message>
    <message>
        <source>Pick the new leader from the list.</source>
        <translation>请从列表中选择新群主。</translation>
    </message>
</context>
<context>
    <name>LeaderboardModel</name>
    <message>
        <source>Customers they referred who have bought</source>
        <translation>其推荐的顾客中已购买的人数</translation>
    </message>
    <message>
        <source>Customers they referred directly</source>
        <translation>其直接推荐的顾客人数</translation>
    </message>
    <message>
        <source>Everyone brought in below them, directly or through others</source>
        <translation>其直接或间接带来的所有顾客</translation>
    </message>
</context>
<context>
    <name>LevelBox</name>
    <message>
        <source>Outlook: %1</source>
        <translation>前景：%1</translation>
    </message>
    <message>
        <source>Already at the highest level.</source>
        <translation>已是最高层级。</translation>
    </message>
    <message>
        <source>What moves them up:</source>
        <translation>如何升级：</translation>
    </message>
</context>
<context>
    <name>LevelPreview</name>
    <message>
        <source>With these rules, today:</source>
        <translation>按这些规则，今天：</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>no change</source>
        <translation>无变化</translation>
    </message>
    <message>
        <source>%1 from now</source>
        <translation>较现在 %1</translation>
    </message>
</context>
<context>
    <name>LevelRulesSection</name>
    <message>
        <source>Relationship levels</source>
        <translation>关系层级</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>统计周期</translation>
    </message>
    <message>
        <source>Look at purchases in the last %1 days.</source>
        <translation>统计最近 %1 天内的购买。</translation>
    </message>
    <message>
        <source>At least %1 purchase days in the window and the last purchase within %2 days;</source>
        <translation>周期内购买至少 %1 天，且最近一次购买在 %2 天内；</translation>
    </message>
    <message>
        <source>At least %1 purchase days in the window and the last purchase within %2 days.</source>
        <translation>周期内购买至少 %1 天，且最近一次购买在 %2 天内。</translation>
    </message>
    <message>
        <source>At least %1 purchase days in the window.</source>
        <translation>周期内购买至少 %1 天。</translation>
    </message>
    <message>
        <source>Everyone else: known contacts with no purchase in the window.</source>
        <translation>其他所有人：已登记但周期内没有购买的联系人。</translation>
    </message>
    <message>
        <source>Meets %3, and has at least %1 active referrals or at least %2 active members in the communities they lead.</source>
        <translation>满足%3，并且活跃推荐至少 %1 人，或所带社群活跃成员至少 %2 人。</translation>
    </message>
    <message>
        <source>Every customer's level is the highest whose rule they meet, worked out from their purchases. Change a number and the preview shows how many customers each level would hold; saving recomputes every customer's level. Reports of past months use the rules in force when they are made: an export after a change differs from one made before it.</source>
        <translation>每位顾客的层级是其满足规则的最高层级，根据购买记录计算。修改数字后，预览会显示各层级将有多少顾客；保存后会重新计算所有顾客的层级。以往月份的报告按导出时的规则计算：修改规则后再导出，结果会与修改前不同。</translation>
    </message>
    <message>
        <source>or at least %1 active referrals, %2 purchase days and the last purchase within %3 days.</source>
        <translation>或活跃推荐至少 %1 人、购买至少 %2 天，且最近一次购买在 %3 天内。</translation>
    </message>
    <message>
        <source>A purchase day is a day with at least one purchase. A referral is converted once the customer they brought in has bought, ever; an active referral is a converted one who bought in the window. Active members are members of a community they lead who bought in the window. Strong and Super-strong customers are your super users.</source>
        <translation>购买日是至少有一笔购买的日期。其带来的顾客一旦有过购买，这条推荐即为已转化；已转化且在周期内有购买的为活跃推荐。活跃成员是指其带领的社群中在周期内有购买的成员。强关系和超强关系顾客是你的超级用户。</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <source>Fill in the standard rules; nothing is stored until you save</source>
        <translation>填入标准规则；保存之前不会存储</translation>
    </message>
    <message>
        <source>Recompute levels</source>
        <translation>重新计算层级</translation>
    </message>
    <message>
        <source>Recompute every customer's level with the stored rules</source>
        <translation>按已保存的规则重新计算所有顾客的层级</translation>
    </message>
    <message>
        <source>The window must be at least 1 day.</source>
        <translation>统计周期至少为 1 天。</translation>
    </message>
    <message>
        <source>Must be at least 1 purchase day.</source>
        <translation>至少为 1 个购买日。</translation>
    </message>
    <message>
        <source>Cannot be more than the %1 days of the window.</source>
        <translation>不能超过统计周期的 %1 天。</translation>
    </message>
    <message>
        <source>Must be at least 1.</source>
        <translation>至少为 1。</translation>
    </message>
    <message>
        <source>Recomputing every customer's level with the rules…</source>
        <translation>正在按规则重新计算所有顾客的层级…</translation>
    </message>
    <message>
        <source>Levels</source>
        <translation>层级</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) changed level.</source>
        <translation>
            <numerusform>%n 位顾客的层级有变化。</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>The rules were saved, but the levels could not be recomputed: %1 Press Recompute levels to try again.</source>
        <translation>规则已保存，但无法重新计算层级：%1 请点击“重新计算层级”重试。</translation>
    </message>
    <message>
        <source>The levels could not be recomputed: %1</source>
        <translation>无法重新计算层级：%1</translation>
    </message>
</context>
<context>
    <name>Lifetime</name>
    <message>
        <source>the estimates have not been worked out yet</source>
        <translation>还没有算出预估</translation>
    </message>
    <message>
        <source>only %1 customers have bought on two or more days by %2; the models need at least %3</source>
        <translation>截至 %2 只有 %1 位顾客在两天或以上购买过，至少需要 %3 位才能预估</translation>
    </message>
    <message>
        <source>the purchase model could not be fitted to this shop's history</source>
        <translation>本店的购买记录还无法算出购买预估</translation>
    </message>
    <message>
        <source>the fitted purchase model gives no usable predictions for this shop</source>
        <translation>根据本店的购买记录算出的预估不可用</translation>
    </message>
    <message>
        <source>only %1 customers have a positive spend on their repeat purchase days; the spend model needs %2</source>
        <translation>只有 %1 位顾客在重复购买日有消费金额，至少需要 %2 位才能预估消费</translation>
    </message>
    <message>
        <source>the spend model could not be fitted</source>
        <translation>还无法算出消费预估</translation>
    </message>
    <message>
        <source>no purchase by %1</source>
        <translation>截至 %1 没有购买</translation>
    </message>
    <message>
        <source>the models cannot tell yet</source>
        <translation>模型暂时无法判断</translation>
    </message>
    <message>
        <source>Not enough purchase history yet to estimate (%1)</source>
        <translation>购买记录还不够，暂无法预估（%1）</translation>
    </message>
    <message>
        <source>bought once</source>
        <translation>只买过一次</translation>
    </message>
    <message>
        <source>likely still a customer</source>
        <translation>很可能仍是老顾客</translation>
    </message>
    <message>
        <source>probably lost</source>
        <translation>很可能已流失</translation>
    </message>
    <message>
        <source>slipping away</source>
        <translation>正在流失</translation>
    </message>
    <message>
        <source>may be drifting away</source>
        <translation>可能在疏远</translation>
    </message>
    <message numerus="yes">
        <source>about %n purchase day(s) expected in 90 days</source>
        <translation>
            <numerusform>预计 90 天内约有 %n 个购买日</numerusform>
        </translation>
    </message>
    <message>
        <source>under one purchase day expected in 90 days</source>
        <translation>预计 90 天内不到 1 个购买日</translation>
    </message>
    <message>
        <source>%1 a year at risk</source>
        <translation>每年可能损失 %1</translation>
    </message>
    <message>
        <source>Had they stayed, the next 12 months would be worth %1.</source>
        <translation>假如顾客留下，未来 12 个月价值 %1。</translation>
    </message>
    <message>
        <source>The chance they have gone is %1, so %2 a year is at risk.</source>
        <translation>已经流失的可能性是 %1，所以每年可能损失 %2。</translation>
    </message>
    <message>
        <source>Counting that chance, the next 12 months are expected to bring %1 from them.</source>
        <translation>把流失的可能性算进去，预计未来 12 个月这位顾客带来 %1。</translation>
    </message>
    <message>
        <source>under 1%</source>
        <translation>不到 1%</translation>
    </message>
    <message>
        <source>over 99%</source>
        <translation>超过 99%</translation>
    </message>
    <message>
        <source>no estimate yet</source>
        <translation>暂无预估</translation>
    </message>
    <message>
        <source>worth %1 in 12 months</source>
        <translation>未来 12 个月价值 %1</translation>
    </message>
    <message>
        <source>12-month value not estimated</source>
        <translation>未预估 12 个月价值</translation>
    </message>
    <message>
        <source>Bought on one day only: the model cannot tell whether they will return.</source>
        <translation>只在一天购买过：模型无法判断是否还会再来。</translation>
    </message>
    <message>
        <source>Chance they are still a customer: %1</source>
        <translation>仍是顾客的概率：%1</translation>
    </message>
    <message>
        <source>Purchase days expected in the next 90 days: %1</source>
        <translation>未来 90 天预计购买天数：%1</translation>
    </message>
    <message>
        <source>A purchase day is a day with at least one purchase.</source>
        <translation>购买日：至少有一笔购买的一天。</translation>
    </message>
    <message>
        <source>Slipping away since about %1, had they bought no more.</source>
        <translation>如果此后没有再购买，约从 %1 起开始流失。</translation>
    </message>
    <message>
        <source>Expected spend per purchase day: %1</source>
        <translation>每个购买日预计消费：%1</translation>
    </message>
    <message>
        <source>Value of the next 12 months: %1</source>
        <translation>未来 12 个月价值：%1</translation>
    </message>
    <message>
        <source>No 12-month value: %1</source>
        <translation>无 12 个月价值：%1</translation>
    </message>
    <message>
        <source>Estimated from the shop's purchase days (Settings → Lifetime).</source>
        <translation>根据本店的购买日预估（设置 → 生命周期）。</translation>
    </message>
</context>
<context>
    <name>LifetimeSection</name>
    <message>
        <source>Customer lifetime</source>
        <translation>顾客生命周期</translation>
    </message>
    <message>
        <source>From each customer's purchase days the app estimates whether they are still a customer, how many purchase days to expect in the next 90 days and what they are worth over the next 12 months. The customer page, the counter card, Follow-up's Slipping away list (whose threshold, set there, is the shop's) and the monthly report use them. The estimates are worked out again when the app starts after new purchases; update them here after a large import.</source>
        <translation>应用根据每位顾客的购买日预估：是否仍是顾客、未来 90 天预计有几个购买日、未来 12 个月价值多少。顾客页、收银台的顾客卡片、跟进页的“正在流失”名单（其门槛在那里设置，全店通用）和月度报表都会用到这些预估。有新的购买后，应用启动时会重新计算；大批导入后可在这里立即更新。</translation>
    </message>
    <message>
        <source>Update estimates</source>
        <translation>更新预估</translation>
    </message>
    <message>
        <source>Fit the models again on every customer's purchases up to today (a few seconds)</source>
        <translation>按截至今天的全部购买记录重新预估（需几秒钟）</translation>
    </message>
    <message>
        <source>Money expected later is worth a little less today: each month of the 12-month value counts this much less than the one before (0 to 100 %).</source>
        <translation>越晚到手的钱今天越不值钱：12 个月价值中每个月比上个月少算这个比例（0 到 100%）。</translation>
    </message>
    <message>
        <source>Not worked out yet</source>
        <translation>尚未计算</translation>
    </message>
    <message>
        <source>%1 (worked out %2)</source>
        <translation>%1（计算于 %2）</translation>
    </message>
    <message>
        <source>Estimates as of</source>
        <translation>预估截至</translation>
    </message>
    <message>
        <source>Based on</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Monthly discount rate (%)</source>
        <translation>月折现率（%）</translation>
    </message>
    <message numerus="yes">
        <source>%Ln customer(s) with a purchase, %1 of them on two or more days</source>
        <translation>
            <numerusform>%Ln 位有购买的顾客，其中 %1 位在两天或以上购买过</numerusform>
        </translation>
    </message>
    <message>
        <source>No 12-month values: %1</source>
        <translation>无 12 个月价值：%1</translation>
    </message>
    <message>
        <source>Updating the estimates…</source>
        <translation>正在更新预估…</translation>
    </message>
    <message>
        <source>Updated as of %1.</source>
        <translation>已更新，截至 %1。</translation>
    </message>
    <message>
        <source>The estimates could not be updated: %1</source>
        <translation>无法更新预估：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ShopCircle 店圈</source>
        <translation>店圈 ShopCircle</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>顾客</translation>
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
    <message>
        <source>Switch staff</source>
        <translation>切换店员</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>Switch staff…</source>
        <translation>切换店员…</translation>
    </message>
    <message>
        <source>Open another database…</source>
        <translation>打开其他数据库…</translation>
    </message>
    <message>
        <source>Back up now…</source>
        <translation>立即备份…</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <source>Open backups folder</source>
        <translation>打开备份文件夹</translation>
    </message>
    <message>
        <source>Check the database</source>
        <translation>检查数据库</translation>
    </message>
    <message>
        <source>Start my real shop…</source>
        <translation>开设我真正的店铺…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>使用指南</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>About ShopCircle</source>
        <translation>关于店圈</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Vie&amp;w</source>
        <translation>视图(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Only the owner can change the shop's database</source>
        <translation>只有店主可以更换店铺的数据库</translation>
    </message>
    <message>
        <source>Only the owner can restore a backup</source>
        <translation>只有店主可以恢复备份</translation>
    </message>
    <message>
        <source>Back to my shop (%1)</source>
        <translation>回到我的店铺（%1）</translation>
    </message>
    <message>
        <source>Open another database</source>
        <translation>打开其他数据库</translation>
    </message>
    <message>
        <source>%1 has changes that are not saved. Go on anyway and drop them?</source>
        <translation>%1 有尚未保存的修改。仍要继续并放弃这些修改吗？</translation>
    </message>
    <message>
        <source>Your shop's database is no longer at %1. If you moved it, open it with Settings → Database → Open another database…</source>
        <translation>你的店铺数据库已不在 %1。如果你移动了它，请通过“设置 → 数据库 → 打开其他数据库…”打开。</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <source>Signed in: %1</source>
        <translation>当前店员：%1</translation>
    </message>
    <message>
        <source>Switch to another staff member (Ctrl+L)</source>
        <translation>切换到其他店员（Ctrl+L）</translation>
    </message>
    <message>
        <source>%1 is no longer on the staff list. Nobody is signed in: quit ShopCircle?</source>
        <translation>%1 已不在店员名单中，当前无人登录。要退出店圈吗？</translation>
    </message>
    <message>
        <source>Wait for it, or cancel it and open the other shop?</source>
        <translation>等它完成，还是取消它并打开另一个店？</translation>
    </message>
    <message>
        <source>Wait for them, or cancel them and open the other shop?</source>
        <translation>等它们完成，还是取消它们并打开另一个店？</translation>
    </message>
    <message>
        <source>Wait for it, or cancel it and close?</source>
        <translation>等它完成，还是取消它并关闭？</translation>
    </message>
    <message>
        <source>Wait for them, or cancel them and close?</source>
        <translation>等它们完成，还是取消它们并关闭？</translation>
    </message>
    <message>
        <source>It cannot be stopped safely. Wait for it, then open the other shop?</source>
        <translation>它无法安全中止。等它完成后再打开另一个店？</translation>
    </message>
    <message>
        <source>It cannot be stopped safely. Wait for it, then close?</source>
        <translation>它无法安全中止。等它完成后再关闭？</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>Cancel and switch shop</source>
        <translation>取消并切换店铺</translation>
    </message>
    <message>
        <source>Cancel and close</source>
        <translation>取消并关闭</translation>
    </message>
    <message>
        <source>Don't close</source>
        <translation>不关闭</translation>
    </message>
    <message>
        <source>Stay in this shop</source>
        <translation>留在本店</translation>
    </message>
    <message>
        <source>Finishing the work under way…</source>
        <translation>正在完成进行中的工作…</translation>
    </message>
    <message>
        <source>Stop waiting</source>
        <translation>不再等待</translation>
    </message>
    <message>
        <source>An export is still running.</source>
        <translation>导出仍在进行。</translation>
    </message>
    <message>
        <source>A report is still being written.</source>
        <translation>报表仍在生成。</translation>
    </message>
    <message>
        <source>An import is still running.</source>
        <translation>导入仍在进行。</translation>
    </message>
    <message>
        <source>An import is still being undone.</source>
        <translation>导入仍在撤销中。</translation>
    </message>
    <message>
        <source>A backup is still being made.</source>
        <translation>备份仍在进行。</translation>
    </message>
    <message>
        <source>A backup is still being restored.</source>
        <translation>备份仍在恢复中。</translation>
    </message>
    <message>
        <source>A customer is still being erased.</source>
        <translation>顾客资料仍在抹除中。</translation>
    </message>
    <message>
        <source>The database is still being checked.</source>
        <translation>数据库仍在检查中。</translation>
    </message>
    <message>
        <source>The database is still being repaired.</source>
        <translation>数据库仍在修复中。</translation>
    </message>
    <message>
        <source>Work is still under way.</source>
        <translation>仍有工作在进行。</translation>
    </message>
</context>
<context>
    <name>MemberTableModel</name>
    <message>
        <source>Active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>Bought in the last 365 days</source>
        <translation>最近 365 天内有购买</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>不活跃</translation>
    </message>
</context>
<context>
    <name>MembersPanel</name>
    <message>
        <source>Zombie</source>
        <translation>僵尸</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>Add a member</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <source>Show former members</source>
        <translation>显示已退出的成员</translation>
    </message>
    <message>
        <source>Add a member: name, phone, last 4 digits or pinyin</source>
        <translation>添加成员：姓名、手机号、尾号 4 位或拼音</translation>
    </message>
    <message>
        <source>Add member</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <source>Add the picked customer to this community (Enter)</source>
        <translation>把选中的客户加入此社群（回车）</translation>
    </message>
    <message>
        <source>Remove member…</source>
        <translation>移除成员…</translation>
    </message>
    <message>
        <source>End the selected membership today (Del)</source>
        <translation>今天结束选中成员的成员资格（Del）</translation>
    </message>
    <message>
        <source>No community selected</source>
        <translation>未选择社群</translation>
    </message>
    <message numerus="yes">
        <source>Nobody, leader included, bought in the last %n day(s)</source>
        <translation>
            <numerusform>最近 %n 天内无人购买（含群主）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2 active (%3) · created %4</source>
        <translation>%1，%2 名活跃（%3）· 创建于 %4</translation>
    </message>
    <message>
        <source>Leader (%1): %2</source>
        <translation>群主（%1）：%2</translation>
    </message>
    <message>
        <source>No members yet</source>
        <translation>还没有成员</translation>
    </message>
    <message>
        <source>Add the customers who are in this group: a name, phone or pinyin in the box above.</source>
        <translation>把群里的顾客加进来：在上方输入框里输入姓名、手机号或拼音。</translation>
    </message>
    <message>
        <source>No members</source>
        <translation>没有成员</translation>
    </message>
    <message>
        <source>This community is archived.</source>
        <translation>该社群已归档。</translation>
    </message>
    <message>
        <source>Pick a customer from the list first.</source>
        <translation>请先从列表中选择一位客户。</translation>
    </message>
    <message>
        <source>Remove %1 from %2? The membership ends today; they stay a customer.</source>
        <translation>将%1移出“%2”？成员资格今天结束，仍保留为客户。</translation>
    </message>
    <message>
        <source>Remove member</source>
        <translation>移除成员</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Put the deleted visit back (Ctrl+Z)</source>
        <translation>恢复刚删除的到店记录（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>隐藏此消息</translation>
    </message>
</context>
<context>
    <name>MonthFigures</name>
    <message>
        <source>Customers</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Levels</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Referrals and fission</source>
        <translation>推荐与裂变</translation>
    </message>
    <message>
        <source>Communities</source>
        <translation>社群</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Customers at each level, month end</source>
        <translation>月末各层级顾客数</translation>
    </message>
</context>
<context>
    <name>NewPinDialog</name>
    <message>
        <source>PIN for %1</source>
        <translation>%1 的 PIN 码</translation>
    </message>
    <message>
        <source>Current PIN</source>
        <translation>当前 PIN 码</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>新 PIN 码</translation>
    </message>
    <message>
        <source>Repeat new PIN</source>
        <translation>再次输入新 PIN 码</translation>
    </message>
    <message>
        <source>4 to 8 digits, asked when switching to %1 at the counter.</source>
        <translation>4 至 8 位数字，在前台切换到 %1 时需要输入。</translation>
    </message>
    <message>
        <source>The two PINs are not the same. Type the PIN again.</source>
        <translation>两次输入的 PIN 码不一致，请重新输入。</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>Please write a short reason.</source>
        <translation>请简单写一下原因。</translation>
    </message>
</context>
<context>
    <name>OwnPinPanel</name>
    <message>
        <source>My PIN</source>
        <translation>我的 PIN 码</translation>
    </message>
    <message>
        <source>Only the owner adds staff, changes roles and resets PINs.</source>
        <translation>只有店主可以添加员工、修改角色和重置 PIN 码。</translation>
    </message>
    <message>
        <source>Signed in as %1. Your PIN is asked when someone switches to you.</source>
        <translation>当前登录：%1。切换到你时需要输入你的 PIN 码。</translation>
    </message>
    <message>
        <source>Change my PIN…</source>
        <translation>修改我的 PIN 码…</translation>
    </message>
    <message>
        <source>Signed in as %1. You have no PIN: anyone at the counter can act as you.</source>
        <translation>当前登录：%1。你还没有 PIN 码：前台任何人都可以以你的身份操作。</translation>
    </message>
    <message>
        <source>Set my PIN…</source>
        <translation>设置我的 PIN 码…</translation>
    </message>
    <message>
        <source>Your new PIN is saved.</source>
        <translation>新的 PIN 码已保存。</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>PIN for %1:</source>
        <translation>%1 的 PIN 码：</translation>
    </message>
    <message numerus="yes">
        <source>Wrong PIN. %n more wrong PIN(s) and you must wait.</source>
        <translation>
            <numerusform>PIN 码不对。再错 %n 次就需要等待。</numerusform>
        </translation>
    </message>
    <message>
        <source>Wrong PIN. Try again.</source>
        <translation>PIN 码不对，请重试。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in %1 s.</source>
        <translation>PIN 码错误次数过多，请 %1 秒后再试。</translation>
    </message>
    <message>
        <source>You can type the PIN again.</source>
        <translation>现在可以重新输入 PIN 码了。</translation>
    </message>
</context>
<context>
    <name>PinLevelDialog</name>
    <message>
        <source>Pin level</source>
        <translation>手动设定层级</translation>
    </message>
    <message>
        <source>The pinned level replaces the one the rules give for %1 until the end date (or until you remove the pin).</source>
        <translation>在截止日期前（或在取消手动设定前），%1 的层级以手动设定为准，不再按规则计算。</translation>
    </message>
    <message>
        <source>this customer</source>
        <translation>该顾客</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Why, e.g. family of the owner, key partner</source>
        <translation>原因，例如：店主亲友、重要合作伙伴</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Leave unticked for a pin without an end date</source>
        <translation>不勾选则没有截止日期</translation>
    </message>
    <message>
        <source>Until (optional)</source>
        <translation>截止日期（可选）</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>设定</translation>
    </message>
</context>
<context>
    <name>Platforms</name>
    <message>
        <source>WeChat group</source>
        <translation>微信群</translation>
    </message>
    <message>
        <source>WeCom group</source>
        <translation>企业微信群</translation>
    </message>
    <message>
        <source>QQ group</source>
        <translation>QQ群</translation>
    </message>
    <message>
        <source>WhatsApp group</source>
        <translation>WhatsApp群</translation>
    </message>
    <message>
        <source>Facebook group</source>
        <translation>Facebook群组</translation>
    </message>
    <message>
        <source>Xiaohongshu (RED)</source>
        <translation>小红书</translation>
    </message>
    <message>
        <source>Douyin</source>
        <translation>抖音</translation>
    </message>
    <message>
        <source>In the shop (offline)</source>
        <translation>店内（线下）</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>PrivacyMenu</name>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>Save this customer's data…</source>
        <translation>导出此顾客的全部资料…</translation>
    </message>
    <message>
        <source>Erase personal data…</source>
        <translation>抹除个人资料…</translation>
    </message>
    <message>
        <source>Saved %1's data to %2</source>
        <translation>已将 %1 的资料保存到 %2</translation>
    </message>
    <message>
        <source>Erasing…</source>
        <translation>正在抹除…</translation>
    </message>
    <message>
        <source>Erased. Their visits stay, anonymous.</source>
        <translation>已抹除。到店记录以匿名方式保留。</translation>
    </message>
    <message>
        <source>Another window has the shop open: the old text leaves the file when it closes.</source>
        <translation>另一个窗口正打开本店：旧文字将在它关闭后从文件中清除。</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>customers in a referral loop: %1 (e.g. #%2)</source>
        <translation>处于推荐循环中的顾客：%1 位（例如 #%2）</translation>
    </message>
    <message>
        <source>customers who joined after their first visit: %1</source>
        <translation>入会日期晚于首次到店的顾客：%1 位</translation>
    </message>
    <message>
        <source>rows that point at rows that are gone: %1 (in %2)</source>
        <translation>指向已不存在记录的行：%1（在 %2 中）</translation>
    </message>
    <message>
        <source>visits whose amount does not fit their kind: %1</source>
        <translation>金额与类型不符的记录：%1 条</translation>
    </message>
    <message>
        <source>%1 was given another phone, %2 on row %3</source>
        <translation>%1 已在第 %3 行填写了另一个手机号 %2</translation>
    </message>
    <message>
        <source>a customer cannot refer themselves</source>
        <translation>顾客不能推荐自己</translation>
    </message>
    <message>
        <source>a file is already there; restore into it or choose a new name</source>
        <translation>那里已经有文件；请恢复到该文件中，或换一个新名称</translation>
    </message>
    <message>
        <source>a file that is not a ShopCircle backup is already there; choose another name</source>
        <translation>那里已有一个不是店圈备份的文件，请换一个名称</translation>
    </message>
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
        <source>a row needs a name, a code or a phone</source>
        <translation>每行需要姓名、会员号或手机号</translation>
    </message>
    <message>
        <source>a shop on a PostgreSQL server is backed up on the server (for example with pg_dump)</source>
        <translation>使用 PostgreSQL 服务器的店铺在服务器上备份（例如用 pg_dump）</translation>
    </message>
    <message>
        <source>a task cannot be routed via the customer themselves</source>
        <translation>任务不能经由顾客本人转达</translation>
    </message>
    <message>
        <source>an in-memory database has no file to back up</source>
        <translation>内存数据库没有可备份的文件</translation>
    </message>
    <message>
        <source>belongs to %1, not to %2</source>
        <translation>属于 %1，而不是 %2</translation>
    </message>
    <message>
        <source>cannot be changed on a visit</source>
        <translation>到店记录中不能修改此项</translation>
    </message>
    <message>
        <source>cannot be more purchase days than the days in the window</source>
        <translation>购买天数不能超过统计窗口的天数</translation>
    </message>
    <message>
        <source>cannot be negative</source>
        <translation>不能为负数</translation>
    </message>
    <message>
        <source>contains control characters</source>
        <translation>包含控制字符</translation>
    </message>
    <message>
        <source>each visit needs the customer's code or phone</source>
        <translation>每条记录需要顾客的会员号或手机号</translation>
    </message>
    <message>
        <source>give the new PIN with --pin when there is no terminal to ask in</source>
        <translation>没有可输入的终端时，请用 --pin 给出新 PIN 码</translation>
    </message>
    <message>
        <source>has a placeholder the app does not know; use {name}, {shop} or {staff}</source>
        <translation>含有应用不认识的占位符；请使用 {name}、{shop} 或 {staff}</translation>
    </message>
    <message>
        <source>has more than 2 decimal places</source>
        <translation>小数位超过 2 位</translation>
    </message>
    <message>
        <source>is after their first visit on %1</source>
        <translation>晚于其首次到店日期 %1</translation>
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
        <source>is given for two new customers, %1 and %2</source>
        <translation>被填给了两位新顾客：%1 和 %2</translation>
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
        <source>is not a date</source>
        <translation>不是日期</translation>
    </message>
    <message>
        <source>is not a date (use YYYY-MM-DD)</source>
        <translation>不是日期（请用 YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>is not a real date</source>
        <translation>不是真实存在的日期</translation>
    </message>
    <message>
        <source>is not a source the app knows: walk-in, referral, community, online, event, import or other (or 进店, 介绍, 社群, 线上, 活动, 导入, 其他)</source>
        <translation>不是本店认识的来源：进店、介绍、社群、线上、活动、导入或其他（也可写抖音、小红书、微信群、朋友介绍等）</translation>
    </message>
    <message>
        <source>is not a time of day (use HH:MM)</source>
        <translation>不是时间（请用 HH:MM）</translation>
    </message>
    <message>
        <source>is not a valid phone number for the shop's region</source>
        <translation>不是本店所在地区的有效手机号</translation>
    </message>
    <message>
        <source>is not a whole number</source>
        <translation>不是整数</translation>
    </message>
    <message>
        <source>is not an amount</source>
        <translation>不是有效金额</translation>
    </message>
    <message>
        <source>is not one of purchase, visit, service, event, refund</source>
        <translation>不是购买、到店、服务、活动、退款之一</translation>
    </message>
    <message>
        <source>is not one of the platforms on the list</source>
        <translation>不是列表中的平台</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>为必填项</translation>
    </message>
    <message>
        <source>is required for a new customer</source>
        <translation>新顾客必须填写</translation>
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
        <source>is too long</source>
        <translation>太长</translation>
    </message>
    <message>
        <source>it was made by a newer version of ShopCircle; update the app first</source>
        <translation>这是较新版本的店圈生成的，请先升级应用</translation>
    </message>
    <message>
        <source>may not contain spaces or control characters</source>
        <translation>不能包含空格或控制字符</translation>
    </message>
    <message>
        <source>more than one customer has this name; add a code or phone column</source>
        <translation>有多位顾客同名，请增加会员号或手机号列</translation>
    </message>
    <message>
        <source>more than one customer has this name; use their code or phone</source>
        <translation>有多位顾客同名，请改用会员号或手机号</translation>
    </message>
    <message>
        <source>must be 4 to 8 digits</source>
        <translation>必须是 4 到 8 位数字</translation>
    </message>
    <message>
        <source>must be a percentage from 0 to 100</source>
        <translation>必须是 0 到 100 之间的百分比</translation>
    </message>
    <message>
        <source>must be a whole amount, without cents</source>
        <translation>须为整数金额，不含角分</translation>
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
        <source>must be from 1900-01 to 9999-11</source>
        <translation>必须在 1900-01 到 9999-11 之间</translation>
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
        <source>must end in .json or .xlsx</source>
        <translation>文件名须以 .json 或 .xlsx 结尾</translation>
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
        <source>no ShopCircle database there</source>
        <translation>那里没有店圈数据库</translation>
    </message>
    <message>
        <source>no column for the customer's name, code or phone</source>
        <translation>没有顾客姓名、会员号或手机号的列</translation>
    </message>
    <message>
        <source>no customer has this phone; give their code to create them</source>
        <translation>没有顾客使用这个手机号；填写会员号即可新建该顾客</translation>
    </message>
    <message>
        <source>no customer with this code, phone or name</source>
        <translation>找不到这个会员号、手机号或姓名的顾客</translation>
    </message>
    <message>
        <source>no staff member has this name</source>
        <translation>没有叫这个名字的店员</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>only a refund can be negative</source>
        <translation>只有退款可以为负数</translation>
    </message>
    <message>
        <source>referrals would go round in a loop: %1</source>
        <translation>推荐关系会形成循环：%1</translation>
    </message>
    <message>
        <source>say why the visit is deleted</source>
        <translation>请说明删除这条到店记录的原因</translation>
    </message>
    <message>
        <source>that is a folder; choose or name a database file in it</source>
        <translation>这是一个文件夹；请在其中选择或命名一个数据库文件</translation>
    </message>
    <message>
        <source>that is the shop's database itself</source>
        <translation>这就是店铺当前使用的数据库</translation>
    </message>
    <message>
        <source>that is the shop's database itself; choose another file</source>
        <translation>这就是店铺当前使用的数据库，请选择其他文件</translation>
    </message>
    <message>
        <source>that is the shop's own database, not a table to import</source>
        <translation>这是本店自己的数据库，不是可导入的表格</translation>
    </message>
    <message>
        <source>the PostgreSQL driver is not installed (pip install -e '.[postgres]')</source>
        <translation>未安装 PostgreSQL 驱动（pip install -e '.[postgres]'）</translation>
    </message>
    <message>
        <source>the backup was written with another page size; it cannot be restored here</source>
        <translation>该备份的页面大小不同，无法在此恢复</translation>
    </message>
    <message>
        <source>the database is locked by another program; try again in a moment</source>
        <translation>数据库正被另一个程序锁定；请稍后再试</translation>
    </message>
    <message>
        <source>the database needs upgrading (%1)</source>
        <translation>数据库需要升级（%1）</translation>
    </message>
    <message>
        <source>the disk is full; free some space and try again (nothing was saved)</source>
        <translation>磁盘已满；请释放一些空间后再试（没有保存任何内容）</translation>
    </message>
    <message>
        <source>the file cannot be opened (check the folder exists and is writable)</source>
        <translation>无法打开该文件（请确认文件夹存在且可写入）</translation>
    </message>
    <message>
        <source>the file is damaged: %1</source>
        <translation>文件已损坏：%1</translation>
    </message>
    <message>
        <source>the file is empty or has no header line</source>
        <translation>文件为空或没有表头行</translation>
    </message>
    <message>
        <source>the file is not a ShopCircle database or is damaged</source>
        <translation>该文件不是店圈数据库，或已损坏</translation>
    </message>
    <message>
        <source>the file is not a valid .xlsx workbook</source>
        <translation>该文件不是有效的 .xlsx 工作簿</translation>
    </message>
    <message>
        <source>the file is too large to be a table of customers or visits</source>
        <translation>文件过大，不像顾客或消费记录表</translation>
    </message>
    <message>
        <source>the file or its folder is read-only; copy the database to a folder you can write to</source>
        <translation>该文件或其所在文件夹是只读的；请把数据库复制到可写入的文件夹</translation>
    </message>
    <message>
        <source>the first sheet is empty</source>
        <translation>第一个工作表是空的</translation>
    </message>
    <message>
        <source>the pin's end date is in the past</source>
        <translation>手动设定的截止日期已过</translation>
    </message>
    <message>
        <source>the referrer's own row, %1, is invalid</source>
        <translation>推荐人所在的第 %1 行无效</translation>
    </message>
    <message>
        <source>the same code as row %1</source>
        <translation>与第 %1 行的会员号相同</translation>
    </message>
    <message>
        <source>the same customer as row %1</source>
        <translation>与第 %1 行是同一位顾客</translation>
    </message>
    <message>
        <source>the same phone as row %1</source>
        <translation>与第 %1 行的手机号相同</translation>
    </message>
    <message>
        <source>customers in the search index: %1, in the shop: %2</source>
        <translation>搜索索引中的顾客：%1 位，店里实际：%2 位</translation>
    </message>
    <message>
        <source>the server has no database of that name</source>
        <translation>服务器上没有这个名称的数据库</translation>
    </message>
    <message>
        <source>the server is not answering; check its address and that it is running</source>
        <translation>服务器没有响应；请检查地址，并确认服务器正在运行</translation>
    </message>
    <message>
        <source>the server refused the user name or password</source>
        <translation>服务器拒绝了用户名或密码</translation>
    </message>
    <message>
        <source>the shop is busy (a counter is saving); try again in a moment</source>
        <translation>店铺正忙（有前台正在保存），请稍后再试</translation>
    </message>
    <message>
        <source>the text is neither UTF-8 nor GB18030/GBK</source>
        <translation>文本编码既不是 UTF-8 也不是 GB18030/GBK</translation>
    </message>
    <message>
        <source>the two PINs differ; nothing changed</source>
        <translation>两次输入的 PIN 码不一致，未做任何更改</translation>
    </message>
    <message>
        <source>the workbook has no sheet</source>
        <translation>工作簿中没有工作表</translation>
    </message>
    <message>
        <source>this backup is damaged; nothing was changed</source>
        <translation>这份备份已损坏，没有做任何修改</translation>
    </message>
    <message>
        <source>this backup is damaged; nothing was restored</source>
        <translation>这份备份已损坏，没有恢复任何内容</translation>
    </message>
    <message>
        <source>this customer is archived; restore them first</source>
        <translation>该顾客已归档，请先恢复</translation>
    </message>
    <message>
        <source>this customer was erased</source>
        <translation>该顾客已被删除</translation>
    </message>
    <message>
        <source>this customer was erased and cannot be imported again</source>
        <translation>该顾客已被删除，不能再次导入</translation>
    </message>
    <message>
        <source>this customer's data was erased</source>
        <translation>该顾客的资料已被清除</translation>
    </message>
    <message>
        <source>this is not a ShopCircle database</source>
        <translation>这不是店圈数据库</translation>
    </message>
    <message>
        <source>this is not a ShopCircle database, or it is damaged</source>
        <translation>这不是店圈数据库，或文件已损坏</translation>
    </message>
    <message>
        <source>this is not a text (CSV) file</source>
        <translation>这不是文本（CSV）文件</translation>
    </message>
    <message>
        <source>this kind of spreadsheet cannot be read; save it as .xlsx or .csv</source>
        <translation>无法读取这种表格，请另存为 .xlsx 或 .csv</translation>
    </message>
    <message>
        <source>this referrer was erased</source>
        <translation>该推荐人已被删除</translation>
    </message>
    <message>
        <source>this visit was already restored</source>
        <translation>这条到店记录已恢复</translation>
    </message>
    <message>
        <source>type your current PIN to change it</source>
        <translation>请先输入当前 PIN 码才能修改</translation>
    </message>
    <message>
        <source>unknown setting</source>
        <translation>未知设置项</translation>
    </message>
    <message>
        <source>pick the referrer from the list, or clear the field</source>
        <translation>请从列表中选择推荐人，或清空此栏</translation>
    </message>
    <message>
        <source>the workbook unpacks to more than the 500 MB an import reads</source>
        <translation>工作簿解压后超过 500 MB，超出导入能读取的上限</translation>
    </message>
    <message>
        <source>the workbook holds more than the 10,000,000 cells an import reads</source>
        <translation>工作簿包含超过 1000 万个单元格，超出导入能读取的上限</translation>
    </message>
    <message>
        <source>the workbook's XML is broken; the file is damaged or was not written by a spreadsheet program</source>
        <translation>工作簿的 XML 已损坏；文件已损坏，或不是由电子表格软件生成的</translation>
    </message>
    <message>
        <source>the workbook's XML declares entities (a DTD), which spreadsheet programs never write; refused as unsafe</source>
        <translation>工作簿的 XML 声明了实体（DTD），电子表格软件从不这样写；出于安全考虑拒绝读取</translation>
    </message>
    <message>
        <source>the workbook is damaged (a part does not unpack as its directory says)</source>
        <translation>工作簿已损坏（某个部分解压后与目录记载的不符）</translation>
    </message>
    <message>
        <source>the workbook holds a run of text longer than any cell can hold; refused as unsafe</source>
        <translation>工作簿中有一段文字比任何单元格能容纳的都长；出于安全考虑拒绝读取</translation>
    </message>
    <message>
        <source>the workbook has more parts than any spreadsheet has; refused as unsafe</source>
        <translation>工作簿包含的部件比任何电子表格都多；出于安全考虑拒绝读取</translation>
    </message>
    <message>
        <source>a formula without a saved value: open and save the file in Excel first</source>
        <translation>公式没有保存的计算结果：请先在 Excel 中打开并保存该文件</translation>
    </message>
    <message>
        <source>it was already undone</source>
        <translation>它已经被撤销过了</translation>
    </message>
    <message>
        <source>it was made before imports could be undone</source>
        <translation>这次导入发生在支持撤销之前</translation>
    </message>
    <message>
        <source>another import (%1) came after it</source>
        <translation>之后又有一次导入（%1）</translation>
    </message>
    <message>
        <source>a customer it changed is no longer in the shop</source>
        <translation>它改动过的一位顾客已不在店里</translation>
    </message>
    <message>
        <source>%1 was changed after the import</source>
        <translation>导入之后 %1 又被改动过</translation>
    </message>
    <message>
        <source>a visit was logged for %1, whom the import added</source>
        <translation>导入新增的顾客 %1 此后有了到店记录</translation>
    </message>
    <message>
        <source>%1 was referred by %2, whom the import added</source>
        <translation>%1 的推荐人是导入新增的顾客 %2</translation>
    </message>
    <message>
        <source>%1, whom the import added, joined a community</source>
        <translation>导入新增的顾客 %1 已加入社群</translation>
    </message>
    <message>
        <source>%1, whom the import added, leads a community</source>
        <translation>导入新增的顾客 %1 是社群的群主</translation>
    </message>
    <message>
        <source>%1, whom the import added, has a task</source>
        <translation>导入新增的顾客 %1 有跟进任务</translation>
    </message>
    <message>
        <source>a visit it added was changed or deleted after it</source>
        <translation>它新增的到店记录此后被修改或删除过</translation>
    </message>
    <message>
        <source>phone %1 now belongs to %2</source>
        <translation>手机号 %1 现在属于 %2</translation>
    </message>
    <message>
        <source>putting the referrers back would make a referral loop</source>
        <translation>恢复原来的推荐人会形成推荐循环</translation>
    </message>
</context>
<context>
    <name>ReferralsTab</name>
    <message>
        <source>Referred by:</source>
        <translation>推荐人：</translation>
    </message>
    <message>
        <source>Click a name to open that customer</source>
        <translation>点击姓名打开该顾客</translation>
    </message>
    <message>
        <source>Brought in (fission tree)</source>
        <translation>带来的顾客（裂变树）</translation>
    </message>
    <message>
        <source>Change referrer:</source>
        <translation>更改推荐人：</translation>
    </message>
    <message>
        <source>Set referrer</source>
        <translation>设为推荐人</translation>
    </message>
    <message>
        <source>Clear referrer</source>
        <translation>清除推荐人</translation>
    </message>
    <message>
        <source>Only a manager or the owner may do this.</source>
        <translation>只有店长或老板可以执行此操作。</translation>
    </message>
    <message>
        <source>Double-click or Enter opens that customer</source>
        <translation>双击或回车打开该顾客</translation>
    </message>
    <message>
        <source>nobody (came by themselves)</source>
        <translation>无（自己来的）</translation>
    </message>
    <message>
        <source>Has not brought anyone in yet</source>
        <translation>还没有推荐过任何人</translation>
    </message>
    <message>
        <source>When you add a customer they brought, set them as Referred by: their tree grows here.</source>
        <translation>添加由他带来的顾客时，把他填为推荐人：他的推荐树会在这里长出来。</translation>
    </message>
    <message>
        <source>%1 in %2 · %3 converted · revenue %4</source>
        <translation>%1，共 %2 · 已转化 %3 人 · 营收 %4</translation>
    </message>
    <message numerus="yes">
        <source>%n generation(s)</source>
        <translation>
            <numerusform>%n 代</numerusform>
        </translation>
    </message>
    <message>
        <source>Generation %1: %2 (%3 converted)</source>
        <translation>第 %1 代：%2 人（已转化 %3 人）</translation>
    </message>
    <message>
        <source>Referrer saved.</source>
        <translation>推荐人已保存。</translation>
    </message>
    <message>
        <source>%1 was brought by %2. Remove that link?</source>
        <translation>%1 是由 %2 推荐来的。要解除这一推荐关系吗？</translation>
    </message>
    <message>
        <source>Referrer cleared.</source>
        <translation>推荐人已清除。</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <source>Monthly loyalty report</source>
        <translation>月度忠诚度报告</translation>
    </message>
    <message>
        <source>Every metric of the month with the month before, the level migration, every customer, fission, communities, follow-up and staff activity, in one Excel workbook.</source>
        <translation>本月各项指标与上月对比、层级迁移、全部顾客、裂变、社群、跟进和员工业绩，汇总在一个 Excel 工作簿中。</translation>
    </message>
    <message>
        <source>The month to report on</source>
        <translation>要生成报告的月份</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <source>Write the workbook for this month (Ctrl+E)</source>
        <translation>生成该月的工作簿（Ctrl+E）</translation>
    </message>
    <message>
        <source>Only a manager or the owner may export: the workbook lists every customer's phone.</source>
        <translation>只有店长或老板可以导出：报表包含每位顾客的手机号。</translation>
    </message>
    <message>
        <source>Month:</source>
        <translation>月份：</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Computing the month's figures…</source>
        <translation>正在计算本月数据…</translation>
    </message>
    <message>
        <source>Point at a figure's name (ⓘ) to see what it counts; the workbook's last sheet, Notes, explains every figure and column.</source>
        <translation>把鼠标指向指标名称（ⓘ）即可查看它统计的内容；工作簿的最后一张表“说明”解释了每个指标和每一列。</translation>
    </message>
    <message>
        <source> (this month, so far)</source>
        <translation>（本月，截至目前）</translation>
    </message>
    <message>
        <source>%1 is not over: its figures run to today (day %2 of %3), beside the whole of %4.</source>
        <translation>%1 尚未结束：数据截至今天（第 %2 天，共 %3 天），对比的是 %4 全月。</translation>
    </message>
    <message>
        <source>%1 beside %2.</source>
        <translation>%1 对比 %2。</translation>
    </message>
    <message>
        <source>Save the monthly report</source>
        <translation>保存月度报告</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing the %1 report…</source>
        <translation>正在生成 %1 报告…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
        <source>The report could not be saved to %1: %2</source>
        <translation>报告无法保存到 %1：%2</translation>
    </message>
</context>
<context>
    <name>SaveButton</name>
    <message>
        <source>Save the visit (Enter in any field)</source>
        <translation>保存这次到店（在任意输入框按回车）</translation>
    </message>
    <message>
        <source>No customer highlighted: search above</source>
        <translation>未选中顾客：请先在上方搜索</translation>
    </message>
    <message>
        <source>Check the amount for %1</source>
        <translation>请检查%1的金额</translation>
    </message>
    <message>
        <source>Type the refund for %1</source>
        <translation>请输入给%1的退款金额</translation>
    </message>
    <message>
        <source>Refund %1 to %2</source>
        <translation>给%2退款 %1</translation>
    </message>
    <message>
        <source>Type the amount for %1 (Alt+V: a visit, no purchase)</source>
        <translation>请输入%1的消费金额（Alt+V：只到店不消费）</translation>
    </message>
    <message>
        <source>Save %1 for %2</source>
        <translation>为%2记录 %1</translation>
    </message>
    <message>
        <source>Save %1 for %2, no purchase</source>
        <translation>为%2记录%1（无消费）</translation>
    </message>
    <message>
        <source>Save %1 %2 for %3</source>
        <translation>为%3记录%1 %2</translation>
    </message>
</context>
<context>
    <name>SettingsSection</name>
    <message>
        <source>Signed in as staff: you can read these settings; only the owner or a manager can change them.</source>
        <translation>当前以店员身份登录：可以查看这些设置，只有店主或店长可以修改。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Put back the stored values</source>
        <translation>恢复为已保存的值</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save this section (Ctrl+S)</source>
        <translation>保存本部分（Ctrl+S）</translation>
    </message>
    <message>
        <source>Nothing was saved: correct the value marked in red.</source>
        <translation>未保存：请更正标红的数值。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Not saved yet</source>
        <translation>尚未保存</translation>
    </message>
</context>
<context>
    <name>ShopSection</name>
    <message>
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>e.g. Sunshine Corner Shop</source>
        <translation>例如：阳光便利店</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>店铺名称</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>货币</translation>
    </message>
    <message>
        <source>Amounts are shown and typed in this currency.</source>
        <translation>金额以此货币显示和输入。</translation>
    </message>
    <message>
        <source>Phone region</source>
        <translation>手机号地区</translation>
    </message>
    <message>
        <source>Phone numbers typed without a country code (such as +44 or +86) are read as numbers of this region. Type a region's first letters to jump to it.</source>
        <translation>不带国家代码（例如 +44 或 +86）输入的手机号按此地区识别。输入地区名称的首字母可快速跳转。</translation>
    </message>
    <message>
        <source>Customer code prefix</source>
        <translation>会员号前缀</translation>
    </message>
    <message>
        <source>Large purchases</source>
        <translation>大额消费</translation>
    </message>
    <message>
        <source>New customers get codes like %1. Codes already given do not change.</source>
        <translation>新顾客的会员号形如 %1。已分配的会员号不变。</translation>
    </message>
    <message>
        <source>Use up to 8 letters, digits or dashes, e.g. C or VIP-.</source>
        <translation>最多 8 个字母、数字或短横线，例如 C 或 VIP-。</translation>
    </message>
</context>
<context>
    <name>ShopSetupDialog</name>
    <message>
        <source>Start my real shop</source>
        <translation>开设我真正的店铺</translation>
    </message>
    <message>
        <source>Your shop gets a new, empty database. The demo is kept beside it as shopcircle-demo.db: Settings → Database → Open another database… shows it again.</source>
        <translation>你的店铺将使用一个新的空数据库。演示店铺保留在旁边，名为 shopcircle-demo.db：在“设置 → 数据库 → 打开其他数据库…”中可以再次查看。</translation>
    </message>
    <message>
        <source>Start my shop</source>
        <translation>开设我的店铺</translation>
    </message>
</context>
<context>
    <name>ShopSetupForm</name>
    <message>
        <source>Shop name</source>
        <translation>店铺名称</translation>
    </message>
    <message>
        <source>e.g. Sunshine Corner Shop</source>
        <translation>例如：阳光便利店</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>你的姓名</translation>
    </message>
    <message>
        <source>the owner</source>
        <translation>店主</translation>
    </message>
    <message>
        <source>Your PIN</source>
        <translation>你的 PIN</translation>
    </message>
    <message>
        <source>4 to 8 digits</source>
        <translation>4 到 8 位数字</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>货币</translation>
    </message>
    <message>
        <source>Phone region</source>
        <translation>手机号地区</translation>
    </message>
    <message>
        <source>The PIN keeps the owner's pages (settings, staff, backups) for you; staff you add later get their own. Phone numbers typed without a country code are read as numbers of the phone region. You can change all of this later in Settings.</source>
        <translation>PIN 为你守住店主的页面（设置、员工、备份）；以后添加的员工各有自己的 PIN。不带国家代码输入的手机号按此地区识别。这些以后都可以在“设置”中修改。</translation>
    </message>
    <message>
        <source>Please enter the shop's name.</source>
        <translation>请输入店铺名称。</translation>
    </message>
    <message>
        <source>Please enter your name.</source>
        <translation>请输入你的姓名。</translation>
    </message>
    <message>
        <source>Please choose a PIN of 4 to 8 digits.</source>
        <translation>请设置 4 到 8 位数字的 PIN。</translation>
    </message>
    <message>
        <source>The two PINs are not the same.</source>
        <translation>两次输入的 PIN 不一致。</translation>
    </message>
</context>
<context>
    <name>ShopSwitcher</name>
    <message>
        <source>ShopCircle database (*.db)</source>
        <translation>店圈数据库 (*.db)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Only the owner</source>
        <translation>仅限老板</translation>
    </message>
    <message>
        <source>Only the owner may open another database or start the real shop.</source>
        <translation>只有老板可以打开其他数据库或开始正式店铺。</translation>
    </message>
    <message>
        <source>Your shop is ready</source>
        <translation>你的店铺已准备好</translation>
    </message>
    <message>
        <source>%1 is ready for its first customer. The demo is kept as %2 in the same folder; Settings → Database → Open another database… shows it again.</source>
        <translation>%1 已准备好迎接第一位顾客。演示店铺以 %2 保存在同一文件夹；在“设置 → 数据库 → 打开其他数据库…”中可以再次查看。</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Move through the results, pick one</source>
        <translation>在结果中移动，选中一位</translation>
    </message>
    <message>
        <source>Clear the search, or go back to it</source>
        <translation>清空搜索，或回到搜索框</translation>
    </message>
    <message>
        <source>Purchase, visit, service, event, refund</source>
        <translation>购买、到店、服务、活动、退款</translation>
    </message>
    <message>
        <source>Save the visit</source>
        <translation>保存这次登记</translation>
    </message>
    <message>
        <source>Undo the visit just saved</source>
        <translation>撤销刚保存的登记</translation>
    </message>
    <message>
        <source>Edit the customer</source>
        <translation>编辑顾客</translation>
    </message>
    <message>
        <source>Open the customer's page</source>
        <translation>打开顾客页面</translation>
    </message>
    <message>
        <source>Log a visit for the customer</source>
        <translation>为该顾客登记到店</translation>
    </message>
    <message>
        <source>Delete the selected visit</source>
        <translation>删除选中的到店记录</translation>
    </message>
    <message>
        <source>Put the deleted visit back</source>
        <translation>恢复刚删除的到店记录</translation>
    </message>
    <message>
        <source>Back to the list</source>
        <translation>返回列表</translation>
    </message>
    <message>
        <source>New task</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <source>Mark the task done</source>
        <translation>标记任务完成</translation>
    </message>
    <message>
        <source>Skip the task</source>
        <translation>跳过任务</translation>
    </message>
    <message>
        <source>Reopen the task</source>
        <translation>重新打开任务</translation>
    </message>
    <message>
        <source>Create tasks from the selected suggestions</source>
        <translation>用选中的建议创建任务</translation>
    </message>
    <message>
        <source>Dismiss the selected suggestions</source>
        <translation>忽略选中的建议</translation>
    </message>
    <message>
        <source>New community</source>
        <translation>新建社群</translation>
    </message>
    <message>
        <source>Remove the selected members</source>
        <translation>移除选中的成员</translation>
    </message>
    <message>
        <source>Export the month's workbook</source>
        <translation>导出本月工作簿</translation>
    </message>
    <message>
        <source>Save the section</source>
        <translation>保存本节</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Everywhere</source>
        <translation>任何页面</translation>
    </message>
</context>
<context>
    <name>SlippingPanel</name>
    <message>
        <source>Make a follow-up task, due today, for the selected customer</source>
        <translation>为选中的顾客建一个今天到期的跟进任务</translation>
    </message>
    <message>
        <source>Chance under</source>
        <translation>可能性低于</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Not enough data yet</source>
        <translation>数据还不够</translation>
    </message>
    <message numerus="yes">
        <source>%Ln customer(s) slipping away</source>
        <translation>
            <numerusform>%Ln 位顾客正在流失</numerusform>
        </translation>
    </message>
    <message>
        <source>No valuable customer is slipping away</source>
        <translation>没有正在流失的重要顾客</translation>
    </message>
    <message>
        <source>Message copied for %1.</source>
        <translation>已复制发给%1的消息。</translation>
    </message>
    <message>
        <source>Slipping away</source>
        <translation>正在流失</translation>
    </message>
    <message>
        <source>Estimated from the fit of %1</source>
        <translation>按 %1 的购买记录预估</translation>
    </message>
    <message>
        <source>Copy message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <source>Copy a win-back message to the selected customer, ready to paste into WeChat</source>
        <translation>复制一条发给选中顾客的挽回消息，可直接粘贴到微信</translation>
    </message>
    <message>
        <source>Who the win-back tasks made here are assigned to</source>
        <translation>在这里建的挽回任务交给谁</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>Customers whose chance of still being a customer is under this are listed. It is the shop's setting: every counter and the customer pages use it.</source>
        <translation>仍是顾客的可能性低于此值的顾客会列出。这是全店的设置：每台收银电脑和顾客页都按它判断。</translation>
    </message>
    <message>
        <source>Assign to</source>
        <translation>分配给</translation>
    </message>
    <message>
        <source>The first %1 of %2</source>
        <translation>共 %2 位中的前 %1 位</translation>
    </message>
    <message numerus="yes">
        <source>%Ln started slipping in the last 90 days, having bought in the last 365: listed first</source>
        <translation>
            <numerusform>其中 %Ln 位在最近 90 天内开始流失（且最近 365 天内买过），排在前面</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln recent first</source>
        <translation>
            <numerusform>最近流失的 %Ln 位在前</numerusform>
        </translation>
    </message>
    <message>
        <source>Customers who bought on two or more days and whose chance of still being a customer falls under %1 are listed here: those who started slipping in the last 90 days (having bought in the last 365) first, then the others, each group most value at risk first. Once followed up, a customer leaves the list until they buy again.</source>
        <translation>在两天或以上购买过、且仍是顾客的可能性低于 %1 的顾客会列在这里：最近 90 天内开始流失（且最近 365 天内买过）的在前，其余在后，每组按可能损失的价值从高到低。跟进过的顾客在再次购买之前不会再列出。</translation>
    </message>
    <message>
        <source>Win back: no purchase since %1</source>
        <translation>挽回：自 %1 起没有购买</translation>
    </message>
    <message numerus="yes">
        <source>Win back: no purchase since %1; used to come about every %n week(s)</source>
        <translation>
            <numerusform>挽回：自 %1 起没有购买；以前约每 %n 周来一次</numerusform>
        </translation>
    </message>
    <message>
        <source>Follow-up task made for %1.</source>
        <translation>已为%1建好跟进任务。</translation>
    </message>
</context>
<context>
    <name>SlippingTableModel</name>
    <message>
        <source>Still a customer</source>
        <translation>仍是顾客</translation>
    </message>
    <message>
        <source>Value at risk</source>
        <translation>每年可能损失</translation>
    </message>
    <message>
        <source>Those who started slipping in the last 90 days (having bought in the last 365) first, then the others; each group most value at risk first</source>
        <translation>最近 90 天内开始流失（且最近 365 天内买过）的在前，其余在后；每组按可能损失的价值从高到低</translation>
    </message>
    <message>
        <source>The chance that they are still a customer, from how often and how lately they bought</source>
        <translation>按购买的频率和最近一次购买估算的、仍是本店顾客的可能性</translation>
    </message>
    <message>
        <source>%1 purchase days, about %2 weeks apart.</source>
        <translation>%1 个购买日，平均约每 %2 周一次。</translation>
    </message>
    <message>
        <source>Slipping away since about %1, had they bought no more.</source>
        <translation>如果此后没有再购买，约从 %1 起开始流失。</translation>
    </message>
    <message>
        <source>The longer they stay away compared with how often they used to come, the lower the chance: a regular who stops is missed within weeks, a customer who came twice a year only after months.</source>
        <translation>没来的时间比平时的间隔长得越多，可能性越低：常客几周不来就会列出，一年来两次的顾客要几个月不来才会列出。</translation>
    </message>
    <message>
        <source>What the next 12 months would be worth had they stayed, times the chance they have gone</source>
        <translation>假如顾客留下，未来 12 个月的价值，乘以已经流失的可能性</translation>
    </message>
</context>
<context>
    <name>StaffBox</name>
    <message>
        <source>Who served the customer; remembered for the next visit</source>
        <translation>接待顾客的店员；下次会自动记住</translation>
    </message>
    <message>
        <source>(no staff)</source>
        <translation>（无店员）</translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <source>Edit staff member</source>
        <translation>编辑员工</translation>
    </message>
    <message>
        <source>Add staff member</source>
        <translation>添加员工</translation>
    </message>
    <message>
        <source>Remove the PIN</source>
        <translation>删除 PIN 码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Current PIN</source>
        <translation>当前 PIN 码</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
    <message>
        <source>Repeat PIN</source>
        <translation>再次输入 PIN 码</translation>
    </message>
    <message>
        <source>To change or remove your PIN, type the current one. Leave the rest empty to keep it.</source>
        <translation>要修改或删除你的 PIN 码，请先输入当前 PIN 码。其余留空则保持不变。</translation>
    </message>
    <message>
        <source>4 to 8 digits. Leave empty to keep the current PIN.</source>
        <translation>4 至 8 位数字。留空则保留当前 PIN 码。</translation>
    </message>
    <message>
        <source>Optional: 4 to 8 digits, asked when they sign in at the counter.</source>
        <translation>可选：4 至 8 位数字，在前台登录时输入。</translation>
    </message>
    <message>
        <source>The owner manages staff and PINs, restores backups and repairs the database; managers change settings and levels, import and export; staff serve customers at the counter. Once the shop has two people, every owner needs a PIN.</source>
        <translation>店主管理员工和 PIN 码、恢复备份、修复数据库；店长修改设置和层级、导入和导出；店员在前台服务顾客。店里有两人或以上时，每位店主都需要 PIN 码。</translation>
    </message>
</context>
<context>
    <name>StaffLogin</name>
    <message>
        <source>This shop has %1 staff members, so its owner needs a PIN: without one anyone at the counter could work as the owner. Choose your PIN to go on as %2.</source>
        <translation>本店有 %1 位员工，店主必须设置 PIN 码，否则前台任何人都能以店主身份操作。请先设置你的 PIN 码，再以 %2 的身份继续。</translation>
    </message>
    <message>
        <source>Who is at the counter?</source>
        <translation>现在谁在前台？</translation>
    </message>
</context>
<context>
    <name>StaffSection</name>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Everyone who serves at the counter. A PIN lets the counter know who logged a visit. Deactivated staff keep their history and can be reactivated.</source>
        <translation>所有在前台服务的人员。PIN 码让前台知道是谁登记的到店。停用的员工保留历史记录，可以重新启用。</translation>
    </message>
    <message>
        <source>Set the PIN…</source>
        <translation>设置 PIN 码…</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Add a staff member</source>
        <translation>添加一名员工</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Change name, role or PIN (Enter or double-click)</source>
        <translation>修改姓名、角色或 PIN 码（回车或双击）</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Show inactive</source>
        <translation>显示已停用</translation>
    </message>
    <message>
        <source>%1 (owner) has no PIN, so anyone at the counter can switch to the owner with Ctrl+L. Set a PIN for %1.</source>
        <translation>店主 %1 没有 PIN 码，前台任何人都能用 Ctrl+L 切换为店主。请为 %1 设置 PIN 码。</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <source>Let them sign in and be assigned tasks again</source>
        <translation>允许其重新登录并被分配任务</translation>
    </message>
    <message>
        <source>They can no longer sign in; their history stays</source>
        <translation>停用后无法登录，历史记录保留</translation>
    </message>
    <message>
        <source>Before a second person works in the shop, %1 (owner) needs a PIN. Without one, anyone at the counter could switch to the owner with Ctrl+L and change staff and settings.</source>
        <translation>在第二个人加入店铺之前，店主 %1 需要设置 PIN 码。否则前台任何人都能用 Ctrl+L 切换为店主，修改员工和设置。</translation>
    </message>
    <message>
        <source>The PIN for %1 is set.</source>
        <translation>已为 %1 设置 PIN 码。</translation>
    </message>
    <message>
        <source>%1 was added.</source>
        <translation>已添加 %1。</translation>
    </message>
    <message>
        <source>%1 was saved.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <source>Deactivate staff member</source>
        <translation>停用员工</translation>
    </message>
    <message>
        <source>Deactivate %1? They can no longer sign in or be given tasks. Their history stays, and you can reactivate them later.</source>
        <translation>停用 %1？停用后无法登录，也不能被分配任务。历史记录会保留，之后可以重新启用。</translation>
    </message>
    <message>
        <source>%1 was deactivated.</source>
        <translation>已停用 %1。</translation>
    </message>
    <message>
        <source>%1 is active again.</source>
        <translation>%1 已重新启用。</translation>
    </message>
</context>
<context>
    <name>StaffTableModel</name>
    <message>
        <source>Set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在职</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Asks for this PIN at the counter</source>
        <translation>在前台需输入此 PIN 码</translation>
    </message>
    <message>
        <source>No PIN: anyone at the counter can act as them</source>
        <translation>未设 PIN 码：前台任何人都可以以其身份操作</translation>
    </message>
</context>
<context>
    <name>SuggestionTableModel</name>
    <message>
        <source>Most at stake first: the customer's level, what they are expected to be worth in the next 12 months, their spend in 365 days, how overdue</source>
        <translation>最要紧的在前：依次按顾客层级、预计未来 12 个月价值、近 365 天消费、逾期天数排序</translation>
    </message>
    <message>
        <source>The task will be routed via %1 %2</source>
        <translation>任务将经由%1 %2跟进</translation>
    </message>
</context>
<context>
    <name>SuggestionsPanel</name>
    <message>
        <source>No suggestions now</source>
        <translation>暂时没有建议</translation>
    </message>
    <message>
        <source>When the shop's rules find someone to follow up (a customer who stopped coming, a birthday, a new customer to welcome back), they are suggested here.</source>
        <translation>店里的规则发现需要跟进的顾客（不再来店的顾客、生日、值得再请回来的新顾客）时，会在这里提出建议。</translation>
    </message>
    <message>
        <source>Show the next suggestions waiting</source>
        <translation>显示接下来等待处理的建议</translation>
    </message>
    <message>
        <source>Copy message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <source>Copy a message for this suggestion's kind and customer, to paste into WeChat</source>
        <translation>按这条建议的类型和顾客复制一条消息，可粘贴到微信</translation>
    </message>
    <message>
        <source>Who the accepted tasks are assigned to</source>
        <translation>采纳后的任务分配给谁</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>采纳</translation>
    </message>
    <message>
        <source>Create tasks from the selected suggestions (Ctrl+Y)</source>
        <translation>根据选中的建议创建任务（Ctrl+Y）</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Hide the selected suggestions; this occasion is not suggested again (Del)</source>
        <translation>隐藏选中的建议；这一次不再提示（Del）</translation>
    </message>
    <message>
        <source>Assign to</source>
        <translation>分配给</translation>
    </message>
    <message numerus="yes">
        <source>%Ln for today</source>
        <translation>
            <numerusform>今天 %Ln 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Done for today</source>
        <translation>今天的已处理完</translation>
    </message>
    <message numerus="yes">
        <source>%Ln more waiting</source>
        <translation>
            <numerusform>另有 %Ln 条等待</numerusform>
        </translation>
    </message>
    <message>
        <source>counting the others…</source>
        <translation>其余的正在统计…</translation>
    </message>
    <message numerus="yes">
        <source>Show %Ln more</source>
        <translation>
            <numerusform>再显示 %Ln 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Every suggestion for today is answered. Show more to go on with the next ones.</source>
        <translation>今天的建议都已处理。点“再显示”继续处理后面的建议。</translation>
    </message>
    <message>
        <source>Message copied for %1.</source>
        <translation>已复制给%1的消息。</translation>
    </message>
    <message>
        <source>Looking for suggestions…</source>
        <translation>正在查找建议…</translation>
    </message>
    <message>
        <source>Reading more suggestions…</source>
        <translation>正在读取更多建议…</translation>
    </message>
    <message>
        <source>Dismiss %1 suggestions? They will not be suggested again for these occasions.</source>
        <translation>忽略这 %1 条建议？这些情况将不再提示。</translation>
    </message>
    <message>
        <source>Dismiss suggestions</source>
        <translation>忽略建议</translation>
    </message>
    <message>
        <source>Accepting %1 suggestions…</source>
        <translation>正在采纳 %1 条建议…</translation>
    </message>
    <message>
        <source>Dismissing %1 suggestions…</source>
        <translation>正在忽略 %1 条建议…</translation>
    </message>
    <message numerus="yes">
        <source>Accepted %Ln suggestion(s); the tasks are in the lists above.</source>
        <translation>
            <numerusform>已采纳 %Ln 条建议；任务见上方列表。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Dismissed %Ln suggestion(s).</source>
        <translation>
            <numerusform>已忽略 %Ln 条建议。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 could not be done; the first: %2</source>
        <translation>%1 条未能处理；第一条：%2</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <source>Contact directly?</source>
        <translation>直接联系？</translation>
    </message>
    <message>
        <source>New follow-up task</source>
        <translation>新建跟进任务</translation>
    </message>
    <message>
        <source>Contact the customer directly instead</source>
        <translation>改为直接联系该顾客</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>e.g. Call about the new autumn range</source>
        <translation>例如：电话介绍秋季新品</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Create task</source>
        <translation>创建任务</translation>
    </message>
    <message>
        <source>Create the task (Ctrl+Enter)</source>
        <translation>创建任务（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Will be routed via %1 %2</source>
        <translation>将经由%1 %2跟进</translation>
    </message>
    <message>
        <source>Pick a customer from the list (type a name, phone or pinyin).</source>
        <translation>请从列表中选择顾客（输入姓名、手机号或拼音）。</translation>
    </message>
</context>
<context>
    <name>TaskLists</name>
    <message>
        <source>Due in the next 7 days</source>
        <translation>未来 7 天内到期</translation>
    </message>
    <message>
        <source>Done or skipped in the last %1 days</source>
        <translation>最近 %1 天内完成或跳过的任务</translation>
    </message>
    <message>
        <source>Done…</source>
        <translation>完成…</translation>
    </message>
    <message>
        <source>Mark the task done and note the outcome (Ctrl+D)</source>
        <translation>标记任务完成并记录结果（Ctrl+D）</translation>
    </message>
    <message>
        <source>Skip…</source>
        <translation>跳过…</translation>
    </message>
    <message>
        <source>Skip the task with a reason (Ctrl+K)</source>
        <translation>跳过任务并说明原因（Ctrl+K）</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Open a done or skipped task again (Ctrl+R)</source>
        <translation>重新打开已完成或已跳过的任务（Ctrl+R）</translation>
    </message>
    <message>
        <source>Reassign…</source>
        <translation>改派…</translation>
    </message>
    <message>
        <source>Give the task to someone else</source>
        <translation>把任务交给其他人</translation>
    </message>
    <message>
        <source>Copy message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <source>Copy a message for this task's kind and customer, to paste into WeChat</source>
        <translation>按这个任务的类型和顾客复制一条消息，可粘贴到微信</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>打开顾客</translation>
    </message>
    <message>
        <source>Show the customer (Enter or double-click a row)</source>
        <translation>查看顾客（回车或双击一行）</translation>
    </message>
    <message>
        <source>Nothing due today</source>
        <translation>今天没有到期的任务</translation>
    </message>
    <message>
        <source>Tasks due today appear here: make one with New task…, or accept a suggestion below.</source>
        <translation>今天到期的任务会显示在这里：点“新建任务…”创建，或接受下方的建议。</translation>
    </message>
    <message>
        <source>Nothing overdue</source>
        <translation>没有逾期的任务</translation>
    </message>
    <message>
        <source>Open tasks whose day has passed appear here.</source>
        <translation>过了日期还未完成的任务会显示在这里。</translation>
    </message>
    <message>
        <source>Nothing due in the next 7 days</source>
        <translation>未来 7 天没有到期的任务</translation>
    </message>
    <message>
        <source>Open tasks due in the coming week appear here.</source>
        <translation>未来一周内到期的任务会显示在这里。</translation>
    </message>
    <message>
        <source>Nothing closed in the last %1 days</source>
        <translation>最近 %1 天没有关闭的任务</translation>
    </message>
    <message>
        <source>Tasks marked done or skipped appear here.</source>
        <translation>标记为完成或跳过的任务会显示在这里。</translation>
    </message>
    <message>
        <source>Today (%1)</source>
        <translation>今天（%1）</translation>
    </message>
    <message>
        <source>Overdue (%1)</source>
        <translation>已逾期（%1）</translation>
    </message>
    <message>
        <source>Upcoming (%1)</source>
        <translation>即将到期（%1）</translation>
    </message>
    <message>
        <source>Closed (%1)</source>
        <translation>已关闭（%1）</translation>
    </message>
    <message>
        <source>The %1 most recent are listed.</source>
        <translation>列出最近的 %1 条。</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>完成：%1</translation>
    </message>
    <message>
        <source>Skip: %1</source>
        <translation>跳过：%1</translation>
    </message>
    <message>
        <source>What came of it? (optional)</source>
        <translation>结果如何？（可选）</translation>
    </message>
    <message>
        <source>Why is this task skipped?</source>
        <translation>为什么跳过这个任务？</translation>
    </message>
    <message>
        <source>e.g. called, coming on Saturday for the new range</source>
        <translation>例如：已电话联系，周六来店看新品</translation>
    </message>
    <message>
        <source>e.g. moved away, asked not to be contacted</source>
        <translation>例如：已搬走、不希望被联系</translation>
    </message>
    <message>
        <source>Done: %1.</source>
        <translation>已完成：%1。</translation>
    </message>
    <message>
        <source>Skipped: %1.</source>
        <translation>已跳过：%1。</translation>
    </message>
    <message>
        <source>Reopened: %1.</source>
        <translation>已重新打开：%1。</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>Message copied for %1.</source>
        <translation>已复制给%1的消息。</translation>
    </message>
</context>
<context>
    <name>TaskTableModel</name>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>逾期 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>A %1 customer: contact them through %2 %3</source>
        <translation>%1顾客：请通过%2 %3联系</translation>
    </message>
</context>
<context>
    <name>TasksTab</name>
    <message>
        <source>New task:</source>
        <translation>新建任务：</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>What to do (optional)</source>
        <translation>要做什么（可选）</translation>
    </message>
    <message>
        <source>Add task</source>
        <translation>添加任务</translation>
    </message>
    <message>
        <source>No follow-up tasks</source>
        <translation>没有跟进任务</translation>
    </message>
    <message>
        <source>Add one in the line above: a call, a visit, a message, with its day.</source>
        <translation>在上方一行添加：打电话、拜访或发消息，并选好日期。</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
</context>
<context>
    <name>TimelineTab</name>
    <message>
        <source>Log:</source>
        <translation>登记：</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Save the visit (Enter)</source>
        <translation>保存到店记录（回车）</translation>
    </message>
    <message>
        <source>Delete visit…</source>
        <translation>删除到店记录…</translation>
    </message>
    <message>
        <source>Delete the selected visit, with a reason (Delete)</source>
        <translation>删除选中的到店记录，需填写原因（Delete）</translation>
    </message>
    <message>
        <source>Log a visit</source>
        <translation>登记到店</translation>
    </message>
    <message>
        <source>No visits yet</source>
        <translation>还没有到店记录</translation>
    </message>
    <message>
        <source>Log the first one in the line above.</source>
        <translation>在上方一行登记第一次到店。</translation>
    </message>
    <message>
        <source>%1 logged.</source>
        <translation>已登记%1。</translation>
    </message>
    <message>
        <source>Level now %1.</source>
        <translation>层级现为%1。</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2 的%1</translation>
    </message>
    <message>
        <source>Visit deleted: %1.</source>
        <translation>已删除到店记录：%1。</translation>
    </message>
    <message>
        <source>The visit is back.</source>
        <translation>到店记录已恢复。</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <source>MMM yyyy</source>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <source>%1 (month to date)</source>
        <translation>%1（本月至今）</translation>
    </message>
    <message>
        <source>%1
New customers: %2
Buyers: %3
Revenue: %4
Repurchase rate: %5</source>
        <translation>%1
新顾客：%2
购买人数：%3
营收：%4
复购率：%5</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新顾客</translation>
    </message>
    <message>
        <source>Buyers</source>
        <translation>购买人数</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>营收</translation>
    </message>
    <message>
        <source>Month to date</source>
        <translation>本月至今</translation>
    </message>
    <message>
        <source>Repurchase rate</source>
        <translation>复购率</translation>
    </message>
    <message>
        <source>Revenue (thousands)</source>
        <translation>营收（千）</translation>
    </message>
</context>
<context>
    <name>UndoImportButton</name>
    <message>
        <source>Undo this import</source>
        <translation>撤销这次导入</translation>
    </message>
    <message>
        <source>Put the customers it changed back as they were and remove the customers and visits it added, while none of them has changed since</source>
        <translation>将这次导入改动的顾客恢复原样，并删除它新增的顾客和到店记录（前提是此后它们都没有再被改动）</translation>
    </message>
    <message>
        <source>Undo the last import (%1, %2)</source>
        <translation>撤销上一次导入（%1，%2）</translation>
    </message>
    <message>
        <source>Put the %1 customers it changed back as they were and remove the %2 customers and %3 visits it added?</source>
        <translation>将这次导入改动的 %1 位顾客恢复原样，并删除它新增的 %2 位顾客和 %3 条到店记录？</translation>
    </message>
    <message>
        <source>The import was undone: %1 customers put back as they were, %2 customers and %3 visits removed.</source>
        <translation>已撤销导入：%1 位顾客已恢复原样，已删除 %2 位顾客和 %3 条到店记录。</translation>
    </message>
    <message>
        <source>This import cannot be undone: %1. Nothing was changed.</source>
        <translation>无法撤销这次导入：%1。没有做任何改动。</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to ShopCircle</source>
        <translation>欢迎使用店圈</translation>
    </message>
    <message>
        <source>Welcome to ShopCircle 店圈</source>
        <translation>欢迎使用店圈 ShopCircle</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Follow the computer (%1)</source>
        <translation>跟随电脑（%1）</translation>
    </message>
    <message>
        <source>ShopCircle helps a shop turn first-time buyers into regulars who bring their friends. From each customer's purchases it works out one of five relationship levels:</source>
        <translation>店圈帮助店铺把第一次购买的顾客变成常来、还会带朋友来的老顾客。它根据每位顾客的购买记录，划分出五个关系层级：</translation>
    </message>
    <message>
        <source>a known contact with no purchase in the last year</source>
        <translation>已登记的联系人，最近一年没有购买</translation>
    </message>
    <message>
        <source>bought, but is not a regular yet</source>
        <translation>买过，但还不是常客</translation>
    </message>
    <message>
        <source>comes back, but still has many shops to choose from</source>
        <translation>会回购，但仍有很多店铺可选</translation>
    </message>
    <message>
        <source>trusts the shop: buys often and recently, or recommends it</source>
        <translation>信任本店：近期经常购买，或会推荐本店</translation>
    </message>
    <message>
        <source>two-way trust: brings others in, or leads a community</source>
        <translation>双向信任：主动带来新顾客，或带领社群</translation>
    </message>
    <message>
        <source>Strong and Super-strong customers are your super users. A %1 (group leader) leads a community such as a WeChat group; its members are %2. You serve a %2 through their %1, and a %2 who comes to trust the shop can become a %1.</source>
        <translation>强关系和超强关系顾客是你的超级用户。%1（团长）带领一个社群，例如微信群；社群成员是%2。你通过%1服务%2；信任本店的%2也可以成长为%1。</translation>
    </message>
    <message>
        <source>Demo shop</source>
        <translation>演示店铺</translation>
    </message>
    <message>
        <source>My shop</source>
        <translation>我的店铺</translation>
    </message>
    <message>
        <source>Start your real shop, empty: its name, yours and a PIN, then add customers.</source>
        <translation>开设你真正的店铺（从空白开始）：填写店名、你的姓名和 PIN，然后添加顾客。</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>A new computer: bring the shop over from a backup copy of its database.</source>
        <translation>换了新电脑：从店铺数据库的备份中把店铺搬过来。</translation>
    </message>
    <message>
        <source>A few facts and you are ready. You are the shop's owner: add staff later in Settings.</source>
        <translation>填几项就可以开始。你是店铺的店主；员工以后可在“设置”中添加。</translation>
    </message>
    <message>
        <source>Look around a made-up shop with customers, visits, referrals and communities.</source>
        <translation>浏览一个虚构的店铺，其中有顾客、到店记录、推荐和社群。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
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
    <message numerus="yes">
        <source>%n more active referral(s)</source>
        <translation>
            <numerusform>再增加活跃推荐 %n 人</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last purchase %n day(s) ago (%2 %3)</source>
        <translation>
            <numerusform>距上次购买 %n 天（%2 %3）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n purchase day(s) in the last %4 (%2 %3)</source>
        <translation>
            <numerusform>近 %4 天购买 %n 天（%2 %3）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active referral(s) (%2 %3)</source>
        <translation>
            <numerusform>活跃推荐 %n 人（%2 %3）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active member(s) in communities they lead (%2 %3)</source>
        <translation>
            <numerusform>所带社群活跃成员 %n 人（%2 %3）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>no purchase in the last %n day(s)</source>
        <translation>
            <numerusform>近 %n 天无购买</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln customer(s)</source>
        <translation>
            <numerusform>%Ln 位顾客</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln visit(s)</source>
        <translation>
            <numerusform>%Ln 条到店记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln member(s)</source>
        <translation>
            <numerusform>%Ln 名成员</numerusform>
        </translation>
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
        <source>Win back</source>
        <translation>挽回</translation>
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
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Levels</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Lifetime</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <source>My PIN</source>
        <translation>我的 PIN 码</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>China</source>
        <translation>中国</translation>
    </message>
    <message>
        <source>Hong Kong</source>
        <translation>中国香港</translation>
    </message>
    <message>
        <source>Macao</source>
        <translation>中国澳门</translation>
    </message>
    <message>
        <source>Taiwan</source>
        <translation>中国台湾</translation>
    </message>
    <message>
        <source>Singapore</source>
        <translation>新加坡</translation>
    </message>
    <message>
        <source>Malaysia</source>
        <translation>马来西亚</translation>
    </message>
    <message>
        <source>United States</source>
        <translation>美国</translation>
    </message>
    <message>
        <source>United Kingdom</source>
        <translation>英国</translation>
    </message>
    <message>
        <source>Australia</source>
        <translation>澳大利亚</translation>
    </message>
    <message>
        <source>Canada</source>
        <translation>加拿大</translation>
    </message>
    <message>
        <source>Japan</source>
        <translation>日本</translation>
    </message>
    <message>
        <source>South Korea</source>
        <translation>韩国</translation>
    </message>
    <message>
        <source>Chinese yuan (¥)</source>
        <translation>人民币（¥）</translation>
    </message>
    <message>
        <source>US dollar ($)</source>
        <translation>美元（$）</translation>
    </message>
    <message>
        <source>Euro (€)</source>
        <translation>欧元（€）</translation>
    </message>
    <message>
        <source>Hong Kong dollar (HK$)</source>
        <translation>港币（HK$）</translation>
    </message>
    <message>
        <source>New Taiwan dollar (NT$)</source>
        <translation>新台币（NT$）</translation>
    </message>
    <message>
        <source>Pound sterling (£)</source>
        <translation>英镑（£）</translation>
    </message>
    <message>
        <source>Japanese yen (¥)</source>
        <translation>日元（¥）</translation>
    </message>
    <message>
        <source>Singapore dollar (S$)</source>
        <translation>新加坡元（S$）</translation>
    </message>
    <message>
        <source>Malaysian ringgit (RM)</source>
        <translation>马来西亚令吉（RM）</translation>
    </message>
    <message>
        <source>Australian dollar (A$)</source>
        <translation>澳大利亚元（A$）</translation>
    </message>
    <message>
        <source>Canadian dollar (CA$)</source>
        <translation>加拿大元（CA$）</translation>
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
        <source>%1 — pinned (%2)</source>
        <translation>%1 — 手动设定（%2）</translation>
    </message>
    <message>
        <source>; the rules give %1</source>
        <translation>；按规则为%1</translation>
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
        <translation>
            <numerusform>再购买 %n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more active member(s) in communities they lead</source>
        <translation>
            <numerusform>所带社群再增加 %n 名活跃成员</numerusform>
        </translation>
    </message>
    <message>
        <source>last purchase today (%2 %3)</source>
        <translation>今天刚购买（%2 %3）</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1 即可升为%2</translation>
    </message>
</context>
</TS>