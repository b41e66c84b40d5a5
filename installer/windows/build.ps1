<#
.SYNOPSIS
  Build the Windows installer of bjstc-desktop: the one-folder build, then setup.exe.

.DESCRIPTION
  Run on a 64-bit Windows 10/11 build machine, from the repository root, in PowerShell:

      powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1 [-Wheelhouse D:\wheelhouse] [-SignCert C:\certs\agency.pfx]

  1. creates .venv with Python 3.11 (the `py` launcher) and installs requirements.lock
     with --require-hashes: from the package index, or with -Wheelhouse from an offline
     wheelhouse made by `make wheelhouse` (no network at all);
  2. builds the translations and the one-folder application (installer\build.py, the same
     PyInstaller spec as on Linux) into dist\bjstc-desktop;
  3. runs the frozen bjstc.exe once (`--help`, `init`, `--screenshot`) as a smoke test;
  4. optionally signs every .exe and .dll with signtool (-SignCert), which keeps
     SmartScreen and antivirus programs quiet (desktop-anchors.md §7 item 1);
  5. compiles installer\windows\bjstc-desktop.iss with Inno Setup 6 (ISCC.exe) into
     dist\bjstc-desktop-<version>-setup.exe, signs it too, and writes its SHA-256.

  Needs: Python 3.11 x64 (python.org installer, with the py launcher), Inno Setup 6.2+
  (https://jrsoftware.org; ISCC.exe on PATH or in its default folder), and for signing the
  Windows SDK's signtool.exe. Nothing else; the VC++ runtime DLLs come inside PySide6.
#>
param(
    [string]$Wheelhouse = "",
    [string]$SignCert = "",
    [string]$SignPassword = "",
    [string]$TimestampUrl = "",
    [string]$Python = "py -3.11",
    [switch]$SkipSmoke
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Repo = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Repo
$Venv = Join-Path $Repo ".venv"
$Py = Join-Path $Venv "Scripts\python.exe"
$Dist = Join-Path $Repo "dist\bjstc-desktop"

function Step($text) { Write-Host "==> $text" -ForegroundColor Cyan }
function Invoke-Checked {
    param([string]$File, [string[]]$Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

# ---- 1. the virtual environment from the lock file ------------------------------------
Step "Python environment from requirements.lock"
if (-not (Test-Path $Py)) {
    $parts = @($Python.Split(" ", [System.StringSplitOptions]::RemoveEmptyEntries))
    $rest = @()
    if ($parts.Count -gt 1) { $rest = $parts[1..($parts.Count - 1)] }
    Invoke-Checked $parts[0] ($rest + @("-m", "venv", $Venv))
}
$pipArgs = @("-m", "pip", "install", "--disable-pip-version-check", "--require-hashes", "--no-deps", "-r", "requirements.lock")
if ($Wheelhouse) { $pipArgs += @("--no-index", "--find-links", $Wheelhouse) }
Invoke-Checked $Py $pipArgs
$editable = @("-m", "pip", "install", "--disable-pip-version-check", "--no-deps", "--no-build-isolation", "-e", ".")
if ($Wheelhouse) { $editable += @("--no-index") }
Invoke-Checked $Py $editable

# ---- 2. the one-folder build ----------------------------------------------------------
Step "One-folder build (PyInstaller, never one-file)"
Invoke-Checked $Py @("installer\build.py")
$Version = (& $Py -c "import sys; sys.path.insert(0, 'installer'); import layout; print(layout.project_version())").Trim()

# ---- 3. smoke test of the frozen programs --------------------------------------------
if (-not $SkipSmoke) {
    Step "Smoke test of the frozen build"
    $work = Join-Path $env:TEMP ("bjstc-smoke-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $work | Out-Null
    $env:BJSTC_PASSPHRASE = "smoke-test-口令-2026"
    try {
        Invoke-Checked (Join-Path $Dist "bjstc.exe") @("--help")
        Invoke-Checked (Join-Path $Dist "bjstc.exe") @("--data-dir", "$work\ws", "init", "--workstation", "smoke", "--admin", "admin")
        Invoke-Checked (Join-Path $Dist "bjstc.exe") @("--data-dir", "$work\ws", "--user", "admin", "info", "--json")
        $shot = Join-Path $work "screenshot.png"
        $p = Start-Process -FilePath (Join-Path $Dist "bjstc-desktop.exe") -ArgumentList @("--data-dir", "$work\ws", "--user", "admin", "--screenshot", $shot, "--tab", "workbench") -Wait -PassThru
        if ($p.ExitCode -ne 0 -or -not (Test-Path $shot)) { throw "bjstc-desktop --screenshot failed ($($p.ExitCode))" }
        Write-Host "screenshot: $shot ($((Get-Item $shot).Length) bytes)"
    } finally {
        Remove-Item Env:\BJSTC_PASSPHRASE
    }
}

# ---- 4. signing (optional) ------------------------------------------------------------
function Sign-Files([string[]]$Files) {
    if (-not $SignCert) { return }
    $signtool = (Get-Command signtool.exe -ErrorAction SilentlyContinue).Source
    if (-not $signtool) { throw "signtool.exe not found (Windows SDK)" }
    $signArgs = @("sign", "/fd", "sha256", "/f", $SignCert)
    if ($SignPassword) { $signArgs += @("/p", $SignPassword) }
    if ($TimestampUrl) { $signArgs += @("/tr", $TimestampUrl, "/td", "sha256") }
    for ($i = 0; $i -lt $Files.Count; $i += 50) {
        $last = [math]::Min($i + 49, $Files.Count - 1)
        Invoke-Checked $signtool ($signArgs + $Files[$i..$last])
    }
}
if ($SignCert) {
    Step "Signing the programs and DLLs"
    Sign-Files (Get-ChildItem $Dist -Recurse -Include *.exe, *.dll, *.pyd | ForEach-Object FullName)
    # The checksums must describe the signed files.
    Invoke-Checked $Py @("-c", "import sys; sys.path.insert(0, 'installer'); import build, layout; build.write_checksums(layout.bundle_dir())")
}

# ---- 5. the installer -----------------------------------------------------------------
Step "Inno Setup"
$iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) {
    foreach ($candidate in @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe")) {
        if (Test-Path $candidate) { $iscc = $candidate; break }
    }
}
if (-not $iscc) { throw "ISCC.exe (Inno Setup 6) not found" }
$isccArgs = @("/Qp", "/DAppVersion=$Version", "/DDistDir=$Dist", "/DOutputDir=$(Join-Path $Repo 'dist')")
$chinese = Join-Path (Split-Path $iscc) "Languages\ChineseSimplified.isl"
if (-not (Test-Path $chinese)) {
    Write-Warning "Inno Setup has no Languages\ChineseSimplified.isl: the wizard will be in English"
    $isccArgs += "/DNoChineseMessages"
}
Invoke-Checked $iscc ($isccArgs + @("installer\windows\bjstc-desktop.iss"))
$Setup = Join-Path $Repo "dist\bjstc-desktop-$Version-setup.exe"
Sign-Files @($Setup)
$hash = (Get-FileHash -Algorithm SHA256 $Setup).Hash.ToLower()
"$hash  $(Split-Path $Setup -Leaf)" | Out-File -Encoding ascii "$Setup.sha256"
Step "Built $Setup"
Write-Host "SHA-256 $hash"
Write-Host "Silent install: $(Split-Path $Setup -Leaf) /VERYSILENT /SUPPRESSMSGBOXES /NORESTART [/DIR=""D:\Programs\bjstc-desktop""] [/TASKS=""desktopicon,addtopath""]"
