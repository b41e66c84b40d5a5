; bjstc-desktop — Windows installer script (Inno Setup 6.2 or newer).
;
; Built by installer\windows\build.ps1 after the one-folder build (dist\bjstc-desktop):
;     ISCC.exe /DAppVersion=0.1.0 /DDistDir=..\..\dist\bjstc-desktop installer\windows\bjstc-desktop.iss
; Result: dist\bjstc-desktop-<version>-setup.exe (sign it and publish its SHA-256).
;
; Per-machine install into C:\Program Files\bjstc-desktop (administrator rights), Start
; menu entry, optional desktop icon, optional PATH entry for the `bjstc` command.
; Nothing is downloaded, at install time or ever.
;
; Silent install (software distribution, no questions, no reboot):
;     bjstc-desktop-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /DIR="D:\Programs\bjstc-desktop" /TASKS="desktopicon,addtopath" /LOG="C:\Windows\Temp\bjstc-setup.log"
;   /VERYSILENT        no wizard and no progress window (/SILENT shows progress only)
;   /SUPPRESSMSGBOXES  answer message boxes with their default
;   /NORESTART         never restart Windows (this installer never needs to)
;   /DIR="..."         install folder (default {autopf}\bjstc-desktop = C:\Program Files\bjstc-desktop)
;   /TASKS="..."       desktopicon, addtopath; /TASKS="" for neither (both are off by default)
;   /LOG="file"        write a log of the installation
; Silent uninstall:
;     "C:\Program Files\bjstc-desktop\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; Upgrade: run the newer setup.exe (silently or not); the fixed AppId below makes it
; replace the installed version in place. Users' data is never touched.
;
; User data lives in %LOCALAPPDATA%\bjstc-desktop of each Windows user (or in the folder
; given by --data-dir / BJSTC_DATA_DIR). This script installs nothing there and its
; uninstaller deletes nothing there: there is no [UninstallDelete] entry outside {app}.

#define AppName "bjstc-desktop"
#define AppNameZh "北京市科学技术委员会离线办案工作站"
#define AppShortZh "离线办案工作站"
#define Publisher "北京市科学技术委员会"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef DistDir
  #define DistDir "..\..\dist\bjstc-desktop"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; The AppId identifies this product to Windows for upgrades and uninstall. It was generated
; once for bjstc-desktop and must NEVER change or be copied into another product's script
; (two products sharing one id uninstall each other: desktop-anchors.md §7 item 5).
AppId={{BA355A33-434F-4394-9C01-BDF0B78C946A}
AppName={#AppNameZh}
AppVersion={#AppVersion}
AppVerName={#AppNameZh} {#AppVersion}
AppPublisher={#Publisher}
AppCopyright={#Publisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
; Per machine only: administrator rights, no per-user mode offered.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Windows 10 1809 / Server 2019 or newer (what Qt 6 supports).
MinVersion=10.0.17763
OutputDir={#OutputDir}
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\icons\bjstc-desktop.ico
UninstallDisplayIcon={app}\bjstc-desktop.exe
UninstallDisplayName={#AppNameZh}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=no
LanguageDetectionMethod=none

[Languages]
#ifdef NoChineseMessages
Name: "en"; MessagesFile: "compiler:Default.isl"
#else
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "将 bjstc 命令加入系统 PATH（管理员脚本用）"; Flags: unchecked

[Files]
; One entry per file set of the one-folder build (installer/layout.py); the test
; tests/installer/test_windows_installer.py checks that every set is named here.
; -- programs
Source: "{#DistDir}\bjstc.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#DistDir}\bjstc-desktop.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#DistDir}\SHA256SUMS"; DestDir: "{app}"; Flags: ignoreversion
; -- data set fonts: CJK UI font and letter fonts, with their licences
Source: "{#DistDir}\_internal\resources\fonts\*"; DestDir: "{app}\_internal\resources\fonts"; Flags: ignoreversion recursesubdirs createallsubdirs
; -- data set translations: compiled Qt catalogues
Source: "{#DistDir}\_internal\resources\translations\*"; DestDir: "{app}\_internal\resources\translations"; Flags: ignoreversion recursesubdirs createallsubdirs
; -- data set seed: working-day calendar, district codes
Source: "{#DistDir}\_internal\resources\seed\*"; DestDir: "{app}\_internal\resources\seed"; Flags: ignoreversion recursesubdirs createallsubdirs
; -- data set letters: letter templates and the PDF/A colour profile
Source: "{#DistDir}\_internal\resources\letters\*"; DestDir: "{app}\_internal\resources\letters"; Flags: ignoreversion recursesubdirs createallsubdirs
; -- data set icons
Source: "{#DistDir}\_internal\resources\icons\*"; DestDir: "{app}\_internal\resources\icons"; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist
; -- data set forms: Qt Designer forms
Source: "{#DistDir}\_internal\ui\*"; DestDir: "{app}\_internal\ui"; Flags: ignoreversion recursesubdirs createallsubdirs
; -- data set migrations: Alembic env.py and versions\*.py, read from disk at every start
Source: "{#DistDir}\_internal\bjstc_desktop\store\migrations\*"; DestDir: "{app}\_internal\bjstc_desktop\store\migrations"; Flags: ignoreversion recursesubdirs createallsubdirs
; -- Qt: PySide6, the Qt DLLs, plugins (platforms, styles, imageformats, iconengines, printsupport) and Qt's catalogues
Source: "{#DistDir}\_internal\PySide6\*"; DestDir: "{app}\_internal\PySide6"; Flags: ignoreversion recursesubdirs createallsubdirs
; -- Python runtime: python3xx.dll, the VC++ runtime DLLs, base_library.zip, the libraries' extension modules
Source: "{#DistDir}\_internal\*"; DestDir: "{app}\_internal"; Excludes: "\resources\*,\ui\*,\bjstc_desktop\store\migrations\*,\PySide6\*"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the whole program folder's _internal, so files dropped by the new
; version do not linger (only {app}, never user data).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppShortZh}"; Filename: "{app}\bjstc-desktop.exe"; WorkingDir: "{app}"; Comment: "{#AppNameZh}"
Name: "{autodesktop}\{#AppShortZh}"; Filename: "{app}\bjstc-desktop.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NotOnPath(ExpandConstant('{app}'))

[UninstallDelete]
; Only the program folder: a user's %LOCALAPPDATA%\bjstc-desktop is never listed here.
Type: dirifempty; Name: "{app}\_internal"
Type: dirifempty; Name: "{app}"

[Code]
const
  EnvKey = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';

function NotOnPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKEY_LOCAL_MACHINE, EnvKey, 'Path', Path) then
    Result := True
  else
    Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;

procedure RemoveFromPath(Dir: string);
var
  Path: string;
  P: Integer;
begin
  if not RegQueryStringValue(HKEY_LOCAL_MACHINE, EnvKey, 'Path', Path) then
    exit;
  P := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';');
  if P = 0 then
    exit;
  { P is 1-based in ';' + Path + ';'; the entry starts at P in Path, preceded by ';' unless first }
  if P > 1 then
    Delete(Path, P - 1, Length(Dir) + 1)
  else
    Delete(Path, 1, Length(Dir) + 1);
  RegWriteExpandStringValue(HKEY_LOCAL_MACHINE, EnvKey, 'Path', Path);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
    RemoveFromPath(ExpandConstant('{app}'));
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox('程序已卸载。各用户的工作站数据（%LOCALAPPDATA%\bjstc-desktop）未被删除；' +
           '如需销毁，请先备份并按保密规定处理。', mbInformation, MB_OK);
end;
