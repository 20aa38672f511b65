# Sourced by .ci/arm64-swift-lane, .ci/arm64-kernel-lane and .ci/kunit-parser. A private apt
# configuration under $work/apt that lists Debian sid, trixie, trixie-backports and bookworm
# (amd64 + arm64) without touching the host's apt state (arm64-lane-facts.md: sid's swiftlang
# 6.2.3, trixie's 6.12 kernels, trixie-backports' 7.3.4 kernels and linux-source-7.3, bookworm's
# 6.1 kernel). The archive is the one the host's apt uses (.ci/lib/debian-archive), or
# $CONTPTE_DEBIAN_ARCHIVE when set.
# Defines: papt_setup (call first; sets papt_dir, papt_conf and papt_archive; returns 2, the
# reader's one-line reason on stderr, when no archive is found), papt (apt-get with the private
# configuration), papt_cache (apt-cache with it).
papt_lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)"

papt_setup() {
    papt_dir="$work/apt"
    papt_conf="$papt_dir/apt.conf"
    mkdir -p "$papt_dir"/{lists/partial,cache/archives/partial,etc/preferences.d,etc/apt.conf.d}
    papt_archive=$(python3 "$papt_lib/debian-archive") || return 2
    : >"$papt_dir/status"
    local suite
    for suite in sid trixie trixie-backports bookworm; do
        echo "deb [arch=amd64,arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $papt_archive $suite main"
    done >"$papt_dir/etc/sources.list"
    cat >"$papt_conf" <<CONF
Dir::State "$papt_dir";
Dir::State::Lists "$papt_dir/lists";
Dir::State::status "$papt_dir/status";
Dir::Etc::SourceList "$papt_dir/etc/sources.list";
Dir::Etc::SourceParts "$papt_dir/etc/sources.list.d";
Dir::Etc::Preferences "$papt_dir/etc/preferences";
Dir::Etc::PreferencesParts "$papt_dir/etc/preferences.d";
Dir::Cache "$papt_dir/cache";
APT::Architecture "amd64";
APT::Architectures { "amd64"; "arm64"; };
Acquire::Check-Valid-Until "false";
Acquire::Languages "none";
Debug::NoLocking "true";
CONF
}
papt() { APT_CONFIG="$papt_conf" apt-get -q "$@"; }
papt_cache() { APT_CONFIG="$papt_conf" apt-cache "$@"; }
