<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name />
    <message>
        <location filename="../../app/ui/certificates/print_dialogs.py" line="245" />
        <source>打印未完成：第 {0} 张证书（共 {1} 张）未能打印，已打印 {2} 张。请检查打印机（纸张、墨粉、连接）后点击“继续打印”，将从第 {0} 张继续。</source>
        <translation>Printing stopped: certificate {0} of {1} could not be printed; {2} were printed. Check the printer (paper, toner, connection), then click "Resume printing" to continue from certificate {0}.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/wizard_state.py" line="77" />
        <source>没有注册处于延续注册申报期内。</source>
        <translation>No registration is inside its continuation filing period.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/wizard_state.py" line="86" />
        <source>{0} 的延续注册申报期自 {1} 开始（本办公室的延续注册规则，见设置）。</source>
        <translation>Continuation filing for {0} opens on {1} (this office's continuation rules, see the settings).</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/wizard_state.py" line="89" />
        <source>{0} 的延续注册应在有效期届满{1}日前申报，已于 {2} 截止。</source>
        <translation>A continuation for {0} had to be filed {1} days before expiry; filing closed on {2}.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/wizard_state.py" line="92" />
        <source>{0} 已于 {1} 期满，不能再申报延续注册：请先申报注销注册，再申报重新注册。</source>
        <translation>{0} expired on {1} and can no longer be continued: file a cancellation, then a re-registration.</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/queue_print.py" line="71" />
        <source>已停止</source>
        <translation>stopped</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/queue_print.py" line="73" />
        <source>不接受任务</source>
        <translation>not accepting jobs</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/queue_print.py" line="75" />
        <source>正在打印其他任务</source>
        <translation>printing other jobs</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/queue_print.py" line="77" />
        <source>就绪</source>
        <translation>ready</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/queue_print.py" line="78" />
        <source>打印机“{0}”：{1}</source>
        <translation>Printer "{0}": {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/queue_print.py" line="83" />
        <source>打印机未就绪，{0} 张证书均未发送：{1}</source>
        <translation>The printer is not ready; none of the {0} certificates was sent: {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/queue_print.py" line="90" />
        <source>打印已取消。</source>
        <translation>Printing cancelled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/queue_print.py" line="92" />
        <source>打印未完成：{0}
已打印 {1} 张，未打印 {2} 张（共 {3} 张），第一张未打印的是 {4}。排除故障后点击“继续打印”，将从这一张继续，已打印的不会重复打印。</source>
        <translation>Printing stopped: {0}
{1} printed, {2} not printed (of {3}); the first not printed is {4}. Fix the problem, then click "Resume printing": printing continues with that one, and nothing printed is printed twice.</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="82" />
        <source>第一步：管理员账户</source>
        <translation>Step 1: administrator account</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="83" />
        <source>管理员开设办事员、审核员和核验员的账户，并管理办公室密钥。密码至少 8 位。</source>
        <translation>The administrator opens the accounts of clerks, reviewers and help-desk staff and manages the office key. At least 8 characters.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="85" />
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="87" />
        <source>姓名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="88" />
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="89" />
        <source>确认密码(&amp;C)</source>
        <translation>&amp;Confirm password</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="96" />
        <source>两次输入的密码不一致</source>
        <translation>The two passwords differ</translation>
    </message>
</context>
<context>
    <name>AnnotateDialog</name>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="80" />
        <source>加注电子证书</source>
        <translation>Annotate electronic certificate</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="87" />
        <source>注册编号：</source>
        <translation>Registration number:</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="88" />
        <source>签发密钥口令：</source>
        <translation>Signing key passphrase:</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="89" />
        <source>加注后证书使用有效期为 180 天（不超过注册有效期）。</source>
        <translation>After annotation the certificate may be used for 180 days (never beyond the registration's validity).</translation>
    </message>
</context>
<context>
    <name>AppealDialog</name>
    <message>
        <location filename="../../app/ui/persons/person_requests_dialog.py" line="72" />
        <source>申辩</source>
        <translation>Appeal</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_requests_dialog.py" line="80" />
        <source>异常事项</source>
        <translation>Anomaly</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_requests_dialog.py" line="81" />
        <source>申辩内容*</source>
        <translation>Statement*</translation>
    </message>
</context>
<context>
    <name>AppealSubject</name>
    <message>
        <location filename="../../app/ui/common/labels.py" line="75" />
        <source>社保异常</source>
        <translation>Social-security anomaly</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="76" />
        <source>人员查重异常</source>
        <translation>Duplicate-person anomaly</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="77" />
        <source>其他异常</source>
        <translation>Other anomaly</translation>
    </message>
</context>
<context>
    <name>AppealsPanel</name>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="163" />
        <source>提出时间</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="163" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="163" />
        <source>异常事项</source>
        <translation>Anomaly</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="163" />
        <source>申辩内容</source>
        <translation>Statement</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="164" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="167" />
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="167" />
        <location filename="../../app/ui/review/requests_panel.py" line="172" />
        <source>申辩成立</source>
        <translation>Uphold appeal</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="167" />
        <location filename="../../app/ui/review/requests_panel.py" line="175" />
        <source>申辩不成立</source>
        <translation>Dismiss appeal</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <location filename="../../app/ui/shell/application.py" line="55" />
        <location filename="../../app/ui/shell/selftest_qt.py" line="46" />
        <source>数据库已升级</source>
        <translation>Database upgraded</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/application.py" line="56" />
        <source>注册库来自旧版本，已自动升级。升级前的副本保存在：
{0}</source>
        <translation>The register came from an older version and has been upgraded. A copy made before the upgrade is at:
{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/application.py" line="60" />
        <source>（PostgreSQL 数据库请使用服务器备份）</source>
        <translation>(for PostgreSQL, use the server's backups)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/application.py" line="73" />
        <location filename="../../app/ui/shell/application.py" line="86" />
        <source>无法打开注册库</source>
        <translation>Cannot open the register</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/application.py" line="74" />
        <source>{0}

数据库位置：{1}
没有修改任何数据。</source>
        <translation>{0}

Database location: {1}
Nothing has been changed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/application.py" line="87" />
        <source>无法打开数据库：{0}

数据库位置：{1}
没有修改任何数据。</source>
        <translation>Cannot open the database: {0}

Database location: {1}
Nothing has been changed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/application.py" line="184" />
        <source>打开文件</source>
        <translation>Open file</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/application.py" line="185" />
        <source>{0}

信任文件和同步数据包在“办公室与密钥”中导入（命令行：registry-office keys import-trust 文件）。</source>
        <translation>{0}

Trust files and sync bundles are imported under "Offices &amp; keys" (command line: registry-office keys import-trust FILE).</translation>
    </message>
</context>
<context>
    <name>AttachmentPicker</name>
    <message>
        <location filename="../../app/ui/filings/attachment_picker.py" line="77" />
        <source>文件大小为 {0} KB，附件大小须在 {1} KB 至 {2} KB 之间。</source>
        <translation>The file is {0} KB; attachments must be between {1} KB and {2} KB.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/attachment_picker.py" line="81" />
        <source>文件大小为 {0} KB，超过了 {1} KB 的上限。</source>
        <translation>The file is {0} KB, more than the limit of {1} KB.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/attachment_picker.py" line="83" />
        <source>附件不符合要求</source>
        <translation>Attachment not accepted</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/attachment_picker.py" line="87" />
        <source>是否将图片重新压缩到符合要求的大小？</source>
        <translation>Recompress the image to an acceptable size?</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/attachment_picker.py" line="92" />
        <source>无法将此图片压缩到要求的大小。</source>
        <translation>This image cannot be compressed to the required size.</translation>
    </message>
</context>
<context>
    <name>AuditFinding</name>
    <message>
        <location filename="../../app/ui/common/labels.py" line="116" />
        <source>记录被修改</source>
        <translation>entry edited</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="117" />
        <source>记录被删除</source>
        <translation>entry removed</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="118" />
        <source>日志末尾被截断或链头被改写</source>
        <translation>tail cut off or head rewritten</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="119" />
        <source>链头记录被删除</source>
        <translation>head row removed</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="120" />
        <source>链头曾被删除（已自动恢复，待管理员确认）</source>
        <translation>head row was removed (restored, awaiting an administrator's acknowledgement)</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="121" />
        <source>数据库内检查点签名无效</source>
        <translation>checkpoint in the database has a bad signature</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="122" />
        <source>数据库内检查点并非本办公室密钥所签</source>
        <translation>checkpoint in the database not signed by an office key</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="123" />
        <source>与签名检查点不符（日志被改写或重算）</source>
        <translation>differs from a signed checkpoint (log rewritten or recomputed)</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="124" />
        <source>签名检查点所记录的记录已不存在（日志被清空或截断）</source>
        <translation>a signed checkpoint covers entries that are gone (log wiped or cut)</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="126" />
        <source>日志记载的检查点已被删除</source>
        <translation>a checkpoint the log records has been removed</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="127" />
        <source>外部检查点文件已损坏</source>
        <translation>external checkpoint file damaged</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="128" />
        <source>外部检查点签名无效</source>
        <translation>external checkpoint has a bad signature</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="129" />
        <source>外部检查点的签名密钥不在本办公室密钥中（密钥可能被替换）</source>
        <translation>external checkpoint's key is not among the office's keys (keys may have been replaced)</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="131" />
        <source>与外部检查点不符（日志被改写或重算）</source>
        <translation>differs from an external checkpoint (log rewritten or recomputed)</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="132" />
        <source>外部检查点所记录的记录已不存在（日志被清空或截断）</source>
        <translation>an external checkpoint covers entries that are gone (log wiped or cut)</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="134" />
        <source>禁止修改审计日志的触发器缺失或被停用（请运行数据库升级恢复）</source>
        <translation>triggers refusing changes to the audit log are missing or disabled (run the database upgrade to restore them)</translation>
    </message>
</context>
<context>
    <name>AuditPanel</name>
    <message>
        <location filename="../../app/ui/shell/audit_panel.py" line="47" />
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/audit_panel.py" line="52" />
        <source>尚未检查。</source>
        <translation>Not checked yet.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/audit_panel.py" line="57" />
        <source>检查完整性(&amp;A)</source>
        <translation>Check integrity</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/audit_panel.py" line="66" />
        <source>正在检查审计日志…</source>
        <translation>Checking the audit log…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/audit_panel.py" line="86" />
        <source>已锚定至第 {0} 条，其后 {1} 条仅受哈希链保护。</source>
        <translation>Anchored up to entry {0}; the {1} entries after it are protected by the hash chain only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/audit_panel.py" line="90" />
        <source>审计日志完整（{0} 条）。</source>
        <translation>Audit log intact ({0} entries).</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/audit_panel.py" line="92" />
        <source>审计日志已被改动：</source>
        <translation>The audit log has been tampered with:</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/audit_panel.py" line="94" />
        <source>第 {0} 条</source>
        <translation>entry {0}</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="141" />
        <source>第三步：密钥备份单</source>
        <translation>Step 3: key-backup sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="142" />
        <source>请打印备份单并与口令分开保管。其他办公室导入本办公室的信任文件时，会通过电话核对这个指纹。</source>
        <translation>Print the backup sheet and keep it apart from the passphrase. Other offices compare this fingerprint by phone when they import this office's trust file.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="149" />
        <source>打印备份单(&amp;P)…</source>
        <translation>&amp;Print the backup sheet…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="150" />
        <source>保存为 PDF(&amp;S)…</source>
        <translation>&amp;Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="159" />
        <source>办公室：{0}（{1}）
密钥编号：{2}
指纹：{3}</source>
        <translation>Office: {0} ({1})
Key id: {2}
Fingerprint: {3}</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="168" />
        <source>保存密钥备份单</source>
        <translation>Save the key-backup sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="175" />
        <source>办公室签名密钥备份单</source>
        <translation>Office signing key: backup sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="176" />
        <source>办公室</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="176" />
        <source>密钥编号</source>
        <translation>Key id</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="177" />
        <source>指纹</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="177" />
        <source>创建时间</source>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="178" />
        <source>本单不含口令。签名密钥以口令加密保存在注册库中：请定期备份注册库，口令另行保管。其他办公室核对指纹时请以本单为准。</source>
        <translation>This sheet does not contain the passphrase. The signing key is stored in the register, encrypted with the passphrase: back up the register regularly and keep the passphrase elsewhere. When other offices compare the fingerprint, this sheet is the reference.</translation>
    </message>
</context>
<context>
    <name>BackupPanel</name>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="51" />
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="60" />
        <source>未设置：不做定时备份</source>
        <translation>Not set: no scheduled backups</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="61" />
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="67" />
        <source>备份文件夹</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="71" />
        <source> 小时</source>
        <translation> hours</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="72" />
        <source>每隔</source>
        <translation>Every</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="76" />
        <source> 份</source>
        <translation> copies</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="77" />
        <source>保留最新</source>
        <translation>Keep the newest</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="89" />
        <source>保存备份设置</source>
        <translation>Save backup settings</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="92" />
        <location filename="../../app/ui/shell/backup_panel.py" line="205" />
        <location filename="../../app/ui/shell/backup_panel.py" line="211" />
        <source>立即备份(&amp;B)</source>
        <translation>&amp;Back up now</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="105" />
        <source>定时备份由本机的计划任务运行 registry-office backup scheduled（未到期时不做任何事）；备份含办公室签名密钥（仍加密）。恢复方法见用户手册“故障恢复”。</source>
        <translation>Scheduled backups are run by this machine's task scheduler with registry-office backup scheduled (it does nothing until a backup is due); backups include the office's signing keys (still encrypted). How to restore: see "Recovery" in the user guide.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="134" />
        <source>从未备份</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="137" />
        <source>{0} 成功：{1}（{2}，已校验）</source>
        <translation>{0} succeeded: {1} ({2}, checked)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="142" />
        <source>{0} 失败：{1}</source>
        <translation>{0} failed: {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="144" />
        <source>上次成功的备份：{0}</source>
        <translation>Last successful backup: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="146" />
        <source>上次备份：{0}</source>
        <translation>Last backup: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="152" />
        <source>未设置定时备份</source>
        <translation>none scheduled</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="154" />
        <source>备份文件夹不存在：{0}</source>
        <translation>The backup folder does not exist: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="156" />
        <source>现在</source>
        <translation>now</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="157" />
        <source>{0}（每 {1} 小时）；文件夹中现有 {2} 份备份，保留最新 {3} 份</source>
        <translation>{0} (every {1} hours); backups in the folder: {2}, the newest {3} kept</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="160" />
        <source>已逾期！</source>
        <translation>Overdue! </translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="161" />
        <source>请确认本机的计划任务在运行，或点“立即备份”。</source>
        <translation>Check that this machine's scheduled task is running, or click "Back up now".</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="162" />
        <source>下次备份：{0}</source>
        <translation>Next backup: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="171" />
        <source>选择备份文件夹</source>
        <translation>Choose the backup folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="191" />
        <source>备份设置已保存</source>
        <translation>Backup settings saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="195" />
        <source>请先保存备份设置，再立即备份</source>
        <translation>Save the backup settings first, then back up now</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="199" />
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/backup_panel.py" line="208" />
        <source>备份完成并已校验</source>
        <translation>Backup done and checked</translation>
    </message>
</context>
<context>
    <name>BatchPrintController</name>
    <message>
        <location filename="../../app/ui/certificates/print_dialogs.py" line="277" />
        <source>打印证书</source>
        <translation>Print certificates</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/print_dialogs.py" line="294" />
        <source>正在打印证书…</source>
        <translation>Printing certificates…</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/print_dialogs.py" line="294" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/print_dialogs.py" line="331" />
        <source>正在打印第 {0} / {1} 张证书…</source>
        <translation>Printing certificate {0} of {1}…</translation>
    </message>
</context>
<context>
    <name>BundleCount</name>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="144" />
        <source>单位</source>
        <translation>employers</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="145" />
        <source>人员</source>
        <translation>persons</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="146" />
        <source>资格</source>
        <translation>qualifications</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="147" />
        <source>注册</source>
        <translation>registrations</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="148" />
        <source>申报</source>
        <translation>filings</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="149" />
        <source>进度记录</source>
        <translation>timeline steps</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="150" />
        <source>消息</source>
        <translation>messages</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="151" />
        <source>补正</source>
        <translation>corrections</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="152" />
        <source>申辩</source>
        <translation>appeals</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="153" />
        <source>信息更正</source>
        <translation>info corrections</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="154" />
        <source>附件</source>
        <translation>attachments</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="155" />
        <source>证书</source>
        <translation>certificates</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="156" />
        <source>证书文件</source>
        <translation>certificate files</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="157" />
        <source>信任文件</source>
        <translation>trust files</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="158" />
        <source>核验汇总</source>
        <translation>verification summaries</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="164" />
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="166" />
        <source>，</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>CertificatePreviewDialog</name>
    <message>
        <location filename="../../app/ui/certificates/print_dialogs.py" line="349" />
        <source>证书预览（不作为证书使用）</source>
        <translation>Certificate preview (not valid as a certificate)</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/print_dialogs.py" line="357" />
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/print_dialogs.py" line="358" />
        <source>整页</source>
        <translation>Whole page</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/print_dialogs.py" line="359" />
        <source>实际大小</source>
        <translation>Actual size</translation>
    </message>
</context>
<context>
    <name>CertificateState</name>
    <message>
        <location filename="../../app/ui/common/labels.py" line="94" />
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="95" />
        <source>已过使用有效期</source>
        <translation>Use window over</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="96" />
        <source>已被新证书取代</source>
        <translation>Superseded</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="97" />
        <source>已撤销</source>
        <translation>Revoked</translation>
    </message>
</context>
<context>
    <name>CertificatesView</name>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="62" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="63" />
        <location filename="../../app/ui/certificates/certificates_view.py" line="129" />
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="64" />
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="65" />
        <source>注册编号</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="66" />
        <source>聘用企业</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="67" />
        <source>加注日期</source>
        <translation>Annotated on</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="68" />
        <source>使用有效期</source>
        <translation>Use window</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="69" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="70" />
        <source>证照标识</source>
        <translation>Licence identifier</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="131" />
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="134" />
        <source>全部类别</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="138" />
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="142" />
        <source>聘用企业名称或统一社会信用代码</source>
        <translation>Employer name or unified social credit code</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="143" />
        <source>批量查找</source>
        <translation>Batch search</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="147" />
        <source>人员：</source>
        <translation>Person:</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="147" />
        <source>  批量：</source>
        <translation>  Batch:</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="164" />
        <source>加注(&amp;A)…</source>
        <translation>&amp;Annotate…</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="165" />
        <source>预览(&amp;V)</source>
        <translation>Pre&amp;view</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="166" />
        <source>打印(&amp;P)…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="167" />
        <source>继续打印</source>
        <translation>Resume printing</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="168" />
        <source>导出 PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="169" />
        <source>导出 OFD…</source>
        <translation>Export OFD…</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="214" />
        <source>正在查询…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="251" />
        <source>（样本）</source>
        <translation>(specimen)</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="252" />
        <source>{0} 至 {1}</source>
        <translation>{0} to {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="264" />
        <source>共 {0} 份证书。</source>
        <translation>{0} certificates.</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="265" />
        <source>没有找到证书。</source>
        <translation>No certificates found.</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="280" />
        <source>只能打印或导出有效期内、未被取代且未撤销的证书；请先重新加注。</source>
        <translation>Only certificates inside their use window, not superseded and not revoked can be printed or exported; annotate again first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="298" />
        <source>正在加注…</source>
        <translation>Annotating…</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="301" />
        <source>加注成功：{0}，使用有效期 {1} 至 {2}。</source>
        <translation>Annotated: {0}, usable from {1} to {2}.</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="346" />
        <source>打印已取消：已打印 {0} 张，共 {1} 张。</source>
        <translation>Printing cancelled: {0} of {1} printed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="349" />
        <source>已打印 {0} 张证书。请持证人在“个人签名”处手写签名。</source>
        <translation>{0} certificates printed. Ask each holder to sign by hand in the "Signature" box.</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="358" />
        <source>打印未完成</source>
        <translation>Printing not finished</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="362" />
        <source>选择导出文件夹</source>
        <translation>Choose the export folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="374" />
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="374" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="384" />
        <source>已导出 {0} 个文件到 {1}</source>
        <translation>Exported {0} files to {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/certificates_view.py" line="394" />
        <source>已取消导出。</source>
        <translation>Export cancelled.</translation>
    </message>
</context>
<context>
    <name>CommitmentPage</name>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="149" />
        <source>个人承诺书</source>
        <translation>Personal commitment</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="152" />
        <source>本人作出上述承诺</source>
        <translation>I make the above commitment</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="154" />
        <source>本人不作出上述承诺</source>
        <translation>I do not make the above commitment</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="189" />
        <source>确认（{0}秒）</source>
        <translation>Confirm ({0} s)</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="190" />
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
</context>
<context>
    <name>ConditionsPage</name>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="100" />
        <source>审批条件</source>
        <translation>Approval conditions</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="101" />
        <source>请认真阅读并逐项勾选审批条件。</source>
        <translation>Read the approval conditions carefully and tick each one.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="103" />
        <source>全选(&amp;A)</source>
        <translation>Select &amp;all</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="138" />
        <source>社保缴纳情况异常</source>
        <translation>Social-security contributions irregular</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="205" />
        <location filename="../../app/ui/filings/filing_form_page.py" line="254" />
        <source>确认上报</source>
        <translation>Confirm submission</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="213" />
        <source>请核对以下内容。点击“上报”后将提交申报。</source>
        <translation>Check the details below. Clicking "Submit" submits the filing.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="221" />
        <source>申报事项</source>
        <translation>Filing type</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="222" />
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="222" />
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="223" />
        <source>注册专业</source>
        <translation>Specialties</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="224" />
        <source>聘用单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="229" />
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="230" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="232" />
        <source>强制注销</source>
        <translation>Forced cancellation</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="232" />
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="234" />
        <source>附件</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="234" />
        <source>{0}（{1} KB）</source>
        <translation>{0} ({1} KB)</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="237" />
        <source>社保异常</source>
        <translation>Social-security anomaly</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="237" />
        <source>申请人已确认继续申报</source>
        <translation>The applicant confirmed to go on</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="254" />
        <source>是否确定上报？</source>
        <translation>Submit this filing now?</translation>
    </message>
</context>
<context>
    <name>ConflictEntity</name>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="50" />
        <source>人员</source>
        <translation>Persons</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="51" />
        <source>聘用单位</source>
        <translation>Employer</translation>
    </message>
</context>
<context>
    <name>ConflictField</name>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="57" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="58" />
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="59" />
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="60" />
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="61" />
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="62" />
        <source>手机号码</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="63" />
        <source>经办人手机号码</source>
        <translation>Operator's mobile number</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="64" />
        <location filename="../../app/ui/offices/office_labels.py" line="65" />
        <source>聘用单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="66" />
        <source>聘用单位代码</source>
        <translation>Employer code</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="67" />
        <source>聘用开始</source>
        <translation>Employment start</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="68" />
        <source>聘用结束</source>
        <translation>Employment end</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="69" />
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="70" />
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="71" />
        <source>地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="72" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="73" />
        <source>社保异常标记</source>
        <translation>Social security flag</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="74" />
        <source>社保异常说明</source>
        <translation>Social security note</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="75" />
        <source>照片</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="76" />
        <source>签名</source>
        <translation>Signature</translation>
    </message>
</context>
<context>
    <name>ConflictResolution</name>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="44" />
        <source>采用对方版本</source>
        <translation>Take theirs</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="45" />
        <source>保留本方版本</source>
        <translation>Keep ours</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="46" />
        <source>逐项合并</source>
        <translation>Merge field by field</translation>
    </message>
</context>
<context>
    <name>ConflictValue</name>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="82" />
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="83" />
        <source>女</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="84" />
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="85" />
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>ConflictView</name>
    <message>
        <location filename="../../app/ui/offices/conflict_view.py" line="36" />
        <location filename="../../app/ui/offices/conflict_view.py" line="76" />
        <source>请在左侧选择一处冲突。</source>
        <translation>Select a conflict on the left.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflict_view.py" line="43" />
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflict_view.py" line="43" />
        <source>本办公室</source>
        <translation>This office</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflict_view.py" line="43" />
        <source>对方办公室</source>
        <translation>Other office</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflict_view.py" line="43" />
        <source>合并时采用</source>
        <translation>Use when merging</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflict_view.py" line="69" />
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflict_view.py" line="78" />
        <source>{0}：{1}（{2}），来自 {3}，发现于 {4}</source>
        <translation>{0}: {1} ({2}), from {3}, found {4}</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflict_view.py" line="82" />
        <source>；已于 {0} 处理：{1}</source>
        <translation>; resolved {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflict_view.py" line="103" />
        <source>本方</source>
        <translation>Ours</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflict_view.py" line="104" />
        <source>对方</source>
        <translation>Theirs</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflict_view.py" line="108" />
        <source>相同</source>
        <translation>Same</translation>
    </message>
</context>
<context>
    <name>ConflictsPanel</name>
    <message>
        <location filename="../../app/ui/offices/conflicts_panel.py" line="43" />
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflicts_panel.py" line="43" />
        <source>对象</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflicts_panel.py" line="43" />
        <source>来自</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflicts_panel.py" line="44" />
        <source>发现时间</source>
        <translation>Found</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflicts_panel.py" line="44" />
        <source>处理</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflicts_panel.py" line="45" />
        <source>显示已处理的</source>
        <translation>Show resolved</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflicts_panel.py" line="52" />
        <source>采用对方版本</source>
        <translation>Take theirs</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflicts_panel.py" line="53" />
        <source>保留本方版本</source>
        <translation>Keep ours</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflicts_panel.py" line="54" />
        <source>按所选逐项合并</source>
        <translation>Merge as chosen</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflicts_panel.py" line="99" />
        <source>待处理冲突：{0}</source>
        <translation>Open conflicts: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflicts_panel.py" line="100" />
        <source>没有待处理的冲突。</source>
        <translation>No open conflicts.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflicts_panel.py" line="135" />
        <source>处理冲突</source>
        <translation>Resolve conflict</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/conflicts_panel.py" line="136" />
        <source>对 {0}“{1}”{2}？此操作记入审计日志，不能撤回。</source>
        <translation>{2} for {0} "{1}"? This is written to the audit log and cannot be undone.</translation>
    </message>
</context>
<context>
    <name>CorrectionAnswerDialog</name>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="125" />
        <source>补正</source>
        <translation>Corrections</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="133" />
        <source>补正内容：</source>
        <translation>Material requested:</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="134" />
        <source>补正原因：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="135" />
        <source>选择文件(&amp;F)…</source>
        <translation>Choose &amp;file…</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="138" />
        <source>未选择（{0} KB–{1} KB）</source>
        <translation>Nothing chosen ({0} KB–{1} KB)</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="145" />
        <source>补正材料*</source>
        <translation>Material*</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="148" />
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="152" />
        <source>选择补正材料</source>
        <translation>Choose the material</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="153" />
        <source>图片或 PDF (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)</source>
        <translation>Images or PDF (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="164" />
        <source>（已压缩）</source>
        <translation>(recompressed)</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="170" />
        <source>请先选择补正材料（{0} KB–{1} KB）。</source>
        <translation>Choose the material first ({0} KB–{1} KB).</translation>
    </message>
</context>
<context>
    <name>CorrectionRequestDialog</name>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="75" />
        <source>要求补正</source>
        <translation>Request corrections</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="76" />
        <source>补正内容*</source>
        <translation>Material requested*</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="77" />
        <source>补正原因*</source>
        <translation>Reason*</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="82" />
        <source>请填写补正内容和补正原因。</source>
        <translation>Enter both the material requested and the reason.</translation>
    </message>
</context>
<context>
    <name>CropFrameView</name>
    <message>
        <location filename="../../app/ui/imaging/crop_frame_view.py" line="150" />
        <source>头顶</source>
        <translation>Top of head</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/crop_frame_view.py" line="151" />
        <source>眼线</source>
        <translation>Eye line</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/crop_frame_view.py" line="152" />
        <source>下巴</source>
        <translation>Chin</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <location filename="../../app/ui/review/dashboard_view.py" line="46" />
        <source>申报状态</source>
        <translation>Filings by state</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/dashboard_view.py" line="58" />
        <source>即将到期（点击柱形查看名单）</source>
        <translation>Expiring soon (click a bar for the list)</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/dashboard_view.py" line="64" />
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/dashboard_view.py" line="86" />
        <source>注册到期</source>
        <translation>Registrations ending</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/dashboard_view.py" line="87" />
        <source>证书使用有效期</source>
        <translation>Certificate use windows</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/dashboard_view.py" line="99" />
        <source>{0} 天内</source>
        <translation>Within {0} days</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/dashboard_view.py" line="115" />
        <source>统计完成</source>
        <translation>Up to date</translation>
    </message>
</context>
<context>
    <name>DemoPage</name>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="185" />
        <source>第四步（可选）：演示注册库</source>
        <translation>Step 4 (optional): demo register</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="186" />
        <source>演示注册库是另一个独立的文件，内有虚构的人员、申报和证书，所有证书都印有“样本”字样，用于培训和试用。正式注册库不受影响。</source>
        <translation>The demo register is a separate file with made-up persons, filings and certificates, every certificate printed with "SPECIMEN", for training and trying things out. The real register is not touched.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="189" />
        <source>另建演示注册库(&amp;D)</source>
        <translation>Create a &amp;demo register</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="203" />
        <source>演示注册库</source>
        <translation>Demo register</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="204" />
        <source>演示注册库已建好：
{0}
用同一管理员账户登录。要打开它，请在“设置”中把数据库位置改为这个文件。</source>
        <translation>The demo register is ready:
{0}
Sign in with the same administrator account. To open it, set the database location in Settings to this file.</translation>
    </message>
</context>
<context>
    <name>ExpiringDialog</name>
    <message>
        <location filename="../../app/ui/review/dashboard_view.py" line="136" />
        <source>{0} 天内到期的注册</source>
        <translation>Registrations expiring within {0} days</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/dashboard_view.py" line="137" />
        <source>{0} 天内到期的证书使用有效期</source>
        <translation>Certificate use windows ending within {0} days</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/dashboard_view.py" line="140" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/dashboard_view.py" line="141" />
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/dashboard_view.py" line="142" />
        <source>类别与专业</source>
        <translation>Kind and specialty</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/dashboard_view.py" line="143" />
        <source>注册编号</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/dashboard_view.py" line="144" />
        <source>到期日</source>
        <translation>Ends on</translation>
    </message>
</context>
<context>
    <name>FileSealsPanel</name>
    <message>
        <location filename="../../app/ui/verification/file_seals_panel.py" line="24" />
        <source>电子证书专用章</source>
        <translation>Certificate seal</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/file_seals_panel.py" line="25" />
        <source>管理委员会印章</source>
        <translation>Committee seal</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/file_seals_panel.py" line="26" />
        <source>主任委员个人印章</source>
        <translation>Chairman's personal seal</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/file_seals_panel.py" line="29" />
        <source>有效：受信任的办公室签章，签章后未被修改</source>
        <translation>Valid: sealed by a trusted office, unmodified since sealing</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/file_seals_panel.py" line="30" />
        <source>无效：签章后文件已被修改</source>
        <translation>Not valid: the file was modified after sealing</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/file_seals_panel.py" line="31" />
        <source>不可信：签章者不是受信任的办公室</source>
        <translation>Not trusted: sealed by an office that is not trusted</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/file_seals_panel.py" line="32" />
        <source>无效：签章证书已被吊销</source>
        <translation>Not valid: the seal certificate was revoked</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/file_seals_panel.py" line="33" />
        <source>无效：签章无法验证</source>
        <translation>Not valid: the seal cannot be verified</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/file_seals_panel.py" line="51" />
        <source>文件电子签章</source>
        <translation>Electronic seals of the file</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/file_seals_panel.py" line="77" />
        <source>正在检查文件签章…</source>
        <translation>Checking the file's seals…</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/file_seals_panel.py" line="92" />
        <source>未加电子签章：无法确认文件未被修改（请以二维码核验结果为准）</source>
        <translation>No electronic seal: the file cannot be shown to be unmodified (rely on the QR code's result)</translation>
    </message>
</context>
<context>
    <name>FilingAction</name>
    <message>
        <location filename="../../app/ui/common/labels.py" line="45" />
        <source>创建申报</source>
        <translation>Filing created</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="46" />
        <source>再次申报</source>
        <translation>Filed again</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="47" />
        <source>上报</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="48" />
        <source>企业上报</source>
        <translation>Employer reports</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="49" />
        <source>报送主管部门（旧记录）</source>
        <translation>Forwarded to the authority (old record)</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="50" />
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="51" />
        <source>要求补正</source>
        <translation>Request corrections</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="52" />
        <source>补正</source>
        <translation>Answer corrections</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="53" />
        <source>审批通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="54" />
        <source>审批不通过</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="55" />
        <source>撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="56" />
        <source>企业同意撤回</source>
        <translation>Employer consents to withdrawal</translation>
    </message>
</context>
<context>
    <name>FilingDetailView</name>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="88" />
        <location filename="../../app/ui/filings/filing_detail_view.py" line="152" />
        <source>未选择申报</source>
        <translation>No filing selected</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="95" />
        <location filename="../../app/ui/filings/filing_detail_view.py" line="97" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="95" />
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="95" />
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="96" />
        <location filename="../../app/ui/filings/filing_detail_view.py" line="99" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="96" />
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="97" />
        <source>发送人</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="97" />
        <source>内容</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="98" />
        <source>提出时间</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="98" />
        <source>补正内容</source>
        <translation>Material requested</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="98" />
        <source>补正原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="104" />
        <source>办理记录</source>
        <translation>Progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="104" />
        <source>消息</source>
        <translation>Messages</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="105" />
        <source>补正</source>
        <translation>Corrections</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="158" />
        <source>{0}  {1} — {2}</source>
        <translation>{0}  {1} — {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="160" />
        <source>；企业已同意撤回</source>
        <translation>; the employer consented to withdrawal</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="161" />
        <source>申请人：{0}（{1}）  注册专业：{2}{3}</source>
        <translation>Applicant: {0} ({1})  Specialty: {2}{3}</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="170" />
        <source>待补正</source>
        <translation>Corrections requested</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="170" />
        <source>已补正 {0}</source>
        <translation>Answered {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="178" />
        <source>再次申报…</source>
        <translation>File again…</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="184" />
        <location filename="../../app/ui/filings/filing_detail_view.py" line="222" />
        <source>删除草稿</source>
        <translation>Discard draft</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="218" />
        <source>撤回申报</source>
        <translation>Withdraw filing</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="219" />
        <source>确定撤回申报 {0}？撤回后可以重新申报。</source>
        <translation>Withdraw filing {0}? It can be filed again afterwards.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_detail_view.py" line="223" />
        <source>确定删除未上报的草稿 {0}？</source>
        <translation>Discard the unsubmitted draft {0}?</translation>
    </message>
</context>
<context>
    <name>FilingReason</name>
    <message>
        <location filename="../../app/ui/common/labels.py" line="61" />
        <source>执业印章遗失补办</source>
        <translation>Practice seal lost</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="62" />
        <source>执业印章损毁补办</source>
        <translation>Practice seal damaged</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="63" />
        <source>注册信息更改</source>
        <translation>Registration details changed</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="64" />
        <location filename="../../app/ui/common/labels.py" line="70" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="67" />
        <source>与聘用单位解除劳动关系</source>
        <translation>Employment ended</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="68" />
        <source>本人不再执业</source>
        <translation>No longer practising</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="69" />
        <source>退休</source>
        <translation>Retired</translation>
    </message>
</context>
<context>
    <name>FilingState</name>
    <message>
        <location filename="../../app/ui/common/labels.py" line="34" />
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="35" />
        <source>个人已上报</source>
        <translation>Submitted by the person</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="36" />
        <source>企业已上报</source>
        <translation>Confirmed by the employer</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="37" />
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="38" />
        <source>待补正</source>
        <translation>Corrections requested</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="39" />
        <source>审批通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="40" />
        <source>审批不通过</source>
        <translation>Not approved</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="41" />
        <source>个人撤回</source>
        <translation>Withdrawn by the person</translation>
    </message>
</context>
<context>
    <name>FilingTexts</name>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="17" />
        <source>已取得相应专业的执业资格证书，或已通过考核认定</source>
        <translation>I hold the professional qualification for this specialty, or passed the assessment</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="18" />
        <source>受聘于一个符合注册单位要求的单位，并已签订劳动合同</source>
        <translation>I am employed by one qualifying employer and have a labour contract</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="19" />
        <source>受聘单位按期为本人缴纳社会保险</source>
        <translation>My employer pays my social-security contributions on time</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="20" />
        <source>已达到本专业继续教育要求</source>
        <translation>I have met the continuing-education requirement of my specialty</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="21" />
        <source>不存在法律、法规规定不予注册的情形</source>
        <translation>No legal ground excludes my registration</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="22" />
        <source>已上传一寸照片和手写签名</source>
        <translation>My 1-inch photo and handwritten signature are on file</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="24" />
        <source>该注册专业从未申报过初始注册</source>
        <translation>I have never filed an initial registration for this specialty</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="25" />
        <source>已与原聘用单位解除劳动关系，并有解聘证明</source>
        <translation>My employment with the previous employer has ended and I have a release certificate</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="26" />
        <source>在本类别的延续注册申报期内（见设置）</source>
        <translation>Within this kind's continuation filing period (see the settings)</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="27" />
        <source>注册证书需要更改或补办，并说明原因</source>
        <translation>My certificate needs changing or re-issuing, and I give the reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="28" />
        <source>了解注销后注册证书即失效</source>
        <translation>I understand that the certificate becomes invalid on cancellation</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="29" />
        <source>原注册已注销，现申请重新注册</source>
        <translation>My registration was cancelled and I now apply to register again</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="30" />
        <source>已注册一级建造师，该专业从未注册过</source>
        <translation>A registered constructor; this specialty has never been registered</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="33" />
        <source>本人姓名：{name}，身份证号：{id_number}，手机号：{mobile}，申请{kind}注册业务。本人已充分知悉《中华人民共和国行政许可法》等相关法律法规的全部要求，现郑重承诺如下：

1、本人已审慎阅读、充分理解并同意接受注册管理信息系统相关规则，对系统相关规则的修改、调整均予以接受。
2、本人同意以电子申报方式申请注册业务。
3、本人认证及申请事项均为本人办理，提供的申报信息及材料真实有效。
4、本人已通过考试、特许、考核认定等方式取得相应执业资格证书，并在考试报名、笔试等环节均不存在违法违规行为。
5、本人承诺受聘于{employer}，该受聘单位符合有关主管部门规定的注册单位要求，且为本人唯一受聘单位。
6、本人已依法与受聘单位签订劳动合同，由受聘单位按期缴纳社保（退休等情形除外），本人对受聘情况的真实性、合法性负责。
7、本人已按照有关规定完成继续教育学习，达到本专业继续教育要求。
8、本人不存在因从事相关业务受到刑事处罚，自刑事处罚执行完毕之日起至申请注册之日止不满二年的情形。
9、本人不存在法律、法规规定不予注册的其他情形。
10、本人所填信息及提交材料均真实、合法、有效，并愿意配合对申请内容的调查、核查、核验。
11、本人承诺经注册取得注册证书后，依法依规从事执业活动。
12、本人愿意承担不实承诺、未履行承诺、违反承诺、隐瞒有关情况、提供虚假材料或违法违规执业的全部法律责任，接受有关主管部门的各项惩戒措施。
13、本人已知晓并同意，若出现上述行为，相关信息将被作为失信信息记录在有关公共信用信息服务平台，并依法依规向社会公示。
14、本人具有完全民事行为能力，以上承诺均为本人真实意思表示。</source>
        <translation>Name: {name}, ID number: {id_number}, mobile: {mobile}, applying for registration as {kind}. I am fully aware of all requirements of the Administrative Licensing Law of the People's Republic of China and related laws and regulations, and solemnly commit as follows:

1. I have read carefully, fully understand and accept the rules of the registration management system, including any changes to them.
2. I agree to apply for registration by electronic filing.
3. I authenticated and applied in person; the information and material I provide are true and valid.
4. I obtained the professional qualification by examination, special grant or assessment, without any irregularity in registration or examination.
5. I am employed by {employer}; this employer meets the requirements of the competent authorities and is my only employer.
6. I have a labour contract with my employer, who pays my social-security contributions on time (except in retirement and similar cases); I am responsible for the truth and lawfulness of my employment details.
7. I have completed the continuing education required for my specialty.
8. I have not been criminally punished for work in this field with less than two years between the end of the punishment and this application.
9. No other legal ground excludes my registration.
10. All information and material I submit are true, lawful and valid, and I will cooperate with any investigation, check or verification of this application.
11. Once registered, I will practise according to the law and regulations.
12. I bear full legal responsibility for any false commitment, breach of commitment, concealment, false material or unlawful practice, and accept the sanctions of the competent authorities.
13. I know and agree that any such conduct will be recorded as a breach of trust on the public credit information platforms and published according to the law.
14. I have full civil capacity, and these commitments are my true intention.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_texts.py" line="50" />
        <source>按照注册管理规定要求，经核查，您的社保缴纳情况异常。

是否继续申报？如继续申报，请点“确定”，同时承诺只受聘于本单位并缴纳社保，未受聘于其他单位或在其他单位缴纳社保，如有虚假，愿承担一切责任。如不继续申报，请点“取消”。</source>
        <translation>As required by the registration rules, the check found your social-security contributions irregular.

Continue with this filing? To continue, click "OK": you thereby commit that you are employed and insured only by this employer and not by any other, and accept full responsibility for any false statement. To stop, click "Cancel".</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/wizard_state.py" line="56" />
        <source>没有可申报初始注册的资格：每个专业只能初始注册一次，且须先取得该专业的执业资格。</source>
        <translation>Nothing to file an initial registration for: each specialty can be registered initially only once, and only with its professional qualification.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/wizard_state.py" line="60" />
        <source>增项注册只适用于已注册的一级建造师，且须先取得所增专业的执业资格。</source>
        <translation>An additional specialty is only for registered constructors, with the qualification for the specialty added.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/wizard_state.py" line="65" />
        <source>没有已注销的注册，不能申报重新注册。</source>
        <translation>There is no cancelled registration to register again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/wizard_state.py" line="66" />
        <source>没有有效的注册。</source>
        <translation>There is no active registration.</translation>
    </message>
</context>
<context>
    <name>FilingType</name>
    <message>
        <location filename="../../app/ui/common/labels.py" line="24" />
        <source>初始注册</source>
        <translation>Initial registration</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="25" />
        <source>变更注册</source>
        <translation>Change of employer</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="26" />
        <source>延续注册</source>
        <translation>Continuation</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="27" />
        <source>更改补办</source>
        <translation>Modification / re-issue</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="28" />
        <source>注销注册</source>
        <translation>Cancellation</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="29" />
        <source>重新注册</source>
        <translation>Re-registration</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="30" />
        <source>增项注册</source>
        <translation>Additional specialty</translation>
    </message>
</context>
<context>
    <name>FilingWizard</name>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="218" />
        <source>新建申报 — {0}</source>
        <translation>New filing — {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="229" />
        <source>下一步(&amp;N) &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="230" />
        <source>&lt; 上一步(&amp;B)</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="231" />
        <location filename="../../app/ui/filings/filing_wizard.py" line="245" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="232" />
        <source>上报(&amp;S)</source>
        <translation>&amp;Submit</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="244" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>FilingsBrowser</name>
    <message>
        <location filename="../../app/ui/filings/filings_view.py" line="62" />
        <source>搜索：申报编号、姓名或证件号码</source>
        <translation>Search: filing number, name or ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filings_view.py" line="68" />
        <source>申报编号</source>
        <translation>Filing no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filings_view.py" line="69" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filings_view.py" line="70" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filings_view.py" line="71" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filings_view.py" line="72" />
        <source>上报时间</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filings_view.py" line="132" />
        <source>共显示 {0} 件申报</source>
        <translation>{0} filings shown</translation>
    </message>
</context>
<context>
    <name>FilingsView</name>
    <message>
        <location filename="../../app/ui/filings/filings_view.py" line="179" />
        <source>正在办理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filings_view.py" line="180" />
        <source>历史申报</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filings_view.py" line="181" />
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filings_view.py" line="184" />
        <source>新建申报(&amp;N)…</source>
        <translation>&amp;New filing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filings_view.py" line="204" />
        <source>新建申报</source>
        <translation>New filing</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filings_view.py" line="204" />
        <source>申请人的证件号码或姓名：</source>
        <translation>Applicant's ID number or name:</translation>
    </message>
</context>
<context>
    <name>FingerprintView</name>
    <message>
        <location filename="../../app/ui/offices/fingerprint_view.py" line="73" />
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/fingerprint_view.py" line="77" />
        <source>逐组读出：{0}</source>
        <translation>Read group by group: {0}</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="57" />
        <source>这是一个新的注册库，尚无任何账户。请创建第一个管理员账户；之后可在“设置”中为办事员和审核员开设账户。</source>
        <translation>This is a new register without any accounts. Create the first administrator account; accounts for clerks and reviewers can then be opened under "Settings".</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="59" />
        <source>首次使用</source>
        <translation>First start</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="62" />
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="63" />
        <source>姓名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="64" />
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="65" />
        <source>确认密码(&amp;C)</source>
        <translation>&amp;Confirm password</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="70" />
        <source>两次输入的密码不一致</source>
        <translation>The two passwords differ</translation>
    </message>
</context>
<context>
    <name>FirstStartWizard</name>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="214" />
        <source>首次使用向导</source>
        <translation>First-start guide</translation>
    </message>
</context>
<context>
    <name>FormPage</name>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="66" />
        <source>个人基本信息和企业信息由系统自动生成；如有问题，请先在“人员”中修改。</source>
        <translation>Personal and employer details come from the person's record; to correct them, edit the person under "Persons" first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="67" />
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="68" />
        <source>注册专业</source>
        <translation>Specialties</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="71" />
        <source>注册编号</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="72" />
        <source>执业印章号</source>
        <translation>Practice seal no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="73" />
        <source>注册有效期</source>
        <translation>Registrations</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="77" />
        <source>原聘用单位</source>
        <translation>Previous employer</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="78" />
        <source>现聘用单位</source>
        <translation>New employer</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="80" />
        <source>请先在“人员”中填写新的聘用单位。</source>
        <translation>Enter the new employer in the person's record under "Persons" first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="82" />
        <source>变更注册的现聘用单位必须与原聘用单位不同。</source>
        <translation>For a change of employer the new employer must differ from the previous one.</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="83" />
        <source>解聘证明*</source>
        <translation>Release certificate*</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="85" />
        <source>聘用单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="88" />
        <source>更改补办原因*</source>
        <translation>Reason for modification*</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="89" />
        <location filename="../../app/ui/filings/filing_form_page.py" line="93" />
        <source>原因说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="92" />
        <source>注销原因*</source>
        <translation>Reason for cancellation*</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="94" />
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="96" />
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="108" />
        <source>是否强制注销</source>
        <translation>Forced cancellation</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="109" />
        <source>仲裁文件或判决书</source>
        <translation>Arbitration award or judgment</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="124" />
        <source>选择“其他”时必填</source>
        <translation>Required when "Other" is chosen</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="130" />
        <source>选择文件(&amp;F)…</source>
        <translation>Choose &amp;file…</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="133" />
        <source>未选择（JPEG、PNG 或 PDF）</source>
        <translation>Nothing chosen (JPEG, PNG or PDF)</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="153" />
        <source>图片或 PDF (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)</source>
        <translation>Images or PDF (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_form_page.py" line="165" />
        <source>（已压缩）</source>
        <translation>(recompressed)</translation>
    </message>
</context>
<context>
    <name>HolderCard</name>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="129" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="129" />
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="130" />
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="130" />
        <source>证书类别</source>
        <translation>Certificate kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="131" />
        <source>证书编号</source>
        <translation>Certificate number</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="132" />
        <source>注册编号</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="133" />
        <source>聘用企业</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="133" />
        <source>注册专业</source>
        <translation>Specialties</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="134" />
        <source>使用有效期</source>
        <translation>Use window</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="134" />
        <source>剩余天数</source>
        <translation>Days left</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="135" />
        <source>签发机构</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="135" />
        <source>登记库记录</source>
        <translation>Register record</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="141" />
        <source>：</source>
        <translation>:</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="162" />
        <source>无照片</source>
        <translation>No photo</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="171" />
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="171" />
        <source>女</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="180" />
        <source>{0}（据登记库）</source>
        <translation>{0} (from the register)</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="183" />
        <source>统一社会信用代码 {0}</source>
        <translation>USCC {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="186" />
        <source>{0}（至 {1}）</source>
        <translation>{0} (until {1})</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="188" />
        <source>{0} 至 {1}</source>
        <translation>{0} to {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="196" />
        <source>注册已注销</source>
        <translation>Registration cancelled</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="198" />
        <source>{0} 撤销：{1}</source>
        <translation>Revoked {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="202" />
        <source>{0} 起注册信息已变更，本证书不再使用</source>
        <translation>The registration changed on {0}: this certificate is no longer used</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="203" />
        <source>{0} 起已被新证书取代</source>
        <translation>Superseded by a newer certificate since {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="211" />
        <source>登记库中无匹配照片</source>
        <translation>No matching photo in the register</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="223" />
        <source>{0} 天后生效</source>
        <translation>Valid in {0} days</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="225" />
        <source>已过期 {0} 天</source>
        <translation>Expired {0} days ago</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="227" />
        <source>今天是最后一天</source>
        <translation>Today is the last day</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="228" />
        <source>{0} 天</source>
        <translation>{0} days</translation>
    </message>
</context>
<context>
    <name>IdType</name>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="49" />
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="50" />
        <source>港澳台居民居住证</source>
        <translation>HK/Macao/Taiwan residence permit</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="51" />
        <source>护照</source>
        <translation>Passport</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="52" />
        <source>军官证</source>
        <translation>Military officer ID</translation>
    </message>
</context>
<context>
    <name>ImageProblemList</name>
    <message>
        <location filename="../../app/ui/imaging/image_problem_list.py" line="33" />
        <source>符合要求，可以保存</source>
        <translation>Meets the requirements; ready to save</translation>
    </message>
</context>
<context>
    <name>InfoCorrectionDialog</name>
    <message>
        <location filename="../../app/ui/persons/person_requests_dialog.py" line="92" />
        <source>信息更正</source>
        <translation>Correct details</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_requests_dialog.py" line="95" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_requests_dialog.py" line="96" />
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_requests_dialog.py" line="97" />
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_requests_dialog.py" line="107" />
        <source>更正项目</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_requests_dialog.py" line="108" />
        <source>新证件类型</source>
        <translation>New ID type</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_requests_dialog.py" line="109" />
        <source>新内容*</source>
        <translation>New value*</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_requests_dialog.py" line="110" />
        <source>更正理由*</source>
        <translation>Reason*</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_requests_dialog.py" line="118" />
        <source>新证件类型下的证件号码（可留空表示不变）</source>
        <translation>ID number under the new ID type (leave empty to keep it)</translation>
    </message>
</context>
<context>
    <name>InfoCorrectionsPanel</name>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="202" />
        <source>提出时间</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="202" />
        <location filename="../../app/ui/review/requests_panel.py" line="206" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="202" />
        <source>更正项目</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="202" />
        <source>原内容</source>
        <translation>Old value</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="203" />
        <source>新内容</source>
        <translation>New value</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="203" />
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="203" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="206" />
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="206" />
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="207" />
        <source>待审核</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="207" />
        <source>已通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="207" />
        <source>未通过</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="212" />
        <source>通过更正</source>
        <translation>Approve correction</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="215" />
        <source>不予更正</source>
        <translation>Refuse correction</translation>
    </message>
</context>
<context>
    <name>KeyState</name>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="19" />
        <source>签名中</source>
        <translation>active</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="20" />
        <source>已退役</source>
        <translation>retired</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="21" />
        <source>已信任</source>
        <translation>trusted</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="22" />
        <source>已泄露</source>
        <translation>compromised</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="23" />
        <source>预留（未启用）</source>
        <translation>reserved (not yet in use)</translation>
    </message>
</context>
<context>
    <name>KeysPanel</name>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="43" />
        <source>签名密钥</source>
        <translation>Signing keys</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="48" />
        <source>密钥编号</source>
        <translation>Key id</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="48" />
        <source>办公室</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="48" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="49" />
        <source>有效期</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="49" />
        <source>指纹</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="51" />
        <source>创建办公室密钥…</source>
        <translation>Create office key…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="52" />
        <source>轮换密钥…</source>
        <translation>Rotate key…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="53" />
        <source>标记为已泄露…</source>
        <translation>Mark compromised…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="54" />
        <location filename="../../app/ui/offices/keys_panel.py" line="168" />
        <location filename="../../app/ui/offices/keys_panel.py" line="173" />
        <source>取消信任</source>
        <translation>Distrust</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="55" />
        <source>导出信任文件…</source>
        <translation>Export trust file…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="56" />
        <source>发布手机验真页…</source>
        <translation>Publish the phone verifier…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="78" />
        <source>{0}（演示）</source>
        <translation>{0} (demo)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="80" />
        <source>{0}，自 {1} 起：{2}</source>
        <translation>{0} since {1}: {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="82" />
        <source>本办公室</source>
        <translation>This office</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="117" />
        <source>创建办公室密钥</source>
        <translation>Create office key</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="118" />
        <source>办公室的 Ed25519 签名密钥，用于签发证书、信任文件和数据包。口令用于加密私钥，程序不保存口令，遗失后无法找回，请妥善保管。</source>
        <translation>The office's Ed25519 signing key: it signs certificates, trust files and sync bundles. The passphrase encrypts the private key; the program never stores it and a lost passphrase cannot be recovered, so keep it safe.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="122" />
        <source>统一社会信用代码（留空用办公室设置）</source>
        <translation>Unified social credit code (empty: office settings)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="123" />
        <source>办公室名称（留空用办公室设置）</source>
        <translation>Office name (empty: office settings)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="125" />
        <source>同时创建电子印章（同一口令）</source>
        <translation>Also create the electronic seals (same passphrase)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="130" />
        <source>轮换密钥</source>
        <translation>Rotate key</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="131" />
        <source>生成新的签名密钥，此后用它签名；旧密钥退役但仍被信任，已签发的证书照常有效。轮换后请把新的信任文件发给其他办公室。</source>
        <translation>A new signing key signs from now on; the old key is retired but still trusted, so certificates already issued stay valid. After rotating, send the new trust file to the other offices.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="134" />
        <source>当前口令</source>
        <translation>Current passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="135" />
        <source>新密钥口令</source>
        <translation>New key's passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="154" />
        <source>标记密钥为已泄露</source>
        <translation>Mark key compromised</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="155" />
        <source>密钥 {0}（{1}）自所填时间起不再被信任：此后它签的证书一律无效，核验时说明原因。只能把时间提前，不能撤回。</source>
        <translation>Key {0} ({1}) is distrusted from the time given: every certificate it signed from then on is invalid, and the help desk says why. The time can only be moved earlier; this cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="157" />
        <source>标记为已泄露</source>
        <translation>Mark compromised</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="158" />
        <source>自（北京时间）</source>
        <translation>From (Beijing time)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="160" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="161" />
        <source>请填写原因。</source>
        <translation>Please give a reason.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="169" />
        <source>不再信任 {0} 的密钥 {1}？此后该密钥签发的证书在本办公室核验为无法验证真伪。</source>
        <translation>Stop trusting key {1} of {0}? Certificates it signed will then verify at this office as "cannot be verified".</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="178" />
        <location filename="../../app/ui/offices/keys_panel.py" line="194" />
        <location filename="../../app/ui/offices/keys_panel.py" line="197" />
        <source>导出信任文件</source>
        <translation>Export trust file</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="179" />
        <source>信任文件 (*.json)</source>
        <translation>Trust files (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="195" />
        <source>本办公室的公钥和签名的撤销列表，写入 {0}，供其他办公室导入。</source>
        <translation>This office's public keys and its signed revocation list, written to {0} for the other offices to import.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/keys_panel.py" line="198" />
        <source>信任文件已写入 {0}。请把它交给其他办公室，并通过电话核对指纹。</source>
        <translation>The trust file was written to {0}. Give it to the other offices and compare the fingerprint by phone.</translation>
    </message>
</context>
<context>
    <name>Kind</name>
    <message>
        <location filename="../../app/ui/common/labels.py" line="88" />
        <source>一级注册建筑师</source>
        <translation>Class 1 Registered Architect</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="89" />
        <source>一级建造师</source>
        <translation>Class 1 Constructor</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="90" />
        <source>勘察设计注册工程师</source>
        <translation>Registered Survey and Design Engineer</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../app/ui/common/labels.py" line="205" />
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="93" />
        <source>工作站已锁定。请输入 {0} 的密码以继续。</source>
        <translation>This workstation is locked. Enter the password of {0} to continue.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="95" />
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="98" />
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="100" />
        <source>退出程序</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="24" />
        <source>注册管理系统 — 登录</source>
        <translation>Registry Office — log in</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="25" />
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="30" />
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/login_dialog.py" line="31" />
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="98" />
        <source>人员</source>
        <translation>Persons</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="99" />
        <source>申报</source>
        <translation>Filings</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="100" />
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="101" />
        <source>证书</source>
        <translation>Certificates</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="103" />
        <source>核验</source>
        <translation>Verification</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="105" />
        <source>统计</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="108" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="241" />
        <source>{0} — 注册管理系统</source>
        <translation>{0} — Registry Office</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="242" />
        <source>注册管理系统</source>
        <translation>Registry Office</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="130" />
        <source>Ctrl+{0}</source>
        <translation>Ctrl+{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="106" />
        <source>办公室与密钥</source>
        <translation>Offices</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="107" />
        <source>同步冲突</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="143" />
        <source>当前用户：{0}（{1}）</source>
        <translation>Logged in: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="148" />
        <source>数据库：{0}</source>
        <translation>Database: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="198" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="199" />
        <source>锁定(&amp;L)</source>
        <translation>&amp;Lock</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="203" />
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="208" />
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="209" />
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="218" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="219" />
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="231" />
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="232" />
        <source>注册管理系统 {0}
注册人员登记、申报审核与电子证书核验。</source>
        <translation>Registry Office {0}
Register of licensed professionals, filings and review, electronic certificate verification.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/main_window.py" line="244" />
        <source>【演示数据 · 样本】{0}</source>
        <translation>[DEMO DATA · SPECIMEN] {0}</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="108" />
        <source>第二步：办公室与签名密钥</source>
        <translation>Step 2: office and signing key</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="109" />
        <source>证书上的签发机关和二维码签名来自这里。口令保护办公室的签名密钥，请另行妥善保管：系统不保存也无法找回口令。</source>
        <translation>The issuing authority printed on certificates and the QR code's signature come from here. The passphrase protects the office's signing key; keep it safe elsewhere: the program does not store it and cannot recover it.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="112" />
        <source>办公室名称(&amp;O)</source>
        <translation>&amp;Office name</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="113" />
        <source>统一社会信用代码(&amp;S)</source>
        <translation>Unified &amp;social credit code</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="114" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="115" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="116" />
        <source>密钥口令(&amp;K)</source>
        <translation>&amp;Key passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="117" />
        <source>确认口令</source>
        <translation>Confirm passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/first_start.py" line="124" />
        <source>两次输入的口令不一致</source>
        <translation>The two passphrases differ</translation>
    </message>
</context>
<context>
    <name>OfficeRole</name>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="34" />
        <source>中心办公室</source>
        <translation>Central office</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="35" />
        <source>受理点</source>
        <translation>Field office</translation>
    </message>
</context>
<context>
    <name>OfficeSettingsPanel</name>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="39" />
        <source>办公室信息</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="40" />
        <source>上传材料大小</source>
        <translation>Upload sizes</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="41" />
        <source>照片与图像</source>
        <translation>Photos and images</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="42" />
        <source>证书核验</source>
        <translation>Certificate verification</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="43" />
        <source>延续注册规则（各类别）</source>
        <translation>Continuation rules (per kind)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="47" />
        <source>办公室名称</source>
        <translation>Office name</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="48" />
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="49" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="50" />
        <source>咨询电话</source>
        <translation>Enquiries phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="51" />
        <source>补正材料最小（字节）</source>
        <translation>Correction material, minimum (bytes)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="53" />
        <source>补正材料最大（字节）</source>
        <translation>Correction material, maximum (bytes)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="55" />
        <source>其他附件最大（字节）</source>
        <translation>Other uploads, maximum (bytes)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="56" />
        <source>一寸照片最小（字节）</source>
        <translation>1-inch photo, minimum (bytes)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="57" />
        <source>一寸照片最大（字节）</source>
        <translation>1-inch photo, maximum (bytes)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="58" />
        <source>图像最多像素</source>
        <translation>Largest image (pixels)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="59" />
        <source>其他办公室密钥提醒更新（天）</source>
        <translation>Remind to refresh other offices' keys after (days)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="61" />
        <source>手机验真页信任列表提醒更新（天）</source>
        <translation>Phone verifier: warn when its trust list is older than (days)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="63" />
        <source>命令行登录有效时长（小时）</source>
        <translation>Command-line sign-in lasts (hours)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="67" />
        <source>受理点：未同步几天后核验时提醒</source>
        <translation>Field office: warn at verification after this many days without sync</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="69" />
        <source>受理点：未同步几天后停止新建申报</source>
        <translation>Field office: stop new filings after this many days without sync</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="72" />
        <source>建筑师：期满前几个月起可申报延续（0 不限）</source>
        <translation>Architects: continuation opens this many months before expiry (0: any time)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="74" />
        <source>工程师：期满前几个月起可申报延续（0 不限）</source>
        <translation>Engineers: continuation opens this many months before expiry (0: any time)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="76" />
        <source>建造师：期满前几个月起可申报延续（0 不限）</source>
        <translation>Constructors: continuation opens this many months before expiry (0: any time)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="78" />
        <source>建筑师：须在期满前几天申报延续</source>
        <translation>Architects: continuation closes this many days before expiry</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="80" />
        <source>工程师：须在期满前几天申报延续</source>
        <translation>Engineers: continuation closes this many days before expiry</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="82" />
        <source>建造师：须在期满前几天申报延续</source>
        <translation>Constructors: continuation closes this many days before expiry</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="84" />
        <source>建筑师：过期后可申报延续（1 是，0 否）</source>
        <translation>Architects: continuation after lapse (1 yes, 0 no)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="86" />
        <source>工程师：过期后可申报延续（1 是，0 否）</source>
        <translation>Engineers: continuation after lapse (1 yes, 0 no)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="88" />
        <source>建造师：过期后可申报延续（1 是，0 否）</source>
        <translation>Constructors: continuation after lapse (1 yes, 0 no)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="127" />
        <source>保存办公室设置</source>
        <translation>Save office settings</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="186" />
        <source>办公室设置没有改动</source>
        <translation>Office settings unchanged</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/office_settings_panel.py" line="198" />
        <source>办公室设置已保存</source>
        <translation>Office settings saved</translation>
    </message>
</context>
<context>
    <name>OfficesView</name>
    <message>
        <location filename="../../app/ui/offices/offices_view.py" line="52" />
        <source>本办公室与密钥</source>
        <translation>This office and keys</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/offices_view.py" line="59" />
        <source>其他办公室</source>
        <translation>Other offices</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/offices_view.py" line="61" />
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/offices_view.py" line="63" />
        <location filename="../../app/ui/offices/offices_view.py" line="71" />
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/offices_view.py" line="70" />
        <source>冲突（{0}）</source>
        <translation>Conflicts ({0})</translation>
    </message>
</context>
<context>
    <name>OpDialog</name>
    <message>
        <location filename="../../app/ui/offices/op_dialog.py" line="93" />
        <source>办公室密钥口令</source>
        <translation>Office key passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/op_dialog.py" line="94" />
        <source>留空则沿用当前口令</source>
        <translation>Empty: keep the current passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/op_dialog.py" line="96" />
        <source>再次输入口令</source>
        <translation>Passphrase again</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/op_dialog.py" line="98" />
        <source>两次输入的口令不一致。</source>
        <translation>The two passphrases differ.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/op_dialog.py" line="102" />
        <source>请输入口令。</source>
        <translation>Please enter the passphrase.</translation>
    </message>
</context>
<context>
    <name>OpinionDialog</name>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="99" />
        <source>审批通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="99" />
        <source>审批不通过</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="101" />
        <source>审批意见*</source>
        <translation>Opinion*</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="101" />
        <source>审批意见</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_action_dialogs.py" line="107" />
        <source>审批不通过时必须填写审批意见。</source>
        <translation>An opinion is required when rejecting.</translation>
    </message>
</context>
<context>
    <name>OwnOfficePanel</name>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="45" />
        <source>本办公室</source>
        <translation>This office</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="58" />
        <source>保存角色</source>
        <translation>Save role</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="74" />
        <source>创建加密密钥…</source>
        <translation>Create encryption key…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="80" />
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="81" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="82" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="83" />
        <source>签名密钥指纹</source>
        <translation>Signing key fingerprint</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="84" />
        <source>加密密钥指纹</source>
        <translation>Encryption key fingerprint</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="85" />
        <source>配对指纹（配对时请对方核对）</source>
        <translation>Pairing fingerprint (the other office checks it when pairing)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="108" />
        <source>本办公室还没有签名密钥：请在“签名密钥”中创建。</source>
        <translation>This office has no signing key yet: create it under "Signing keys".</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="110" />
        <source>本办公室还没有加密密钥，不能交换数据包：请点击“创建加密密钥”。</source>
        <translation>This office has no encryption key yet and cannot exchange sync bundles: click "Create encryption key".</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="115" />
        <location filename="../../app/ui/offices/own_office_panel.py" line="116" />
        <source>（未设置，见“设置”）</source>
        <translation>(not set, see "Settings")</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="118" />
        <location filename="../../app/ui/offices/own_office_panel.py" line="119" />
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="134" />
        <source>创建加密密钥</source>
        <translation>Create encryption key</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="135" />
        <source>办公室的 X25519 加密密钥：其他办公室用它加密发给本办公室的数据包。私钥用办公室密钥口令加密（与签名密钥同一口令）。创建后请把新的信任文件发给已配对的办公室。</source>
        <translation>The office's X25519 encryption key: other offices encrypt the sync bundles they send here with it. Its private key is encrypted with the office key passphrase (the same as the signing key's). Afterwards, send the new trust file to the paired offices.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/own_office_panel.py" line="150" />
        <source>角色已保存：{0}。</source>
        <translation>Role saved: {0}.</translation>
    </message>
</context>
<context>
    <name>PairingDialog</name>
    <message>
        <location filename="../../app/ui/offices/pairing_dialog.py" line="46" />
        <source>与办公室配对</source>
        <translation>Pair with an office</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_dialog.py" line="49" />
        <source>请与 {0}（{1}，{2}）的操作员核对指纹：对方读出其屏幕上的指纹或词语，或出示二维码；与下方左侧完全一致才可配对。同时请对方核对右侧本办公室的指纹。</source>
        <translation>Compare the fingerprint with the operator of {0} ({1}, {2}): they read out the fingerprint or groups on their screen, or show the QR code; pair only if it is exactly the one on the left below. Ask them at the same time to check this office's fingerprint on the right.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_dialog.py" line="53" />
        <source>对方办公室（来自所选信任文件）</source>
        <translation>Other office (from the chosen trust file)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_dialog.py" line="56" />
        <source>本办公室（请对方核对）</source>
        <translation>This office (for the other office to check)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_dialog.py" line="66" />
        <source>可选：输入对方读出的指纹，程序逐字比对</source>
        <translation>Optional: type the fingerprint as read out; the program compares it character by character</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_dialog.py" line="70" />
        <source>我已与对方核对，指纹完全一致</source>
        <translation>I have compared the fingerprints with the other office: they are identical</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_dialog.py" line="77" />
        <source>一致，配对</source>
        <translation>They match: pair</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_dialog.py" line="80" />
        <source>不一致，不配对</source>
        <translation>They differ: do not pair</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_dialog.py" line="115" />
        <source>目前一致，请继续输入。</source>
        <translation>The same so far; go on typing.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_dialog.py" line="116" />
        <source>与文件中的指纹一致。</source>
        <translation>Matches the fingerprint in the file.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_dialog.py" line="117" />
        <source>与文件中的指纹不一致！请勿配对，并向对方办公室核实。</source>
        <translation>Does not match the fingerprint in the file! Do not pair; check with the other office.</translation>
    </message>
</context>
<context>
    <name>PairingPanel</name>
    <message>
        <location filename="../../app/ui/offices/pairing_panel.py" line="30" />
        <source>已配对的办公室（同步）</source>
        <translation>Paired offices (sync)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_panel.py" line="35" />
        <source>办公室</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_panel.py" line="35" />
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_panel.py" line="35" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_panel.py" line="36" />
        <source>配对时间</source>
        <translation>Paired</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_panel.py" line="36" />
        <source>指纹</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_panel.py" line="37" />
        <source>与办公室配对…</source>
        <translation>Pair with an office…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_panel.py" line="58" />
        <source>选择对方办公室的信任文件</source>
        <translation>Choose the other office's trust file</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_panel.py" line="59" />
        <source>信任文件 (*.json)</source>
        <translation>Trust files (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_panel.py" line="65" />
        <source>无法读取信任文件</source>
        <translation>Cannot read the trust file</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_panel.py" line="70" />
        <source>无法配对</source>
        <translation>Cannot pair</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_panel.py" line="75" />
        <source>已配对</source>
        <translation>Paired</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/pairing_panel.py" line="76" />
        <source>已与 {0}（{1}）配对，可以交换数据包。</source>
        <translation>Paired with {0} ({1}): sync bundles can now be exchanged.</translation>
    </message>
</context>
<context>
    <name>PersonDetailPanel</name>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="53" />
        <location filename="../../app/ui/persons/person_detail_panel.py" line="139" />
        <source>未选择人员</source>
        <translation>No person selected</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="56" />
        <source>基本信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="59" />
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="59" />
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="60" />
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="60" />
        <source>手机号</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="61" />
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="61" />
        <source>聘用期</source>
        <translation>Employment</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="62" />
        <source>执业资格</source>
        <translation>Qualifications</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="62" />
        <source>提示</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="68" />
        <source>注册信息</source>
        <translation>Registrations</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="73" />
        <source>类别与专业</source>
        <translation>Kind and specialty</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="73" />
        <source>注册编号</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="73" />
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="73" />
        <location filename="../../app/ui/persons/person_detail_panel.py" line="82" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="82" />
        <source>申报编号</source>
        <translation>Filing no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="82" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="90" />
        <source>申报记录（双击打开）</source>
        <translation>Filings (double-click to open)</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="93" />
        <source>编辑(&amp;E)…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="96" />
        <source>新建申报(&amp;B)…</source>
        <translation>New filin&amp;g…</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="101" />
        <source>添加执业资格(&amp;Q)…</source>
        <translation>Add &amp;qualification…</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="105" />
        <source>申辩…</source>
        <translation>Appeal…</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="109" />
        <source>信息更正…</source>
        <translation>Correct details…</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="174" />
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="174" />
        <source>女</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="180" />
        <source>无固定期</source>
        <translation>No fixed term</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="182" />
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="187" />
        <source>缺少照片</source>
        <translation>Photo missing</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="189" />
        <source>缺少签名</source>
        <translation>Signature missing</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="191" />
        <source>社保异常</source>
        <translation>Social-security anomaly</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="192" />
        <location filename="../../app/ui/persons/person_detail_panel.py" line="195" />
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="193" />
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="201" />
        <source>{0}（已延续至 {1}）</source>
        <translation>{0} (continued until {1})</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="217" />
        <source>已注销</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="219" />
        <source>已过期</source>
        <translation>EXPIRED</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_detail_panel.py" line="220" />
        <source>有效（剩 {0} 天）</source>
        <translation>Active ({0} days left)</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="68" />
        <source>编辑人员</source>
        <translation>Edit person</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="68" />
        <source>新建人员</source>
        <translation>New person</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="71" />
        <source>个人基本信息</source>
        <translation>Personal details</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="77" />
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="79" />
        <source>证件号码*</source>
        <translation>ID number*</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="81" />
        <source>姓名*</source>
        <translation>Name*</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="84" />
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="85" />
        <source>女</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="86" />
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="92" />
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="94" />
        <source>本人手机号</source>
        <translation>Own mobile</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="95" />
        <source>所在企业信息</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="98" />
        <source>输入单位名称的一部分，从列表中选择</source>
        <translation>Type part of the employer's name and choose from the list</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="105" />
        <source>企业名称</source>
        <translation>Employer name</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="107" />
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="109" />
        <source>所属行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="111" />
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="114" />
        <source>企业资质证书号</source>
        <translation>Employer qualification certificate no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="116" />
        <source>经办人手机号</source>
        <translation>Contact person's mobile</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="121" />
        <source>聘用开始时间</source>
        <translation>Employed since</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="126" />
        <source>无固定期</source>
        <translation>No fixed term</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="130" />
        <source>聘用结束时间</source>
        <translation>Employed until</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_dialog.py" line="331" />
        <source>核对证件号码</source>
        <translation>Check the ID number</translation>
    </message>
</context>
<context>
    <name>PersonImagesPanel</name>
    <message>
        <location filename="../../app/ui/persons/person_images_panel.py" line="41" />
        <source>照片与签名</source>
        <translation>Photo and signature</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_images_panel.py" line="52" />
        <location filename="../../app/ui/persons/person_images_panel.py" line="130" />
        <source>采集照片</source>
        <translation>Capture photo</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_images_panel.py" line="53" />
        <location filename="../../app/ui/persons/person_images_panel.py" line="131" />
        <source>采集签名</source>
        <translation>Capture signature</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_images_panel.py" line="119" />
        <source>无照片</source>
        <translation>No photo</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_images_panel.py" line="127" />
        <source>无签名</source>
        <translation>No signature</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_images_panel.py" line="130" />
        <source>更换照片</source>
        <translation>Replace photo</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_images_panel.py" line="131" />
        <source>更换签名</source>
        <translation>Replace signature</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_images_panel.py" line="141" />
        <source>尚未采集</source>
        <translation>Not captured yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_images_panel.py" line="143" />
        <source>{0} 由 {1} 采集</source>
        <translation>{0}, captured by {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/person_images_panel.py" line="145" />
        <source>历史版本 {0} 个</source>
        <translation>{0} earlier versions</translation>
    </message>
</context>
<context>
    <name>PersonsView</name>
    <message>
        <location filename="../../app/ui/persons/persons_view.py" line="63" />
        <source>搜索：身份证号、姓名、拼音首字母、注册编号或单位名称（Ctrl+F）</source>
        <translation>Search: ID number, name, pinyin initials, registration number or employer (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/persons_view.py" line="66" />
        <source>新建人员(&amp;N)</source>
        <translation>&amp;New person</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/persons_view.py" line="75" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/persons_view.py" line="76" />
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/persons_view.py" line="77" />
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/persons_view.py" line="77" />
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/persons_view.py" line="77" />
        <source>女</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/persons_view.py" line="78" />
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/persons_view.py" line="79" />
        <source>工作单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/persons_view.py" line="80" />
        <source>注册编号</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/persons_view.py" line="136" />
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/persons_view.py" line="145" />
        <source>正在搜索…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/persons_view.py" line="149" />
        <source>，向下滚动加载更多</source>
        <translation>, scroll down for more</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/persons_view.py" line="150" />
        <source>显示 {0} 人{1}（{2} 毫秒）</source>
        <translation>{0} persons shown{1} ({2} ms)</translation>
    </message>
</context>
<context>
    <name>PhotoCropperDialog</name>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="95" />
        <source>证件照采集</source>
        <translation>Capture ID photo</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="95" />
        <source>签名采集</source>
        <translation>Capture signature</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="103" />
        <source>打开文件…</source>
        <translation>Open file…</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="104" />
        <source>粘贴</source>
        <translation>Paste</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="105" />
        <source>用摄像头拍照</source>
        <translation>Use the camera</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="106" />
        <source>拍下这一张</source>
        <translation>Take this one</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="108" />
        <source>整图旋转 90°</source>
        <translation>Rotate image 90°</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="121" />
        <source>打开文件、粘贴、把图片拖到这里，或用摄像头拍照</source>
        <translation>Open a file, paste, drop an image here, or use the camera</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="123" />
        <source>原图：拖动移动裁剪框，滚轮缩放，Ctrl+滚轮旋转</source>
        <translation>Original: drag to move the crop frame, wheel to zoom, Ctrl+wheel to rotate</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="124" />
        <source>原图：虚线框为签名裁剪范围</source>
        <translation>Original: the dashed frame is the signature crop</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="129" />
        <source>效果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="138" />
        <source>把浅色背景漂白为白色</source>
        <translation>Whiten a light background</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="141" />
        <source>保留原笔迹颜色（默认黑色）</source>
        <translation>Keep the ink colour (black by default)</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="144" />
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="145" />
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="146" />
        <source>框左转 1°</source>
        <translation>Rotate frame 1° left</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="147" />
        <source>框右转 1°</source>
        <translation>Rotate frame 1° right</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="148" />
        <source>恢复自动裁剪</source>
        <translation>Restore automatic crop</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="170" />
        <source>检查结果</source>
        <translation>Checks</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="179" />
        <source>接受并保存</source>
        <translation>Accept and save</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="181" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="201" />
        <source>正在分析…</source>
        <translation>Analysing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="251" />
        <source>选择图片</source>
        <translation>Choose an image</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="252" />
        <source>图片 ({0})</source>
        <translation>Images ({0})</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="270" />
        <source>剪贴板</source>
        <translation>Clipboard</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="291" />
        <source>正在打开摄像头…</source>
        <translation>Opening the camera…</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="309" />
        <source>摄像头</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="346" />
        <source>{0}×{1} 像素，300 dpi，{2} KB</source>
        <translation>{0}×{1} px, 300 dpi, {2} KB</translation>
    </message>
    <message>
        <location filename="../../app/ui/imaging/photo_cropper_dialog.py" line="364" />
        <source>{0}×{1} 像素，300 dpi；上：透明背景，下：打印用白底</source>
        <translation>{0}×{1} px, 300 dpi; top: transparent, bottom: white for printing</translation>
    </message>
</context>
<context>
    <name>PublishVerifierDialog</name>
    <message>
        <location filename="../../app/ui/offices/publish_verifier_dialog.py" line="39" />
        <source>发布手机验真页</source>
        <translation>Publish the phone verifier</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/publish_verifier_dialog.py" line="42" />
        <source>把验真网页和本办公室签名的信任列表（本办公室及所信任机构的密钥、撤销列表）写入一个文件夹。请将该文件夹放到本机构的 HTTPS 网站上：任何人都可以用手机打开它，扫描证书二维码离线核验。</source>
        <translation>Writes the verifier web page and the office's signed trust list (the keys of this office and of the offices it trusts, and the revocation lists) into a folder. Put that folder on the office's HTTPS website: anyone can open it on a phone and check a certificate's QR code offline.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/publish_verifier_dialog.py" line="47" />
        <source>空文件夹，或以前发布的验真页文件夹</source>
        <translation>An empty folder, or one the verifier was published to before</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/publish_verifier_dialog.py" line="48" />
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/publish_verifier_dialog.py" line="58" />
        <source>文件夹：</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/publish_verifier_dialog.py" line="59" />
        <source>签发密钥口令：</source>
        <translation>Signing key passphrase:</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/publish_verifier_dialog.py" line="65" />
        <source>发布</source>
        <translation>Publish</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/publish_verifier_dialog.py" line="68" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/publish_verifier_dialog.py" line="80" />
        <source>选择发布文件夹</source>
        <translation>Choose the folder to publish to</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/publish_verifier_dialog.py" line="92" />
        <source>请选择要写入验真页的文件夹。</source>
        <translation>Choose the folder to write the verifier page into.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/publish_verifier_dialog.py" line="96" />
        <source>正在发布…</source>
        <translation>Publishing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/publish_verifier_dialog.py" line="106" />
        <source>已发布到 {0}：可核验 {1} 个签发机构（{2} 个密钥），撤销 {3} 条；信任列表 {4} 天后提醒更新。
请将整个文件夹放到本机构的 HTTPS 网站上，并在每次导入信任文件或撤销证书后重新发布。</source>
        <translation>Published to {0}. Issuing offices: {1} (keys: {2}); revocations: {3}; the page warns when its trust list is older than {4} days.
Put the whole folder on the office's HTTPS website, and publish again after every trust import or revocation.</translation>
    </message>
</context>
<context>
    <name>QualificationDialog</name>
    <message>
        <location filename="../../app/ui/persons/qualification_dialog.py" line="34" />
        <source>添加执业资格</source>
        <translation>Add qualification</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/qualification_dialog.py" line="49" />
        <source>证书类别</source>
        <translation>Certificate kind</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/qualification_dialog.py" line="50" />
        <source>专业</source>
        <translation>Specialty</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/qualification_dialog.py" line="51" />
        <source>资格证书编号*</source>
        <translation>Qualification certificate no.*</translation>
    </message>
    <message>
        <location filename="../../app/ui/persons/qualification_dialog.py" line="52" />
        <source>取得日期</source>
        <translation>Obtained on</translation>
    </message>
</context>
<context>
    <name>QueueBatch</name>
    <message>
        <location filename="../../app/ui/certificates/queue_print.py" line="125" />
        <source>正在打印证书…</source>
        <translation>Printing certificates…</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/queue_print.py" line="125" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/queue_print.py" line="146" />
        <source>已打印 {0} / {1} 张证书…</source>
        <translation>{0} of {1} certificates printed…</translation>
    </message>
</context>
<context>
    <name>ResultBanner</name>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="97" />
        <source>请出示证书二维码</source>
        <translation>Show the certificate's QR code</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="98" />
        <source>对准摄像头，或使用扫码枪，或把图片/PDF 文件拖到此处。</source>
        <translation>Hold it to the camera, use the barcode scanner, or drop an image/PDF here.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="105" />
        <source>正在核验…</source>
        <translation>Verifying…</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../../app/ui/review/review_view.py" line="20" />
        <source>待受理</source>
        <translation>To accept</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_view.py" line="21" />
        <source>待审批</source>
        <translation>To decide</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_view.py" line="22" />
        <source>待补正</source>
        <translation>Corrections requested</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_view.py" line="23" />
        <source>单位办理中</source>
        <translation>With the employer</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_view.py" line="24" />
        <source>历史</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_view.py" line="29" />
        <source>申报审核</source>
        <translation>Filings</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_view.py" line="31" />
        <source>申辩处理</source>
        <translation>Appeals</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/review_view.py" line="33" />
        <source>信息更正审核</source>
        <translation>Detail corrections</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <location filename="../../app/ui/common/labels.py" line="81" />
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="82" />
        <source>窗口办事员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="83" />
        <source>审核员</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="84" />
        <source>核验员</source>
        <translation>Help desk</translation>
    </message>
</context>
<context>
    <name>ScanHint</name>
    <message>
        <location filename="../../app/ui/verification/scan_hint.py" line="16" />
        <source>请靠近一些</source>
        <translation>Move closer</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/scan_hint.py" line="17" />
        <source>请保持不动</source>
        <translation>Hold still</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/scan_hint.py" line="18" />
        <source>请避开反光</source>
        <translation>Avoid the reflection</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/scan_hint.py" line="19" />
        <source>光线太暗</source>
        <translation>Too dark</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/scan_hint.py" line="20" />
        <source>请对准二维码</source>
        <translation>Centre the QR code in the picture</translation>
    </message>
</context>
<context>
    <name>SealRole</name>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="27" />
        <source>根证书</source>
        <translation>Root certificate</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="28" />
        <source>电子证书专用章</source>
        <translation>Certificate seal</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="29" />
        <source>管理委员会印章</source>
        <translation>Committee seal</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="30" />
        <source>主任委员个人印章</source>
        <translation>Chairman's personal seal</translation>
    </message>
</context>
<context>
    <name>SealedExport</name>
    <message>
        <location filename="../../app/ui/certificates/sealed_export.py" line="29" />
        <source>电子签章</source>
        <translation>Electronic seal</translation>
    </message>
    <message>
        <location filename="../../app/ui/certificates/sealed_export.py" line="30" />
        <source>导出的证书文件将加盖电子签章。请输入签发密钥口令：</source>
        <translation>The exported certificate files will carry the electronic seals. Enter the signing key passphrase:</translation>
    </message>
</context>
<context>
    <name>SealsPanel</name>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="26" />
        <source>电子印章</source>
        <translation>Electronic seals</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="31" />
        <source>印章</source>
        <translation>Seal</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="31" />
        <source>算法</source>
        <translation>Algorithm</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="31" />
        <source>有效期</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="32" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="32" />
        <source>主体</source>
        <translation>Subject</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="33" />
        <source>创建电子印章…</source>
        <translation>Create seals…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="36" />
        <source>吊销印章…</source>
        <translation>Revoke seal…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="57" />
        <source>已吊销（{0}）</source>
        <translation>Revoked ({0})</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="59" />
        <source>已退役</source>
        <translation>retired</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="60" />
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="60" />
        <source>已信任（其他办公室）</source>
        <translation>Trusted (other office)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="90" />
        <source>创建电子印章</source>
        <translation>Create seals</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="91" />
        <source>用办公室密钥创建印章证书（PDF 与 OFD 签章），私钥用办公室密钥口令加密。</source>
        <translation>Creates the seal certificates (PDF and OFD seals) with the office key; their private keys are encrypted with the office key passphrase.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="106" />
        <source>吊销印章</source>
        <translation>Revoke seal</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="107" />
        <source>“{0}”的私钥已泄露时吊销：它立即列入本办公室的证书吊销列表，此后各核验台显示它盖的文件为已吊销。不能撤回。</source>
        <translation>Revoke "{0}" when its private key is compromised: it goes on this office's certificate revocation list at once, and help desks then show the files it sealed as revoked. This cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/seals_panel.py" line="109" />
        <source>吊销</source>
        <translation>Revoke</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <location filename="../../app/ui/shell/settings_view.py" line="71" />
        <source>本工作站</source>
        <translation>This workstation</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/settings_view.py" line="78" />
        <source>SQLite 文件（sqlite:///路径）或 PostgreSQL 地址（postgresql+psycopg://用户@主机/库）</source>
        <translation>SQLite file (sqlite:///path) or PostgreSQL address (postgresql+psycopg://user@host/db)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/settings_view.py" line="79" />
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/settings_view.py" line="84" />
        <source>数据库位置</source>
        <translation>Database location</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/settings_view.py" line="90" />
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/settings_view.py" line="94" />
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/settings_view.py" line="95" />
        <source>不锁定</source>
        <translation>Never</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/settings_view.py" line="97" />
        <source>无操作自动锁定</source>
        <translation>Lock when idle after</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/settings_view.py" line="98" />
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/settings_view.py" line="106" />
        <source>选择注册库文件</source>
        <translation>Choose the register file</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/settings_view.py" line="106" />
        <source>SQLite 数据库 (*.sqlite3 *.db)</source>
        <translation>SQLite database (*.sqlite3 *.db)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/settings_view.py" line="121" />
        <source>无法保存</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/settings_view.py" line="125" />
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/settings_view.py" line="126" />
        <source>新的数据库位置将在下次启动程序时生效。</source>
        <translation>The new database location takes effect the next time the program starts.</translation>
    </message>
</context>
<context>
    <name>SignaturePanel</name>
    <message>
        <location filename="../../app/ui/verification/signature_panel.py" line="23" />
        <source>登记库签名图像（与纸质证书上的手写签名比对）</source>
        <translation>Signature image in the register (compare with the handwritten signature on the paper)</translation>
    </message>
</context>
<context>
    <name>SupersedeNote</name>
    <message>
        <location filename="../../app/ui/verification/supersede_note.py" line="18" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/supersede_note.py" line="19" />
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/supersede_note.py" line="20" />
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/supersede_note.py" line="21" />
        <source>聘用企业（统一社会信用代码）</source>
        <translation>Employer (USCC)</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/supersede_note.py" line="22" />
        <source>执业印章号</source>
        <translation>Practice seal no.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/supersede_note.py" line="23" />
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/supersede_note.py" line="44" />
        <source>注册信息已发生变更（{0} {1} 已审批通过），需重新下载电子证书。</source>
        <translation>The registration changed ({0} {1} approved): the certificate must be downloaded again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/supersede_note.py" line="45" />
        <source>信息更正</source>
        <translation>Correct details</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/supersede_note.py" line="49" />
        <source>有效期</source>
        <translation>validity</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/supersede_note.py" line="52" />
        <source>已注销</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/supersede_note.py" line="53" />
        <source>{0}：证书上为 {1}，登记库现为 {2}</source>
        <translation>{0}: printed {1}, register now {2}</translation>
    </message>
</context>
<context>
    <name>SyncDirection</name>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="39" />
        <source>发出</source>
        <translation>sent</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/office_labels.py" line="40" />
        <source>收到</source>
        <translation>received</translation>
    </message>
</context>
<context>
    <name>SyncFreeze</name>
    <message>
        <location filename="../../app/ui/offices/freeze_indicator.py" line="25" />
        <source>已 {0} 天未同步（上限 {1} 天）：同步之前不能提交新的申报。</source>
        <translation>{0} days without sync (limit {1}): no new filings until this office syncs.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/freeze_indicator.py" line="28" />
        <source>已 {0} 天未同步：请尽快与中心办公室交换数据包（满 {1} 天将停止受理新申报）。</source>
        <translation>{0} days without sync: exchange bundles with the central office soon (new filings stop after {1} days).</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/freeze_indicator.py" line="32" />
        <source>尚未与中心办公室同步。</source>
        <translation>Not yet synced with the central office.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/freeze_indicator.py" line="34" />
        <source>今天已与中心办公室同步。</source>
        <translation>Synced with the central office today.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/freeze_indicator.py" line="35" />
        <source>上次同步在 {0} 天前。</source>
        <translation>Last synced {0} days ago.</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="54" />
        <location filename="../../app/ui/offices/sync_panel.py" line="56" />
        <source>办公室</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="54" />
        <source>最后发出</source>
        <translation>Last sent</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="54" />
        <source>最后收到</source>
        <translation>Last received</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="54" />
        <source>对方已确认</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="55" />
        <source>未解决冲突</source>
        <translation>Open conflicts</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="56" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="56" />
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="57" />
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="57" />
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="57" />
        <source>内容</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="62" />
        <source>导出数据包…</source>
        <translation>Export bundle…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="65" />
        <source>导入数据包…</source>
        <translation>Import bundle…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="69" />
        <source>发往</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="78" />
        <source>各办公室同步状态</source>
        <translation>Sync status per office</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="80" />
        <source>同步记录</source>
        <translation>Sync history</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="101" />
        <source>本办公室为中心办公室：不受同步期限限制。</source>
        <translation>This is the central office: no sync deadline applies.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="124" />
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="125" />
        <source>第 {0} 号，{1}</source>
        <translation>No. {0}, {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="125" />
        <source>第 {0} 号</source>
        <translation>No. {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="133" />
        <location filename="../../app/ui/offices/sync_panel.py" line="143" />
        <source>导出数据包</source>
        <translation>Export sync bundle</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="134" />
        <source>数据包 ({0})</source>
        <translation>Sync bundles ({0})</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="144" />
        <source>把 {0} 尚未收到的全部内容签名、加密后写入 {1}（可拷贝到 U 盘）。</source>
        <translation>Everything {0} has not yet received, signed and encrypted, is written to {1} (e.g. on a USB stick).</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="147" />
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="149" />
        <source>数据包已导出</source>
        <translation>Bundle exported</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="150" />
        <source>第 {0} 号数据包已写入 {1}（{2} 字节）：{3}</source>
        <translation>Bundle no. {0} written to {1} ({2} bytes): {3}</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="155" />
        <location filename="../../app/ui/offices/sync_panel.py" line="160" />
        <source>导入数据包</source>
        <translation>Import sync bundle</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="156" />
        <source>数据包 ({0});;所有文件 (*)</source>
        <translation>Sync bundles ({0});;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="161" />
        <source>检查 {0} 的签名、接收方和序号，然后在一个事务中全部导入（否则什么也不改）。</source>
        <translation>Checks the signature, receiver and sequence number of {0}, then imports all of it in one transaction (or changes nothing).</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="164" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="171" />
        <source>{0} 的第 {1} 号数据包此前已导入，本次没有任何更改。</source>
        <translation>Bundle no. {1} from {0} was imported before; nothing was changed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="174" />
        <source>已导入 {0} 的第 {1} 号数据包：{2}</source>
        <translation>Imported bundle no. {1} from {0}: {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="177" />
        <source>有 {0} 处冲突待处理，请在“冲突”中逐一解决。</source>
        <translation>{0} conflicts are waiting: resolve them one by one under "Conflicts".</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/sync_panel.py" line="178" />
        <source>数据包已导入</source>
        <translation>Bundle imported</translation>
    </message>
</context>
<context>
    <name>TrustNotice</name>
    <message>
        <location filename="../../app/ui/verification/trust_notice.py" line="58" />
        <source>样本 · {0}</source>
        <translation>SPECIMEN · {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/trust_notice.py" line="65" />
        <source>样本（SPECIMEN）：演示或培训用证书，不能作为真实证书使用。</source>
        <translation>SPECIMEN: a demo or training certificate; it must not be used as a real one.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/trust_notice.py" line="69" />
        <source>注册已注销</source>
        <translation>Registration cancelled</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/trust_notice.py" line="70" />
        <source>现已撤销：自 {0} 起。{1}</source>
        <translation>Revoked now: since {0}. {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/trust_notice.py" line="71" />
        <source>现已被新证书取代：自 {0} 起。{1}</source>
        <translation>Superseded now: since {0}. {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/trust_notice.py" line="74" />
        <source>撤销信息截至 {0}（签发机构撤销列表的日期）。</source>
        <translation>Revocations as of {0} (the date of the issuing office's revocation list).</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/trust_notice.py" line="77" />
        <source>签发密钥自 {0} 起被标记为泄露。</source>
        <translation>The signing key is marked compromised since {0}.</translation>
    </message>
</context>
<context>
    <name>TrustPanel</name>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="43" />
        <source>受信任的其他办公室</source>
        <translation>Trusted offices</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="47" />
        <location filename="../../app/ui/offices/trust_panel.py" line="90" />
        <source>办公室</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="47" />
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="47" />
        <location filename="../../app/ui/offices/trust_panel.py" line="97" />
        <source>密钥</source>
        <translation>Keys</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="48" />
        <source>当前密钥指纹</source>
        <translation>Current key fingerprint</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="50" />
        <source>导入信任文件…</source>
        <translation>Import trust file…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="51" />
        <source>导出撤销列表…</source>
        <translation>Export revocation list…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="52" />
        <source>导入撤销列表…</source>
        <translation>Import revocation list…</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="70" />
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="72" />
        <source>（无可用密钥）</source>
        <translation>(no usable key)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="77" />
        <location filename="../../app/ui/offices/trust_panel.py" line="86" />
        <location filename="../../app/ui/offices/trust_panel.py" line="118" />
        <source>导入信任文件</source>
        <translation>Import trust file</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="77" />
        <source>信任文件 (*.json)</source>
        <translation>Trust files (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="83" />
        <source>无法读取信任文件</source>
        <translation>Cannot read the trust file</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="87" />
        <source>请与对方办公室（电话或当面）核对下面的指纹，一致后再导入。</source>
        <translation>Compare the fingerprint below with the other office (by phone or in person) and import only if it matches.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="89" />
        <location filename="../../app/ui/offices/trust_panel.py" line="157" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="91" />
        <source>导出时间</source>
        <translation>Exported</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="92" />
        <source>签名密钥</source>
        <translation>Signing keys</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="92" />
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="99" />
        <source>当前签名密钥指纹</source>
        <translation>Current signing key fingerprint</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="104" />
        <source>接受未经该办公室旧密钥签名的新密钥（仅在电话核对指纹之后）</source>
        <translation>Accept new keys not signed by the office's old key (only after comparing fingerprints by phone)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="109" />
        <source>已导入 {0}（{1}）的信任文件：新增 {2} 个密钥，更新 {3} 个，未变 {4} 个。</source>
        <translation>Imported the trust file of {0} ({1}): {2} keys added, {3} updated, {4} unchanged.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="112" />
        <source>该文件只由已不再使用的密钥签名，未作任何更改。</source>
        <translation>The file is signed only by keys no longer in use; nothing was changed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="114" />
        <source>这是首次导入该办公室的密钥，请确认已核对指纹。</source>
        <translation>These are the first keys of this office here: make sure the fingerprints were compared.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="115" />
        <source>已忽略：{0}</source>
        <translation>Ignored: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="122" />
        <location filename="../../app/ui/offices/trust_panel.py" line="138" />
        <location filename="../../app/ui/offices/trust_panel.py" line="141" />
        <source>导出撤销列表</source>
        <translation>Export revocation list</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="123" />
        <location filename="../../app/ui/offices/trust_panel.py" line="146" />
        <source>撤销列表 (*.json)</source>
        <translation>Revocation lists (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="139" />
        <source>本办公室已撤销和已被取代的证书，签名后写入 {0}。</source>
        <translation>This office's revoked and superseded certificates, signed, written to {0}.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="142" />
        <source>撤销列表已写入 {0}。</source>
        <translation>The revocation list was written to {0}.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="146" />
        <location filename="../../app/ui/offices/trust_panel.py" line="155" />
        <location filename="../../app/ui/offices/trust_panel.py" line="159" />
        <source>导入撤销列表</source>
        <translation>Import revocation list</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="156" />
        <source>导入 {0}：只接受由发出办公室当前密钥签名的列表。</source>
        <translation>Import {0}: only a list signed by the issuing office's current key is accepted.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="163" />
        <source>撤销列表（截至 {0}）：新增 {1} 条，升级为撤销 {2} 条，未变 {3} 条。</source>
        <translation>Revocation list (as of {0}): {1} added, {2} upgraded to revoked, {3} unchanged.</translation>
    </message>
    <message>
        <location filename="../../app/ui/offices/trust_panel.py" line="166" />
        <source>该列表比已有的旧，其中的新条目已计入。</source>
        <translation>The list is older than the one held; its new entries were counted.</translation>
    </message>
</context>
<context>
    <name>TypePage</name>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="48" />
        <source>选择申报事项</source>
        <translation>Choose what to file</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="61" />
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="62" />
        <source>申报事项</source>
        <translation>Filing type</translation>
    </message>
    <message>
        <location filename="../../app/ui/filings/filing_wizard.py" line="63" />
        <source>注册专业</source>
        <translation>Specialties</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../app/ui/shell/user_dialog.py" line="22" />
        <source>新增工作人员账户</source>
        <translation>Open a staff account</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/user_dialog.py" line="23" />
        <source>新增账户</source>
        <translation>New account</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/user_dialog.py" line="26" />
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/user_dialog.py" line="27" />
        <source>姓名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/user_dialog.py" line="33" />
        <source>角色(&amp;R)</source>
        <translation>&amp;Role</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/user_dialog.py" line="34" />
        <source>初始密码(&amp;P)</source>
        <translation>Initial &amp;password</translation>
    </message>
</context>
<context>
    <name>UsersPanel</name>
    <message>
        <location filename="../../app/ui/shell/users_panel.py" line="36" />
        <source>工作人员账户</source>
        <translation>Staff accounts</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/users_panel.py" line="43" />
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/users_panel.py" line="43" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/users_panel.py" line="43" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/users_panel.py" line="43" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/users_panel.py" line="50" />
        <source>新增账户(&amp;N)…</source>
        <translation>&amp;New account…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/users_panel.py" line="51" />
        <source>停用/启用</source>
        <translation>Disable / enable</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/users_panel.py" line="52" />
        <source>重置密码…</source>
        <translation>Reset password…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/users_panel.py" line="71" />
        <source>启用</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/users_panel.py" line="71" />
        <source>已停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/users_panel.py" line="96" />
        <source>重置密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/users_panel.py" line="97" />
        <source>{0} 的新密码：</source>
        <translation>New password for {0}:</translation>
    </message>
</context>
<context>
    <name>VerificationBanner</name>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="29" />
        <source>证书真实，在使用有效期内。请核对持证人相貌与照片。</source>
        <translation>Genuine and within its use window. Compare the holder's face with the photo.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="31" />
        <source>证书真实，但使用有效期已结束。请持证人重新下载或加注。</source>
        <translation>Genuine, but its use window is over. The holder should download or annotate it again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="33" />
        <source>证书真实，但使用有效期尚未开始。</source>
        <translation>Genuine, but its use window has not started yet.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="35" />
        <source>证书真实，但注册有效期已届满，需办理延续注册。</source>
        <translation>Genuine, but the registration has expired: a continuation must be filed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="37" />
        <source>该证书已被撤销（注销），不能使用。</source>
        <translation>This certificate has been revoked (cancelled) and must not be used.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="38" />
        <source>此后已签发更新的证书，本证书不再使用。请持证人出示最新证书。</source>
        <translation>A newer certificate has been issued since; this one is no longer used. Ask the holder for the newest certificate.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="40" />
        <source>签名不符：证书可能被伪造、篡改或二维码已损坏。</source>
        <translation>The signature does not match: the certificate may be forged or altered, or the QR code is damaged.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="42" />
        <source>签发机构不在本机信任列表中，请更新信任列表后重试。</source>
        <translation>The issuing office is not in this computer's trust store; update the trust store and try again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="44" />
        <source>这个二维码或条码不是注册证书。</source>
        <translation>This QR code or barcode is not a registration certificate.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="46" />
        <source>文件中没有可识别的二维码。</source>
        <translation>No readable QR code in the file.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="49" />
        <source>信任列表已较长时间未更新，结果可能不完整。</source>
        <translation>The trust store has not been updated for a long time; the result may be incomplete.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="51" />
        <source>本机时钟早于已记录的时间，请检查系统日期和时间。</source>
        <translation>This computer's clock is behind a time already recorded: check the system date and time.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="53" />
        <source>本机构签发，但登记库中没有该证书记录。</source>
        <translation>Issued by this office, but the register has no record of this certificate.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_banner.py" line="55" />
        <source>登记库中的照片已更换，无法显示签发时的照片。</source>
        <translation>The photo in the register has been replaced; the photo at issue cannot be shown.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/trust_notice.py" line="28" />
        <source>样本证书：演示或培训数据，不是真实证书。</source>
        <translation>Specimen certificate: demo or training data, not a real certificate.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/trust_notice.py" line="30" />
        <source>本登记库含演示数据。</source>
        <translation>This register holds demo data.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/trust_notice.py" line="31" />
        <source>签发密钥此后已被标记为泄露；本证书签发于泄露之前。</source>
        <translation>The signing key was later marked compromised; this certificate was signed before that.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/trust_notice.py" line="33" />
        <source>该证书现已撤销。</source>
        <translation>The certificate is revoked now.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/trust_notice.py" line="34" />
        <source>该证书现已被新证书取代。</source>
        <translation>The certificate is superseded by a newer one now.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/sync_warnings.py" line="12" />
        <source>本受理点较长时间未与中心同步，撤销信息可能不是最新的。</source>
        <translation>This field office has not synced with its central office for a while: revocations may be out of date.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/sync_warnings.py" line="14" />
        <source>本受理点已超过同步期限：撤销信息可能不是最新的，同步前不能新建申报。</source>
        <translation>This field office is past its sync limit: revocations may be out of date, and no new filings are taken until it syncs.</translation>
    </message>
</context>
<context>
    <name>VerificationLogPanel</name>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="34" />
        <source>摄像头</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="35" />
        <source>扫码枪</source>
        <translation>Barcode scanner</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="36" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="37" />
        <source>命令行</source>
        <translation>Command line</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="38" />
        <source>手工输入</source>
        <translation>Typed in</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="62" />
        <source>核验记录</source>
        <translation>Verification log</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="62" />
        <source>我的核验记录</source>
        <translation>My verifications</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="39" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="40" />
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="41" />
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="42" />
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="43" />
        <source>证书编号</source>
        <translation>Certificate number</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="44" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="72" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="74" />
        <source>导出 CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="121" />
        <source>导出核验记录</source>
        <translation>Export the verification log</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_log_panel.py" line="122" />
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
</context>
<context>
    <name>VerificationStatus</name>
    <message>
        <location filename="../../app/ui/common/labels.py" line="102" />
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="103" />
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="104" />
        <source>未生效</source>
        <translation>Not yet valid</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="105" />
        <source>注册已过期</source>
        <translation>Registration expired</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="106" />
        <source>已撤销</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="107" />
        <source>已被新证书取代</source>
        <translation>Superseded</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="108" />
        <location filename="../../app/ui/common/labels.py" line="109" />
        <source>无法验证真伪</source>
        <translation>Cannot be verified</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="110" />
        <source>非本系统证书</source>
        <translation>Not a certificate of this system</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/labels.py" line="111" />
        <source>未找到二维码</source>
        <translation>No QR code found</translation>
    </message>
</context>
<context>
    <name>VerificationView</name>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="83" />
        <location filename="../../app/ui/verification/verification_view.py" line="199" />
        <source>摄像头未开启</source>
        <translation>Camera off</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="90" />
        <source>视频文件或网络摄像头…</source>
        <translation>Video file or IP camera…</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="91" />
        <location filename="../../app/ui/verification/verification_view.py" line="196" />
        <source>开启摄像头</source>
        <translation>Start camera</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="97" />
        <source>打开图片或 PDF…</source>
        <translation>Open image or PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="101" />
        <source>扫码枪扫描，或粘贴二维码内容后按回车</source>
        <translation>Scan with the barcode scanner, or paste the code's text and press Enter</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="104" />
        <source>摄像头：</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="169" />
        <source>摄像头 {0}</source>
        <translation>Camera {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="173" />
        <source>未检测到摄像头。可使用扫码枪、拖入文件，或选择视频文件/网络摄像头。</source>
        <translation>No camera found. Use the barcode scanner, drop a file, or choose a video file or IP camera.</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="187" />
        <source>正在打开 {0}…</source>
        <translation>Opening {0}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="196" />
        <source>关闭摄像头</source>
        <translation>Stop camera</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="208" />
        <source>视频来源</source>
        <translation>Video source</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="209" />
        <source>视频文件路径或网络摄像头地址（rtsp:// 或 http://）：</source>
        <translation>Video file path or IP camera address (rtsp:// or http://):</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="219" />
        <source>摄像头已开启：把证书二维码对准镜头</source>
        <translation>Camera on: hold the certificate's QR code to the lens</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="247" />
        <source>选择证书图片或 PDF</source>
        <translation>Choose a certificate image or PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/verification/verification_view.py" line="248" />
        <source>图片或 PDF ({0})</source>
        <translation>Images or PDF ({0})</translation>
    </message>
</context>
<context>
    <name>_RequestDialog</name>
    <message>
        <location filename="../../app/ui/persons/person_requests_dialog.py" line="38" />
        <source>人员</source>
        <translation>Persons</translation>
    </message>
</context>
<context>
    <name>_RequestsPanel</name>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="53" />
        <source>只显示未处理</source>
        <translation>Open only</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="123" />
        <source>共 {0} 条</source>
        <translation>{0} entries</translation>
    </message>
    <message>
        <location filename="../../app/ui/review/requests_panel.py" line="131" />
        <source>处理意见：</source>
        <translation>Decision:</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../app/ui/common/errors.py" line="33" />
        <source>发生了意外错误，操作未完成。详细信息已写入日志：{0}</source>
        <translation>An unexpected error stopped the operation. Details were written to the log: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/common/errors.py" line="40" />
        <location filename="../../app/ui/shell/last_resort.py" line="65" />
        <source>操作未完成</source>
        <translation>Not completed</translation>
    </message>
    <message>
        <location filename="../../app/ui/shell/last_resort.py" line="43" />
        <source>发生了意外错误（{0}），操作未完成，程序仍可继续使用。详细信息已写入日志：{1}</source>
        <translation>An unexpected error ({0}) stopped the operation; the program can still be used. Details were written to the log: {1}</translation>
    </message>
</context>
</TS>