<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About this workstation</source>
        <translation>About this workstation</translation>
    </message>
    <message>
        <source>Beijing Municipal Commission of Science and Technology — Offline casework workstation</source>
        <translation>Beijing Municipal Commission of Science and Technology — Offline casework workstation</translation>
    </message>
    <message>
        <source>Bundled fonts and their licences</source>
        <translation>Bundled fonts and their licences</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Family</translation>
    </message>
    <message>
        <source>Used for</source>
        <translation>Used for</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>Licence text</source>
        <translation>Licence text</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Build</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>Runtime</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>Workstation</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Node</translation>
    </message>
    <message>
        <source>screen</source>
        <translation>screen</translation>
    </message>
    <message>
        <source>letters: FangSong</source>
        <translation>letters: FangSong</translation>
    </message>
    <message>
        <source>letters: Song</source>
        <translation>letters: Song</translation>
    </message>
    <message>
        <source>letters: Hei</source>
        <translation>letters: Hei</translation>
    </message>
    <message>
        <source>letters: Kai</source>
        <translation>letters: Kai</translation>
    </message>
    <message>
        <source>letters: titles</source>
        <translation>letters: titles</translation>
    </message>
    <message>
        <source>« Back</source>
        <translation>« Back</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>This step issues: %1</source>
        <translation>This step issues: %1</translation>
    </message>
    <message>
        <source>The draft kept at %1 has been put back.</source>
        <translation>The draft kept at %1 has been put back.</translation>
    </message>
    <message>
        <source>This step needs these particulars:</source>
        <translation>This step needs these particulars:</translation>
    </message>
    <message>
        <source>Opinion (required)</source>
        <translation>Opinion (required)</translation>
    </message>
    <message>
        <source>Opinion (optional)</source>
        <translation>Opinion (optional)</translation>
    </message>
    <message>
        <source>e.g. Examined: the materials are complete and compliant; agreed.</source>
        <translation>e.g. Examined: the materials are complete and compliant; agreed.</translation>
    </message>
    <message>
        <source>Enter in the last field, or Ctrl+Enter in the opinion</source>
        <translation>Enter in the last field, or Ctrl+Enter in the opinion</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Please correct the particulars marked in red.</source>
        <translation>Please correct the particulars marked in red.</translation>
    </message>
    <message>
        <source>Handling the case</source>
        <translation>Handling the case</translation>
    </message>
</context>
<context>
    <name>ArchiveCatalogueWindow</name>
    <message>
        <source>Archive catalogue</source>
        <translation>Archive catalogue</translation>
    </message>
    <message>
        <source>All years</source>
        <translation>All years</translation>
    </message>
    <message>
        <source>Any retention</source>
        <translation>Any retention</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Export electronic records…</source>
        <translation>Export electronic records…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>The archive is not available to your role.</source>
        <translation>The archive is not available to your role.</translation>
    </message>
    <message>
        <source>Archive no.</source>
        <translation>Archive no.</translation>
    </message>
    <message>
        <source>Item no.</source>
        <translation>Item no.</translation>
    </message>
    <message>
        <source>Document no.</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Author</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Retention</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>Classification</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Writing the archive files</source>
        <translation>Writing the archive files</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>Exported: %1</source>
        <translation>Exported: %1</translation>
    </message>
    <message>
        <source>Typesetting the catalogue</source>
        <translation>Typesetting the catalogue</translation>
    </message>
    <message>
        <source>Where to put the electronic records</source>
        <translation>Where to put the electronic records</translation>
    </message>
    <message>
        <source>Electronic records written to %1</source>
        <translation>Electronic records written to %1</translation>
    </message>
</context>
<context>
    <name>BoolEditor</name>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
</context>
<context>
    <name>BulkParamsDialog</name>
    <message numerus="yes">
        <source>Workflow action on %n case(s)</source>
        <translation>
            <numerusform>Workflow action on %n case</numerusform>
            <numerusform>Workflow action on %n cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Change the handler of %n case(s)</source>
        <translation>
            <numerusform>Change the handler of %n case</numerusform>
            <numerusform>Change the handler of %n cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Issue a letter for %n case(s)</source>
        <translation>
            <numerusform>Issue a letter for %n case</numerusform>
            <numerusform>Issue a letter for %n cases</numerusform>
        </translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <source>New handler (user name)</source>
        <translation>New handler (user name)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Letter</translation>
    </message>
    <message>
        <source>Save the PDFs in</source>
        <translation>Save the PDFs in</translation>
    </message>
    <message>
        <source>Choose the folder for the letters</source>
        <translation>Choose the folder for the letters</translation>
    </message>
</context>
<context>
    <name>BulkResultDialog</name>
    <message>
        <source>Bulk action: result</source>
        <translation>Bulk action: result</translation>
    </message>
    <message>
        <source>%1 done, %2 failed.</source>
        <translation>%1 done, %2 failed.</translation>
    </message>
    <message>
        <source>Cancelled: %1 not reached.</source>
        <translation>Cancelled: %1 not reached.</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Why it failed</source>
        <translation>Why it failed</translation>
    </message>
</context>
<context>
    <name>BulkRun</name>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cancelling after the current case…</source>
        <translation>Cancelling after the current case…</translation>
    </message>
    <message>
        <source>%1 of %2: %3</source>
        <translation>%1 of %2: %3</translation>
    </message>
</context>
<context>
    <name>CaseDetailDialog</name>
    <message>
        <source>Reading the case</source>
        <translation>Reading the case</translation>
    </message>
    <message>
        <source>Case %1</source>
        <translation>Case %1</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Expert panel…</source>
        <translation>Expert panel…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
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
        <source>Handle:</source>
        <translation>Handle:</translation>
    </message>
    <message>
        <source>No step is open to you in this state.</source>
        <translation>No step is open to you in this state.</translation>
    </message>
    <message>
        <source>Moves the case to “%1”</source>
        <translation>Moves the case to “%1”</translation>
    </message>
    <message>
        <source>An opinion is required.</source>
        <translation>An opinion is required.</translation>
    </message>
    <message>
        <source>%1: the case is now “%2”.</source>
        <translation>%1: the case is now “%2”.</translation>
    </message>
    <message>
        <source>Issue: %1</source>
        <translation>Issue: %1</translation>
    </message>
    <message>
        <source>Filed (archive no. %1): the case is read-only.</source>
        <translation>Filed (archive no. %1): the case is read-only.</translation>
    </message>
    <message>
        <source>The changes have been saved.</source>
        <translation>The changes have been saved.</translation>
    </message>
    <message>
        <source>Row %1</source>
        <translation>Row %1</translation>
    </message>
    <message>
        <source>No organisation is linked to this case.</source>
        <translation>No organisation is linked to this case.</translation>
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
        <source>Handle:</source>
        <translation>Handle:</translation>
    </message>
    <message>
        <source>Letters to issue:</source>
        <translation>Letters to issue:</translation>
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
        <source>Computed checks</source>
        <translation>Computed checks</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
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
</context>
<context>
    <name>CaseFormDialog</name>
    <message>
        <source>New case: %1</source>
        <translation>New case: %1</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>Edit %1</translation>
    </message>
    <message>
        <source>The draft kept at %1 has been put back.</source>
        <translation>The draft kept at %1 has been put back.</translation>
    </message>
    <message>
        <source>Fields marked * are required. Amounts are typed in the unit shown beside them, e.g. 1,500,000.00.</source>
        <translation>Fields marked * are required. Amounts are typed in the unit shown beside them, e.g. 1,500,000.00.</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>Registration</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>Classification</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>Received on</translation>
    </message>
    <message>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Classification period or condition</source>
        <translation>Classification period or condition</translation>
    </message>
    <message>
        <source>e.g. 10 years, or: until the project is accepted</source>
        <translation>e.g. 10 years, or: until the project is accepted</translation>
    </message>
    <message>
        <source>Persons in the know</source>
        <translation>Persons in the know</translation>
    </message>
    <message>
        <source>Particulars of the case</source>
        <translation>Particulars of the case</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter or Ctrl+S)</source>
        <translation>Save (Ctrl+Enter or Ctrl+S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Discard the draft</source>
        <translation>Discard the draft</translation>
    </message>
    <message>
        <source>(no title yet)</source>
        <translation>(no title yet)</translation>
    </message>
    <message numerus="yes">
        <source>%n field(s) need correcting (see the red notes).</source>
        <translation>
            <numerusform>%n field needs correcting (see the red note).</numerusform>
            <numerusform>%n fields need correcting (see the red notes).</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Saving the case</source>
        <translation>Saving the case</translation>
    </message>
    <message>
        <source>Registering the case</source>
        <translation>Registering the case</translation>
    </message>
</context>
<context>
    <name>CaseLettersPanel</name>
    <message>
        <source>Letters</source>
        <translation>Letters</translation>
    </message>
    <message>
        <source>Draft a letter</source>
        <translation>Draft a letter</translation>
    </message>
    <message>
        <source>Preview a letter before it is numbered; issue it from the preview</source>
        <translation>Preview a letter before it is numbered; issue it from the preview</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Reprint…</source>
        <translation>Reprint…</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>Void…</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Letter</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reading the letters</source>
        <translation>Reading the letters</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Void</translation>
    </message>
</context>
<context>
    <name>CaseMenu</name>
    <message>
        <source>Reading the case</source>
        <translation>Reading the case</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>Handle</translation>
    </message>
    <message>
        <source>Draft a letter</source>
        <translation>Draft a letter</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Reading the cases</source>
        <translation>Reading the cases</translation>
    </message>
    <message>
        <source>Click to sort by this column; click again to reverse</source>
        <translation>Click to sort by this column; click again to reverse</translation>
    </message>
    <message>
        <source>Lists sort by case no., state, due date or received date</source>
        <translation>Lists sort by case no., state, due date or received date</translation>
    </message>
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
        <source>Received</source>
        <translation>Received</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <source>Set a new passphrase</source>
        <translation>Set a new passphrase</translation>
    </message>
    <message>
        <source>A system administrator reset your passphrase. Choose a new one that only you know before you go on.</source>
        <translation>A system administrator reset your passphrase. Choose a new one that only you know before you go on.</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>New passphrase</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Again</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>The two passphrases differ.</translation>
    </message>
    <message>
        <source>Storing the new passphrase…</source>
        <translation>Storing the new passphrase…</translation>
    </message>
    <message>
        <source>Changing the passphrase</source>
        <translation>Changing the passphrase</translation>
    </message>
</context>
<context>
    <name>ChartCard</name>
    <message>
        <source>No cases counted yet.</source>
        <translation>No cases counted yet.</translation>
    </message>
    <message>
        <source>Export picture</source>
        <translation>Export picture</translation>
    </message>
    <message>
        <source>Save this chart as a PNG picture</source>
        <translation>Save this chart as a PNG picture</translation>
    </message>
    <message>
        <source>Export Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>Save this chart&apos;s figures as an Excel sheet</source>
        <translation>Save this chart&apos;s figures as an Excel sheet</translation>
    </message>
    <message>
        <source>Classification: %1   Workstation: %2   Exported by: %3   %4</source>
        <translation>Classification: %1   Workstation: %2   Exported by: %3   %4</translation>
    </message>
    <message>
        <source>Exporting the chart</source>
        <translation>Exporting the chart</translation>
    </message>
    <message>
        <source>PNG picture (*.png)</source>
        <translation>PNG picture (*.png)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
</context>
<context>
    <name>ConflictQueue</name>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>This workstation</source>
        <translation>This workstation</translation>
    </message>
    <message>
        <source>The other office</source>
        <translation>The other office</translation>
    </message>
    <message>
        <source>Shown now</source>
        <translation>Shown now</translation>
    </message>
    <message>
        <source>No open conflicts.</source>
        <translation>No open conflicts.</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Keep mine</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>Take theirs</translation>
    </message>
    <message>
        <source>New value…</source>
        <translation>New value…</translation>
    </message>
    <message>
        <source>Reading the conflicts</source>
        <translation>Reading the conflicts</translation>
    </message>
    <message>
        <source> (decided: %1)</source>
        <translation> (decided: %1)</translation>
    </message>
    <message>
        <source>Deciding a conflict</source>
        <translation>Deciding a conflict</translation>
    </message>
    <message>
        <source>Recorded; it goes to the other offices with the next package.</source>
        <translation>Recorded; it goes to the other offices with the next package.</translation>
    </message>
    <message>
        <source>Recorded; decide the case&apos;s other conflicts too.</source>
        <translation>Recorded; decide the case&apos;s other conflicts too.</translation>
    </message>
</context>
<context>
    <name>DashboardDialog</name>
    <message>
        <source>Statistics — %1</source>
        <translation>Statistics — %1</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Export all to Excel</source>
        <translation>Export all to Excel</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Computing the charts</source>
        <translation>Computing the charts</translation>
    </message>
    <message>
        <source>Classification of the figures: %1 · computed %2 · only cases you may see</source>
        <translation>Classification of the figures: %1 · computed %2 · only cases you may see</translation>
    </message>
    <message>
        <source>Exporting the charts</source>
        <translation>Exporting the charts</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Saved: %1</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <source>e.g. 2026-03-01</source>
        <translation>e.g. 2026-03-01</translation>
    </message>
    <message>
        <source>Type 2026-03-01, 2026/3/1, 20260301 or 2026年3月1日</source>
        <translation>Type 2026-03-01, 2026/3/1, 20260301 or 2026年3月1日</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <source>Pick the date on a calendar</source>
        <translation>Pick the date on a calendar</translation>
    </message>
</context>
<context>
    <name>Drafts</name>
    <message>
        <source>Reading the drafts</source>
        <translation>Reading the drafts</translation>
    </message>
    <message>
        <source>This form has changes that are not saved. Keep them as a draft (offered again when you open this form), or discard them?</source>
        <translation>This form has changes that are not saved. Keep them as a draft (offered again when you open this form), or discard them?</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>Keep as draft</source>
        <translation>Keep as draft</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>Go on editing</source>
        <translation>Go on editing</translation>
    </message>
    <message>
        <source>The draft could not be kept: %1</source>
        <translation>The draft could not be kept: %1</translation>
    </message>
</context>
<context>
    <name>DraftsDialog</name>
    <message>
        <source>Reading the drafts</source>
        <translation>Reading the drafts</translation>
    </message>
    <message>
        <source>Unsaved drafts</source>
        <translation>Unsaved drafts</translation>
    </message>
    <message>
        <source>These forms were left with changes that were not saved (the program was closed, stopped or locked). Go on with one, or discard it.</source>
        <translation>These forms were left with changes that were not saved (the program was closed, stopped or locked). Go on with one, or discard it.</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>Kept at</source>
        <translation>Kept at</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>Classification</translation>
    </message>
    <message>
        <source>Go on with it</source>
        <translation>Go on with it</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>Discard…</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Edit: %1</source>
        <translation>Edit: %1</translation>
    </message>
    <message>
        <source>Step: %1</source>
        <translation>Step: %1</translation>
    </message>
    <message>
        <source>New case: %1</source>
        <translation>New case: %1</translation>
    </message>
    <message>
        <source>Discard the draft</source>
        <translation>Discard the draft</translation>
    </message>
    <message>
        <source>Discard “%1”? What it holds is lost.</source>
        <translation>Discard “%1”? What it holds is lost.</translation>
    </message>
</context>
<context>
    <name>DueBadge</name>
    <message>
        <source>Overdue by %n day(s)</source>
        <translation>Overdue by %n day(s)</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>Due in %n day(s)</source>
        <translation>Due in %n day(s)</translation>
    </message>
    <message>
        <source>Within the period</source>
        <translation>Within the period</translation>
    </message>
    <message>
        <source>No statutory period is running.</source>
        <translation>No statutory period is running.</translation>
    </message>
    <message>
        <source>Due %1 (the case is closed)</source>
        <translation>Due %1 (the case is closed)</translation>
    </message>
    <message>
        <source> · due %1</source>
        <translation> · due %1</translation>
    </message>
    <message>
        <source>Due soon: within the reminder threshold of working days set for this workstation.</source>
        <translation>Due soon: within the reminder threshold of working days set for this workstation.</translation>
    </message>
    <message>
        <source>* The working-day calendar for this year is not verified.</source>
        <translation>* The working-day calendar for this year is not verified.</translation>
    </message>
</context>
<context>
    <name>DutyCasework</name>
    <message>
        <source>Import Excel</source>
        <translation>Import Excel</translation>
    </message>
    <message>
        <source>Import a list received as an Excel workbook, checked row by row</source>
        <translation>Import a list received as an Excel workbook, checked row by row</translation>
    </message>
    <message>
        <source>Bulk actions</source>
        <translation>Bulk actions</translation>
    </message>
    <message>
        <source>Select several cases (Ctrl or Shift + click), then act on all of them</source>
        <translation>Select several cases (Ctrl or Shift + click), then act on all of them</translation>
    </message>
    <message>
        <source>Workflow action…</source>
        <translation>Workflow action…</translation>
    </message>
    <message>
        <source>Change the handler…</source>
        <translation>Change the handler…</translation>
    </message>
    <message>
        <source>Issue a letter…</source>
        <translation>Issue a letter…</translation>
    </message>
    <message>
        <source>Bulk action</source>
        <translation>Bulk action</translation>
    </message>
</context>
<context>
    <name>DutyReports</name>
    <message>
        <source>Statistics</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>Charts of this duty&apos;s cases (only those you may see)</source>
        <translation>Charts of this duty&apos;s cases (only those you may see)</translation>
    </message>
    <message>
        <source>Export Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>Save the list as shown (filter or search result) as an Excel workbook</source>
        <translation>Save the list as shown (filter or search result) as an Excel workbook</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>%1 case(s) exported to %2</source>
        <translation>%1 case(s) exported to %2</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
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
    <message>
        <source>New case</source>
        <translation>New case</translation>
    </message>
    <message>
        <source>Only officers of this duty register its cases.</source>
        <translation>Only officers of this duty register its cases.</translation>
    </message>
    <message>
        <source>Register a new case: %1</source>
        <translation>Register a new case: %1</translation>
    </message>
    <message>
        <source>Register a new case; choose its type</source>
        <translation>Register a new case; choose its type</translation>
    </message>
    <message>
        <source>Searching</source>
        <translation>Searching</translation>
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
    <name>ExpertPoolWindow</name>
    <message>
        <source>Expert pool</source>
        <translation>Expert pool</translation>
    </message>
    <message>
        <source>Name, employer or title</source>
        <translation>Name, employer or title</translation>
    </message>
    <message>
        <source>Discipline code, e.g. 520</source>
        <translation>Discipline code, e.g. 520</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Any status</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <source>Pause / restore</source>
        <translation>Pause / restore</translation>
    </message>
    <message>
        <source>Record…</source>
        <translation>Record…</translation>
    </message>
    <message>
        <source>Import Excel…</source>
        <translation>Import Excel…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>The expert pool is not available to your role.</source>
        <translation>The expert pool is not available to your role.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Disciplines</source>
        <translation>Disciplines</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>New expert</source>
        <translation>New expert</translation>
    </message>
    <message>
        <source>Change expert %1</source>
        <translation>Change expert %1</translation>
    </message>
    <message>
        <source>Status of %1</source>
        <translation>Status of %1</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>Employer: %1</source>
        <translation>Employer: %1</translation>
    </message>
    <message>
        <source>Contact: %1</source>
        <translation>Contact: %1</translation>
    </message>
    <message>
        <source>Declared relation: %1</source>
        <translation>Declared relation: %1</translation>
    </message>
    <message>
        <source>Reviewed: %1</source>
        <translation>Reviewed: %1</translation>
    </message>
    <message>
        <source>On the panel of: %1</source>
        <translation>On the panel of: %1</translation>
    </message>
    <message>
        <source>Expert %1</source>
        <translation>Expert %1</translation>
    </message>
</context>
<context>
    <name>ExportWizard</name>
    <message>
        <source>Export a sync package</source>
        <translation>Export a sync package</translation>
    </message>
    <message>
        <source>To whom</source>
        <translation>To whom</translation>
    </message>
    <message>
        <source>The package is readable only by the workstations chosen here.</source>
        <translation>The package is readable only by the workstations chosen here.</translation>
    </message>
    <message>
        <source>Reading the trusted workstations…</source>
        <translation>Reading the trusted workstations…</translation>
    </message>
    <message>
        <source>Everything (a full package), not only what they lack</source>
        <translation>Everything (a full package), not only what they lack</translation>
    </message>
    <message>
        <source>Reading the trusted workstations</source>
        <translation>Reading the trusted workstations</translation>
    </message>
    <message>
        <source>No trusted workstation yet: add one under Peers first.</source>
        <translation>No trusted workstation yet: add one under Peers first.</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>Choose the folder on the approved removable medium.</source>
        <translation>Choose the folder on the approved removable medium.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Writing the package</source>
        <translation>Writing the package</translation>
    </message>
    <message>
        <source>Cancel the export</source>
        <translation>Cancel the export</translation>
    </message>
    <message>
        <source>Choose the folder on the medium</source>
        <translation>Choose the folder on the medium</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>Writing…</translation>
    </message>
    <message>
        <source>Writing a sync package</source>
        <translation>Writing a sync package</translation>
    </message>
    <message>
        <source>Damaged attachments</source>
        <translation>Damaged attachments</translation>
    </message>
    <message>
        <source>Write the package without the damaged attachments?</source>
        <translation>Write the package without the damaged attachments?</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Written: %1 cases, %2 attachments, to %3.</source>
        <translation>Written: %1 cases, %2 attachments, to %3.</translation>
    </message>
    <message>
        <source>Held back (not allowed for a recipient): %1 cases.</source>
        <translation>Held back (not allowed for a recipient): %1 cases.</translation>
    </message>
    <message>
        <source>Left out (damaged attachments): %1.</source>
        <translation>Left out (damaged attachments): %1.</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <source>Required: please fill this in.</source>
        <translation>Required: please fill this in.</translation>
    </message>
</context>
<context>
    <name>GlobalSearchDialog</name>
    <message>
        <source>Search all cases</source>
        <translation>Search all cases</translation>
    </message>
    <message>
        <source>Case no., document no., title, organisation, person, USCC, ID number…</source>
        <translation>Case no., document no., title, organisation, person, USCC, ID number…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>All duties</source>
        <translation>All duties</translation>
    </message>
    <message>
        <source>All case types</source>
        <translation>All case types</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>All districts</source>
        <translation>All districts</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>No case matches.</source>
        <translation>No case matches.</translation>
    </message>
    <message>
        <source>Duty</source>
        <translation>Duty</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Received from</source>
        <translation>Received from</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Export the results to Excel…</source>
        <translation>Export the results to Excel…</translation>
    </message>
    <message>
        <source>Export Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>%1 case(s) exported to %2</source>
        <translation>%1 case(s) exported to %2</translation>
    </message>
    <message>
        <source>Searching</source>
        <translation>Searching</translation>
    </message>
    <message>
        <source>Type words to search for, or choose a filter.</source>
        <translation>Type words to search for, or choose a filter.</translation>
    </message>
    <message numerus="yes">
        <source>The first %n results, best match first; add words or filters to narrow them.</source>
        <translation>
            <numerusform>The first %n result, best match first; add words or filters to narrow them.</numerusform>
            <numerusform>The first %n results, best match first; add words or filters to narrow them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) found</source>
        <translation>
            <numerusform>%n case found</numerusform>
            <numerusform>%n cases found</numerusform>
        </translation>
    </message>
    <message>
        <source>Expert pool: %1</source>
        <translation>Expert pool: %1</translation>
    </message>
    <message>
        <source>Integrity records in force: %1</source>
        <translation>Integrity records in force: %1</translation>
    </message>
    <message>
        <source>Matched in: %1</source>
        <translation>Matched in: %1</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <source>Manual</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Contents</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>The manual is missing from this installation: %1</source>
        <translation>The manual is missing from this installation: %1</translation>
    </message>
</context>
<context>
    <name>IdentifierEditor</name>
    <message>
        <source>e.g. %1</source>
        <translation>e.g. %1</translation>
    </message>
    <message>
        <source>%1 (leave blank to keep)</source>
        <translation>%1 (leave blank to keep)</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>born %1</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import an Excel list</source>
        <translation>Import an Excel list</translation>
    </message>
    <message>
        <source>Which list?</source>
        <translation>Which list?</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Excel file (.xlsx)</source>
        <translation>Excel file (.xlsx)</translation>
    </message>
    <message>
        <source>Kind of list</source>
        <translation>Kind of list</translation>
    </message>
    <message>
        <source>e.g. 海淀区技术合同登记站 (the mapping is kept for it)</source>
        <translation>e.g. 海淀区技术合同登记站 (the mapping is kept for it)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Case number of the survey to fill</source>
        <translation>Case number of the survey to fill</translation>
    </message>
    <message>
        <source>Target case</source>
        <translation>Target case</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>Checking the file…</translation>
    </message>
    <message>
        <source>Checking the file</source>
        <translation>Checking the file</translation>
    </message>
    <message>
        <source>Reading the sources</source>
        <translation>Reading the sources</translation>
    </message>
    <message>
        <source>Choose the Excel list</source>
        <translation>Choose the Excel list</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>Which column is which field?</source>
        <translation>Which column is which field?</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>Column in the file</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>(ignore this column)</source>
        <translation>(ignore this column)</translation>
    </message>
    <message>
        <source>The natural key is: %1.</source>
        <translation>The natural key is: %1.</translation>
    </message>
    <message>
        <source>The mapping saved for this source is filled in.</source>
        <translation>The mapping saved for this source is filled in.</translation>
    </message>
    <message>
        <source>Check every row</source>
        <translation>Check every row</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Checking the workbook</source>
        <translation>Checking the workbook</translation>
    </message>
    <message>
        <source>%1 rows: %2 new, %3 to update, %4 unchanged.</source>
        <translation>%1 rows: %2 new, %3 to update, %4 unchanged.</translation>
    </message>
    <message>
        <source>%1 rows have problems; correct the file and check again. Nothing is imported until every row passes.</source>
        <translation>%1 rows have problems; correct the file and check again. Nothing is imported until every row passes.</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Cancel the import</source>
        <translation>Cancel the import</translation>
    </message>
    <message>
        <source>Importing… nothing is kept unless every row is stored.</source>
        <translation>Importing… nothing is kept unless every row is stored.</translation>
    </message>
    <message>
        <source>Importing the workbook</source>
        <translation>Importing the workbook</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Reading row %1…</source>
        <translation>Reading row %1…</translation>
    </message>
    <message>
        <source>Storing row %1…</source>
        <translation>Storing row %1…</translation>
    </message>
    <message>
        <source>Imported: %1 new, %2 updated, %3 unchanged.</source>
        <translation>Imported: %1 new, %2 updated, %3 unchanged.</translation>
    </message>
</context>
<context>
    <name>IntegrityWindow</name>
    <message>
        <source>Research integrity records</source>
        <translation>Research integrity records</translation>
    </message>
    <message>
        <source>Name, decision number, issuing body or code</source>
        <translation>Name, decision number, issuing body or code</translation>
    </message>
    <message>
        <source>Only records in force today</source>
        <translation>Only records in force today</translation>
    </message>
    <message>
        <source>Report: cases hit</source>
        <translation>Report: cases hit</translation>
    </message>
    <message>
        <source>Enter…</source>
        <translation>Enter…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Revoke…</translation>
    </message>
    <message>
        <source>Import Excel…</source>
        <translation>Import Excel…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Research integrity records are not available to your role.</source>
        <translation>Research integrity records are not available to your role.</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Party</source>
        <translation>Party</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>Effect</source>
        <translation>Effect</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>In force</source>
        <translation>In force</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>Blocks acceptance</source>
        <translation>Blocks acceptance</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>until revoked</source>
        <translation>until revoked</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>All duties</source>
        <translation>All duties</translation>
    </message>
    <message>
        <source>New integrity record</source>
        <translation>New integrity record</translation>
    </message>
    <message>
        <source>Revoke %1</source>
        <translation>Revoke %1</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Reason:</translation>
    </message>
</context>
<context>
    <name>LetterPreviewDialog</name>
    <message>
        <source>Letter %1</source>
        <translation>Letter %1</translation>
    </message>
    <message>
        <source>%1 page(s). No seal is printed: stamp the paper copy.</source>
        <translation>%1 page(s). No seal is printed: stamp the paper copy.</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Issue (takes the number)…</source>
        <translation>Issue (takes the number)…</translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation>Save a copy…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Draft letter (not numbered)</source>
        <translation>Draft letter (not numbered)</translation>
    </message>
    <message>
        <source>DRAFT — not issued, no number taken. Check it, then issue it: issuing takes the next document number and registers the letter.</source>
        <translation>DRAFT — not issued, no number taken. Check it, then issue it: issuing takes the next document number and registers the letter.</translation>
    </message>
    <message>
        <source>%1 page(s), draft.</source>
        <translation>%1 page(s), draft.</translation>
    </message>
    <message>
        <source>Issuing takes the next document number and registers the letter. A number once taken can be voided but never reused. Issue it now?</source>
        <translation>Issuing takes the next document number and registers the letter. A number once taken can be voided but never reused. Issue it now?</translation>
    </message>
    <message>
        <source>Issuing: numbering, typesetting, registering…</source>
        <translation>Issuing: numbering, typesetting, registering…</translation>
    </message>
    <message>
        <source>Issuing the letter</source>
        <translation>Issuing the letter</translation>
    </message>
    <message>
        <source>Printed to the file %1 (the letter&apos;s own PDF/A, %2 page(s)).</source>
        <translation>Printed to the file %1 (the letter&apos;s own PDF/A, %2 page(s)).</translation>
    </message>
    <message>
        <source>The printer did not take the letter: %1</source>
        <translation>The printer did not take the letter: %1</translation>
    </message>
    <message>
        <source>The printer %1 could not be opened; nothing was printed.</source>
        <translation>The printer %1 could not be opened; nothing was printed.</translation>
    </message>
    <message>
        <source>Sent to the printer %1: %2 page(s).</source>
        <translation>Sent to the printer %1: %2 page(s).</translation>
    </message>
    <message>
        <source>Reading the OFD copy</source>
        <translation>Reading the OFD copy</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Saved: %1</translation>
    </message>
</context>
<context>
    <name>LetterRegisterTab</name>
    <message>
        <source>Void %1</source>
        <translation>Void %1</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Letter</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>Signed by</translation>
    </message>
    <message>
        <source>Fonts</source>
        <translation>Fonts</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Archive no.</source>
        <translation>Archive no.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Preview / print</source>
        <translation>Preview / print</translation>
    </message>
    <message>
        <source>Reprint…</source>
        <translation>Reprint…</translation>
    </message>
    <message>
        <source>Void number…</source>
        <translation>Void number…</translation>
    </message>
    <message>
        <source>Archive catalogue…</source>
        <translation>Archive catalogue…</translation>
    </message>
    <message>
        <source>The letter register is not available to your role.</source>
        <translation>The letter register is not available to your role.</translation>
    </message>
    <message>
        <source>Letter register</source>
        <translation>Letter register</translation>
    </message>
    <message>
        <source>Open its case</source>
        <translation>Open its case</translation>
    </message>
    <message>
        <source>Reading the letter register</source>
        <translation>Reading the letter register</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Void</translation>
    </message>
    <message numerus="yes">
        <source>%n letter(s)</source>
        <translation>
            <numerusform>%n letter</numerusform>
            <numerusform>%n letters</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LetterValuesDialog</name>
    <message>
        <source>What the letter still needs</source>
        <translation>What the letter still needs</translation>
    </message>
    <message>
        <source>The case does not hold everything this letter says. Give it here for this letter (or fill it in on the case and draft the letter again).</source>
        <translation>The case does not hold everything this letter says. Give it here for this letter (or fill it in on the case and draft the letter again).</translation>
    </message>
    <message>
        <source>Make the draft</source>
        <translation>Make the draft</translation>
    </message>
</context>
<context>
    <name>Letters</name>
    <message>
        <source>Save a copy</source>
        <translation>Save a copy</translation>
    </message>
    <message>
        <source>Issue the letter</source>
        <translation>Issue the letter</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Issue</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Not yet</translation>
    </message>
    <message>
        <source>The letter&apos;s date</source>
        <translation>The letter&apos;s date</translation>
    </message>
    <message>
        <source>Keep this date</source>
        <translation>Keep this date</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>The letter&apos;s date %1 is after today (%2).</source>
        <translation>The letter&apos;s date %1 is after today (%2).</translation>
    </message>
    <message>
        <source>The letter&apos;s date %1 is before the case was received (%2).</source>
        <translation>The letter&apos;s date %1 is before the case was received (%2).</translation>
    </message>
    <message>
        <source>Is this date right? The letter will carry it.</source>
        <translation>Is this date right? The letter will carry it.</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Hide</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Letter</translation>
    </message>
    <message>
        <source>Preparing the draft letter…</source>
        <translation>Preparing the draft letter…</translation>
    </message>
    <message>
        <source>Draft: %1 · %2</source>
        <translation>Draft: %1 · %2</translation>
    </message>
    <message>
        <source>No draft made: its date was not confirmed.</source>
        <translation>No draft made: its date was not confirmed.</translation>
    </message>
    <message>
        <source>Reading the letter</source>
        <translation>Reading the letter</translation>
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
        <source>Checking the passphrase</source>
        <translation>Checking the passphrase</translation>
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
        <source>&amp;Sync centre…</source>
        <translation>&amp;Sync centre…</translation>
    </message>
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
        <source>&amp;Search all cases…</source>
        <translation>&amp;Search all cases…</translation>
    </message>
    <message>
        <source>Only officers register cases.</source>
        <translation>Only officers register cases.</translation>
    </message>
    <message>
        <source>Counting the cases</source>
        <translation>Counting the cases</translation>
    </message>
    <message>
        <source>This step can no longer be taken on the case; the draft of its opinion is kept under Workstation ▸ Unsaved drafts.</source>
        <translation>This step can no longer be taken on the case; the draft of its opinion is kept under Workstation ▸ Unsaved drafts.</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Some operations were not made: the workstation was closing.</source>
        <translation>Some operations were not made: the workstation was closing.</translation>
    </message>
    <message>
        <source>Unsaved &amp;drafts…</source>
        <translation>Unsaved &amp;drafts…</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>&amp;Case</translation>
    </message>
    <message>
        <source>&amp;New case…</source>
        <translation>&amp;New case…</translation>
    </message>
    <message>
        <source>New case &amp;in</source>
        <translation>New case &amp;in</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <source>&amp;Previous tab</source>
        <translation>&amp;Previous tab</translation>
    </message>
    <message>
        <source>&amp;Next tab</source>
        <translation>&amp;Next tab</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Manual</source>
        <translation>&amp;Manual</translation>
    </message>
    <message>
        <source>Help on this &amp;page</source>
        <translation>Help on this &amp;page</translation>
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
        <source>Reading this workstation</source>
        <translation>Reading this workstation</translation>
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
    <name>MoneyEditor</name>
    <message>
        <source>in 10,000 yuan, e.g. 150.5</source>
        <translation>in 10,000 yuan, e.g. 150.5</translation>
    </message>
    <message>
        <source>e.g. 1,500,000.00</source>
        <translation>e.g. 1,500,000.00</translation>
    </message>
</context>
<context>
    <name>NewOrganisationDialog</name>
    <message>
        <source>Register an organisation</source>
        <translation>Register an organisation</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Opening</name>
    <message>
        <source>The workstation was locked: open it again.</source>
        <translation>The workstation was locked: open it again.</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>Exporting</source>
        <translation>Exporting</translation>
    </message>
</context>
<context>
    <name>OverflowBar</name>
    <message>
        <source>More</source>
        <translation>More</translation>
    </message>
    <message>
        <source>The tools that do not fit this window</source>
        <translation>The tools that do not fit this window</translation>
    </message>
</context>
<context>
    <name>PanelDialog</name>
    <message>
        <source>as the rules say</source>
        <translation>as the rules say</translation>
    </message>
    <message>
        <source>Discipline codes, e.g. 520,510 (empty: any)</source>
        <translation>Discipline codes, e.g. 520,510 (empty: any)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Fields</translation>
    </message>
    <message>
        <source>Draw the panel</source>
        <translation>Draw the panel</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <source>Invitation</source>
        <translation>Invitation</translation>
    </message>
    <message>
        <source>must withdraw (回避)</source>
        <translation>must withdraw (回避)</translation>
    </message>
    <message>
        <source>Scores…</source>
        <translation>Scores…</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Declined / withdraws…</source>
        <translation>Declined / withdraws…</translation>
    </message>
    <message>
        <source>Invitation letter</source>
        <translation>Invitation letter</translation>
    </message>
    <message>
        <source>Review summary</source>
        <translation>Review summary</translation>
    </message>
    <message>
        <source>Replay draws</source>
        <translation>Replay draws</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Expert panel of %1</source>
        <translation>Expert panel of %1</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>mean</translation>
    </message>
    <message>
        <source>mean without the highest and the lowest</source>
        <translation>mean without the highest and the lowest</translation>
    </message>
    <message>
        <source>weighted items</source>
        <translation>weighted items</translation>
    </message>
    <message>
        <source>Rules: %1. Scores are aggregated by %2.</source>
        <translation>Rules: %1. Scores are aggregated by %2.</translation>
    </message>
    <message>
        <source>Aggregate: %1</source>
        <translation>Aggregate: %1</translation>
    </message>
    <message>
        <source>No aggregate yet: %1</source>
        <translation>No aggregate yet: %1</translation>
    </message>
    <message>
        <source>the panel</source>
        <translation>the panel</translation>
    </message>
    <message>
        <source>a replacement</source>
        <translation>a replacement</translation>
    </message>
    <message>
        <source>Draw %1 (%2), seed %3: %4 eligible, %5 left out; drawn: %6</source>
        <translation>Draw %1 (%2), seed %3: %4 eligible, %5 left out; drawn: %6</translation>
    </message>
    <message>
        <source>%1 leaves the panel</source>
        <translation>%1 leaves the panel</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>Every draw replays to the recorded panel.</source>
        <translation>Every draw replays to the recorded panel.</translation>
    </message>
    <message>
        <source>A draw does NOT replay to what was recorded.</source>
        <translation>A draw does NOT replay to what was recorded.</translation>
    </message>
</context>
<context>
    <name>PartyPicker</name>
    <message>
        <source>Name or USCC: type 2 characters</source>
        <translation>Name or USCC: type 2 characters</translation>
    </message>
    <message>
        <source>New organisation…</source>
        <translation>New organisation…</translation>
    </message>
    <message>
        <source>Register an organisation from its unified social credit code</source>
        <translation>Register an organisation from its unified social credit code</translation>
    </message>
    <message>
        <source>Looking up organisations</source>
        <translation>Looking up organisations</translation>
    </message>
    <message>
        <source>No registered organisation matches; use “New organisation…” to register it.</source>
        <translation>No registered organisation matches; use “New organisation…” to register it.</translation>
    </message>
    <message>
        <source>Registered organisation: %1</source>
        <translation>Registered organisation: %1</translation>
    </message>
</context>
<context>
    <name>RatioEditor</name>
    <message>
        <source>e.g. 0.25 or 25%</source>
        <translation>e.g. 0.25 or 25%</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Classification</source>
        <translation>Classification</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RecordListWindow</name>
    <message>
        <source>Find</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>Reading the records</source>
        <translation>Reading the records</translation>
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
    <name>RowsEditor</name>
    <message>
        <source>Add row</source>
        <translation>Add row</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>Remove row</translation>
    </message>
    <message>
        <source>No rows yet: click “Add row”.</source>
        <translation>No rows yet: click “Add row”.</translation>
    </message>
    <message>
        <source>Row %1, %2: %3</source>
        <translation>Row %1, %2: %3</translation>
    </message>
    <message numerus="yes">
        <source> (and %n more cell(s))</source>
        <translation>
            <numerusform> (and %n more cell)</numerusform>
            <numerusform> (and %n more cells)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScoreDialog</name>
    <message>
        <source>Scores of %1</source>
        <translation>Scores of %1</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SharedMenu</name>
    <message>
        <source>S&amp;hared registers</source>
        <translation>S&amp;hared registers</translation>
    </message>
    <message>
        <source>&amp;Expert pool…</source>
        <translation>&amp;Expert pool…</translation>
    </message>
    <message>
        <source>&amp;Research integrity records…</source>
        <translation>&amp;Research integrity records…</translation>
    </message>
    <message>
        <source>&amp;Archive catalogue…</source>
        <translation>&amp;Archive catalogue…</translation>
    </message>
</context>
<context>
    <name>SyncCentre</name>
    <message>
        <source>Sync centre</source>
        <translation>Sync centre</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Peers</source>
        <translation>Peers</translation>
    </message>
    <message>
        <source>Export a package…</source>
        <translation>Export a package…</translation>
    </message>
    <message>
        <source>A package is readable only by the workstations it is for, and carries only what each of them may hold.</source>
        <translation>A package is readable only by the workstations it is for, and carries only what each of them may hold.</translation>
    </message>
    <message>
        <source>Import a package…</source>
        <translation>Import a package…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Module</translation>
    </message>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>Merged</translation>
    </message>
    <message>
        <source>Held back</source>
        <translation>Held back</translation>
    </message>
    <message>
        <source>No workstation is trusted yet. To exchange packages with another workstation, its security administrator and ours compare fingerprints (read aloud, never sent on the package's medium); then ours trusts its card.</source>
        <translation>No workstation is trusted yet. To exchange packages with another workstation, its security administrator and ours compare fingerprints (read aloud, never sent on the package's medium); then ours trusts its card.</translation>
    </message>
    <message>
        <source>Reading the peers</source>
        <translation>Reading the peers</translation>
    </message>
    <message>
        <source>This workstation: %1
Fingerprint: %2</source>
        <translation>This workstation: %1
Fingerprint: %2</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>Workstation</translation>
    </message>
    <message>
        <source>Ceiling</source>
        <translation>Ceiling</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>trusted</source>
        <translation>trusted</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>revoked</translation>
    </message>
    <message>
        <source>Last package: %1</source>
        <translation>Last package: %1</translation>
    </message>
    <message>
        <source>Choose a sync package</source>
        <translation>Choose a sync package</translation>
    </message>
    <message>
        <source>Sync packages (*.bjsync);;All files (*)</source>
        <translation>Sync packages (*.bjsync);;All files (*)</translation>
    </message>
    <message>
        <source>Checking and importing %1…</source>
        <translation>Checking and importing %1…</translation>
    </message>
    <message>
        <source>Importing a sync package</source>
        <translation>Importing a sync package</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Reading and checking the package: %1 of %2 MB</source>
        <translation>Reading and checking the package: %1 of %2 MB</translation>
    </message>
    <message>
        <source>Merging the records: %1 of %2</source>
        <translation>Merging the records: %1 of %2</translation>
    </message>
    <message>
        <source>This package was already imported; nothing was changed.</source>
        <translation>This package was already imported; nothing was changed.</translation>
    </message>
    <message>
        <source>Imported package %1 from %2.</source>
        <translation>Imported package %1 from %2.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>Workbench</name>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message numerus="yes">
        <source>Due within %n working day(s)</source>
        <translation>
            <numerusform>Due within %n working day</numerusform>
            <numerusform>Due within %n working days</numerusform>
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
        <source>Holiday notice to enter (year)</source>
        <translation>Holiday notice to enter (year)</translation>
    </message>
    <message>
        <source>No overdue cases.</source>
        <translation>No overdue cases.</translation>
    </message>
    <message>
        <source>Due today or soon</source>
        <translation>Due today or soon</translation>
    </message>
    <message numerus="yes">
        <source>No cases due in the next %n working day(s).</source>
        <translation>
            <numerusform>No cases due in the next %n working day.</numerusform>
            <numerusform>No cases due in the next %n working days.</numerusform>
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
    <message>
        <source>Reading the due cases</source>
        <translation>Reading the due cases</translation>
    </message>
    <message>
        <source>Reading the calendar</source>
        <translation>Reading the calendar</translation>
    </message>
    <message>
        <source>Expert pool: %1 · integrity records in force: %2, hitting %3 open case(s) · in expert review: %4 · filed this year: %5</source>
        <translation>Expert pool: %1 · integrity records in force: %2, hitting %3 open case(s) · in expert review: %4 · filed this year: %5</translation>
    </message>
    <message>
        <source>Reading the registers</source>
        <translation>Reading the registers</translation>
    </message>
</context>
<context>
    <name>WorkbenchReports</name>
    <message>
        <source>Export Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>Overdue cases</source>
        <translation>Overdue cases</translation>
    </message>
    <message>
        <source>Cases I handle</source>
        <translation>Cases I handle</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>%1 case(s) exported to %2</source>
        <translation>%1 case(s) exported to %2</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>_ComboEditor</name>
    <message>
        <source>(not filled in)</source>
        <translation>(not filled in)</translation>
    </message>
</context>
</TS>
