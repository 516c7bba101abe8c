#!/usr/bin/env bash
# Bundles the cross-built app (cross-build.sh calls this) into
#   _build-win64/dist/stage/            bin/ lib/ share/, the layout GLib expects
#   _build-win64/dist/dirsync-companion-VERSION-win64.zip            portable
#   _build-win64/dist/dirsync-companion-VERSION-win64-setup.exe      NSIS installer
# With this layout the app needs no environment variables: GLib finds
# share/ and lib/gio/modules relative to libgio-2.0-0.dll.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

exe=$build/src/dirsync-companion.exe
# The window and the PDF writer: modules the program loads from its own
# directory (src/meson.build).
window_module=$build/src/dsc-window.dll
pdf_module=$build/src/dsc-pdf.dll
for f in "$exe" "$window_module" "$pdf_module"; do
  [ -f "$f" ] || { echo "error: $f is missing; run cross-build.sh first" >&2; exit 1; }
done
version=$(sed -n "s/^  version: '\(.*\)',$/\1/p" "$top/meson.build")
dist=$build/dist
stage=$dist/stage
objdump=${OBJDUMP:-x86_64-w64-mingw32-objdump}
strip=${STRIP:-x86_64-w64-mingw32-strip}

log "staging the bundle in $stage"
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/lib/gio/modules" "$stage/share/glib-2.0/schemas" \
         "$stage/share/icons"

cp "$exe" "$window_module" "$pdf_module" "$stage/bin/"
# gdbus.exe: GApplication autolaunches a session bus on Windows. The gspawn
# helpers: g_spawn (and with it that autolaunch) needs them.
cp "$sysroot/bin/gdbus.exe" "$sysroot"/bin/gspawn-win64-helper*.exe "$stage/bin/"
# Without the TLS module libsoup fails with "TLS/SSL support not available".
cp "$sysroot/lib/gio/modules/libgiognutls.dll" "$stage/lib/gio/modules/"

# The DLLs all of the above import, found by walking the import tables
# against the sysroot's bin/. DLLs not in the sysroot are Windows' own.
declare -A seen=()
queue=("$stage"/bin/*.exe "$stage/bin/dsc-window.dll" "$stage/bin/dsc-pdf.dll"
       "$stage/lib/gio/modules/libgiognutls.dll")
while [ ${#queue[@]} -gt 0 ]; do
  file=${queue[0]}
  queue=("${queue[@]:1}")
  while read -r dll; do
    key=${dll,,}
    [ -n "${seen[$key]:-}" ] && continue
    seen[$key]=1
    # DLL names are case-insensitive; the sysroot spells them its own way.
    found=$(find "$sysroot/bin" -maxdepth 1 -iname "$dll" -print -quit)
    if [ -n "$found" ]; then
      cp "$found" "$stage/bin/"
      queue+=("$found")
    fi
  done < <("$objdump" -p "$file" | sed -n 's/^\s*DLL Name: //p')
done
echo "   $(ls "$stage"/bin/*.dll | wc -l) DLLs"
# Debug information off every program and DLL: a sysroot built from source
# (build-sysroot.sh) keeps it, which would double the installer's size.
find "$stage" -type f \( -iname '*.exe' -o -iname '*.dll' \) -exec "$strip" --strip-unneeded {} +

# GSettings: the sysroot's schemas (GTK's file chooser, …) plus ours,
# compiled with the native compiler (the format is the same on Windows).
cp "$sysroot"/share/glib-2.0/schemas/*.xml "$top"/data/*.gschema.xml \
   "$stage/share/glib-2.0/schemas/"
glib-compile-schemas --strict "$stage/share/glib-2.0/schemas"

# Icons: no SVG loader on Windows, so PNG only. The app icon from hicolor;
# GTK's and libadwaita's symbolic icons as the sysroot's Adwaita theme ships
# them (pre-rendered *.symbolic.png).
cp -r "$sysroot/share/icons/Adwaita" "$stage/share/icons/"
mkdir -p "$stage/share/icons/hicolor"
cp "$sysroot/share/icons/hicolor/index.theme" "$stage/share/icons/hicolor/"
for dir in "$top"/data/icons/hicolor/*x*; do
  size=$(basename "$dir")
  mkdir -p "$stage/share/icons/hicolor/$size/apps"
  cp "$dir"/apps/*.png "$stage/share/icons/hicolor/$size/apps/"
done
# Symbolic icons of our own (if any) are pre-encoded to PNG.
for svg in "$top"/data/icons/hicolor/symbolic/apps/*-symbolic.svg; do
  [ -f "$svg" ] || continue
  for size in 16 24 32 48 64; do
    mkdir -p "$stage/share/icons/hicolor/${size}x${size}/apps"
    gtk4-encode-symbolic-svg -o "$stage/share/icons/hicolor/${size}x${size}/apps" \
      "$svg" "${size}x${size}" 2>/dev/null
  done
done

# Translations: GLib's, GTK's and libadwaita's from the sysroot; ours from
# the build tree once po/LINGUAS lists languages.
cp -r "$sysroot/share/locale" "$stage/share/"
for mo in "$build"/po/*/LC_MESSAGES/*.mo; do
  [ -f "$mo" ] || continue
  lang=$(basename "$(dirname "$(dirname "$mo")")")
  mkdir -p "$stage/share/locale/$lang/LC_MESSAGES"
  cp "$mo" "$stage/share/locale/$lang/LC_MESSAGES/"
done
if [ -d "$sysroot/share/gtk-4.0" ]; then cp -r "$sysroot/share/gtk-4.0" "$stage/share/"; fi
# MSYS2's gdk-pixbuf loads PNG through loader modules (the cross sysroot has
# them built in): ship them with their cache.
if [ -d "$sysroot/lib/gdk-pixbuf-2.0" ]; then
  mkdir -p "$stage/lib"
  cp -r "$sysroot/lib/gdk-pixbuf-2.0" "$stage/lib/"
fi
cp "$top/LICENSE" "$stage/LICENSE.txt"

# Authenticode: every program and DLL of the bundle (release certificate from
# the environment, else a throw-away test certificate; see sign.sh).
log "signing the bundle's programs and DLLs"
mapfile -t pe_files < <(find "$stage" -type f \( -iname '*.exe' -o -iname '*.dll' \) | sort)
"$win_dir/sign.sh" "${pe_files[@]}"

# Portable zip: one top folder, runs from anywhere.
zip_name=dirsync-companion-$version-win64.zip
log "packing $dist/$zip_name"
rm -rf "$dist/zip" "$dist/$zip_name"
mkdir -p "$dist/zip"
cp -r "$stage" "$dist/zip/DirSync Companion"
(cd "$dist/zip" && zip -q -r "../$zip_name" "DirSync Companion")
rm -rf "$dist/zip"

# NSIS installer (per user, no elevation).
setup_name=dirsync-companion-$version-win64-setup.exe
# makensis runs this to sign the uninstaller it embeds (cmd.exe on MSYS2).
if command -v cygpath >/dev/null 2>&1; then
  sign_cmd="\"$(cygpath -m /usr/bin/bash.exe)\" \"$(cygpath -m "$win_dir/sign.sh")\""
else
  sign_cmd="\"$win_dir/sign.sh\""
fi
log "building $dist/$setup_name"
makensis -V2 -NOCD \
  -DVERSION="$version" \
  -DSTAGE="$stage" \
  -DICON="$build/src/io.github.DirSyncCompanion.ico" \
  -DLICENSE="$top/LICENSE" \
  -DOUTFILE="$dist/$setup_name" \
  -DSIGN="$sign_cmd" \
  "$win_dir/installer.nsi"
"$win_dir/sign.sh" "$dist/$setup_name"

# SHA-256 sums of what a release publishes.
(cd "$dist" && sha256sum "$zip_name" "$setup_name" > SHA256SUMS)

ls -l "$dist/$zip_name" "$dist/$setup_name" | awk '{printf "   %s  %.1f MB\n", $9, $5/1048576}'
