<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CaseDetailDialog</name>
    <message>
        <source>Case %1</source>
        <translation>Case %1</translation>
    </message>
    <message>
        <source>No statutory period running</source>
        <translation>No statutory period running</translation>
    </message>
    <message>
        <source> (calendar for this year not verified)</source>
        <translation> (calendar for this year not verified)</translation>
    </message>
    <message>
        <source>Row %1</source>
        <translation>Row %1</translation>
    </message>
    <message>
        <source>No organisation is linked to this case.</source>
        <translation>No organisation is linked to this case.</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Edited</translation>
    </message>
</context>
<context>
    <name>CaseDetailForm</name>
    <message>
        <source>Case type</source>
        <translation>Case type</translation>
    </message>
    <message>
        <source>Duty</source>
        <translation>Duty</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>Handler</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>Classification</translation>
    </message>
    <message>
        <source>Case particulars</source>
        <translation>Case particulars</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>Parties</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>Handling record</source>
        <translation>Handling record</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Case no.</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>Classification</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>Handler</translation>
    </message>
    <message>
        <source>No statutory period is running.</source>
        <translation>No statutory period is running.</translation>
    </message>
    <message numerus="yes">
        <source>Overdue by %n day(s)</source>
        <translation>
            <numerusform>Overdue by %n day</numerusform>
            <numerusform>Overdue by %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) left</source>
        <translation>
            <numerusform>%n day left</numerusform>
            <numerusform>%n days left</numerusform>
        </translation>
    </message>
    <message>
        <source>* The working-day calendar for this year is not verified.</source>
        <translation>* The working-day calendar for this year is not verified.</translation>
    </message>
</context>
<context>
    <name>DutyTab</name>
    <message>
        <source>All case types</source>
        <translation>All case types</translation>
    </message>
    <message>
        <source>Search case no., title, organisation…</source>
        <translation>Search case no., title, organisation…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Read the list again (F5)</source>
        <translation>Read the list again (F5)</translation>
    </message>
    <message>
        <source>No cases in this duty yet.</source>
        <translation>No cases in this duty yet.</translation>
    </message>
    <message>
        <source>This duty is outside your module scope.</source>
        <translation>This duty is outside your module scope.</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) found</source>
        <translation>
            <numerusform>%n case found</numerusform>
            <numerusform>%n cases found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) shown</source>
        <translation>
            <numerusform>%n case shown</numerusform>
            <numerusform>%n cases shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>The case content is hidden. Enter the passphrase of %1 to continue.</source>
        <translation>The case content is hidden. Enter the passphrase of %1 to continue.</translation>
    </message>
    <message>
        <source>Please enter your passphrase.</source>
        <translation>Please enter your passphrase.</translation>
    </message>
    <message>
        <source>Checking the passphrase…</source>
        <translation>Checking the passphrase…</translation>
    </message>
    <message>
        <source>Wrong passphrase.</source>
        <translation>Wrong passphrase.</translation>
    </message>
    <message numerus="yes">
        <source>Please wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>Please wait %n second before trying again.</numerusform>
            <numerusform>Please wait %n seconds before trying again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockScreenForm</name>
    <message>
        <source>This workstation is locked</source>
        <translation>This workstation is locked</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Quit the program</source>
        <translation>Quit the program</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in — bjstc workstation</source>
        <translation>Log in — bjstc workstation</translation>
    </message>
    <message>
        <source>Please enter your user name.</source>
        <translation>Please enter your user name.</translation>
    </message>
    <message>
        <source>Please enter your passphrase.</source>
        <translation>Please enter your passphrase.</translation>
    </message>
    <message>
        <source>Checking the passphrase…</source>
        <translation>Checking the passphrase…</translation>
    </message>
    <message numerus="yes">
        <source>Please wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>Please wait %n second before trying again.</numerusform>
            <numerusform>Please wait %n seconds before trying again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginForm</name>
    <message>
        <source>Beijing Municipal Commission of Science and Technology</source>
        <translation>Beijing Municipal Commission of Science and Technology</translation>
    </message>
    <message>
        <source>Offline casework workstation</source>
        <translation>Offline casework workstation</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>Workstation</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Beijing Municipal Commission of Science and Technology — Offline casework workstation</source>
        <translation>Beijing Municipal Commission of Science and Technology — Offline casework workstation</translation>
    </message>
    <message>
        <source>&amp;Workstation</source>
        <translation>&amp;Workstation</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Lock</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About this workstation</source>
        <translation>&amp;About this workstation</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Division head</source>
        <translation>Division head</translation>
    </message>
    <message>
        <source>System administrator</source>
        <translation>System administrator</translation>
    </message>
    <message>
        <source>Security administrator</source>
        <translation>Security administrator</translation>
    </message>
    <message>
        <source>Security auditor</source>
        <translation>Security auditor</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>User: %1</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>Role: %1</translation>
    </message>
    <message>
        <source>Clearance: %1</source>
        <translation>Clearance: %1</translation>
    </message>
    <message>
        <source>Workstation: %1</source>
        <translation>Workstation: %1</translation>
    </message>
    <message>
        <source>Classification ceiling: %1</source>
        <translation>Classification ceiling: %1</translation>
    </message>
    <message>
        <source>About this workstation</source>
        <translation>About this workstation</translation>
    </message>
    <message>
        <source>Workstation: %1
Fingerprint: %2
Node: %3</source>
        <translation>Workstation: %1
Fingerprint: %2
Node: %3</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>An unexpected error occurred. It has been written to the log; nothing was changed.</source>
        <translation>An unexpected error occurred. It has been written to the log; nothing was changed.</translation>
    </message>
    <message>
        <source>Cannot continue</source>
        <translation>Cannot continue</translation>
    </message>
</context>
<context>
    <name>RetryGate</name>
    <message>
        <source>%1 (%2 s)</source>
        <translation>%1 (%2 s)</translation>
    </message>
</context>
<context>
    <name>Workbench</name>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message numerus="yes">
        <source>Due within %n day(s)</source>
        <translation>
            <numerusform>Due within %n day</numerusform>
            <numerusform>Due within %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>Cases I handle</source>
        <translation>Cases I handle</translation>
    </message>
    <message>
        <source>Cases I may see</source>
        <translation>Cases I may see</translation>
    </message>
    <message>
        <source>No overdue cases.</source>
        <translation>No overdue cases.</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>Due soon</translation>
    </message>
    <message numerus="yes">
        <source>No cases due in the next %n day(s).</source>
        <translation>
            <numerusform>No cases due in the next %n day.</numerusform>
            <numerusform>No cases due in the next %n days.</numerusform>
        </translation>
    </message>
    <message>
        <source>My cases</source>
        <translation>My cases</translation>
    </message>
    <message>
        <source>You handle no cases at present.</source>
        <translation>You handle no cases at present.</translation>
    </message>
    <message>
        <source>Workbench</source>
        <translation>Workbench</translation>
    </message>
</context>
</TS>
