<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name>CommunitiesView</name>
    <message numerus="yes">
        <source>%Ln communit(y|ies)</source>
        <translation>
            <numerusform>%Ln community</numerusform>
            <numerusform>%Ln communities</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln zombie(s)</source>
        <translation>
            <numerusform>%Ln zombie</numerusform>
            <numerusform>%Ln zombies</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CommunityTableModel</name>
    <message numerus="yes">
        <source>Zombie: nobody, leader included, bought in the last %n day(s)</source>
        <translation>
            <numerusform>Zombie: nobody, leader included, bought in the last %n day</numerusform>
            <numerusform>Zombie: nobody, leader included, bought in the last %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Zombie community: nobody, leader included, bought in the last %n day(s)</source>
        <translation>
            <numerusform>Zombie community: nobody, leader included, bought in the last %n day</numerusform>
            <numerusform>Zombie community: nobody, leader included, bought in the last %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerExport</name>
    <message numerus="yes">
        <source>Exported %Ln customer(s) to %1</source>
        <translation>
            <numerusform>Exported %Ln customer to %1</numerusform>
            <numerusform>Exported %Ln customers to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerTimelineModel</name>
    <message numerus="yes">
        <source>%n purchase day(s) in %1 days</source>
        <translation>
            <numerusform>%n purchase day in %1 days</numerusform>
            <numerusform>%n purchase days in %1 days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last purchase %n day(s) before</source>
        <translation>
            <numerusform>last purchase %n day before</numerusform>
            <numerusform>last purchase %n days before</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active referral(s)</source>
        <translation>
            <numerusform>%n active referral</numerusform>
            <numerusform>%n active referrals</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active member(s) in communities they lead</source>
        <translation>
            <numerusform>%n active member in communities they lead</numerusform>
            <numerusform>%n active members in communities they lead</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>no purchase in more than %n day(s)</source>
        <translation>
            <numerusform>no purchase in more than %n day</numerusform>
            <numerusform>no purchase in more than %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message numerus="yes">
        <source>Communities with members where nobody, leader included, bought in the last %n day(s)</source>
        <translation>
            <numerusform>Communities with members where nobody, leader included, bought in the last %n day</numerusform>
            <numerusform>Communities with members where nobody, leader included, bought in the last %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FissionModel</name>
    <message numerus="yes">
        <source>%n generation(s)</source>
        <translation>
            <numerusform>%n generation</numerusform>
            <numerusform>%n generations</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FissionView</name>
    <message numerus="yes">
        <source>The %Ln biggest tree(s) by size</source>
        <translation>
            <numerusform>The %Ln biggest tree by size</numerusform>
            <numerusform>The %Ln biggest trees by size</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The %Ln tree(s) with the highest revenue</source>
        <translation>
            <numerusform>The %Ln tree with the highest revenue</numerusform>
            <numerusform>The %Ln trees with the highest revenue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln referral tree(s)</source>
        <translation>
            <numerusform>%Ln referral tree</numerusform>
            <numerusform>%Ln referral trees</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <source>%n row(s) read</source>
        <translation>
            <numerusform>%n row read</numerusform>
            <numerusform>%n rows read</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new customer(s) added</source>
        <translation>
            <numerusform>%n new customer added</numerusform>
            <numerusform>%n new customers added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n updated</source>
        <translation>
            <numerusform>%n updated</numerusform>
            <numerusform>%n updated</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n unchanged</numerusform>
            <numerusform>%n unchanged</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) added</source>
        <translation>
            <numerusform>%n visit added</numerusform>
            <numerusform>%n visits added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already in the shop</source>
        <translation>
            <numerusform>%n already in the shop</numerusform>
            <numerusform>%n already in the shop</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %n of them invalid: nothing was imported.</source>
        <translation>
            <numerusform>%1, %n of them invalid: nothing was imported.</numerusform>
            <numerusform>%1, %n of them invalid: nothing was imported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checked %n row(s); nothing was changed.</source>
        <translation>
            <numerusform>Checked %n row; nothing was changed.</numerusform>
            <numerusform>Checked %n rows; nothing was changed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n invalid; the others would give: %1.</source>
        <translation>
            <numerusform>%n invalid; the others would give: %1.</numerusform>
            <numerusform>%n invalid; the others would give: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation>
            <numerusform>%n skipped</numerusform>
            <numerusform>%n skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more, listed below.</source>
        <translation>
            <numerusform>… and %n more, listed below.</numerusform>
            <numerusform>… and %n more, listed below.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LargePurchaseLimitField</name>
    <message numerus="yes">
        <source>With only %n sale(s) so far, the automatic limit is %1.</source>
        <translation>
            <numerusform>With only %n sale so far, the automatic limit is %1.</numerusform>
            <numerusform>With only %n sales so far, the automatic limit is %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LevelRulesSection</name>
    <message numerus="yes">
        <source>%n customer(s) changed level.</source>
        <translation>
            <numerusform>%n customer changed level.</numerusform>
            <numerusform>%n customers changed level.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Lifetime</name>
    <message numerus="yes">
        <source>about %n purchase day(s) expected in 90 days</source>
        <translation>
            <numerusform>about %n purchase day expected in 90 days</numerusform>
            <numerusform>about %n purchase days expected in 90 days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LifetimeSection</name>
    <message numerus="yes">
        <source>%Ln customer(s) with a purchase, %1 of them on two or more days</source>
        <translation>
            <numerusform>%Ln customer with a purchase, %1 of them on two or more days</numerusform>
            <numerusform>%Ln customers with a purchase, %1 of them on two or more days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MembersPanel</name>
    <message numerus="yes">
        <source>Nobody, leader included, bought in the last %n day(s)</source>
        <translation>
            <numerusform>Nobody, leader included, bought in the last %n day</numerusform>
            <numerusform>Nobody, leader included, bought in the last %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message numerus="yes">
        <source>Wrong PIN. %n more wrong PIN(s) and you must wait.</source>
        <translation>
            <numerusform>Wrong PIN. %n more wrong PIN and you must wait.</numerusform>
            <numerusform>Wrong PIN. %n more wrong PINs and you must wait.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReferralsTab</name>
    <message numerus="yes">
        <source>%n generation(s)</source>
        <translation>
            <numerusform>%n generation</numerusform>
            <numerusform>%n generations</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SlippingPanel</name>
    <message numerus="yes">
        <source>%Ln customer(s) slipping away</source>
        <translation>
            <numerusform>%Ln customer slipping away</numerusform>
            <numerusform>%Ln customers slipping away</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln started slipping in the last 90 days, having bought in the last 365: listed first</source>
        <translation>
            <numerusform>%Ln started slipping in the last 90 days, having bought in the last 365: listed first</numerusform>
            <numerusform>%Ln started slipping in the last 90 days, having bought in the last 365: listed first</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln recent first</source>
        <translation>
            <numerusform>%Ln recent first</numerusform>
            <numerusform>%Ln recent first</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Win back: no purchase since %1; used to come about every %n week(s)</source>
        <translation>
            <numerusform>Win back: no purchase since %1; used to come about every %n week</numerusform>
            <numerusform>Win back: no purchase since %1; used to come about every %n weeks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SuggestionsPanel</name>
    <message numerus="yes">
        <source>%Ln for today</source>
        <translation>
            <numerusform>%Ln for today</numerusform>
            <numerusform>%Ln for today</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln more waiting</source>
        <translation>
            <numerusform>%Ln more waiting</numerusform>
            <numerusform>%Ln more waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show %Ln more</source>
        <translation>
            <numerusform>Show %Ln more</numerusform>
            <numerusform>Show %Ln more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accepted %Ln suggestion(s); the tasks are in the lists above.</source>
        <translation>
            <numerusform>Accepted %Ln suggestion; the tasks are in the lists above.</numerusform>
            <numerusform>Accepted %Ln suggestions; the tasks are in the lists above.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Dismissed %Ln suggestion(s).</source>
        <translation>
            <numerusform>Dismissed %Ln suggestion.</numerusform>
            <numerusform>Dismissed %Ln suggestions.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskTableModel</name>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message numerus="yes">
        <source>%n more purchase day(s)</source>
        <translation>
            <numerusform>%n more purchase day</numerusform>
            <numerusform>%n more purchase days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more active referral(s)</source>
        <translation>
            <numerusform>%n more active referral</numerusform>
            <numerusform>%n more active referrals</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more active member(s) in communities they lead</source>
        <translation>
            <numerusform>%n more active member in communities they lead</numerusform>
            <numerusform>%n more active members in communities they lead</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last purchase %n day(s) ago (%2 %3)</source>
        <translation>
            <numerusform>last purchase %n day ago (%2 %3)</numerusform>
            <numerusform>last purchase %n days ago (%2 %3)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n purchase day(s) in the last %4 (%2 %3)</source>
        <translation>
            <numerusform>%n purchase day in the last %4 (%2 %3)</numerusform>
            <numerusform>%n purchase days in the last %4 (%2 %3)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active referral(s) (%2 %3)</source>
        <translation>
            <numerusform>%n active referral (%2 %3)</numerusform>
            <numerusform>%n active referrals (%2 %3)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active member(s) in communities they lead (%2 %3)</source>
        <translation>
            <numerusform>%n active member in communities they lead (%2 %3)</numerusform>
            <numerusform>%n active members in communities they lead (%2 %3)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>no purchase in the last %n day(s)</source>
        <translation>
            <numerusform>no purchase in the last %n day</numerusform>
            <numerusform>no purchase in the last %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln customer(s)</source>
        <translation>
            <numerusform>%Ln customer</numerusform>
            <numerusform>%Ln customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln visit(s)</source>
        <translation>
            <numerusform>%Ln visit</numerusform>
            <numerusform>%Ln visits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln member(s)</source>
        <translation>
            <numerusform>%Ln member</numerusform>
            <numerusform>%Ln members</numerusform>
        </translation>
    </message>
</context>
</TS>