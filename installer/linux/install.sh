#!/usr/bin/env bash
# Put ShopCircle (店圈) in your applications menu, from the unpacked ShopCircle tarball. No root needed.
#
#   ./install.sh               add the menu entry and the icons, for you only
#   ./install.sh --uninstall   take them away again
#
# Nothing is copied or moved: the menu entry starts ShopCircle/shopcircle from this folder, so leave
# the folder where it is (after moving it, run ./install.sh again). Neither command touches the shop's
# data (the database and its backups in ~/.local/share/ShopCircle, the logs in ~/.local/state/ShopCircle).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
app="$here/ShopCircle/shopcircle"
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
entry="$data_home/applications/shopcircle.desktop"
icons="$data_home/icons/hicolor"
sizes=(16 24 32 48 64 128 256 512)

say() { printf '%s\n' "$*"; }
fail() {
  printf 'install.sh: %s\n' "$*" >&2
  exit 1
}

refresh_menus() { # both are optional, and a failure only delays the menu's update
  if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$data_home/applications" 2>/dev/null || true
  fi
  # An icon cache must be brought up to date where there is one; where there is none, none is made.
  if command -v gtk-update-icon-cache >/dev/null && [[ -f "$icons/icon-theme.cache" ]]; then
    gtk-update-icon-cache -q -f -t "$icons" 2>/dev/null || true
  fi
}

# A path as one argument of an Exec line: quoted, with \ " ` $ escaped for the quoting, then every
# backslash doubled for the string value, and % doubled (see the Desktop Entry Specification).
exec_argument() {
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/["`$]/\\&/g' -e 's/\\/\\\\/g' -e 's/%/%%/g')"
}

uninstall() {
  rm -f "$entry"
  for size in "${sizes[@]}"; do
    rm -f "$icons/${size}x${size}/apps/shopcircle.png"
    rmdir "$icons/${size}x${size}/apps" "$icons/${size}x${size}" 2>/dev/null || true
  done
  refresh_menus
  say "ShopCircle is no longer in your applications menu."
  say "Your shop's data in $data_home/ShopCircle was left as it is; delete that folder yourself only if"
  say "you no longer need the database and its backups (the log is in ${XDG_STATE_HOME:-$HOME/.local/state}/ShopCircle,"
  say "the window's settings in ${XDG_CONFIG_HOME:-$HOME/.config}/ShopCircle). The program folder is still $here."
}

check_system_libraries() { # what Qt's X11 window needs from the system and the bundle does not carry
  local internal="$here/ShopCircle/_internal" plugin missing library package packages=()
  plugin="$internal/PySide6/Qt/plugins/platforms/libqxcb.so"
  if ! command -v ldd >/dev/null || [[ ! -f $plugin ]]; then
    return
  fi
  # The libraries the window's plugin cannot find, looking where the app itself looks first.
  missing=$(LD_LIBRARY_PATH="$internal:$internal/PySide6/Qt/lib" ldd "$plugin" 2>/dev/null |
    awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')
  [[ -n $missing ]] || return 0
  for library in $missing; do
    case $library in # Debian and Ubuntu package names
      libGL.so.*) package=libgl1 ;;
      libEGL.so.*) package=libegl1 ;;
      libxcb.so.*) package=libxcb1 ;;
      libxcb-cursor.so.*) package=libxcb-cursor0 ;;
      libxcb-icccm.so.*) package=libxcb-icccm4 ;;
      libxcb-image.so.*) package=libxcb-image0 ;;
      libxcb-keysyms.so.*) package=libxcb-keysyms1 ;;
      libxcb-render-util.so.*) package=libxcb-render-util0 ;;
      libxkbcommon-x11.so.*) package=libxkbcommon-x11-0 ;;
      libfontconfig.so.*) package=libfontconfig1 ;;
      *) package=$library ;;
    esac
    packages+=("$package")
  done
  say ""
  say "ShopCircle's window needs system libraries this computer does not have: ${missing% }."
  say "On Debian or Ubuntu, install them with:"
  say "  sudo apt install ${packages[*]}"
}

install() {
  [[ -x $app ]] || fail "no $app: run this script from the unpacked ShopCircle folder"
  [[ -f "$here/shopcircle.desktop" ]] || fail "no $here/shopcircle.desktop next to this script"

  mkdir -p "$(dirname "$entry")"
  local exec_line try_line line temp
  exec_line=$(exec_argument "$app")
  try_line=$(printf '%s' "$app" | sed -e 's/\\/\\\\/g')
  temp=$(mktemp "$entry.XXXXXX")
  while IFS= read -r line || [[ -n $line ]]; do
    case $line in
      Exec=*@EXEC@*) line="${line%%@EXEC@*}$exec_line${line#*@EXEC@}" ;;
      TryExec=*@EXEC@*) line="${line%%@EXEC@*}$try_line${line#*@EXEC@}" ;;
    esac
    printf '%s\n' "$line"
  done <"$here/shopcircle.desktop" >"$temp"
  chmod 644 "$temp"
  mv -f "$temp" "$entry"

  local installed=0 png
  for size in "${sizes[@]}"; do
    png="$here/icons/shopcircle-$size.png"
    [[ -f $png ]] || continue
    mkdir -p "$icons/${size}x${size}/apps"
    cp -f "$png" "$icons/${size}x${size}/apps/shopcircle.png"
    installed=$((installed + 1))
  done
  ((installed)) || say "(No icons in $here/icons: the menu entry shows a generic icon.)"
  refresh_menus

  say "ShopCircle is in your applications menu, as ShopCircle (店圈)."
  say "It starts $app, so keep this folder where it is; after moving it, run ./install.sh again."
  say "Your shop's data will be kept in $data_home/ShopCircle. To take the menu entry away: ./install.sh --uninstall"
  check_system_libraries
}

case ${1:-} in
  "") install ;;
  --uninstall) uninstall ;;
  -h | --help) sed -n '2,9s/^# \{0,1\}//p' "$0" ;;
  *) fail "unknown option $1 (use --uninstall, or nothing to install)" ;;
esac
