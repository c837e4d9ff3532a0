; Quire's Windows installer (Inno Setup 6.3 or later): Start menu entry, uninstaller and
; "Open with Quire" for the documents the app reads. packaging/build.py compiles it after the
; PyInstaller build, passing every path:
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\quire /DOutputDir=dist
;        /DAssociations=build\windows\associations.iss /DIconFile=build\icons\quire.ico
;        packaging\windows\quire.iss
; build.py writes the associations include from engine.documents.supported().

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\..\dist\quire"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\..\dist"
#endif
#ifndef Associations
  #define Associations AddBackslash(SourcePath) + "..\..\build\windows\associations.iss"
#endif
#ifndef IconFile
  #define IconFile AddBackslash(SourcePath) + "..\..\build\icons\quire.ico"
#endif

[Setup]
; The AppId identifies Quire to Windows across versions (upgrades, the uninstaller): never change it.
AppId={{91982F29-BEA7-4436-9738-6F3406F2E198}
AppName=Quire
AppVersion={#AppVersion}
AppVerName=Quire {#AppVersion}
AppPublisher=Quire
DefaultDirName={autopf}\Quire
DefaultGroupName=Quire
DisableProgramGroupPage=yes
; Installs for the current user without asking for administrator rights; the dialog offers
; an install for all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=Quire-{#AppVersion}-Setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\quire.exe
UninstallDisplayName=Quire
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Quire"; Filename: "{app}\quire.exe"
Name: "{autodesktop}\Quire"; Filename: "{app}\quire.exe"; Tasks: desktopicon

; [Registry]: Quire under "Open with" for each supported document, never the default handler.
#include Associations

[Run]
Filename: "{app}\quire.exe"; Description: "{cm:LaunchProgram,Quire}"; Flags: nowait postinstall skipifsilent

; The models and settings live in the user's data folder and stay after uninstalling, so a
; reinstall does not download them again.
