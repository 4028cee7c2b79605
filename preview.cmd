@echo off
rem Double-click this file to preview the site: it runs "sitegen serve --open" in the folder
rem it is in (the site's folder), with sitegen.exe from this folder or from PATH.
setlocal
pushd "%~dp0" || goto nofolder
set "SITEGEN=%~dp0sitegen.exe"
if exist "%SITEGEN%" goto run
set "SITEGEN="
for %%F in (sitegen.exe) do set "SITEGEN=%%~$PATH:F"
if defined SITEGEN goto run

echo sitegen.exe is not in this folder, so the preview cannot start.
echo.
echo  1. Open the project's page on GitHub, click "Releases", and download the file
echo     ending in windows-x86_64.zip.
echo  2. Open the downloaded zip file and copy sitegen.exe into this folder:
echo     "%CD%"
echo  3. Double-click preview.cmd again.
echo.
echo README.md, section "Installing sitegen", shows each step.
echo.
pause
exit /b 1

:run
echo Previewing the site in "%CD%".
echo Your browser opens the preview by itself; every save shows up there.
echo Keep this window open while you work. To stop, close this window.
echo.
"%SITEGEN%" serve --open
if errorlevel 1 goto failed
exit /b 0

:failed
echo.
echo The preview stopped because of the problem described above.
echo If it says the port is in use, the preview is probably open in another window already.
echo.
pause
exit /b 1

:nofolder
echo Cannot open the folder this file is in: "%~dp0"
pause
exit /b 1
