; LayerLab Windows installer (NSIS 3). Per-user: no administrator rights, nothing outside the user's profile.
;
;   makensis /DSOURCE_DIR=dist\layerlab /DVERSION=0.1.0 /DOUTFILE=dist\LayerLab-0.1.0-setup.exe ^
;            packaging\windows\layerlab.nsi
;
; packaging/build.py runs this on Windows (and tests/packaging compiles it on Linux with a dummy payload).
; Silent use:  LayerLab-setup.exe /S [/NODESKTOP] [/D=C:\path\to\folder]   (/D must come last, unquoted)
;              "%LOCALAPPDATA%\Programs\LayerLab\uninstall.exe" /S
;
; What it writes:
;   $LOCALAPPDATA\Programs\LayerLab\       the one-folder bundle + uninstall.exe
;   Start menu\Programs\LayerLab.lnk       and, unless /NODESKTOP or unticked, Desktop\LayerLab.lnk
;   HKCU\Software\Classes\.layerlab        -> LayerLab.Project (open, icon)
;   HKCU\Software\Classes\.csv\OpenWithProgids\LayerLab.Table   ("Open with LayerLab" for CSV; not the default)
;   HKCU\Software\Classes\Applications\layerlab.exe              friendly name + supported types
;   HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\LayerLab   (Settings > Apps lists it)

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user

!ifndef SOURCE_DIR
  !error "Pass /DSOURCE_DIR=<the PyInstaller one-folder bundle, e.g. dist\layerlab>"
!endif
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef FILE_VERSION
  !define FILE_VERSION "${VERSION}"
!endif
!ifndef OUTFILE
  !define OUTFILE "LayerLab-${VERSION}-setup.exe"
!endif
!ifndef COMPRESSOR
  !define COMPRESSOR "lzma"
!endif
!ifndef EXE_NAME
  !define EXE_NAME "layerlab.exe"
!endif

!define APP_NAME "LayerLab"
!define PUBLISHER "LayerLab developers"
!define PROG_ID "LayerLab.Project"
!define CSV_PROG_ID "LayerLab.Table"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\LayerLab"
!define CLASSES "Software\Classes"

SetCompressor /SOLID ${COMPRESSOR}

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

!ifdef ICON_FILE
  !define MUI_ICON "${ICON_FILE}"
  !define MUI_UNICON "${ICON_FILE}"
!endif
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE_NAME}"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

VIProductVersion "${FILE_VERSION}.0"
VIAddVersionKey "ProductName" "${APP_NAME}"
VIAddVersionKey "FileDescription" "${APP_NAME} installer"
VIAddVersionKey "FileVersion" "${FILE_VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "LegalCopyright" "MIT License"

Section "${APP_NAME} (required)" SecApp
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the bundle: files left from an older version could shadow new ones.
  RMDir /r "$INSTDIR\_internal"
  File /r "${SOURCE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${EXE_NAME}" "" "$INSTDIR\${EXE_NAME}" 0

  ; .layerlab projects open in LayerLab
  WriteRegStr HKCU "${CLASSES}\.layerlab" "" "${PROG_ID}"
  WriteRegStr HKCU "${CLASSES}\.layerlab" "Content Type" "application/x-layerlab-project"
  WriteRegStr HKCU "${CLASSES}\${PROG_ID}" "" "LayerLab project"
  WriteRegStr HKCU "${CLASSES}\${PROG_ID}\DefaultIcon" "" "$INSTDIR\${EXE_NAME},0"
  WriteRegStr HKCU "${CLASSES}\${PROG_ID}\shell\open\command" "" '"$INSTDIR\${EXE_NAME}" "%1"'
  ; CSV: offered under "Open with", never taken over as the default program
  WriteRegStr HKCU "${CLASSES}\.csv\OpenWithProgids" "${CSV_PROG_ID}" ""
  WriteRegStr HKCU "${CLASSES}\${CSV_PROG_ID}" "" "CSV table (LayerLab)"
  WriteRegStr HKCU "${CLASSES}\${CSV_PROG_ID}\DefaultIcon" "" "$INSTDIR\${EXE_NAME},0"
  WriteRegStr HKCU "${CLASSES}\${CSV_PROG_ID}\shell\open\command" "" '"$INSTDIR\${EXE_NAME}" "%1"'
  WriteRegStr HKCU "${CLASSES}\Applications\${EXE_NAME}" "FriendlyAppName" "${APP_NAME}"
  WriteRegStr HKCU "${CLASSES}\Applications\${EXE_NAME}\SupportedTypes" ".layerlab" ""
  WriteRegStr HKCU "${CLASSES}\Applications\${EXE_NAME}\SupportedTypes" ".csv" ""
  WriteRegStr HKCU "${CLASSES}\Applications\${EXE_NAME}\shell\open\command" "" '"$INSTDIR\${EXE_NAME}" "%1"'

  ; Settings > Apps
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE_NAME},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"

  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Desktop shortcut" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${EXE_NAME}" "" "$INSTDIR\${EXE_NAME}" 0
SectionEnd

Function .onInit
  SetShellVarContext current
  ; /NODESKTOP on the command line unticks the desktop shortcut (useful with /S).
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/NODESKTOP" $1
  ${IfNot} ${Errors}
    SectionSetFlags ${SecDesktop} 0
  ${EndIf}
FunctionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} "LayerLab itself, its Start-menu entry, and opening .layerlab projects."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "A LayerLab icon on the desktop."
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"

  ; Only what the installer put there: never RMDir /r $INSTDIR (the user may have picked a folder with
  ; other files in it).
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE_NAME}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ; Remove our association only if it still points at us (another program may have taken .layerlab over).
  ReadRegStr $0 HKCU "${CLASSES}\.layerlab" ""
  ${If} $0 == "${PROG_ID}"
    DeleteRegKey HKCU "${CLASSES}\.layerlab"
  ${EndIf}
  DeleteRegKey HKCU "${CLASSES}\${PROG_ID}"
  DeleteRegValue HKCU "${CLASSES}\.csv\OpenWithProgids" "${CSV_PROG_ID}"
  DeleteRegKey /ifempty HKCU "${CLASSES}\.csv\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "${CLASSES}\.csv"
  DeleteRegKey HKCU "${CLASSES}\${CSV_PROG_ID}"
  DeleteRegKey HKCU "${CLASSES}\Applications\${EXE_NAME}"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"

  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
