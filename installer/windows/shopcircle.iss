; ShopCircle (店圈) setup for Windows, for Inno Setup 6.3 or later.
;
;   iscc /DAppVersion=0.1.0 /DSourceDir=C:\path\dist\ShopCircle /DIconFile=C:\path\build\icons\shopcircle.ico
;        /DOutputDir=C:\path\dist installer\windows\shopcircle.iss
;
; makes ShopCircle-<version>-setup.exe in OutputDir. SourceDir is the PyInstaller one-folder bundle (with
; ShopCircle.exe and shopcircle-cli.exe), IconFile the .ico from installer/make_icons.py. Only AppVersion
; is required; the others default to dist\ShopCircle, build\icons\shopcircle.ico and dist in the repository.
;
; The setup installs for the current user only, without administrator rights, into the user's Programs
; folder. A newer setup upgrades an installed ShopCircle in place (same AppId), first closing it
; through Windows' Restart Manager when it is running.
; The uninstaller keeps the shop's data (%LOCALAPPDATA%\ShopCircle: the database, its backups and the
; logs) unless the owner ticks "Also delete my data" on its first page. A silent uninstall keeps the data
; too, unless it is given /DELETEDATA.
;
; This file is UTF-8 with a byte order mark, so every Inno Setup 6 release reads the Chinese text.

#ifndef AppVersion
  #error Pass the version to install, as in iscc /DAppVersion=0.1.0
#endif
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\..\dist\ShopCircle"
#endif
#ifndef IconFile
  #define IconFile AddBackslash(SourcePath) + "..\..\build\icons\shopcircle.ico"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\..\dist"
#endif
#if !FileExists(AddBackslash(SourceDir) + "ShopCircle.exe")
  #error No ShopCircle.exe in SourceDir: build the PyInstaller bundle first, or pass /DSourceDir
#endif
#if !FileExists(IconFile)
  #error No icon at IconFile: run installer/make_icons.py first, or pass /DIconFile
#endif

; Windows' file version has only numbers: keep the leading digits and dots of AppVersion, so that
; 0.1.0 stays 0.1.0 and 0.2.0rc1 or 0.2.0.dev3 become 0.2.0.
#define NumericVersion ""
#define VersionPos 1
#sub TakeVersionChar
  #define public NumericVersion NumericVersion + Copy(AppVersion, VersionPos, 1)
#endsub
#for {VersionPos = 1; VersionPos <= Len(AppVersion) && Pos(Copy(AppVersion, VersionPos, 1), "0123456789.") > 0; VersionPos++} TakeVersionChar
#if Copy(NumericVersion, Len(NumericVersion), 1) == "."
  #define NumericVersion Copy(NumericVersion, 1, Len(NumericVersion) - 1)
#endif
#if NumericVersion == ""
  #error AppVersion must start with a number, like 0.1.0
#endif

[Setup]
; Never change the AppId: a newer setup finds the installed ShopCircle by it and upgrades it in place.
AppId={{6B0E8C2D-4F17-4A3B-9E55-2C8D71A9F340}
AppName=ShopCircle
AppVersion={#AppVersion}
AppVerName=ShopCircle {#AppVersion}
AppPublisher=ShopCircle
AppCopyright=Copyright (C) ShopCircle maintainers. GPL-3.0-or-later.
VersionInfoVersion={#NumericVersion}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoDescription=ShopCircle Setup
; Per user, no administrator rights: {autopf} is then %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={autopf}\ShopCircle
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Close a running ShopCircle before replacing its files (the bundle's .pyd files are locked too).
CloseApplications=yes
CloseApplicationsFilter=*.exe,*.dll,*.pyd
RestartApplications=no
; The app holds this mutex while it runs (ui/app.py), so setup and the uninstaller see it and ask
; the owner to close ShopCircle first, instead of replacing files under a running shop.
AppMutex=ShopCircle.Running
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\shopcircle.ico
UninstallDisplayName=ShopCircle
WizardStyle=modern
ShowLanguageDialog=auto
OutputDir={#OutputDir}
OutputBaseFilename=ShopCircle-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Inno Setup 6 has no Simplified Chinese translation, so ours goes over the English one. It is used even
; where the compiler has a Chinese file of its own, so every build says the same.
Name: "chinesesimplified"; MessagesFile: "compiler:Default.isl,{#AddBackslash(SourcePath)}chinese_simplified.isl"

[CustomMessages]
english.AppComment=Customers and their trust in your shop (店圈)
chinesesimplified.AppComment=店圈：小店的客户与信任管理
english.DataPageTitle=Your shop's data
chinesesimplified.DataPageTitle=店铺数据
english.DataPageDescription=Keep the shop's data, or delete it too.
chinesesimplified.DataPageDescription=保留店铺数据，或将其一并删除。
english.KeepDataNote=Uninstall removes the ShopCircle program. Your shop's data (the database with your customers, its backups and the logs) stays in this folder, ready for when you install ShopCircle again:%n%n%1
chinesesimplified.KeepDataNote=卸载程序会删除店圈程序。您的店铺数据（客户数据库、备份和日志）会保留在下面的文件夹中，以后重新安装店圈即可继续使用：%n%n%1
english.DeleteDataCheck=Also delete my data (the shop database, its backups and logs)
chinesesimplified.DeleteDataCheck=同时删除我的数据（店铺数据库、备份和日志）
english.DeleteDataWarning=Deleted data cannot be recovered. If you may need these customers again, first copy a backup to a safe place.
chinesesimplified.DeleteDataWarning=数据删除后无法恢复。如果以后可能还需要这些客户资料，请先把备份复制到安全的地方。
english.DeleteDataConfirm=Delete the shop database, all its backups and the logs for good?%n%nThis cannot be undone.
chinesesimplified.DeleteDataConfirm=确定要永久删除店铺数据库、全部备份和日志吗？%n%n此操作无法撤销。
english.DeleteDataFailed=Some of your data could not be deleted. Close ShopCircle if it is still running, then delete this folder yourself:%n%n%1
chinesesimplified.DeleteDataFailed=部分数据未能删除。如果店圈仍在运行，请先关闭它，然后手动删除这个文件夹：%n%n%1
english.UninstallButton=&Uninstall
chinesesimplified.UninstallButton=卸载(&U)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole bundle, so no module of the old version is left behind to be loaded.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#AddBackslash(SourceDir)}*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#IconFile}"; DestDir: "{app}"; DestName: "shopcircle.ico"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\ShopCircle"; Filename: "{app}\ShopCircle.exe"; WorkingDir: "{app}"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\ShopCircle"; Filename: "{app}\ShopCircle.exe"; WorkingDir: "{app}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\ShopCircle.exe"; Description: "{cm:LaunchProgram,ShopCircle}"; Flags: nowait postinstall skipifsilent

[Code]
var
  DeleteDataCheckBox: TNewCheckBox;
  DeleteData: Boolean;

{ Where platformdirs puts ShopCircle's data on Windows: the database, backups\ and Logs\ are inside. }
function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\ShopCircle');
end;

function CommandLineHas(const Switch: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), Switch) = 0 then
      Result := True;
end;

function InitializeUninstall(): Boolean;
begin
  { A silent uninstall shows no page to ask on, so it keeps the data unless told otherwise. }
  DeleteData := UninstallSilent() and CommandLineHas('/DELETEDATA');
  Result := True;
end;

{ Ticking the box asks once more, with No as the default answer. }
procedure DeleteDataCheckBoxClick(Sender: TObject);
begin
  if DeleteDataCheckBox.Checked and
     (MsgBox(CustomMessage('DeleteDataConfirm'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) <> IDYES) then
    DeleteDataCheckBox.Checked := False;
end;

{ Before removing anything, show a page on the uninstaller's own window with the "delete my data" check
  box, unticked. Uninstall goes on from there, or Cancel stops it with nothing removed. }
procedure InitializeUninstallProgressForm();
var
  Page: TNewNotebookPage;
  Note, Warning: TNewStaticText;
  UninstallButton: TNewButton;
  Cancel: TNewButton;
  SavedPageName, SavedPageDescription: String;
begin
  if UninstallSilent() then
    Exit;

  Page := TNewNotebookPage.Create(UninstallProgressForm);
  Page.Notebook := UninstallProgressForm.InnerNotebook;
  Page.Parent := UninstallProgressForm.InnerNotebook;
  Page.Align := alClient;

  Note := TNewStaticText.Create(UninstallProgressForm);
  Note.Parent := Page;
  Note.Left := 0;
  Note.Top := 0;
  Note.Width := UninstallProgressForm.InnerNotebook.ClientWidth;
  Note.AutoSize := False;
  Note.WordWrap := True;
  Note.ShowAccelChar := False;
  Note.Caption := FmtMessage(CustomMessage('KeepDataNote'), [DataDir()]);
  Note.AdjustHeight();

  DeleteDataCheckBox := TNewCheckBox.Create(UninstallProgressForm);
  DeleteDataCheckBox.Parent := Page;
  DeleteDataCheckBox.Left := 0;
  DeleteDataCheckBox.Top := Note.Top + Note.Height + ScaleY(16);
  DeleteDataCheckBox.Width := UninstallProgressForm.InnerNotebook.ClientWidth;
  DeleteDataCheckBox.Height := ScaleY(20);
  DeleteDataCheckBox.Caption := CustomMessage('DeleteDataCheck');
  DeleteDataCheckBox.Checked := False;
  DeleteDataCheckBox.OnClick := @DeleteDataCheckBoxClick;

  Warning := TNewStaticText.Create(UninstallProgressForm);
  Warning.Parent := Page;
  Warning.Left := ScaleX(18);
  Warning.Top := DeleteDataCheckBox.Top + DeleteDataCheckBox.Height + ScaleY(4);
  Warning.Width := UninstallProgressForm.InnerNotebook.ClientWidth - ScaleX(18);
  Warning.AutoSize := False;
  Warning.WordWrap := True;
  Warning.Caption := CustomMessage('DeleteDataWarning');
  Warning.AdjustHeight();

  Cancel := UninstallProgressForm.CancelButton;
  UninstallButton := TNewButton.Create(UninstallProgressForm);
  UninstallButton.Parent := UninstallProgressForm;
  UninstallButton.Anchors := Cancel.Anchors;
  UninstallButton.Width := Cancel.Width;
  UninstallButton.Height := Cancel.Height;
  UninstallButton.Top := Cancel.Top;
  UninstallButton.Left := Cancel.Left - Cancel.Width - ScaleX(10);
  UninstallButton.Caption := CustomMessage('UninstallButton');
  UninstallButton.Default := True;
  UninstallButton.ModalResult := mrOk;
  Cancel.Enabled := True;
  Cancel.ModalResult := mrCancel;

  SavedPageName := UninstallProgressForm.PageNameLabel.Caption;
  SavedPageDescription := UninstallProgressForm.PageDescriptionLabel.Caption;
  UninstallProgressForm.PageNameLabel.Caption := CustomMessage('DataPageTitle');
  UninstallProgressForm.PageDescriptionLabel.Caption := CustomMessage('DataPageDescription');
  UninstallProgressForm.InnerNotebook.ActivePage := Page;

  if UninstallProgressForm.ShowModal() <> mrOk then
    Abort();

  DeleteData := DeleteDataCheckBox.Checked;
  UninstallButton.Visible := False;
  Cancel.Enabled := False;
  Cancel.ModalResult := mrNone;
  UninstallProgressForm.PageNameLabel.Caption := SavedPageName;
  UninstallProgressForm.PageDescriptionLabel.Caption := SavedPageDescription;
  UninstallProgressForm.InnerNotebook.ActivePage := UninstallProgressForm.InstallingPage;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep <> usPostUninstall) or not DeleteData then
    Exit;
  Log('Deleting the shop''s data: ' + DataDir() + ' and HKCU\Software\ShopCircle');
  if DirExists(DataDir()) and not DelTree(DataDir(), True, True, True) then
  begin
    Log('Could not delete all of ' + DataDir());
    if not UninstallSilent() then
      MsgBox(FmtMessage(CustomMessage('DeleteDataFailed'), [DataDir()]), mbError, MB_OK);
  end;
  if RegKeyExists(HKEY_CURRENT_USER, 'Software\ShopCircle') then
    RegDeleteKeyIncludingSubkeys(HKEY_CURRENT_USER, 'Software\ShopCircle');
end;
