# Sourced by scripts/test.sh and scripts/validate.sh: `need PACKAGE COMMAND`
# queues a Debian package when COMMAND is missing; `install_needed` installs
# what was queued (with sudo when not root), so both scripts work on a fresh
# Debian/Ubuntu machine.
needed=()
need() {
  command -v "$2" >/dev/null 2>&1 || needed+=("$1")
}
# `need_file PACKAGE PATH`: the same for a package that installs a file.
need_file() {
  [ -e "$2" ] || needed+=("$1")
}
install_needed() {
  [ ${#needed[@]} -gt 0 ] || return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${needed[*]}…"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${needed[@]}" >/dev/null
}
