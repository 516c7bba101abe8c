#!/usr/bin/env bash
# Builds the win64 GTK 4 stack DirSync Companion links against — GLib, GTK 4,
# libadwaita, libsoup 3 with glib-networking/GnuTLS for TLS, json-glib, SQLite
# and what they need — from Debian 12's source packages, with Debian's
# mingw-w64 cross compiler. cross-build.sh runs it when no prebuilt sysroot is
# found; the first time takes about half an hour on 2 idle cores, well over
# an hour on busy ones (README, "Windows"), and it resumes where it stopped
# when run again.
#
#   build-aux/windows/build-sysroot.sh [STEP…]     (default: every step)
#   build-aux/windows/build-sysroot.sh --list      the steps, in build order
#
#   DSC_SYSROOT_PREFIX  where the stack goes (default: the cache path common.sh
#                       names, ~/.cache/dirsync-companion/win64-sysroot)
#   DSC_SYSROOT_WORK    sources, build trees, logs (default: PREFIX-work)
#   DSC_JOBS            parallel jobs (default 2)
#   DSC_NICE            niceness of the compilers (default 10, so the machine
#                       stays usable; 0 for full speed)
#
# Sources come through a private apt configuration under the work directory
# (deb-src lines for bookworm, its updates and security), so the machine's own
# apt setup is neither read for sources nor changed. For each source package
# the newest version whose files all download is used; when a bookworm upstream
# tarball cannot be had at all, a later suite's (trixie, then sid) is built
# instead and DEBIAN-SOURCES.txt says so. Every step runs in its own shell with
# `set -e`, logs to WORK/logs/STEP.log and leaves a stamp in PREFIX/.steps/ on
# success; PREFIX/.complete marks a finished stack.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

prefix=${DSC_SYSROOT_PREFIX:-$sysroot}
work=${DSC_SYSROOT_WORK:-$prefix-work}
jobs=${DSC_JOBS:-2}
host=x86_64-w64-mingw32
self=$win_dir/build-sysroot.sh

# step:source package (- for steps that copy files from installed packages).
# The order is the dependency order.
steps=(
  runtime:- zlib:- libffi:libffi pcre2:pcre2 libintl:gettext glib:glib2.0
  libpng:libpng1.6 freetype:freetype fribidi:fribidi harfbuzz:harfbuzz
  pixman:pixman cairo:cairo pango:pango1.0 graphene:graphene libepoxy:libepoxy
  libjpeg:libjpeg-turbo tiff:tiff gdk_pixbuf:gdk-pixbuf gtk4:gtk4
  libadwaita:libadwaita-1 json_glib:json-glib sqlite:sqlite3 nghttp2:nghttp2
  libpsl:libpsl gmp:gmp nettle:nettle libtasn1:libtasn1-6 gnutls:gnutls28
  glib_networking:glib-networking libsoup:libsoup3 data:-
)
later_suites=(trixie sid)

# Host tools: cross compilers, the native GLib tools and sassc GTK's build
# runs, wine (meson runs GLib's configure checks through it), CMake for the
# packages without a configure script, tclsh for SQLite's amalgamation. A
# native compiler and make too (build-essential: GMP's configure and SQLite's
# amalgamation generator build programs for this machine), `file` (libtool
# recognises import libraries with it; without it an autotools package that
# links a library with no .la file may come out static only) and msgfmt
# (gettext: the libraries' translations the bundle ships).
sysroot_host_packages=(
  gcc-mingw-w64-x86-64-win32 g++-mingw-w64-x86-64-win32 libz-mingw-w64-dev
  build-essential file gettext
  wine64 meson ninja-build pkg-config cmake sassc m4 tcl dpkg-dev
  libglib2.0-dev libglib2.0-dev-bin python3 xz-utils publicsuffix
  hicolor-icon-theme adwaita-icon-theme
)

src=$work/src
trees=$work/trees
logs=$work/logs
stamps=$prefix/.steps
cross=$work/cross.ini
export WINEPREFIX=$work/wineprefix WINEDEBUG=-all
export WINEPATH="Z:${prefix//\//\\}\\bin"
export PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
export LC_ALL=C.UTF-8
niced=(nice -n "${DSC_NICE:-10}")

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# ---------------------------------------------------------------- sources ---

# apt_private SUITES…: apt-get options for a private configuration with
# deb-src lines for SUITES (state and downloads under WORK/apt-SUITES).
apt_private() {
  local name dir
  name=$(IFS=-; echo "$*")
  dir=$work/apt-$name
  if [ ! -f "$dir/sources.list" ]; then
    mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/parts"
    for suite in "$@"; do
      case $suite in
        *-security) echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security $suite main" ;;
        *) echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" ;;
      esac
    done > "$dir/sources.list"
  fi
  echo "-o Dir::Etc::SourceList=$dir/sources.list -o Dir::Etc::SourceParts=$dir/parts" \
       "-o Dir::State::Lists=$dir/lists -o Dir::Cache=$dir/cache -o APT::Sandbox::User=root" \
       "-o Debug::NoLocking=1"
}

# dsc_files DSC: the file names a .dsc lists.
dsc_files() { awk '/^Files:/ { f = 1; next } /^[^ ]/ { f = 0 } f { print $3 }' "$1"; }

# complete DSC: the .dsc and every file it names are here.
complete() {
  local f
  [ -s "$1" ] || return 1
  for f in $(dsc_files "$1"); do [ -s "$(dirname "$1")/$f" ] || return 1; done
}

# fetch_one PKG DIR SUITES…: downloads the newest version of source package
# PKG whose files all download, into DIR; prints the .dsc's path.
fetch_one() {
  local pkg=$1 dir=$2 opts v dsc; shift 2
  opts=$(apt_private "$@")
  mkdir -p "$dir"
  # shellcheck disable=SC2086 # one word per option
  for v in $(apt-cache $opts showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | sort -Vr -u); do
    dsc=$dir/${pkg}_${v#*:}.dsc
    complete "$dsc" && { echo "$dsc"; return 0; }
    (cd "$dir" && apt-get $opts source --download-only "$pkg=$v") >> "$logs/fetch.log" 2>&1 || true
    complete "$dsc" && { echo "$dsc"; return 0; }
    echo "$pkg $v: not every file downloads, trying an older version" >> "$logs/fetch.log"
  done
  # No version with all its files: the newest upstream tarball that did
  # download is built without Debian's patches (DEBIAN-SOURCES.txt says so).
  ls "$dir/${pkg}"_*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | sort -V | tail -n 1 | grep .
}

# The sources of every step, recorded in WORK/sources.txt as "pkg dsc-path".
fetch_sources() {
  local entry pkg dsc suites=() suite
  : > "$work/sources.txt.new"
  say "updating the private source lists"
  # shellcheck disable=SC2046
  apt-get $(apt_private bookworm bookworm-updates bookworm-security) update \
    >> "$logs/fetch.log" 2>&1
  for entry in "${steps[@]}"; do
    pkg=${entry#*:}
    [ "$pkg" = - ] && continue
    if dsc=$(fetch_one "$pkg" "$src" bookworm bookworm-updates bookworm-security); then
      echo "$pkg $dsc" >> "$work/sources.txt.new"
      continue
    fi
    for suite in "${later_suites[@]}"; do
      if [ ! -d "$work/apt-$suite/lists/partial" ] || [ ! -e "$work/apt-$suite/.updated" ]; then
        # shellcheck disable=SC2046
        apt-get $(apt_private "$suite") update >> "$logs/fetch.log" 2>&1
        touch "$work/apt-$suite/.updated"
      fi
      if dsc=$(fetch_one "$pkg" "$src/$suite" "$suite"); then
        say "WARNING: $pkg: no bookworm version downloads; using $suite's $(basename "$dsc" .dsc)"
        echo "$pkg $dsc" >> "$work/sources.txt.new"
        continue 2
      fi
    done
    say "error: no downloadable source for $pkg (see $logs/fetch.log)"
    return 1
  done
  mv "$work/sources.txt.new" "$work/sources.txt"
}

dsc_for() { awk -v p="$1" '$1 == p { print $2 }' "$work/sources.txt"; }

# tree PKG: the unpacked, Debian-patched source tree of PKG (made once).
tree() {
  local pkg=$1 dsc dir
  dsc=$(dsc_for "$pkg")
  [ -n "$dsc" ] || { echo "no source recorded for $pkg; run the fetch step" >&2; return 1; }
  dir=$trees/$pkg
  if [ ! -e "$dir/.unpacked" ] || [ "$(cat "$dir/.unpacked")" != "$dsc" ]; then
    rm -rf "$dir"
    case $dsc in
      *.dsc) dpkg-source --no-check -x "$dsc" "$dir" >&2 ;;
      *) echo "NOTE: $pkg: upstream tarball without Debian's patches" >&2
         mkdir -p "$dir"; tar -xf "$dsc" -C "$dir" --strip-components=1 ;;
    esac
    # Debian's patches leave configure.ac and Makefile.am newer than the
    # generated files; one mtime for all keeps make from re-running autotools.
    find "$dir" -exec touch -h -d @1600000000 {} +
    echo "$dsc" > "$dir/.unpacked"
  fi
  echo "$dir"
}

# ------------------------------------------------------- build systems ---

write_cross_file() {
  cat > "$cross.new" <<INI
[binaries]
c = '$host-gcc'
cpp = '$host-g++'
ar = '$host-ar'
strip = '$host-strip'
windres = '$host-windres'
pkgconfig = 'pkg-config'
exe_wrapper = '/usr/lib/wine/wine64'
# Install hooks use the native schema compiler; the GIO module cache is
# written by the data step (gio-querymodules.exe under wine).
glib-compile-schemas = '/usr/bin/glib-compile-schemas'
gio-querymodules = '/bin/true'

[properties]
pkg_config_libdir = ['$prefix/lib/pkgconfig']
needs_exe_wrapper = true

[host_machine]
system = 'windows'
cpu_family = 'x86_64'
cpu = 'x86_64'
endian = 'little'

[built-in options]
c_args = ['-I$prefix/include']
cpp_args = ['-I$prefix/include']
c_link_args = ['-L$prefix/lib']
# The C++ libraries (HarfBuzz, Pango's DirectWrite code) carry their runtime.
cpp_link_args = ['-L$prefix/lib', '-static-libgcc', '-static-libstdc++']
INI
  # Only a changed file is replaced: a newer one makes ninja re-run meson.
  if cmp -s "$cross.new" "$cross"; then rm "$cross.new"; else mv "$cross.new" "$cross"; fi
}

with_meson() {   # with_meson DIR [OPTION…]
  local dir=$1; shift
  rm -rf "$dir/_win64"
  "${niced[@]}" meson setup "$dir/_win64" "$dir" --cross-file "$cross" --prefix="$prefix" \
    --libdir=lib --buildtype=release -Ddefault_library=shared -Dwrap_mode=nofallback "$@"
  "${niced[@]}" ninja -C "$dir/_win64" -j "$jobs"
  ninja -C "$dir/_win64" install
}

with_configure() {   # with_configure DIR [OPTION…] (runs in DIR)
  local dir=$1; shift
  cd "$dir"
  CPPFLAGS="-I$prefix/include" LDFLAGS="-L$prefix/lib" "${niced[@]}" ./configure \
    --host=$host --build="$(dpkg-architecture -qDEB_BUILD_GNU_TYPE)" --prefix="$prefix" \
    --enable-shared --disable-static "$@"
}

with_autotools() {   # with_autotools DIR [OPTION…]
  with_configure "$@"
  "${niced[@]}" make -j "$jobs"
  make install
}

with_cmake() {   # with_cmake DIR [OPTION…]
  local dir=$1; shift
  rm -rf "$dir/_win64"
  "${niced[@]}" cmake -S "$dir" -B "$dir/_win64" -G Ninja \
    -DCMAKE_SYSTEM_NAME=Windows -DCMAKE_SYSTEM_PROCESSOR=x86_64 \
    -DCMAKE_C_COMPILER=$host-gcc -DCMAKE_CXX_COMPILER=$host-g++ -DCMAKE_RC_COMPILER=$host-windres \
    -DCMAKE_FIND_ROOT_PATH="$prefix" -DCMAKE_FIND_ROOT_PATH_MODE_PROGRAM=NEVER \
    -DCMAKE_FIND_ROOT_PATH_MODE_LIBRARY=ONLY -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib -DCMAKE_BUILD_TYPE=Release "$@"
  "${niced[@]}" ninja -C "$dir/_win64" -j "$jobs"
  ninja -C "$dir/_win64" install
}

# ---------------------------------------------------------------- steps ---
# One function per step. What each one switches off is what the app does not
# use (introspection, docs, tests, printing, media, …); see the README.

step_runtime() {   # the compiler's own DLLs (GnuTLS and friends import them)
  install -m755 "$(dirname "$($host-gcc -print-libgcc-file-name)")/libgcc_s_seh-1.dll" \
    "/usr/$host/lib/libwinpthread-1.dll" "$prefix/bin/"
}

step_zlib() {   # Debian already ships zlib built for mingw (libz-mingw-w64-dev)
  install -m644 /usr/$host/include/zlib.h /usr/$host/include/zconf.h "$prefix/include/"
  install -m644 /usr/$host/lib/libz.dll.a "$prefix/lib/"
  install -m755 /usr/$host/lib/zlib1.dll "$prefix/bin/"
  sed "s|^prefix=.*|prefix=$prefix|" /usr/$host/lib/pkgconfig/zlib.pc > "$prefix/lib/pkgconfig/zlib.pc"
}

step_libffi() { with_autotools "$(tree libffi)" --disable-docs --disable-multi-os-directory; }

step_pcre2() {
  with_autotools "$(tree pcre2)" --disable-pcre2grep-jit --disable-pcre2-16 --disable-pcre2-32
}

step_libintl() {   # only libintl from gettext's runtime half
  local dir; dir=$(tree gettext)
  with_configure "$dir/gettext-runtime" --disable-java --disable-csharp --disable-libasprintf \
    --disable-c++ --enable-threads=windows
  "${niced[@]}" make -C intl -j "$jobs"
  make -C intl install
}

step_glib() {
  with_meson "$(tree glib2.0)" -Dtests=false -Dinstalled_tests=false -Dxattr=false \
    -Dselinux=disabled -Dlibmount=disabled -Dsysprof=disabled -Dgtk_doc=false -Dman=false
}

step_libpng() { with_autotools "$(tree libpng1.6)" --disable-tools --enable-hardware-optimizations=no; }

step_freetype() {
  with_meson "$(tree freetype)" -Dzlib=system -Dpng=enabled -Dbzip2=disabled \
    -Dharfbuzz=disabled -Dbrotli=disabled -Dtests=disabled
}

step_fribidi() { with_meson "$(tree fribidi)" -Ddocs=false; }

step_harfbuzz() {
  with_meson "$(tree harfbuzz)" -Dfreetype=enabled -Dgdi=enabled -Dglib=disabled \
    -Dgobject=disabled -Dcairo=disabled -Dicu=disabled -Dgraphite2=disabled -Dchafa=disabled \
    -Dtests=disabled -Ddocs=disabled -Dintrospection=disabled -Dbenchmark=disabled
}

step_pixman() {
  with_meson "$(tree pixman)" -Dtests=disabled -Dgtk=disabled -Dlibpng=disabled -Dopenmp=disabled
}

step_cairo() {   # win32 surface and fonts, PNG, PDF (GTK's print code includes cairo-pdf.h)
  local dir; dir=$(tree cairo)
  # FORTIFY_SOURCE wants libssp's __memcpy_chk, which mingw's CRT lacks.
  sed -i 's/ -Wp,-D_FORTIFY_SOURCE=2//' "$dir/configure"
  with_configure "$dir" --enable-win32 --enable-win32-font --enable-png --enable-pdf \
    --enable-gobject=yes --disable-ft --disable-fc --disable-xlib --disable-xcb \
    --disable-xlib-xrender --disable-quartz --disable-gl --disable-glesv2 --disable-egl \
    --disable-glx --disable-wgl --disable-script --disable-ps --disable-svg --disable-trace \
    --disable-interpreter --disable-symbol-lookup --disable-gtk-doc --disable-valgrind \
    --disable-full-testing
  local sub
  for sub in src util/cairo-gobject; do
    "${niced[@]}" make -C "$sub" -j "$jobs"
    make -C "$sub" install
  done
}

step_pango() {   # DirectWrite and cairo; no fontconfig/freetype on Windows
  with_meson "$(tree pango1.0)" -Dcairo=enabled -Dfontconfig=disabled -Dfreetype=disabled \
    -Dlibthai=disabled -Dxft=disabled -Dsysprof=disabled -Dintrospection=disabled \
    -Dgtk_doc=false -Dinstall-tests=false
}

step_graphene() {
  with_meson "$(tree graphene)" -Dtests=false -Dinstalled_tests=false -Dintrospection=disabled \
    -Dgtk_doc=false
}

step_libepoxy() { with_meson "$(tree libepoxy)" -Degl=no -Dglx=no -Dx11=false -Dtests=false -Ddocs=false; }

step_libjpeg() {   # its CMake resolves relative install dirs against the build tree
  with_cmake "$(tree libjpeg-turbo)" -DENABLE_SHARED=ON -DENABLE_STATIC=OFF -DWITH_SIMD=OFF \
    -DWITH_TURBOJPEG=OFF -DWITH_JAVA=OFF -DCMAKE_INSTALL_BINDIR="$prefix/bin" \
    -DCMAKE_INSTALL_LIBDIR="$prefix/lib" -DCMAKE_INSTALL_INCLUDEDIR="$prefix/include"
}

step_tiff() {   # GTK 4.8 requires libtiff; Debian's tarball has no configure: CMake
  with_cmake "$(tree tiff)" -DBUILD_SHARED_LIBS=ON -Dzlib=ON -Djpeg=ON -Djpeg12=OFF -Djbig=OFF \
    -Dlzma=OFF -Dzstd=OFF -Dwebp=OFF -Dlerc=OFF -Dlibdeflate=OFF -Dcxx=OFF \
    -Dtiff-tools=OFF -Dtiff-tests=OFF -Dtiff-contrib=OFF -Dtiff-docs=OFF
}

step_gdk_pixbuf() {   # PNG and JPEG loaders built in: no loader modules, no cache file
  with_meson "$(tree gdk-pixbuf)" -Dpng=enabled -Djpeg=enabled -Dtiff=disabled \
    -Dbuiltin_loaders=png,jpeg -Dnative_windows_loaders=false -Dgio_sniffing=false \
    -Dintrospection=disabled -Dgtk_doc=false -Dman=false -Dtests=false -Dinstalled_tests=false
}

step_gtk4() {
  with_meson "$(tree gtk4)" -Dwin32-backend=true -Dx11-backend=false -Dwayland-backend=false \
    -Dbroadway-backend=false -Dmacos-backend=false -Dvulkan=disabled \
    -Dmedia-gstreamer=disabled -Dprint-cups=disabled -Dcloudproviders=disabled \
    -Dsysprof=disabled -Dtracker=disabled -Dcolord=disabled -Dintrospection=disabled \
    -Dgtk_doc=false -Dman-pages=false -Ddemos=false -Dbuild-examples=false \
    -Dbuild-tests=false -Dinstall-tests=false
}

step_libadwaita() {
  # It builds with -fstack-protector on Windows; mingw's CRT has no
  # __stack_chk_*, so gcc's libssp goes in statically.
  with_meson "$(tree libadwaita-1)" -Dintrospection=disabled -Dvapi=false -Dexamples=false \
    -Dtests=false -Dgtk_doc=false "-Dc_link_args=['-L$prefix/lib', '-l:libssp.a']"
}

step_json_glib() {
  local dir; dir=$(tree json-glib)
  # A later suite's json-glib asks for a newer meson than bookworm's 1.0 but
  # uses nothing from it.
  sed -i "s/meson_version: '>= 1\.[1-9][0-9.]*'/meson_version: '>= 1.0.0'/" "$dir/meson.build"
  if grep -q "'conformance'" "$dir/meson_options.txt" 2>/dev/null; then
    with_meson "$dir" -Dintrospection=disabled -Ddocumentation=disabled -Dman=false \
      -Dtests=false -Dconformance=false -Dinstalled_tests=false
  else
    with_meson "$dir" -Dintrospection=disabled -Dgtk_doc=disabled -Dman=false -Dtests=false
  fi
}

step_sqlite() {   # the amalgamation is generated natively (tclsh), compiled for Windows
  local dir version; dir=$(tree sqlite3)
  mkdir -p "$dir/_amalgamation"
  cd "$dir/_amalgamation"
  [ -f sqlite3.c ] || { "${niced[@]}" ../configure > /dev/null; "${niced[@]}" make sqlite3.c; }
  "${niced[@]}" $host-gcc -O2 -shared -o libsqlite3-0.dll sqlite3.c \
    -DSQLITE_API='__declspec(dllexport)' -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_FTS3 \
    -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_JSON1 \
    -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_ENABLE_DBSTAT_VTAB \
    -DSQLITE_SECURE_DELETE -Wl,--out-implib,libsqlite3.dll.a
  install -m755 libsqlite3-0.dll "$prefix/bin/"
  install -m644 libsqlite3.dll.a "$prefix/lib/"
  install -m644 sqlite3.h "$prefix/include/"
  install -m644 "$(ls sqlite3ext.h ../src/sqlite3ext.h 2>/dev/null | head -n 1)" "$prefix/include/"
  version=$(sed -n 's/^#define SQLITE_VERSION *"\(.*\)"/\1/p' sqlite3.h)
  printf '%s\n' "prefix=$prefix" 'libdir=${prefix}/lib' 'includedir=${prefix}/include' '' \
    'Name: SQLite' 'Description: SQL database engine' "Version: $version" \
    'Libs: -L${libdir} -lsqlite3' 'Cflags: -I${includedir}' > "$prefix/lib/pkgconfig/sqlite3.pc"
}

step_nghttp2() {   # no configure in Debian's tarball: CMake, library only
  with_cmake "$(tree nghttp2)" -DENABLE_LIB_ONLY=ON -DENABLE_SHARED_LIB=ON -DENABLE_STATIC_LIB=OFF \
    -DENABLE_DOC=OFF -DENABLE_EXAMPLES=OFF -DENABLE_APP=OFF -DENABLE_HPACK_TOOLS=OFF \
    -DENABLE_PYTHON_BINDINGS=OFF -DWITH_LIBXML2=OFF -DWITH_JEMALLOC=OFF -DBUILD_TESTING=OFF
}

step_libpsl() {   # the library only (its tools need localtime_r); list from Debian's publicsuffix
  local dir list=() psl=/usr/share/publicsuffix/public_suffix_list.dat
  dir=$(tree libpsl)
  sed -i -e "/^subdir('tools')/d" -e "/^subdir('tests')/d" -e "/^subdir('fuzz')/d" "$dir/meson.build"
  [ -f "$dir/list/public_suffix_list.dat" ] || list=(-Dpsl_file="$psl")
  with_meson "$dir" -Druntime=no -Ddocs=false "${list[@]}"
}

step_gmp() {
  local dir; dir=$(tree gmp)
  # Debian's +dfsg tarball has no doc/; its patch drops doc/Makefile from the
  # autotools inputs only, so drop it from the generated files too.
  sed -i 's| doc/Makefile||' "$dir/configure"
  sed -i 's|^\(SUBDIRS = .*\) doc$|\1|' "$dir/Makefile.in"
  with_autotools "$dir" --disable-cxx
}

step_nettle() {
  with_autotools "$(tree nettle)" --enable-public-key --disable-assembler --disable-openssl \
    --disable-documentation
}

step_libtasn1() { with_autotools "$(tree libtasn1-6)" --disable-doc --disable-valgrind-tests; }

step_gnutls() {
  local dir; dir=$(tree gnutls28)
  # Debian adds two gnulib list modules to gl/Makefile.am (and autoreconfs);
  # the shipped Makefile.in needs their objects too or libgnutls fails to link.
  grep -q gl_linkedhash_list.lo "$dir/gl/Makefile.in" ||
    sed -i 's|unistd.lo xsize.lo$|& gl_list.lo gl_linkedhash_list.lo|' "$dir/gl/Makefile.in"
  grep -q gl_linkedhash_list.lo "$dir/gl/Makefile.in"
  with_autotools "$dir" --with-included-unistring --without-p11-kit --without-idn \
    --without-tpm --without-tpm2 --without-zstd --without-brotli --disable-libdane \
    --disable-tools --disable-tests --disable-full-test-suite --disable-valgrind-tests \
    --disable-doc --disable-manpages --disable-guile --disable-cxx --disable-nls \
    --disable-ssl3-support --disable-ssl2-support
}

step_glib_networking() {
  with_meson "$(tree glib-networking)" -Dgnutls=enabled -Dopenssl=disabled -Dlibproxy=disabled \
    -Dgnome_proxy=disabled -Dinstalled_tests=false
}

step_libsoup() {
  with_meson "$(tree libsoup3)" -Dtls_check=false -Dintrospection=disabled -Dvapi=disabled \
    -Dtests=false -Ddocs=disabled -Dsysprof=disabled -Dbrotli=disabled -Dgssapi=disabled \
    -Dntlm=disabled -Dautobahn=disabled -Dpkcs11_tests=disabled
}

step_data() {   # compiled schemas, icon themes as PNG (no SVG loader), GIO module cache
  glib-compile-schemas "$prefix/share/glib-2.0/schemas"
  install -D -m644 /usr/share/icons/hicolor/index.theme "$prefix/share/icons/hicolor/index.theme"
  install -D -m644 /usr/share/icons/Adwaita/index.theme "$prefix/share/icons/Adwaita/index.theme"
  # Debian's Adwaita ships pre-rendered *.symbolic.png; sizes up to 96 px.
  (cd /usr/share/icons/Adwaita && find . -name '*.png' ! -path './256x256/*' \
     ! -path './512x512/*' ! -path './cursors/*' -print0 |
     xargs -0 -r cp --parents -t "$prefix/share/icons/Adwaita/")
  /usr/lib/wine/wine64 "$prefix/bin/gio-querymodules.exe" "Z:${prefix//\//\\}\\lib\\gio\\modules"
  test -s "$prefix/lib/gio/modules/giomodule.cache"
}

# ------------------------------------------------------------- driver ---

# Every .pc names the prefix once, so the tree can be moved with one sed.
relocatable_pc_files() {
  local pc
  for pc in "$prefix"/lib/pkgconfig/*.pc; do
    sed -i -e "/^prefix=/!s|$prefix|\${prefix}|g" -e "s|^prefix=.*|prefix=$prefix|" "$pc"
  done
  rm -f "$prefix"/lib/*.la
}

run_step() {
  local name=$1 t0 rc=0
  if [ -e "$stamps/$name" ]; then return 0; fi
  say "step $name (log: $logs/$name.log)"
  t0=$SECONDS
  bash "$self" --one-step "$name" > "$logs/$name.log" 2>&1 || rc=$?
  if [ $rc -ne 0 ]; then
    say "step $name FAILED; the end of its log:"
    tail -n 30 "$logs/$name.log"
    return 1
  fi
  printf '%s\t%s\n' "$name" $((SECONDS - t0)) | tee -a "$logs/times.tsv" > "$stamps/$name"
  say "step $name done in $((SECONDS - t0)) s"
}

main() {
  if [ "${1:-}" = --one-step ]; then
    cd "$work"
    "step_$2"
    return
  fi
  if [ "${1:-}" = --list ]; then
    printf '%s\n' "${steps[@]%%:*}"
    return
  fi
  local wanted=("$@") entry t0=$SECONDS
  [ ${#wanted[@]} -gt 0 ] || wanted=("${steps[@]%%:*}")
  mkdir -p "$src" "$trees" "$logs" "$stamps" "$prefix"/{bin,include,lib/pkgconfig,share}
  ensure_packages "${sysroot_host_packages[@]}"
  write_cross_file
  [ -s "$work/sources.txt" ] && [ "${DSC_REFETCH:-0}" = 0 ] || fetch_sources
  for entry in "${wanted[@]}"; do
    run_step "$entry"
  done
  relocatable_pc_files
  if [ "$(ls "$stamps" | wc -l)" -eq "${#steps[@]}" ]; then
    awk '{ print $2 }' "$work/sources.txt" | xargs -n1 basename |
      sed -e 's/\.dsc$/ (Debian source package, patches applied)/' \
          -e 's/\(\.orig\.tar\..*\)$/\1 (upstream tarball only, unpatched)/' \
      > "$prefix/DEBIAN-SOURCES.txt"
    date -u +%FT%TZ > "$prefix/.complete"
    say "win64 sysroot complete in $prefix ($((SECONDS - t0)) s this run)"
  fi
}

main "$@"
