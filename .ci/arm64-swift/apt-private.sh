# Sourced by .ci/arm64-swift-lane. A private apt configuration under $work/apt that lists Debian sid,
# trixie and trixie-backports (amd64 + arm64) without touching the host's apt state
# (arm64-lane-facts.md: sid's swiftlang 6.2.3, trixie's 6.12 and trixie-backports' 7.3.4 kernels).
# Defines: papt_setup (call first; sets papt_dir and papt_conf), papt (apt-get with the private
# configuration), papt_cache (apt-cache with it).

papt_setup() {
    papt_dir="$work/apt"
    papt_conf="$papt_dir/apt.conf"
    mkdir -p "$papt_dir"/{lists/partial,cache/archives/partial,etc/preferences.d,etc/apt.conf.d}
    : >"$papt_dir/status"
    cat >"$papt_dir/etc/sources.list" <<'SRC'
deb [arch=amd64,arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
deb [arch=amd64,arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
deb [arch=amd64,arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main
SRC
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
