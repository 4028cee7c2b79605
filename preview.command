#!/bin/bash
# Double-click this file in Finder to preview the site: it runs "sitegen serve --open" in the
# folder it is in (the site's folder), with sitegen from this folder or from PATH.
cd "$(dirname "$0")" || exit 1

# Keeps the window open until the editor has read what went wrong.
wait_for_return() {
  echo
  read -r -p "Press Return to close this window. " _
}

if [ -x ./sitegen ]; then
  sitegen=./sitegen
elif command -v sitegen >/dev/null 2>&1; then
  sitegen=sitegen
else
  cat <<EOF
sitegen is not in this folder, so the preview cannot start.

 1. Open the project's page on GitHub, click "Releases", and download the file ending in
    macos-apple-silicon.tar.gz if your Mac has an Apple chip (M1 or later), or
    macos-intel.tar.gz if it has an Intel processor (Apple menu > About This Mac says which).
 2. Double-click the downloaded file to unpack it, and copy "sitegen" from it into this folder:
    $PWD
 3. Double-click preview.command again.

README.md, section "Installing sitegen", shows each step.
EOF
  wait_for_return
  exit 1
fi

echo "Previewing the site in $PWD."
echo "Your browser opens the preview by itself; every save shows up there."
echo "Keep this window open while you work. To stop, press Control-C or close this window."
echo
"$sitegen" serve --open
status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 130 ]; then
  echo
  echo "The preview stopped because of the problem described above."
  echo "If it says the port is in use, the preview is probably open in another window already."
  if [ "$status" -eq 126 ] || [ "$status" -eq 137 ]; then
    echo "If your Mac said it could not verify \"sitegen\", open System Settings > Privacy &"
    echo "Security, click \"Open Anyway\" next to the message about sitegen, and double-click"
    echo "preview.command again."
  fi
  wait_for_return
fi
exit "$status"
