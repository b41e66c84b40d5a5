<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CaseDetailDialog</name>
    <message>
        <source>Case %1</source>
        <translation>案件 %1</translation>
    </message>
    <message>
        <source>No statutory period running</source>
        <translation>未计法定期限</translation>
    </message>
    <message>
        <source> (calendar for this year not verified)</source>
        <translation>（本年度工作日历未核实）</translation>
    </message>
    <message>
        <source>Row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>No organisation is linked to this case.</source>
        <translation>本案未关联单位。</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>修改</translation>
    </message>
</context>
<context>
    <name>CaseDetailForm</name>
    <message>
        <source>Case type</source>
        <translation>案件类型</translation>
    </message>
    <message>
        <source>Duty</source>
        <translation>所属业务</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收件日期</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Case particulars</source>
        <translation>案件信息</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事单位</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Handling record</source>
        <translation>办理记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>办理人</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Case no.</source>
        <translation>案号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>No statutory period is running.</source>
        <translation>尚未起算法定期限。</translation>
    </message>
    <message numerus="yes">
        <source>Overdue by %n day(s)</source>
        <translation>
            <numerusform>已超期 %n 天</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) left</source>
        <translation>
            <numerusform>剩余 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>* The working-day calendar for this year is not verified.</source>
        <translation>* 本年度工作日历尚未核实。</translation>
    </message>
</context>
<context>
    <name>DutyTab</name>
    <message>
        <source>All case types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Search case no., title, organisation…</source>
        <translation>搜索案号、标题、单位…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the list again (F5)</source>
        <translation>重新读取列表（F5）</translation>
    </message>
    <message>
        <source>No cases in this duty yet.</source>
        <translation>本业务暂无案件。</translation>
    </message>
    <message>
        <source>This duty is outside your module scope.</source>
        <translation>本业务不在您的办理范围内。</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) found</source>
        <translation>
            <numerusform>找到 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation>
            <numerusform>共 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) shown</source>
        <translation>
            <numerusform>已显示 %n 件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>The case content is hidden. Enter the passphrase of %1 to continue.</source>
        <translation>案件内容已隐藏。请输入 %1 的口令继续工作。</translation>
    </message>
    <message>
        <source>Please enter your passphrase.</source>
        <translation>请输入口令。</translation>
    </message>
    <message>
        <source>Checking the passphrase…</source>
        <translation>正在核验口令…</translation>
    </message>
    <message>
        <source>Wrong passphrase.</source>
        <translation>口令不正确。</translation>
    </message>
    <message numerus="yes">
        <source>Please wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>请 %n 秒后再试。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockScreenForm</name>
    <message>
        <source>This workstation is locked</source>
        <translation>工作站已锁定</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Quit the program</source>
        <translation>退出程序</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in — bjstc workstation</source>
        <translation>登录 — 离线办案工作站</translation>
    </message>
    <message>
        <source>Please enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Please enter your passphrase.</source>
        <translation>请输入口令。</translation>
    </message>
    <message>
        <source>Checking the passphrase…</source>
        <translation>正在核验口令…</translation>
    </message>
    <message numerus="yes">
        <source>Please wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>请 %n 秒后再试。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginForm</name>
    <message>
        <source>Beijing Municipal Commission of Science and Technology</source>
        <translation>北京市科学技术委员会</translation>
    </message>
    <message>
        <source>Offline casework workstation</source>
        <translation>离线办案工作站</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Beijing Municipal Commission of Science and Technology — Offline casework workstation</source>
        <translation>北京市科学技术委员会 — 离线办案工作站</translation>
    </message>
    <message>
        <source>&amp;Workstation</source>
        <translation>工作站(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>锁定(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About this workstation</source>
        <translation>关于本工作站(&amp;A)</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>科员</translation>
    </message>
    <message>
        <source>Division head</source>
        <translation>处长</translation>
    </message>
    <message>
        <source>System administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>Security administrator</source>
        <translation>安全保密管理员</translation>
    </message>
    <message>
        <source>Security auditor</source>
        <translation>安全审计员</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>用户：%1</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>角色：%1</translation>
    </message>
    <message>
        <source>Clearance: %1</source>
        <translation>涉密等级：%1</translation>
    </message>
    <message>
        <source>Workstation: %1</source>
        <translation>工作站：%1</translation>
    </message>
    <message>
        <source>Classification ceiling: %1</source>
        <translation>本机最高密级：%1</translation>
    </message>
    <message>
        <source>About this workstation</source>
        <translation>关于本工作站</translation>
    </message>
    <message>
        <source>Workstation: %1
Fingerprint: %2
Node: %3</source>
        <translation>工作站：%1
指纹：%2
节点标识：%3</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>An unexpected error occurred. It has been written to the log; nothing was changed.</source>
        <translation>发生意外错误，已记入日志；数据未被更改。</translation>
    </message>
    <message>
        <source>Cannot continue</source>
        <translation>无法继续</translation>
    </message>
</context>
<context>
    <name>RetryGate</name>
    <message>
        <source>%1 (%2 s)</source>
        <translation>%1（%2 秒）</translation>
    </message>
</context>
<context>
    <name>Workbench</name>
    <message>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message numerus="yes">
        <source>Due within %n day(s)</source>
        <translation>
            <numerusform>%n 天内到期</numerusform>
        </translation>
    </message>
    <message>
        <source>Cases I handle</source>
        <translation>我承办的案件</translation>
    </message>
    <message>
        <source>Cases I may see</source>
        <translation>可查看的案件</translation>
    </message>
    <message>
        <source>No overdue cases.</source>
        <translation>没有超期案件。</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message numerus="yes">
        <source>No cases due in the next %n day(s).</source>
        <translation>
            <numerusform>今后 %n 天内没有到期的案件。</numerusform>
        </translation>
    </message>
    <message>
        <source>My cases</source>
        <translation>我的案件</translation>
    </message>
    <message>
        <source>You handle no cases at present.</source>
        <translation>您目前没有承办的案件。</translation>
    </message>
    <message>
        <source>Workbench</source>
        <translation>工作台</translation>
    </message>
</context>
</TS>
