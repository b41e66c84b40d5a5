<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About this workstation</source>
        <translation>关于本工作站</translation>
    </message>
    <message>
        <source>Beijing Municipal Commission of Science and Technology — Offline casework workstation</source>
        <translation>北京市科学技术委员会离线办案工作站</translation>
    </message>
    <message>
        <source>Bundled fonts and their licences</source>
        <translation>随程序提供的字体及其许可证</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>字体</translation>
    </message>
    <message>
        <source>Used for</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Licence text</source>
        <translation>许可证全文</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>构建</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>运行环境</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点标识</translation>
    </message>
    <message>
        <source>screen</source>
        <translation>界面</translation>
    </message>
    <message>
        <source>letters: FangSong</source>
        <translation>公文：仿宋</translation>
    </message>
    <message>
        <source>letters: Song</source>
        <translation>公文：宋体</translation>
    </message>
    <message>
        <source>letters: Hei</source>
        <translation>公文：黑体</translation>
    </message>
    <message>
        <source>letters: Kai</source>
        <translation>公文：楷体</translation>
    </message>
    <message>
        <source>letters: titles</source>
        <translation>公文：标题（小标宋）</translation>
    </message>
    <message>
        <source>« Back</source>
        <translation>« 返回</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2（办理后状态）</translation>
    </message>
    <message>
        <source>This step issues: %1</source>
        <translation>本环节出具：%1</translation>
    </message>
    <message>
        <source>The draft kept at %1 has been put back.</source>
        <translation>已恢复 %1 保存的草稿。</translation>
    </message>
    <message>
        <source>This step needs these particulars:</source>
        <translation>办理本环节须填写以下事项：</translation>
    </message>
    <message>
        <source>Opinion (required)</source>
        <translation>办理意见（必填）</translation>
    </message>
    <message>
        <source>Opinion (optional)</source>
        <translation>办理意见（选填）</translation>
    </message>
    <message>
        <source>e.g. Examined: the materials are complete and compliant; agreed.</source>
        <translation>例如：经审查，材料齐全，符合规定，同意。</translation>
    </message>
    <message>
        <source>Enter in the last field, or Ctrl+Enter in the opinion</source>
        <translation>在最后一个输入框中按回车，或在意见框中按 Ctrl+Enter</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Please correct the particulars marked in red.</source>
        <translation>请更正标红的事项。</translation>
    </message>
    <message>
        <source>Handling the case</source>
        <translation>正在办理案件</translation>
    </message>
</context>
<context>
    <name>ArchiveCatalogueWindow</name>
    <message>
        <source>Archive catalogue</source>
        <translation>归档文件目录</translation>
    </message>
    <message>
        <source>All years</source>
        <translation>全部年度</translation>
    </message>
    <message>
        <source>Any retention</source>
        <translation>全部保管期限</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出Excel…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Export electronic records…</source>
        <translation>导出电子档案…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The archive is not available to your role.</source>
        <translation>您的角色不能查看归档文件。</translation>
    </message>
    <message>
        <source>Archive no.</source>
        <translation>档号</translation>
    </message>
    <message>
        <source>Item no.</source>
        <translation>件号</translation>
    </message>
    <message>
        <source>Document no.</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>责任者</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>题名</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>保管期限</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Writing the archive files</source>
        <translation>正在写出归档文件</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出Excel</translation>
    </message>
    <message>
        <source>Exported: %1</source>
        <translation>已导出：%1</translation>
    </message>
    <message>
        <source>Typesetting the catalogue</source>
        <translation>正在排版归档文件目录</translation>
    </message>
    <message>
        <source>Where to put the electronic records</source>
        <translation>电子档案存放位置</translation>
    </message>
    <message>
        <source>Electronic records written to %1</source>
        <translation>电子档案已导出到 %1</translation>
    </message>
</context>
<context>
    <name>BoolEditor</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>BulkParamsDialog</name>
    <message numerus="yes">
        <source>Workflow action on %n case(s)</source>
        <translation>
            <numerusform>对 %n 件案件办理</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Change the handler of %n case(s)</source>
        <translation>
            <numerusform>更改 %n 件案件的承办人</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Issue a letter for %n case(s)</source>
        <translation>
            <numerusform>为 %n 件案件签发文书</numerusform>
        </translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>New handler (user name)</source>
        <translation>新承办人（用户名）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>Save the PDFs in</source>
        <translation>PDF 保存到</translation>
    </message>
    <message>
        <source>Choose the folder for the letters</source>
        <translation>选择文书保存的文件夹</translation>
    </message>
</context>
<context>
    <name>BulkResultDialog</name>
    <message>
        <source>Bulk action: result</source>
        <translation>批量操作结果</translation>
    </message>
    <message>
        <source>%1 done, %2 failed.</source>
        <translation>完成 %1 件，失败 %2 件。</translation>
    </message>
    <message>
        <source>Cancelled: %1 not reached.</source>
        <translation>已取消：%1 件未处理。</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Why it failed</source>
        <translation>失败原因</translation>
    </message>
</context>
<context>
    <name>BulkRun</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling after the current case…</source>
        <translation>当前案件办完后取消…</translation>
    </message>
    <message>
        <source>%1 of %2: %3</source>
        <translation>第 %1 件，共 %2 件：%3</translation>
    </message>
</context>
<context>
    <name>CaseDetailDialog</name>
    <message>
        <source>Reading the case</source>
        <translation>正在读取案件</translation>
    </message>
    <message>
        <source>Case %1</source>
        <translation>案件 %1</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Expert panel…</source>
        <translation>专家评审…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
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
        <source>Handle:</source>
        <translation>办理：</translation>
    </message>
    <message>
        <source>No step is open to you in this state.</source>
        <translation>当前状态下您没有可办理的环节。</translation>
    </message>
    <message>
        <source>Moves the case to “%1”</source>
        <translation>办理后案件进入“%1”</translation>
    </message>
    <message>
        <source>An opinion is required.</source>
        <translation>须填写办理意见。</translation>
    </message>
    <message>
        <source>%1: the case is now “%2”.</source>
        <translation>已办理“%1”，案件现为“%2”。</translation>
    </message>
    <message>
        <source>Issue: %1</source>
        <translation>出具：%1</translation>
    </message>
    <message>
        <source>Filed (archive no. %1): the case is read-only.</source>
        <translation>已归档（档号 %1），案件只读。</translation>
    </message>
    <message>
        <source>The changes have been saved.</source>
        <translation>修改已保存。</translation>
    </message>
    <message>
        <source>Row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>No organisation is linked to this case.</source>
        <translation>本案未关联单位。</translation>
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
        <source>Handle:</source>
        <translation>办理：</translation>
    </message>
    <message>
        <source>Letters to issue:</source>
        <translation>应出具文书：</translation>
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
        <source>Computed checks</source>
        <translation>计算核验</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核验项</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
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
</context>
<context>
    <name>CaseFormDialog</name>
    <message>
        <source>New case: %1</source>
        <translation>新建案件：%1</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <source>The draft kept at %1 has been put back.</source>
        <translation>已恢复 %1 保存的草稿。</translation>
    </message>
    <message>
        <source>Fields marked * are required. Amounts are typed in the unit shown beside them, e.g. 1,500,000.00.</source>
        <translation>带 * 的为必填项。金额可填 150万 或 1,500,000.00。</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>登记信息</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>收件日期</translation>
    </message>
    <message>
        <source>District</source>
        <translation>所在区</translation>
    </message>
    <message>
        <source>Classification period or condition</source>
        <translation>保密期限或解密条件</translation>
    </message>
    <message>
        <source>e.g. 10 years, or: until the project is accepted</source>
        <translation>如：10年，或：项目验收后解密</translation>
    </message>
    <message>
        <source>Persons in the know</source>
        <translation>知悉范围</translation>
    </message>
    <message>
        <source>Particulars of the case</source>
        <translation>案件要素</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter or Ctrl+S)</source>
        <translation>保存（Ctrl+Enter 或 Ctrl+S）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Discard the draft</source>
        <translation>放弃草稿</translation>
    </message>
    <message>
        <source>(no title yet)</source>
        <translation>（尚无标题）</translation>
    </message>
    <message numerus="yes">
        <source>%n field(s) need correcting (see the red notes).</source>
        <translation>
            <numerusform>有 %n 项需要更正（见标红的说明）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saving the case</source>
        <translation>正在保存案件</translation>
    </message>
    <message>
        <source>Registering the case</source>
        <translation>正在登记案件</translation>
    </message>
</context>
<context>
    <name>CaseLettersPanel</name>
    <message>
        <source>Letters</source>
        <translation>本案公文</translation>
    </message>
    <message>
        <source>Draft a letter</source>
        <translation>出具公文</translation>
    </message>
    <message>
        <source>Preview a letter before it is numbered; issue it from the preview</source>
        <translation>先预览未编号的草稿，在预览中签发</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Reprint…</source>
        <translation>重印…</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>发文字号</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>文种</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>成文日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reading the letters</source>
        <translation>正在读取文书</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
</context>
<context>
    <name>CaseMenu</name>
    <message>
        <source>Reading the case</source>
        <translation>正在读取案件</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>办理</translation>
    </message>
    <message>
        <source>Draft a letter</source>
        <translation>出具公文</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Reading the cases</source>
        <translation>正在读取案件</translation>
    </message>
    <message>
        <source>Click to sort by this column; click again to reverse</source>
        <translation>点击按此列排序，再点击一次反向排序</translation>
    </message>
    <message>
        <source>Lists sort by case no., state, due date or received date</source>
        <translation>此列不能排序：可按案号、状态、期限或收文日期排序</translation>
    </message>
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
        <source>Received</source>
        <translation>收文日期</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <source>Set a new passphrase</source>
        <translation>设置新口令</translation>
    </message>
    <message>
        <source>A system administrator reset your passphrase. Choose a new one that only you know before you go on.</source>
        <translation>系统管理员重置了您的口令。请先设置一个只有您知道的新口令，再继续工作。</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>新口令</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>再输入一次</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <source>Storing the new passphrase…</source>
        <translation>正在保存新口令……</translation>
    </message>
    <message>
        <source>Changing the passphrase</source>
        <translation>正在修改口令</translation>
    </message>
</context>
<context>
    <name>ChartCard</name>
    <message>
        <source>No cases counted yet.</source>
        <translation>暂无可统计的案件。</translation>
    </message>
    <message>
        <source>Export picture</source>
        <translation>导出图片</translation>
    </message>
    <message>
        <source>Save this chart as a PNG picture</source>
        <translation>将此图保存为 PNG 图片</translation>
    </message>
    <message>
        <source>Export Excel</source>
        <translation>导出Excel</translation>
    </message>
    <message>
        <source>Save this chart&apos;s figures as an Excel sheet</source>
        <translation>将此图的数据保存为 Excel 工作表</translation>
    </message>
    <message>
        <source>Classification: %1   Workstation: %2   Exported by: %3   %4</source>
        <translation>密级：%1&#x3000;工作站：%2&#x3000;导出人：%3&#x3000;%4</translation>
    </message>
    <message>
        <source>Exporting the chart</source>
        <translation>正在导出图表</translation>
    </message>
    <message>
        <source>PNG picture (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>ConflictQueue</name>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>This workstation</source>
        <translation>本工作站</translation>
    </message>
    <message>
        <source>The other office</source>
        <translation>对方</translation>
    </message>
    <message>
        <source>Shown now</source>
        <translation>当前显示</translation>
    </message>
    <message>
        <source>No open conflicts.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>保留本机的</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>采用对方的</translation>
    </message>
    <message>
        <source>New value…</source>
        <translation>填写新值…</translation>
    </message>
    <message>
        <source>Reading the conflicts</source>
        <translation>正在读取冲突</translation>
    </message>
    <message>
        <source> (decided: %1)</source>
        <translation>（已决定：%1）</translation>
    </message>
    <message>
        <source>Deciding a conflict</source>
        <translation>正在记录冲突处理决定</translation>
    </message>
    <message>
        <source>Recorded; it goes to the other offices with the next package.</source>
        <translation>已记录，处理结果将随下一个同步包发往其他工作站。</translation>
    </message>
    <message>
        <source>Recorded; decide the case&apos;s other conflicts too.</source>
        <translation>已记录；请一并处理此案件的其他冲突。</translation>
    </message>
</context>
<context>
    <name>DashboardDialog</name>
    <message>
        <source>Statistics — %1</source>
        <translation>统计 — %1</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export all to Excel</source>
        <translation>全部导出Excel</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Computing the charts</source>
        <translation>正在计算图表</translation>
    </message>
    <message>
        <source>Classification of the figures: %1 · computed %2 · only cases you may see</source>
        <translation>统计数据密级：%1 · 统计时间 %2 · 仅含您有权查看的案件</translation>
    </message>
    <message>
        <source>Exporting the charts</source>
        <translation>正在导出全部图表</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <source>e.g. 2026-03-01</source>
        <translation>如 2026-03-01</translation>
    </message>
    <message>
        <source>Type 2026-03-01, 2026/3/1, 20260301 or 2026年3月1日</source>
        <translation>可填 2026-03-01、2026/3/1、20260301 或 2026年3月1日</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>日历</translation>
    </message>
    <message>
        <source>Pick the date on a calendar</source>
        <translation>在日历上选择日期</translation>
    </message>
</context>
<context>
    <name>Drafts</name>
    <message>
        <source>Reading the drafts</source>
        <translation>正在读取草稿</translation>
    </message>
    <message>
        <source>This form has changes that are not saved. Keep them as a draft (offered again when you open this form), or discard them?</source>
        <translation>此表单有尚未保存的修改。保留为草稿（再次打开此表单时恢复），还是放弃修改？</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>尚未保存的修改</translation>
    </message>
    <message>
        <source>Keep as draft</source>
        <translation>保留为草稿</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <source>Go on editing</source>
        <translation>继续编辑</translation>
    </message>
    <message>
        <source>The draft could not be kept: %1</source>
        <translation>草稿未能保存：%1</translation>
    </message>
</context>
<context>
    <name>DraftsDialog</name>
    <message>
        <source>Reading the drafts</source>
        <translation>正在读取草稿</translation>
    </message>
    <message>
        <source>Unsaved drafts</source>
        <translation>未完成的草稿</translation>
    </message>
    <message>
        <source>These forms were left with changes that were not saved (the program was closed, stopped or locked). Go on with one, or discard it.</source>
        <translation>以下表单有尚未保存的内容（程序曾关闭、意外退出或锁定）。可以继续填写，也可以放弃。</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>表单</translation>
    </message>
    <message>
        <source>Kept at</source>
        <translation>保存时间</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Go on with it</source>
        <translation>继续填写</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>放弃…</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <source>Edit: %1</source>
        <translation>编辑：%1</translation>
    </message>
    <message>
        <source>Step: %1</source>
        <translation>办理：%1</translation>
    </message>
    <message>
        <source>New case: %1</source>
        <translation>新建：%1</translation>
    </message>
    <message>
        <source>Discard the draft</source>
        <translation>放弃草稿</translation>
    </message>
    <message>
        <source>Discard “%1”? What it holds is lost.</source>
        <translation>放弃“%1”？其中的内容将丢失。</translation>
    </message>
</context>
<context>
    <name>DueBadge</name>
    <message>
        <source>Overdue by %n day(s)</source>
        <translation>已超期 %n 天</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <source>Due in %n day(s)</source>
        <translation>%n 天后到期</translation>
    </message>
    <message>
        <source>Within the period</source>
        <translation>期限内</translation>
    </message>
    <message>
        <source>No statutory period is running.</source>
        <translation>尚未起算法定期限。</translation>
    </message>
    <message>
        <source>Due %1 (the case is closed)</source>
        <translation>期限 %1（案件已办结）</translation>
    </message>
    <message>
        <source> · due %1</source>
        <translation> · 期限 %1</translation>
    </message>
    <message>
        <source>Due soon: within the reminder threshold of working days set for this workstation.</source>
        <translation>即将到期：剩余工作日已在本工作站设定的提醒阈值之内。</translation>
    </message>
    <message>
        <source>* The working-day calendar for this year is not verified.</source>
        <translation>* 本年度工作日历尚未核实。</translation>
    </message>
</context>
<context>
    <name>DutyCasework</name>
    <message>
        <source>Import Excel</source>
        <translation>导入Excel</translation>
    </message>
    <message>
        <source>Import a list received as an Excel workbook, checked row by row</source>
        <translation>导入收到的 Excel 清单，逐行校验</translation>
    </message>
    <message>
        <source>Bulk actions</source>
        <translation>批量操作</translation>
    </message>
    <message>
        <source>Select several cases (Ctrl or Shift + click), then act on all of them</source>
        <translation>选中多件案件（按住 Ctrl 或 Shift 单击），再对它们一并办理</translation>
    </message>
    <message>
        <source>Workflow action…</source>
        <translation>办理流程操作…</translation>
    </message>
    <message>
        <source>Change the handler…</source>
        <translation>更改承办人…</translation>
    </message>
    <message>
        <source>Issue a letter…</source>
        <translation>签发文书…</translation>
    </message>
    <message>
        <source>Bulk action</source>
        <translation>批量操作</translation>
    </message>
</context>
<context>
    <name>DutyReports</name>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Charts of this duty&apos;s cases (only those you may see)</source>
        <translation>本业务案件的统计图表（仅含您有权查看的案件）</translation>
    </message>
    <message>
        <source>Export Excel</source>
        <translation>导出Excel</translation>
    </message>
    <message>
        <source>Save the list as shown (filter or search result) as an Excel workbook</source>
        <translation>将当前列表（筛选或检索结果）导出为 Excel 工作簿</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>%1 case(s) exported to %2</source>
        <translation>已导出 %1 件案件到 %2</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
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
    <message>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <source>Only officers of this duty register its cases.</source>
        <translation>只有本业务的承办人员可以登记案件。</translation>
    </message>
    <message>
        <source>Register a new case: %1</source>
        <translation>登记新案件：%1</translation>
    </message>
    <message>
        <source>Register a new case; choose its type</source>
        <translation>登记新案件（请选择案件类型）</translation>
    </message>
    <message>
        <source>Searching</source>
        <translation>正在检索</translation>
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
    <name>ExpertPoolWindow</name>
    <message>
        <source>Expert pool</source>
        <translation>专家库</translation>
    </message>
    <message>
        <source>Name, employer or title</source>
        <translation>姓名、单位或职称</translation>
    </message>
    <message>
        <source>Discipline code, e.g. 520</source>
        <translation>学科代码，如 520</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Pause / restore</source>
        <translation>暂停/恢复</translation>
    </message>
    <message>
        <source>Record…</source>
        <translation>详细记录…</translation>
    </message>
    <message>
        <source>Import Excel…</source>
        <translation>导入Excel…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The expert pool is not available to your role.</source>
        <translation>您的角色不能查看专家库。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Disciplines</source>
        <translation>学科</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职称</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>New expert</source>
        <translation>新增专家</translation>
    </message>
    <message>
        <source>Change expert %1</source>
        <translation>修改专家 %1</translation>
    </message>
    <message>
        <source>Status of %1</source>
        <translation>%1 的状态</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <source>Employer: %1</source>
        <translation>工作单位：%1</translation>
    </message>
    <message>
        <source>Contact: %1</source>
        <translation>联系方式：%1</translation>
    </message>
    <message>
        <source>Declared relation: %1</source>
        <translation>声明的关联关系：%1</translation>
    </message>
    <message>
        <source>Reviewed: %1</source>
        <translation>评审经历：%1</translation>
    </message>
    <message>
        <source>On the panel of: %1</source>
        <translation>参加专家组：%1</translation>
    </message>
    <message>
        <source>Expert %1</source>
        <translation>专家 %1</translation>
    </message>
</context>
<context>
    <name>ExportWizard</name>
    <message>
        <source>Export a sync package</source>
        <translation>导出同步包</translation>
    </message>
    <message>
        <source>To whom</source>
        <translation>发给谁</translation>
    </message>
    <message>
        <source>The package is readable only by the workstations chosen here.</source>
        <translation>同步包只有这里选定的工作站能够读取。</translation>
    </message>
    <message>
        <source>Reading the trusted workstations…</source>
        <translation>正在读取受信任的工作站…</translation>
    </message>
    <message>
        <source>Everything (a full package), not only what they lack</source>
        <translation>导出全部内容（完整包），而不只是对方缺少的</translation>
    </message>
    <message>
        <source>Reading the trusted workstations</source>
        <translation>正在读取受信任的工作站</translation>
    </message>
    <message>
        <source>No trusted workstation yet: add one under Peers first.</source>
        <translation>尚无受信任的工作站：请先在“对端工作站”中添加。</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>写到哪里</translation>
    </message>
    <message>
        <source>Choose the folder on the approved removable medium.</source>
        <translation>请选择经批准的移动介质上的文件夹。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Writing the package</source>
        <translation>正在写入同步包</translation>
    </message>
    <message>
        <source>Cancel the export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <source>Choose the folder on the medium</source>
        <translation>选择介质上的文件夹</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写入…</translation>
    </message>
    <message>
        <source>Writing a sync package</source>
        <translation>正在写出同步包</translation>
    </message>
    <message>
        <source>Damaged attachments</source>
        <translation>附件已损坏</translation>
    </message>
    <message>
        <source>Write the package without the damaged attachments?</source>
        <translation>是否不带这些损坏的附件写出同步包？</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Written: %1 cases, %2 attachments, to %3.</source>
        <translation>已写入：%1 件案件、%2 个附件，保存于 %3。</translation>
    </message>
    <message>
        <source>Held back (not allowed for a recipient): %1 cases.</source>
        <translation>暂缓发送（收件方无权接收）：%1 件案件。</translation>
    </message>
    <message>
        <source>Left out (damaged attachments): %1.</source>
        <translation>未随包发出（附件已损坏）：%1。</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <source>Required: please fill this in.</source>
        <translation>必填项，请填写。</translation>
    </message>
</context>
<context>
    <name>GlobalSearchDialog</name>
    <message>
        <source>Search all cases</source>
        <translation>全局检索</translation>
    </message>
    <message>
        <source>Case no., document no., title, organisation, person, USCC, ID number…</source>
        <translation>案号、发文字号、标题、单位、人名、统一社会信用代码、身份证号……</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>检索</translation>
    </message>
    <message>
        <source>All duties</source>
        <translation>全部业务</translation>
    </message>
    <message>
        <source>All case types</source>
        <translation>全部案件类型</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>只看已超期</translation>
    </message>
    <message>
        <source>No case matches.</source>
        <translation>没有符合条件的案件。</translation>
    </message>
    <message>
        <source>Duty</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <source>Received from</source>
        <translation>收文日期自</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Export the results to Excel…</source>
        <translation>将检索结果导出为Excel…</translation>
    </message>
    <message>
        <source>Export Excel</source>
        <translation>导出Excel</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>%1 case(s) exported to %2</source>
        <translation>已将 %1 件案件导出到 %2</translation>
    </message>
    <message>
        <source>Searching</source>
        <translation>正在检索</translation>
    </message>
    <message>
        <source>Type words to search for, or choose a filter.</source>
        <translation>请输入检索词，或选择筛选条件。</translation>
    </message>
    <message numerus="yes">
        <source>The first %n results, best match first; add words or filters to narrow them.</source>
        <translation>
            <numerusform>前 %n 条结果，按相关程度排序；可增加检索词或筛选条件缩小范围。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) found</source>
        <translation>
            <numerusform>找到 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Expert pool: %1</source>
        <translation>专家库：%1</translation>
    </message>
    <message>
        <source>Integrity records in force: %1</source>
        <translation>在效失信记录：%1</translation>
    </message>
    <message>
        <source>Matched in: %1</source>
        <translation>命中：%1</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <source>Manual</source>
        <translation>使用手册</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The manual is missing from this installation: %1</source>
        <translation>本次安装缺少使用手册：%1</translation>
    </message>
</context>
<context>
    <name>IdentifierEditor</name>
    <message>
        <source>e.g. %1</source>
        <translation>如 %1</translation>
    </message>
    <message>
        <source>%1 (leave blank to keep)</source>
        <translation>%1（不修改请留空）</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>%1 出生</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import an Excel list</source>
        <translation>导入 Excel 清单</translation>
    </message>
    <message>
        <source>Which list?</source>
        <translation>导入哪份清单？</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Excel file (.xlsx)</source>
        <translation>Excel 文件（.xlsx）</translation>
    </message>
    <message>
        <source>Kind of list</source>
        <translation>清单类型</translation>
    </message>
    <message>
        <source>e.g. 海淀区技术合同登记站 (the mapping is kept for it)</source>
        <translation>例如 海淀区技术合同登记站（将为其保存列对应关系）</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Case number of the survey to fill</source>
        <translation>要填入的统计调查案号</translation>
    </message>
    <message>
        <source>Target case</source>
        <translation>目标案件</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>Checking the file</source>
        <translation>正在检查文件</translation>
    </message>
    <message>
        <source>Reading the sources</source>
        <translation>正在读取来源</translation>
    </message>
    <message>
        <source>Choose the Excel list</source>
        <translation>选择 Excel 清单</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Which column is which field?</source>
        <translation>各列对应哪个字段？</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>(ignore this column)</source>
        <translation>（忽略此列）</translation>
    </message>
    <message>
        <source>The natural key is: %1.</source>
        <translation>自然键：%1。</translation>
    </message>
    <message>
        <source>The mapping saved for this source is filled in.</source>
        <translation>已填入为此来源保存的列对应关系。</translation>
    </message>
    <message>
        <source>Check every row</source>
        <translation>逐行校验</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <source>Checking the workbook</source>
        <translation>正在检查工作簿</translation>
    </message>
    <message>
        <source>%1 rows: %2 new, %3 to update, %4 unchanged.</source>
        <translation>共 %1 行：新增 %2，更新 %3，不变 %4。</translation>
    </message>
    <message>
        <source>%1 rows have problems; correct the file and check again. Nothing is imported until every row passes.</source>
        <translation>%1 行有问题，请改正文件后重新校验。所有行均通过前不会导入任何数据。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel the import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <source>Importing… nothing is kept unless every row is stored.</source>
        <translation>正在导入…全部行写入成功才会保存。</translation>
    </message>
    <message>
        <source>Importing the workbook</source>
        <translation>正在导入工作簿</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Reading row %1…</source>
        <translation>正在读取第 %1 行…</translation>
    </message>
    <message>
        <source>Storing row %1…</source>
        <translation>正在写入第 %1 行…</translation>
    </message>
    <message>
        <source>Imported: %1 new, %2 updated, %3 unchanged.</source>
        <translation>已导入：新增 %1，更新 %2，不变 %3。</translation>
    </message>
</context>
<context>
    <name>IntegrityWindow</name>
    <message>
        <source>Research integrity records</source>
        <translation>诚信记录</translation>
    </message>
    <message>
        <source>Name, decision number, issuing body or code</source>
        <translation>名称、决定文号、认定机关或证照号码</translation>
    </message>
    <message>
        <source>Only records in force today</source>
        <translation>仅今日在效的记录</translation>
    </message>
    <message>
        <source>Report: cases hit</source>
        <translation>命中报告</translation>
    </message>
    <message>
        <source>Enter…</source>
        <translation>登记…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>撤销…</translation>
    </message>
    <message>
        <source>Import Excel…</source>
        <translation>导入Excel…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Research integrity records are not available to your role.</source>
        <translation>您的角色不能查看诚信记录。</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Party</source>
        <translation>当事方</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理决定文号</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>处理措施</translation>
    </message>
    <message>
        <source>Effect</source>
        <translation>效果</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>案件名称</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>证照号码</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>In force</source>
        <translation>是否在效</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>认定机关</translation>
    </message>
    <message>
        <source>Blocks acceptance</source>
        <translation>阻止受理</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>until revoked</source>
        <translation>长期（至撤销）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>All duties</source>
        <translation>全部业务</translation>
    </message>
    <message>
        <source>New integrity record</source>
        <translation>登记失信记录</translation>
    </message>
    <message>
        <source>Revoke %1</source>
        <translation>撤销 %1</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
</context>
<context>
    <name>LetterPreviewDialog</name>
    <message>
        <source>Letter %1</source>
        <translation>公文 %1</translation>
    </message>
    <message>
        <source>%1 page(s). No seal is printed: stamp the paper copy.</source>
        <translation>共 %1 页。不打印印章：请在纸质件上加盖印章。</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Issue (takes the number)…</source>
        <translation>签发（占用文号）…</translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Draft letter (not numbered)</source>
        <translation>公文草稿（未编号）</translation>
    </message>
    <message>
        <source>DRAFT — not issued, no number taken. Check it, then issue it: issuing takes the next document number and registers the letter.</source>
        <translation>草稿——尚未签发，未占用文号。请核对后签发：签发时才占用下一个发文字号并登记。</translation>
    </message>
    <message>
        <source>%1 page(s), draft.</source>
        <translation>共 %1 页，草稿。</translation>
    </message>
    <message>
        <source>Issuing takes the next document number and registers the letter. A number once taken can be voided but never reused. Issue it now?</source>
        <translation>签发将占用下一个发文字号并登记本文。文号一经占用，只能作废，不能再用。现在签发吗？</translation>
    </message>
    <message>
        <source>Issuing: numbering, typesetting, registering…</source>
        <translation>正在签发：编号、排版、登记…</translation>
    </message>
    <message>
        <source>Issuing the letter</source>
        <translation>正在签发文书</translation>
    </message>
    <message>
        <source>Printed to the file %1 (the letter&apos;s own PDF/A, %2 page(s)).</source>
        <translation>已打印到文件 %1（即本文的 PDF/A，共 %2 页）。</translation>
    </message>
    <message>
        <source>The printer did not take the letter: %1</source>
        <translation>打印机未接受本文：%1</translation>
    </message>
    <message>
        <source>The printer %1 could not be opened; nothing was printed.</source>
        <translation>无法打开打印机 %1，未打印。</translation>
    </message>
    <message>
        <source>Sent to the printer %1: %2 page(s).</source>
        <translation>已送打印机 %1：共 %2 页。</translation>
    </message>
    <message>
        <source>Reading the OFD copy</source>
        <translation>正在读取OFD副本</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已另存为：%1</translation>
    </message>
</context>
<context>
    <name>LetterRegisterTab</name>
    <message>
        <source>Void %1</source>
        <translation>作废 %1</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>作废理由：</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>发文字号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>成文日期</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案号</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>文种</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>签发人</translation>
    </message>
    <message>
        <source>Fonts</source>
        <translation>字体</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256 校验值</translation>
    </message>
    <message>
        <source>Archive no.</source>
        <translation>档号</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Preview / print</source>
        <translation>预览/打印</translation>
    </message>
    <message>
        <source>Reprint…</source>
        <translation>重印…</translation>
    </message>
    <message>
        <source>Void number…</source>
        <translation>作废文号…</translation>
    </message>
    <message>
        <source>Archive catalogue…</source>
        <translation>归档文件目录…</translation>
    </message>
    <message>
        <source>The letter register is not available to your role.</source>
        <translation>您的角色不能查看公文登记簿。</translation>
    </message>
    <message>
        <source>Letter register</source>
        <translation>公文登记簿</translation>
    </message>
    <message>
        <source>Open its case</source>
        <translation>打开所属案件</translation>
    </message>
    <message>
        <source>Reading the letter register</source>
        <translation>正在读取公文登记簿</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message numerus="yes">
        <source>%n letter(s)</source>
        <translation>
            <numerusform>共 %n 件公文</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LetterValuesDialog</name>
    <message>
        <source>What the letter still needs</source>
        <translation>公文尚缺的内容</translation>
    </message>
    <message>
        <source>The case does not hold everything this letter says. Give it here for this letter (or fill it in on the case and draft the letter again).</source>
        <translation>案件中没有这份公文所需的全部内容。请在此填写（只用于这份公文），或先在案件中填写后再出具。</translation>
    </message>
    <message>
        <source>Make the draft</source>
        <translation>生成草稿</translation>
    </message>
</context>
<context>
    <name>Letters</name>
    <message>
        <source>Save a copy</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Issue the letter</source>
        <translation>签发公文</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>签发</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>暂不</translation>
    </message>
    <message>
        <source>The letter&apos;s date</source>
        <translation>成文日期</translation>
    </message>
    <message>
        <source>Keep this date</source>
        <translation>按此日期</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The letter&apos;s date %1 is after today (%2).</source>
        <translation>成文日期 %1 在今天（%2）之后。</translation>
    </message>
    <message>
        <source>The letter&apos;s date %1 is before the case was received (%2).</source>
        <translation>成文日期 %1 早于案件收件日期 %2。</translation>
    </message>
    <message>
        <source>Is this date right? The letter will carry it.</source>
        <translation>此日期是否无误？公文将署此日期。</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>公文</translation>
    </message>
    <message>
        <source>Preparing the draft letter…</source>
        <translation>正在生成公文草稿…</translation>
    </message>
    <message>
        <source>Draft: %1 · %2</source>
        <translation>草稿：%1 · %2</translation>
    </message>
    <message>
        <source>No draft made: its date was not confirmed.</source>
        <translation>成文日期未确认，未生成草稿。</translation>
    </message>
    <message>
        <source>Reading the letter</source>
        <translation>正在读取公文</translation>
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
        <source>Checking the passphrase</source>
        <translation>正在核对口令</translation>
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
        <source>&amp;Sync centre…</source>
        <translation>同步中心(&amp;S)…</translation>
    </message>
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
        <source>&amp;Search all cases…</source>
        <translation>全局检索(&amp;F)…</translation>
    </message>
    <message>
        <source>Only officers register cases.</source>
        <translation>只有业务人员可以登记案件。</translation>
    </message>
    <message>
        <source>Counting the cases</source>
        <translation>正在统计案件数</translation>
    </message>
    <message>
        <source>This step can no longer be taken on the case; the draft of its opinion is kept under Workstation ▸ Unsaved drafts.</source>
        <translation>该案件已不能办理此环节；办理意见的草稿保留在“工作站 ▸ 未完成的草稿”中。</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Some operations were not made: the workstation was closing.</source>
        <translation>工作站正在关闭，部分操作未执行，未作任何更改。</translation>
    </message>
    <message>
        <source>Unsaved &amp;drafts…</source>
        <translation>未完成的草稿(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>案件(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;New case…</source>
        <translation>新建案件(&amp;N)…</translation>
    </message>
    <message>
        <source>New case &amp;in</source>
        <translation>新建案件于(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Previous tab</source>
        <translation>上一个页面(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next tab</source>
        <translation>下一个页面(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Manual</source>
        <translation>使用手册(&amp;M)</translation>
    </message>
    <message>
        <source>Help on this &amp;page</source>
        <translation>本页帮助(&amp;P)</translation>
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
        <source>Reading this workstation</source>
        <translation>正在读取本工作站信息</translation>
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
    <name>MoneyEditor</name>
    <message>
        <source>in 10,000 yuan, e.g. 150.5</source>
        <translation>单位万元，如 150.5</translation>
    </message>
    <message>
        <source>e.g. 1,500,000.00</source>
        <translation>如 1,500,000.00 或 150万</translation>
    </message>
</context>
<context>
    <name>NewOrganisationDialog</name>
    <message>
        <source>Register an organisation</source>
        <translation>登记新单位</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>District</source>
        <translation>所在区</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Opening</name>
    <message>
        <source>The workstation was locked: open it again.</source>
        <translation>工作站已锁定：请解锁后重新打开。</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
</context>
<context>
    <name>OverflowBar</name>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>The tools that do not fit this window</source>
        <translation>窗口放不下的工具</translation>
    </message>
</context>
<context>
    <name>PanelDialog</name>
    <message>
        <source>as the rules say</source>
        <translation>按规则</translation>
    </message>
    <message>
        <source>Discipline codes, e.g. 520,510 (empty: any)</source>
        <translation>学科代码，如 520,510（留空为不限）</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>学科</translation>
    </message>
    <message>
        <source>Draw the panel</source>
        <translation>抽取专家组</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>评审意见</translation>
    </message>
    <message>
        <source>Invitation</source>
        <translation>邀请函文号</translation>
    </message>
    <message>
        <source>must withdraw (回避)</source>
        <translation>须回避</translation>
    </message>
    <message>
        <source>Scores…</source>
        <translation>评分…</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已确认参加</translation>
    </message>
    <message>
        <source>Declined / withdraws…</source>
        <translation>谢绝/回避…</translation>
    </message>
    <message>
        <source>Invitation letter</source>
        <translation>出具邀请函</translation>
    </message>
    <message>
        <source>Review summary</source>
        <translation>出具评审意见汇总表</translation>
    </message>
    <message>
        <source>Replay draws</source>
        <translation>重放抽取</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Expert panel of %1</source>
        <translation>%1 的专家组</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>算术平均</translation>
    </message>
    <message>
        <source>mean without the highest and the lowest</source>
        <translation>去掉一个最高分和一个最低分后平均</translation>
    </message>
    <message>
        <source>weighted items</source>
        <translation>分项加权</translation>
    </message>
    <message>
        <source>Rules: %1. Scores are aggregated by %2.</source>
        <translation>规则：%1。评分汇总方法：%2。</translation>
    </message>
    <message>
        <source>Aggregate: %1</source>
        <translation>汇总评分：%1</translation>
    </message>
    <message>
        <source>No aggregate yet: %1</source>
        <translation>尚无汇总评分：%1</translation>
    </message>
    <message>
        <source>the panel</source>
        <translation>组建专家组</translation>
    </message>
    <message>
        <source>a replacement</source>
        <translation>补抽</translation>
    </message>
    <message>
        <source>Draw %1 (%2), seed %3: %4 eligible, %5 left out; drawn: %6</source>
        <translation>第 %1 次抽取（%2），随机种子 %3：符合条件 %4 人，排除 %5 人；抽中：%6</translation>
    </message>
    <message>
        <source>%1 leaves the panel</source>
        <translation>%1退出专家组</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <source>Every draw replays to the recorded panel.</source>
        <translation>各次抽取按其随机种子重放，结果均与记录一致。</translation>
    </message>
    <message>
        <source>A draw does NOT replay to what was recorded.</source>
        <translation>有抽取按其随机种子重放的结果与记录不符！</translation>
    </message>
</context>
<context>
    <name>PartyPicker</name>
    <message>
        <source>Name or USCC: type 2 characters</source>
        <translation>输入名称或信用代码（至少两字）查找</translation>
    </message>
    <message>
        <source>New organisation…</source>
        <translation>新建单位…</translation>
    </message>
    <message>
        <source>Register an organisation from its unified social credit code</source>
        <translation>按统一社会信用代码登记新单位</translation>
    </message>
    <message>
        <source>Looking up organisations</source>
        <translation>正在查找单位</translation>
    </message>
    <message>
        <source>No registered organisation matches; use “New organisation…” to register it.</source>
        <translation>没有找到已登记的单位；可点“新建单位…”登记。</translation>
    </message>
    <message>
        <source>Registered organisation: %1</source>
        <translation>已选登记单位：%1</translation>
    </message>
</context>
<context>
    <name>RatioEditor</name>
    <message>
        <source>e.g. 0.25 or 25%</source>
        <translation>如 0.25 或 25%</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RecordListWindow</name>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Reading the records</source>
        <translation>正在读取记录</translation>
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
    <name>RowsEditor</name>
    <message>
        <source>Add row</source>
        <translation>添加行</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>删除行</translation>
    </message>
    <message>
        <source>No rows yet: click “Add row”.</source>
        <translation>尚无记录，请点“添加行”录入。</translation>
    </message>
    <message>
        <source>Row %1, %2: %3</source>
        <translation>第 %1 行 %2：%3</translation>
    </message>
    <message numerus="yes">
        <source> (and %n more cell(s))</source>
        <translation>
            <numerusform>（另有 %n 处）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScoreDialog</name>
    <message>
        <source>Scores of %1</source>
        <translation>%1 的评分</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>评审意见</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>SharedMenu</name>
    <message>
        <source>S&amp;hared registers</source>
        <translation>共享业务(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Expert pool…</source>
        <translation>专家库(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Research integrity records…</source>
        <translation>诚信记录(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Archive catalogue…</source>
        <translation>归档文件目录(&amp;A)…</translation>
    </message>
</context>
<context>
    <name>SyncCentre</name>
    <message>
        <source>Sync centre</source>
        <translation>同步中心</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Peers</source>
        <translation>对端工作站</translation>
    </message>
    <message>
        <source>Export a package…</source>
        <translation>导出同步包…</translation>
    </message>
    <message>
        <source>A package is readable only by the workstations it is for, and carries only what each of them may hold.</source>
        <translation>同步包只有收件工作站能够读取，且只包含各收件方有权接收的内容。</translation>
    </message>
    <message>
        <source>Import a package…</source>
        <translation>导入同步包…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>业务模块</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Held back</source>
        <translation>暂缓</translation>
    </message>
    <message>
        <source>No workstation is trusted yet. To exchange packages with another workstation, its security administrator and ours compare fingerprints (read aloud, never sent on the package's medium); then ours trusts its card.</source>
        <translation>尚未信任任何工作站。要与另一台工作站交换同步包，双方安全保密管理员须先核对指纹（当面或电话宣读，不随同步包介质传递），再由本站安全保密管理员信任对方的工作站名片。</translation>
    </message>
    <message>
        <source>Reading the peers</source>
        <translation>正在读取对端工作站</translation>
    </message>
    <message>
        <source>This workstation: %1
Fingerprint: %2</source>
        <translation>本工作站：%1
指纹：%2</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Ceiling</source>
        <translation>最高密级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>trusted</source>
        <translation>已信任</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Last package: %1</source>
        <translation>最近的同步包：%1</translation>
    </message>
    <message>
        <source>Choose a sync package</source>
        <translation>选择同步包</translation>
    </message>
    <message>
        <source>Sync packages (*.bjsync);;All files (*)</source>
        <translation>同步包 (*.bjsync);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Checking and importing %1…</source>
        <translation>正在校验并导入 %1…</translation>
    </message>
    <message>
        <source>Importing a sync package</source>
        <translation>正在导入同步包</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Reading and checking the package: %1 of %2 MB</source>
        <translation>正在读取并核验同步包：%1 / %2 MB</translation>
    </message>
    <message>
        <source>Merging the records: %1 of %2</source>
        <translation>正在合并记录：%1 / %2</translation>
    </message>
    <message>
        <source>This package was already imported; nothing was changed.</source>
        <translation>此同步包已经导入过，未做任何更改。</translation>
    </message>
    <message>
        <source>Imported package %1 from %2.</source>
        <translation>已导入 %2 的第 %1 号同步包。</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>Workbench</name>
    <message>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message numerus="yes">
        <source>Due within %n working day(s)</source>
        <translation>
            <numerusform>%n 个工作日内到期</numerusform>
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
        <source>Holiday notice to enter (year)</source>
        <translation>待录入放假通知（年度）</translation>
    </message>
    <message>
        <source>No overdue cases.</source>
        <translation>没有超期案件。</translation>
    </message>
    <message>
        <source>Due today or soon</source>
        <translation>今日及即将到期</translation>
    </message>
    <message numerus="yes">
        <source>No cases due in the next %n working day(s).</source>
        <translation>
            <numerusform>今后 %n 个工作日内没有到期的案件。</numerusform>
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
    <message>
        <source>Reading the due cases</source>
        <translation>正在读取到期案件</translation>
    </message>
    <message>
        <source>Reading the calendar</source>
        <translation>正在读取工作日历</translation>
    </message>
    <message>
        <source>Expert pool: %1 · integrity records in force: %2, hitting %3 open case(s) · in expert review: %4 · filed this year: %5</source>
        <translation>专家库 %1 人 · 在效失信记录 %2 条，命中在办案件 %3 件 · 专家评审中 %4 件 · 今年归档 %5 件</translation>
    </message>
    <message>
        <source>Reading the registers</source>
        <translation>正在读取登记簿</translation>
    </message>
</context>
<context>
    <name>WorkbenchReports</name>
    <message>
        <source>Export Excel</source>
        <translation>导出Excel</translation>
    </message>
    <message>
        <source>Overdue cases</source>
        <translation>逾期案件</translation>
    </message>
    <message>
        <source>Cases I handle</source>
        <translation>我承办的案件</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>%1 case(s) exported to %2</source>
        <translation>已导出 %1 件案件到 %2</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>_ComboEditor</name>
    <message>
        <source>(not filled in)</source>
        <translation>（未填）</translation>
    </message>
</context>
</TS>
