; NSIS installer of DirSync Companion: per-user, no elevation.
; Built by build-aux/windows/bundle.sh, which passes
;   VERSION  STAGE (bundle dir: bin/ lib/ share/)  ICON  LICENSE  OUTFILE
;   and SIGN (a command, quoted for the shell makensis runs, that signs the
;   file it is given; optional)
; Silent install: setup.exe /S   (/AUTOSTART=1 or =0 to switch start at sign-in
;   on or off; without it a new install leaves it off and an upgrade keeps the
;   choice made before)
; Upgrade in place: installing over an older version replaces the program
;   files only. Settings (HKCU\Software\GSettings\io\github\DirSyncCompanion),
;   profiles and history (%LOCALAPPDATA%\dirsync-companion), sign-in tokens
;   (Credential Manager, DirSyncCompanion/*) and the Run value stay.
; Uninstall: asks whether to remove that user data too (default: keep);
;   silent (Uninstall.exe /S) keeps it unless /PURGE=1 is given.
; A 64-bit installer for a 64-bit app (and it runs under wine64 alone).
Target amd64-unicode
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

; The uninstaller that makensis writes into the installer is signed too.
!ifdef SIGN
  !uninstfinalize '${SIGN} "%1"' = 0
!endif

!define APPNAME "DirSync Companion"
!define EXE "dirsync-companion.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\io.github.DirSyncCompanion"
; The same value the app writes when "Start at sign-in" is switched on in
; its preferences (src/platform/dsc-platform-win32.c).
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"
!define RUN_VALUE "DirSync Companion"
; User data (see dsc-profile-store.c, dsc-history.c, dsc-secret-store-win32.c):
; GLib's user config and data dirs are both %LOCALAPPDATA% on Windows.
!define DATA_DIR "$LOCALAPPDATA\dirsync-companion"
!define SETTINGS_KEY "Software\GSettings\io\github\DirSyncCompanion"
!define CRED_FILTER "DirSyncCompanion/*"

Name "${APPNAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
InstallDirRegKey HKCU "Software\${APPNAME}" "InstallDir"
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APPNAME}"
VIAddVersionKey "FileDescription" "${APPNAME} installer"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "GPL-3.0-or-later"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\bin\${EXE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${LICENSE}"
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "${APPNAME}" SecApp
  SectionIn RO
  ; An update replaces the old files instead of mixing DLL versions.
  RMDir /r "$INSTDIR\bin"
  RMDir /r "$INSTDIR\lib"
  RMDir /r "$INSTDIR\share"
  SetOutPath "$INSTDIR"
  File /r "${STAGE}/*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"
  WriteRegStr HKCU "Software\${APPNAME}" "InstallDir" "$INSTDIR"

  SetShellVarContext current
  CreateShortCut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\bin\${EXE}" "" \
    "$INSTDIR\bin\${EXE}" 0 SW_SHOWNORMAL "" "Is directory sync healthy?"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "DirSync Companion contributors"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\bin\${EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Section /o "Start at sign-in" SecAutostart
  WriteRegStr HKCU "${RUN_KEY}" "${RUN_VALUE}" '"$INSTDIR\bin\${EXE}" --background'
SectionEnd

; Unticked on the components page (or /AUTOSTART=0): the app no longer
; starts at sign-in. On an upgrade the box starts out as the user left it.
Section "-autostart off"
  ${IfNot} ${SectionIsSelected} ${SecAutostart}
    DeleteRegValue HKCU "${RUN_KEY}" "${RUN_VALUE}"
  ${EndIf}
SectionEnd

LangString DESC_SecApp ${LANG_ENGLISH} "The application, its libraries and a Start menu shortcut."
LangString DESC_SecAutostart ${LANG_ENGLISH} \
  "Start DirSync Companion when you sign in to Windows (can be changed in the app later)."
!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} $(DESC_SecApp)
  !insertmacro MUI_DESCRIPTION_TEXT ${SecAutostart} $(DESC_SecAutostart)
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; Start at sign-in: what the user chose before (the Run value is there, set
; by an earlier install or by the app's preferences), unless /AUTOSTART=1|0
; says otherwise.
Function .onInit
  ClearErrors
  ReadRegStr $1 HKCU "${RUN_KEY}" "${RUN_VALUE}"
  ${IfNot} ${Errors}
    SectionSetFlags ${SecAutostart} ${SF_SELECTED}
  ${EndIf}
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/AUTOSTART=" $1
  ${IfNot} ${Errors}
    ${If} $1 == "1"
      SectionSetFlags ${SecAutostart} ${SF_SELECTED}
    ${ElseIf} $1 == "0"
      SectionSetFlags ${SecAutostart} 0
    ${EndIf}
  ${EndIf}
FunctionEnd

; Removes the sign-in tokens DirSync Companion keeps in the Credential
; Manager (generic credentials named DirSyncCompanion/…).
Function un.RemoveCredentials
  System::Call 'advapi32::CredEnumerateW(w "${CRED_FILTER}", i 0, *i .r1, *p .r2) i .r0'
  ${If} $0 <> 0
    StrCpy $3 0
    ${DoWhile} $3 < $1
      IntPtrOp $4 $3 * 8
      IntPtrOp $4 $2 + $4
      System::Call '*$4(p .r5)'
      ; CREDENTIALW: DWORD Flags, DWORD Type, LPWSTR TargetName, …
      System::Call '*$5(i .r6, i .r7, w .r8)'
      System::Call 'advapi32::CredDeleteW(w r8, i r7, i 0)'
      IntOp $3 $3 + 1
    ${Loop}
    System::Call 'advapi32::CredFree(p r2)'
  ${EndIf}
FunctionEnd

Section "Uninstall"
  ; The program goes, so starting it at sign-in goes too.
  DeleteRegValue HKCU "${RUN_KEY}" "${RUN_VALUE}"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  ; Only what the installer put there: never RMDir /r a folder the user chose.
  RMDir /r "$INSTDIR\bin"
  RMDir /r "$INSTDIR\lib"
  RMDir /r "$INSTDIR\share"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\${APPNAME}"

  ; User data only when asked: a reinstall or an upgrade done by uninstalling
  ; first must find settings, profiles and history where they were.
  ${un.GetParameters} $0
  ClearErrors
  ${un.GetOptions} $0 "/PURGE=" $1
  ${If} ${Errors}
    StrCpy $1 "0"
  ${EndIf}
  ${If} $1 != "1"
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 \
      "Also remove your DirSync Companion settings, tenant profiles, sync history and saved sign-ins?$\r$\n$\r$\nChoose No to keep them for a later install." \
      /SD IDNO IDNO keep_data
  ${EndIf}
  RMDir /r "${DATA_DIR}"
  DeleteRegKey HKCU "${SETTINGS_KEY}"
  Call un.RemoveCredentials
  keep_data:
SectionEnd
