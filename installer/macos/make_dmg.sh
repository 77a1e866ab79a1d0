#!/usr/bin/env bash
# Make ShopCircle's macOS disk image from the .app that PyInstaller built:
#
#   bash installer/macos/make_dmg.sh dist/ShopCircle.app 0.1.0 dist/ShopCircle-0.1.0.dmg
#
# 1. Names the app in each of its languages: Contents/Resources/en.lproj and zh_Hans.lproj get an
#    InfoPlist.strings ("ShopCircle" / "店圈"), so Finder and the Dock show 店圈 on a Chinese Mac.
# 2. Signs it, when SHOPCIRCLE_CODESIGN_IDENTITY names a "Developer ID Application: ..." identity in
#    the keychain: hardened runtime, a secure timestamp and installer/macos/entitlements.plist.
#    Otherwise it seals the app again ad hoc, as PyInstaller left it (step 1 changed the bundle), and
#    says that it is not signed.
# 3. Builds a compressed dmg with the app and a link to /Applications to drag it onto.
# 4. When SHOPCIRCLE_NOTARY_PROFILE names a notarytool keychain profile (made once with
#    `xcrun notarytool store-credentials`) and the app was signed: signs the dmg, has Apple notarise
#    it and staples the ticket to it, so it opens without a warning even offline.
set -euo pipefail

say() { printf '[make_dmg] %s\n' "$*"; }
fail() {
  printf '[make_dmg] error: %s\n' "$*" >&2
  exit 1
}

if (($# != 3)); then
  echo "usage: bash $0 PATH/ShopCircle.app VERSION OUT.dmg" >&2
  exit 2
fi
app=${1%/}
version=$2
out=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
entitlements="$here/entitlements.plist"
identity=${SHOPCIRCLE_CODESIGN_IDENTITY:-}
profile=${SHOPCIRCLE_NOTARY_PROFILE:-}

[[ $(uname -s) == Darwin ]] || fail "this needs macOS (codesign, hdiutil, xcrun)"
[[ -f "$app/Contents/Info.plist" ]] || fail "$app is not an app bundle: build it first (python installer/build.py)"
plist="$app/Contents/Info.plist"
built=$(plutil -extract CFBundleShortVersionString raw -o - "$plist")
[[ $built == "$version" ]] || fail "$app is version $built, not $version: build it again"

# 1. The app's name and copyright in English and Simplified Chinese.
write_strings() { # LANGUAGE-FOLDER NAME COPYRIGHT
  local folder="$app/Contents/Resources/$1.lproj"
  mkdir -p "$folder"
  cat >"$folder/InfoPlist.strings" <<EOF
/* ShopCircle's name and copyright in this language; written by installer/macos/make_dmg.sh. */
CFBundleDisplayName = "$2";
CFBundleName = "$2";
NSHumanReadableCopyright = "$3";
EOF
  plutil -lint "$folder/InfoPlist.strings" >/dev/null || fail "$folder/InfoPlist.strings is not valid"
  say "wrote $folder/InfoPlist.strings"
}
write_strings en "ShopCircle" "Copyright © ShopCircle maintainers. Free software under the GNU GPL 3.0 or later."
write_strings zh_Hans "店圈" "版权所有 © ShopCircle 维护者。自由软件，依 GNU GPL 3.0 或更高版本授权。"
# Finder shows a localised name only for bundles that say they have one.
plutil -replace LSHasLocalizedDisplayName -bool YES "$plist"

# 2. Signing.
signed=no
if [[ -n $identity ]]; then
  say "signing with \"$identity\" (hardened runtime, $entitlements)"
  # Inside out: every Mach-O file in the bundle first, then the bundle itself with all it holds.
  while IFS= read -r -d '' file; do
    file -b "$file" | grep -q 'Mach-O' || continue
    if [[ $(dirname "$file") == "$app/Contents/MacOS" ]]; then
      codesign --force --options runtime --timestamp --entitlements "$entitlements" --sign "$identity" "$file"
    else
      codesign --force --options runtime --timestamp --sign "$identity" "$file"
    fi
  done < <(find "$app/Contents" -type f -print0)
  codesign --force --deep --options runtime --timestamp --entitlements "$entitlements" --sign "$identity" "$app"
  codesign --verify --deep --strict --verbose=2 "$app"
  signed=yes
else
  say "not signed: set SHOPCIRCLE_CODESIGN_IDENTITY to sign"
  codesign --force --deep --sign - "$app"
fi

# 3. The disk image: the app and a link to /Applications.
work=$(mktemp -d "${TMPDIR:-/tmp}/shopcircle-dmg.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/staging"
ditto "$app" "$work/staging/$(basename "$app")"
ln -s /Applications "$work/staging/Applications"
mkdir -p "$(dirname "$out")"
# hdiutil now and then fails with "Resource busy" on a busy machine; a second try usually works.
for attempt in 1 2 3; do
  if hdiutil create -volname ShopCircle -srcfolder "$work/staging" -ov -format UDZO "$out"; then
    break
  fi
  ((attempt < 3)) || fail "hdiutil could not make $out"
  say "hdiutil failed; trying again in 10 s"
  sleep 10
done

# 4. Notarising.
if [[ -z $profile ]]; then
  say "not notarised: set SHOPCIRCLE_NOTARY_PROFILE (a notarytool keychain profile) to notarise a signed app"
elif [[ $signed != yes ]]; then
  say "not notarised: SHOPCIRCLE_NOTARY_PROFILE is set, but Apple notarises signed apps only" \
    "(set SHOPCIRCLE_CODESIGN_IDENTITY too)"
else
  codesign --force --timestamp --sign "$identity" "$out"
  say "notarising $out (this can take several minutes)"
  if ! xcrun notarytool submit "$out" --keychain-profile "$profile" --wait | tee "$work/notary.log" ||
    ! grep -q 'status: Accepted' "$work/notary.log"; then
    fail "Apple did not accept $out; its reasons: xcrun notarytool log SUBMISSION-ID --keychain-profile \"$profile\""
  fi
  xcrun stapler staple "$out"
  xcrun stapler validate "$out"
fi
say "made $out"
