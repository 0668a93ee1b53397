#!/usr/bin/env bash
# The Debian package (#23): cpack builds the .deb from the built tree (no compiling; the build folder's own
# `package` target does the same) into a scratch folder, and the test checks
#   - its control fields: Depends from dpkg-shlibdeps, naming the LibTorch and Qt 6 library packages;
#   - its files: both programs, the desktop entry, the icon in the hicolor sizes, the AppStream metadata,
#     the copyright file and changelog, the bundled models and vocabularies;
#   - the AppStream metadata with `appstreamcli validate --no-net` (and validate-tree, which also looks for
#     its desktop entry), and the package with lintian (any E: fails the test), each skipped with a
#     message where the tool is not installed (installer/install-deps.sh installs both);
#   - that the programs run from the unpacked tree (`dpkg -x` into a scratch root: ROOT/usr/bin/ldm finds
#     ROOT/usr/share/ldm-studio/resources beside it) with the source tree out of reach, as
#     test_installed_layout.sh does for a `cmake --install` prefix: `ldm info`, a 2-step txt2img and
#     ldm-studio on the offscreen platform.
set -euo pipefail
build=$1
source_dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

start=$SECONDS
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/cpack" > "$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log"; fail "cpack failed"; }
debs=("$tmp"/cpack/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { cat "$tmp/cpack.log"; fail "cpack made no single .deb: ${debs[*]}"; }
deb=${debs[0]}
echo "built $(basename "$deb") ($(du -h "$deb" | cut -f1)) in $((SECONDS - start)) s"

# Control fields.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
[ -n "$depends" ] || fail "the package has no Depends"
grep -Eq '(^|, )libtorch[0-9.]* ' <<< "$depends" || fail "Depends names no LibTorch package"
for lib in libqt6core6 libqt6gui6 libqt6widgets6 libqt6svg6 libc6; do
  grep -Eq "(^|, )$lib( |,|$)" <<< "$depends" || fail "Depends does not name $lib"
done
grep -q 'fonts-wqy-microhei' <<< "$depends" || fail "Depends lost the CJK font"
[ "$(dpkg-deb -f "$deb" Package)" = ldm-studio ] || fail "package name $(dpkg-deb -f "$deb" Package)"

# Files.
root="$tmp/root"
dpkg -x "$deb" "$root"
share="$root/usr/share"
res="$share/ldm-studio/resources"
expect=(
  usr/bin/ldm usr/bin/ldm-studio
  usr/share/applications/ldm-studio.desktop
  usr/share/icons/hicolor/scalable/apps/ldm-studio.svg
  usr/share/doc/ldm-studio/copyright usr/share/doc/ldm-studio/changelog.gz
  usr/share/ldm-studio/resources/vocab/bpe_simple_vocab_16e6.txt.gz
  usr/share/ldm-studio/resources/vocab/bert-base-uncased-vocab.txt
  usr/share/ldm-studio/resources/classes/imagenet-classes.txt
  usr/share/ldm-studio/resources/layout/openimages-layout-classes.json
)
for size in 16 22 24 32 48 64 128 256 512; do
  expect+=("usr/share/icons/hicolor/${size}x${size}/apps/ldm-studio.png")
done
for model in txt2img inpaint layout upscale class semantic; do
  expect+=("usr/share/ldm-studio/resources/models/shapes-$model/model.safetensors"
           "usr/share/ldm-studio/resources/models/shapes-$model/config.yaml")
done
for f in "${expect[@]}"; do [ -f "$root/$f" ] || fail "the package lacks /$f"; done
for size in 16 48 256; do
  png="$share/icons/hicolor/${size}x${size}/apps/ldm-studio.png"
  file "$png" | grep -q "PNG image data, $size x $size," || fail "$(file "$png")"
done
metainfo=("$share"/metainfo/*.metainfo.xml)
[ ${#metainfo[@]} -eq 1 ] && [ -f "${metainfo[0]}" ] || fail "no single metainfo file in /usr/share/metainfo"
grep -q '<launchable type="desktop-id">ldm-studio.desktop</launchable>' "${metainfo[0]}" ||
  fail "the metainfo does not launch ldm-studio.desktop"
echo "files: $(dpkg-deb -c "$deb" | grep -vc '/$') in the package, the expected ${#expect[@]} present"

# AppStream metadata.
if command -v appstreamcli > /dev/null; then
  appstreamcli validate --no-net "${metainfo[0]}" || fail "appstreamcli validate"
  # The installed tree as a whole: the metainfo's launchable desktop entry must be there too.
  appstreamcli validate-tree --no-net "$root" > "$tmp/validate-tree.log" 2>&1 ||
    { cat "$tmp/validate-tree.log"; fail "appstreamcli validate-tree"; }
else
  echo "SKIPPED: appstreamcli validate (appstreamcli not installed: apt-get install appstream)"
fi

# lintian: errors fail, warnings are shown.
if command -v lintian > /dev/null; then
  lintian_start=$SECONDS
  rc=0
  lintian --fail-on error "$deb" > "$tmp/lintian.log" 2>&1 || rc=$?
  cat "$tmp/lintian.log"
  [ $rc -ne 1 ] || fail "lintian did not run (exit status 1)"
  if [ $rc -ne 0 ] || grep -q '^E: ' "$tmp/lintian.log"; then fail "lintian reports errors"; fi
  echo "lintian: no errors ($(grep -c '^W: ' "$tmp/lintian.log" || true) warnings, $((SECONDS - lintian_start)) s)"
else
  echo "SKIPPED: lintian (not installed: apt-get install lintian)"
fi

# The programs, from the unpacked root.
bash "$(dirname "$0")/run_installed_programs.sh" "$tmp/root/usr" "$source_dir" "$tmp"
echo "test_deb_package: $((SECONDS - start)) s"
