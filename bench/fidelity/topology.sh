#!/usr/bin/env bash
# Builds by hand, with plain `ip`/`bridge`/`tc` commands and the real CNI plugins invoked as a
# container runtime would, the topology cnibench's lab builds for one profile: a fabric bridge,
# two node namespaces, pod-a and pod-b on node1, pod-c on node2, the same addresses and MTUs.
# It shares no code with cnibench (the eBPF profile's program is bench/fidelity/route.bpf.c,
# written by hand for this script). Everything lives in namespaces named PREFIX-*.
#
#   topology.sh up PREFIX PROFILE [MTU]   prints pod-a=IP pod-b=IP pod-c=IP, one per line
#   topology.sh down PREFIX               removes what `up` created (safe to repeat)
#
# PROFILE: bridge-native | ptp-native | vxlan | ebpf. Needs root, iproute2, jq,
# /usr/lib/cni (or CNI_DIR) and, for ebpf, clang and libbpf headers.
set -eEuo pipefail

CNI_DIR=${CNI_DIR:-/usr/lib/cni}
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?usage: topology.sh up|down PREFIX [PROFILE] [MTU]}
P=${2:?prefix missing}
work=/tmp/$P-topology

nodes=(node1 node2)
pods=(pod-a pod-b pod-c)
node_of() { case $1 in pod-a | pod-b) echo node1 ;; pod-c) echo node2 ;; esac; }
idx() { echo "${1#node}"; }
fabric_ip() { echo "10.123.0.$((10 + $(idx "$1")))"; }
pod_net() { echo "10.124.$(idx "$1").0"; }
vtep_mac() { printf '02:cb:00:00:00:%02x' "$(idx "$1")"; }
peer() { [ "$1" = node1 ] && echo node2 || echo node1; }

# The conf of the one plugin of the profile's chain, as a runtime hands it to the plugin.
plugin_conf() { # profile node mtu
  local ipam
  ipam=$(jq -n --arg s "$(pod_net "$2")/24" --arg d "$work/ipam" \
    '{type:"host-local", ranges:[[{subnet:$s}]], routes:[{dst:"0.0.0.0/0"}], dataDir:$d}')
  case $1 in
    bridge-native | vxlan)
      jq -n --argjson ipam "$ipam" --argjson mtu "$3" '{cniVersion:"1.0.0", name:"cnibench-bridge",
        type:"bridge", bridge:"cni0", isGateway:true, ipMasq:false, hairpinMode:true, mtu:$mtu, ipam:$ipam}' ;;
    ptp-native | ebpf)
      jq -n --argjson ipam "$ipam" --argjson mtu "$3" --arg n "cnibench-${1%-native}" \
        '{cniVersion:"1.0.0", name:$n, type:"ptp", ipMasq:false, mtu:$mtu, ipam:$ipam}' ;;
    *) echo "unknown profile $1" >&2; exit 2 ;;
  esac
}

cni() { # ADD|DEL pod profile mtu
  local node type
  node=$(node_of "$2")
  type=$(plugin_conf "$3" "$node" "$4" | jq -r .type)
  plugin_conf "$3" "$node" "$4" | CNI_COMMAND=$1 CNI_CONTAINERID="$P-$2" CNI_NETNS="/var/run/netns/$P-$2" \
    CNI_IFNAME=eth0 CNI_PATH="$CNI_DIR" ip netns exec "$P-$node" "$CNI_DIR/$type"
}

wire_native() {
  for n in "${nodes[@]}"; do
    ip -n "$P-$n" route add "$(pod_net "$(peer "$n")")/24" via "$(fabric_ip "$(peer "$n")")" dev eth0
  done
}

wire_vxlan() { # mtu
  for n in "${nodes[@]}"; do
    local p
    p=$(peer "$n")
    ip -n "$P-$n" link add vxlan0 address "$(vtep_mac "$n")" mtu $(($1 - 50)) type vxlan id 1 \
      local "$(fabric_ip "$n")" dev eth0 dstport 4789 nolearning
    ip -n "$P-$n" addr add "$(pod_net "$n")/32" dev vxlan0
    ip -n "$P-$n" link set vxlan0 up
    bridge -n "$P-$n" fdb append "$(vtep_mac "$p")" dev vxlan0 dst "$(fabric_ip "$p")"
    ip -n "$P-$n" neigh replace "$(pod_net "$p")" lladdr "$(vtep_mac "$p")" dev vxlan0 nud permanent
    ip -n "$P-$n" route add "$(pod_net "$p")/24" via "$(pod_net "$p")" dev vxlan0 onlink
  done
}

mac_bytes() { echo "{0x${1//:/, 0x}}"; }
ip_hex() { local IFS=.; set -- $1; printf '0x%02x%02x%02x%02x' "$1" "$2" "$3" "$4"; }

# Compiles route.bpf.c for each node (its pods and the fabric device as -D constants) and
# attaches it at ingress of the fabric device and of each pod's host-side veth.
attach_ebpf() {
  local inc
  inc=/usr/include/$(uname -m)-linux-gnu
  for n in "${nodes[@]}"; do
    local defs=() devs=(eth0) i=0
    for pod in "${pods[@]}"; do
      [ "$(node_of "$pod")" = "$n" ] || continue
      i=$((i + 1))
      local res host
      res=$work/$pod.json
      host=$(jq -r '[.interfaces[] | select((.sandbox // "") == "")][0].name' "$res")
      devs+=("$host")
      defs+=("-DPOD${i}_IP=$(ip_hex "$(jq -r '.ips[0].address | split("/")[0]' "$res")")"
        "-DPOD${i}_MAC=$(mac_bytes "$(jq -r '[.interfaces[] | select((.sandbox // "") != "")][0].mac' "$res")")"
        "-DHOST${i}_MAC=$(mac_bytes "$(ip netns exec "$P-$n" cat "/sys/class/net/$host/address")")"
        "-DHOST${i}_IFINDEX=$(ip netns exec "$P-$n" cat "/sys/class/net/$host/ifindex")")
    done
    defs+=("-DREMOTE_NET=$(ip_hex "$(pod_net "$(peer "$n")")")" "-DREMOTE_MASK=0xffffff00"
      "-DFABRIC_IFINDEX=$(ip netns exec "$P-$n" cat /sys/class/net/eth0/ifindex)")
    clang -O2 -g -target bpf -I"$inc" "${defs[@]}" -c "$here/route.bpf.c" -o "$work/$n.o"
    for d in "${devs[@]}"; do
      tc -n "$P-$n" qdisc add dev "$d" clsact
      tc -n "$P-$n" filter add dev "$d" ingress bpf da obj "$work/$n.o" sec tc
    done
  done
}

up() { # profile mtu
  local profile=$1 mtu=$2 podmtu=$2
  if [ "$profile" = vxlan ]; then podmtu=$((mtu - 50)); fi
  mkdir -p "$work/ipam"
  echo "$profile $podmtu" >"$work/profile"
  for ns in fabric "${nodes[@]}" "${pods[@]}"; do
    ip netns add "$P-$ns"
    ip -n "$P-$ns" link set lo up
  done
  ip -n "$P-fabric" link add br0 type bridge
  ip -n "$P-fabric" link set br0 up
  for n in "${nodes[@]}"; do
    ip -n "$P-$n" link add eth0 mtu "$mtu" type veth peer name "$n" mtu "$mtu" netns "$P-fabric"
    ip -n "$P-fabric" link set "$n" master br0 up
    ip -n "$P-$n" addr add "$(fabric_ip "$n")/24" dev eth0
    ip -n "$P-$n" link set eth0 up
    ip netns exec "$P-$n" sysctl -q -w net.ipv4.ip_forward=1
  done
  if [ "$profile" = vxlan ]; then wire_vxlan "$mtu"; else wire_native; fi
  for pod in "${pods[@]}"; do
    cni ADD "$pod" "$profile" "$podmtu" >"$work/$pod.json"
  done
  if [ "$profile" = ebpf ]; then attach_ebpf; fi
  for pod in "${pods[@]}"; do
    echo "$pod=$(jq -r '.ips[0].address | split("/")[0]' "$work/$pod.json")"
  done
}

down() {
  if [ -f "$work/profile" ]; then
    read -r profile podmtu <"$work/profile"
    for pod in pod-c pod-b pod-a; do
      if [ -f "$work/$pod.json" ]; then cni DEL "$pod" "$profile" "$podmtu" >/dev/null 2>&1 || true; fi
    done
  fi
  for ns in "${pods[@]}" "${nodes[@]}" fabric; do
    ip netns del "$P-$ns" 2>/dev/null || true
  done
  rm -rf "$work"
}

case $cmd in
  up)
    trap 'down; exit 1' ERR
    up "${3:?profile missing}" "${4:-1500}"
    ;;
  down) down ;;
  *) echo "usage: topology.sh up|down PREFIX [PROFILE] [MTU]" >&2; exit 2 ;;
esac
