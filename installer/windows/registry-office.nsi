; Registry Office: per-machine Windows installer (NSIS 3, Unicode).
;
; Fed by the PyInstaller one-folder build made ON WINDOWS:
;   py -m PyInstaller --noconfirm --distpath build\dist installer\registry-office.spec
;   makensis /DVERSION=0.1.0 /DSOURCE_DIR=build\dist\registry-office ^
;            /DOUTFILE=dist\registry-office-0.1.0-setup.exe installer\windows\registry-office.nsi
; (scripts/package.py nsis passes these). CI on Linux compiles this script against the Linux
; folder as a syntax and packaging check only: the Windows build itself is not tested there.
;
; What it does: installs to "Program Files\Registry Office" for all users (administrator
; rights), a Start-menu folder with the program and its uninstaller, an entry in "Apps and
; features", and the file types .rotrust (trust files) and .robundle (sync bundles between
; offices) opening with the program. The uninstaller removes exactly that; the users' registers
; and settings (%LOCALAPPDATA%\RegistryOffice) are never touched.

Unicode true
!ifdef NO_COMPRESS
  ; The Linux packaging check (scripts/package.py nsis): compressing 500 MB with LZMA would
  ; cost CI minutes and prove nothing more about the script.
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!ifndef VERSION
  !error "pass /DVERSION=x.y.z (from pyproject.toml; scripts/package.py does)"
!endif
!ifndef SOURCE_DIR
  !error "pass /DSOURCE_DIR=<the PyInstaller folder build\dist\registry-office>"
!endif
!ifndef OUTFILE
  !define OUTFILE "registry-office-${VERSION}-setup.exe"
!endif

!define APP_NAME "Registry Office"
!define APP_NAME_ZH "注册管理办公系统"
!define APP_EXE "registry-office.exe"
!define COMPANY "Registry Office"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\RegistryOffice"
!define TRUST_PROGID "RegistryOffice.TrustFile"
!define BUNDLE_PROGID "RegistryOffice.SyncBundle"

!include "MUI2.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP_NAME}"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin
ShowInstDetails show
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME_ZH}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME_ZH} 安装程序"
VIAddVersionKey /LANG=2052 "LegalCopyright" "Registry Office developers"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"

Var StartMenuFolder
!define MUI_STARTMENUPAGE_REGISTRY_ROOT "HKLM"
!define MUI_STARTMENUPAGE_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MUI_STARTMENUPAGE_REGISTRY_VALUENAME "StartMenuFolder"
!define MUI_STARTMENUPAGE_DEFAULTFOLDER "${APP_NAME_ZH}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_STARTMENU Application $StartMenuFolder
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
; Chinese first: the installer speaks the office's language unless Windows is English.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "本程序需要 64 位 Windows。$\nThis program needs 64-bit Windows."
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

!macro AssociateType EXT PROGID DESCRIPTION
  WriteRegStr HKLM "Software\Classes\${EXT}" "" "${PROGID}"
  WriteRegStr HKLM "Software\Classes\${PROGID}" "" "${DESCRIPTION}"
  WriteRegStr HKLM "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKLM "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
!macroend

!macro UnassociateType EXT PROGID
  ; Only if the type still points at us (another program may have taken it over since).
  ReadRegStr $0 HKLM "Software\Classes\${EXT}" ""
  StrCmp $0 "${PROGID}" 0 +2
    DeleteRegKey HKLM "Software\Classes\${EXT}"
  DeleteRegKey HKLM "Software\Classes\${PROGID}"
!macroend

Section "Registry Office" SecMain
  SectionIn RO
  ; An upgrade replaces the program folder entirely: no stale libraries of the old version.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}/*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  !insertmacro MUI_STARTMENU_WRITE_BEGIN Application
    CreateDirectory "$SMPROGRAMS\$StartMenuFolder"
    CreateShortcut "$SMPROGRAMS\$StartMenuFolder\${APP_NAME_ZH}.lnk" "$INSTDIR\${APP_EXE}"
    CreateShortcut "$SMPROGRAMS\$StartMenuFolder\卸载 ${APP_NAME_ZH}.lnk" "$INSTDIR\uninstall.exe"
  !insertmacro MUI_STARTMENU_WRITE_END

  !insertmacro AssociateType ".rotrust" "${TRUST_PROGID}" "Registry Office trust file / 信任文件"
  !insertmacro AssociateType ".robundle" "${BUNDLE_PROGID}" "Registry Office sync bundle / 同步数据包"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME_ZH} (${APP_NAME})"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${COMPANY}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  !insertmacro MUI_STARTMENU_GETFOLDER Application $StartMenuFolder
  Delete "$SMPROGRAMS\$StartMenuFolder\${APP_NAME_ZH}.lnk"
  Delete "$SMPROGRAMS\$StartMenuFolder\卸载 ${APP_NAME_ZH}.lnk"
  RMDir "$SMPROGRAMS\$StartMenuFolder"

  !insertmacro UnassociateType ".rotrust" "${TRUST_PROGID}"
  !insertmacro UnassociateType ".robundle" "${BUNDLE_PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; The program folder only: registers, settings and backups live in each user's
  ; %LOCALAPPDATA%\RegistryOffice (or on the office's server) and stay.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
