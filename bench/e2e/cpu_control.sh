# Sourced by tracing.sh: two ways to make the benchmarked service, not the load generator or a
# neighbour, decide the rate on a shared two-core machine (cgroup v1, root).
#
# BENCH_SERVICE_CORES=0.5: each instance gets that many cores' worth of CPU time (a CFS quota, as
# a Kubernetes CPU limit sets it), so it is saturated while the load generator, Redis and the
# trace backend share what is left; its rate is then its capacity at that limit. Without it, the
# instance idles whenever the other side lags, and an idling event loop spends more per request
# (a wake-up each), so neither the rates nor the CPU per request compare.
#
# BENCH_ISOLATE=1 (with BENCH_SERVICE_CPUS and BENCH_CLIENT_CPUS): taskset keeps the instances on
# their CPUs but nothing else off them; this puts every other process of the machine (kernel
# threads aside: they cannot move) into a cpuset of BENCH_CLIENT_CPUS until release_cpu_control,
# which the caller's exit trap runs.
CPUSET_ROOT=/sys/fs/cgroup/cpuset
CPUSET_OTHERS=$CPUSET_ROOT/products-bench-others
CPU_ROOT=/sys/fs/cgroup/cpu
CPU_LIMITED=$CPU_ROOT/products-bench

# limit_cores PID CORES: PID (all its threads) gets at most CORES cores' worth of CPU time.
limit_cores() {
  local pid=$1 cores=$2 group="$CPU_LIMITED-$1"
  [ -w "$CPU_ROOT/cgroup.procs" ] || die "BENCH_SERVICE_CORES needs root and a cgroup v1 cpu controller at $CPU_ROOT (BENCH_SERVICE_CORES= runs without)"
  mkdir -p "$group"
  cat "$CPU_ROOT/cpu.cfs_period_us" >"$group/cpu.cfs_period_us"
  awk -v c="$cores" -v p="$(cat "$CPU_ROOT/cpu.cfs_period_us")" 'BEGIN { printf "%d\n", c * p }' >"$group/cpu.cfs_quota_us"
  echo "$pid" >"$group/cgroup.procs"
}

# isolate_others CPUS KEEP_PID...: sets $isolated to the number of processes moved onto CPUS.
isolate_others() {
  local cpus=$1 pass pid keep
  shift
  keep=" $* "
  [ -w "$CPUSET_ROOT/cgroup.procs" ] || die "BENCH_ISOLATE needs root and a cgroup v1 cpuset at $CPUSET_ROOT"
  mkdir -p "$CPUSET_OTHERS"
  cat "$CPUSET_ROOT/cpuset.mems" >"$CPUSET_OTHERS/cpuset.mems"
  echo "$cpus" >"$CPUSET_OTHERS/cpuset.cpus"
  # Twice: a process forked by one not yet moved when the list was read starts in the root.
  for pass in 1 2; do
    for pid in $(cat "$CPUSET_ROOT/cgroup.procs"); do
      case "$keep" in *" $pid "*) continue ;; esac
      [ -n "$(tr -d '\0' <"/proc/$pid/cmdline" 2>/dev/null | head -c 1)" ] || continue  # a kernel thread
      echo "$pid" >"$CPUSET_OTHERS/cgroup.procs" 2>/dev/null || true
    done
  done
  isolated=$(wc -l <"$CPUSET_OTHERS/cgroup.procs")
}

# Every process back in the root groups, the groups gone; harmless when none was made.
release_cpu_control() {
  local group pid
  for group in "$CPUSET_OTHERS" "$CPU_LIMITED"-*; do
    [ -d "$group" ] || continue
    for pid in $(cat "$group/cgroup.procs"); do
      echo "$pid" >"$(dirname "$group")/cgroup.procs" 2>/dev/null || true
    done
    rmdir "$group" 2>/dev/null || true
  done
}
