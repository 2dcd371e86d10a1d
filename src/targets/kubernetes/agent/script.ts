/**
 * The shell side of the exec agent: one long-lived `sh` per pod, started through one exec,
 * that runs each request's script in the background and writes its result back as one
 * frame, so a command costs a fork in the container instead of a new exec (a WebSocket, the
 * API server, the kubelet and a runtime exec: about a quarter of a second each). It uses
 * shell built-ins wherever it can: each program it starts costs time on a busy node.
 *
 * Request (on stdin): `<id> <line count>`, then the script's lines.
 * Reply (on stdout, written under `flock` so concurrent replies never interleave):
 * `@@cnb <id> <exit code>\n`, the script's stdout, `\n@@cnb-err <id>\n`, its stderr,
 * `\n@@cnb-end <id>\n`. Ids carry a random part, so output cannot fake a boundary by chance.
 * Scripts are sourced in a subshell and see `CNB_DIR`, the agent's directory in the container.
 */

/** The directory the agent keeps its files in, inside the container. */
export const AGENT_DIR = '/tmp/cnibench-agent';

/** Programs the agent needs besides `sh`; without one, commands fall back to one exec each. */
export const AGENT_PROGRAMS = ['flock', 'timeout', 'cat', 'rm', 'mkdir', 'sleep'];

/** The agent itself, run as `sh -c <script>`; `dir` holds its files. */
export function agentScript(dir: string = AGENT_DIR): string {
  return [
    `CNB_DIR=${dir}`,
    'mkdir -p "$CNB_DIR" || exit 97',
    `for t in ${AGENT_PROGRAMS.join(' ')}; do`,
    '  command -v "$t" >/dev/null 2>&1 || { echo "@@cnb missing $t"; exit 98; }',
    'done',
    'echo "@@cnb ready"',
    "while IFS=' ' read -r id n; do",
    '  case "$id$n" in ""|*[!A-Za-z0-9_-]*) continue ;; esac',
    '  f="$CNB_DIR/$id"',
    '  exec 8> "$f.sh"',
    '  while [ "$n" -gt 0 ] && IFS= read -r line; do printf "%s\\n" "$line" >&8; n=$((n - 1)); done',
    '  exec 8>&-',
    '  (',
    '    ( . "$f.sh" ) > "$f.o" 2> "$f.e" < /dev/null &',
    '    echo $! > "$f.pid"',
    '    wait $!',
    '    rc=$?',
    '    printf "@@cnb %s %s\\n" "$id" "$rc" > "$f.h"',
    '    printf "\\n@@cnb-err %s\\n" "$id" > "$f.m"',
    '    printf "\\n@@cnb-end %s\\n" "$id" > "$f.z"',
    '    exec 9>> "$CNB_DIR/.lock"',
    '    flock 9 && cat "$f.h" "$f.o" "$f.m" "$f.e" "$f.z"',
    '    exec 9>&-',
    '    rm -f "$f".*',
    '  ) &',
    'done',
  ].join('\n');
}

/** One request as the agent reads it: its id, line count and lines. */
export function request(id: string, script: string): string {
  const lines = script.split('\n');
  return `${id} ${lines.length}\n${lines.join('\n')}\n`;
}

/** `it's` -> `'it'\''s'`: one word for `sh`, whatever it holds. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const GRACE_S = 2;

/** `timeout -k 2 <secs>`: the command also stops inside the container when its time is up. */
function timeoutPrefix(timeoutMs: number): string {
  return `timeout -k ${GRACE_S} ${Math.max(1, Math.ceil(timeoutMs / 1000))}`;
}

/**
 * A command, its input (if any) from a file written first. It is `exec`ed, so its PID is the
 * request's: the agent's client enforces the time limit by signalling it (killScript).
 */
export function commandScript(id: string, argv: readonly string[], input?: string): string {
  const cmd = argv.map(shellQuote).join(' ');
  if (input === undefined) return `exec ${cmd}`;
  const file = `"$CNB_DIR/${id}.in"`;
  return `printf %s ${shellQuote(input)} > ${file} && exec ${cmd} < ${file}`;
}

/** Sends a signal to the command of an earlier request, if it still runs. */
export function killScript(id: string, signal: 'TERM' | 'KILL'): string {
  return `read p < "$CNB_DIR/${id}.pid" 2>/dev/null && kill -${signal} "$p" 2>/dev/null; true`;
}

/**
 * Starts a server in the background: its output goes to `<key>.o/.e`, its PID to `<key>.pid`,
 * its exit code to `<key>.rc` when it ends. Then waits (a few tenths of a second at most) until it
 * printed something or ended, and answers like {@link serverPollScript}: most servers print
 * their ready line at once, so this one request usually finds it.
 */
export function serverStartScript(key: string, argv: readonly string[], lifetimeS: number): string {
  const s = `"$CNB_DIR/${key}"`;
  return [
    `rm -f ${s}.o ${s}.e ${s}.pid ${s}.rc`,
    `( ${timeoutPrefix(lifetimeS * 1000)} ${argv.map(shellQuote).join(' ')} > ${s}.o 2> ${s}.e < /dev/null &`,
    `  echo $! > ${s}.pid; wait $!; echo $? > ${s}.rc ) > /dev/null 2>&1 &`,
    `i=0; while [ ! -s ${s}.o ] && [ ! -s ${s}.e ] && [ ! -f ${s}.rc ] && [ $i -lt 10 ]; do sleep 0.02; i=$((i+1)); done`,
    serverPollScript(key),
  ].join('\n');
}

/** The server's output so far (stdout and stderr together); exits 0 while it runs, 1 once it ended. */
export function serverPollScript(key: string): string {
  const s = `"$CNB_DIR/${key}"`;
  return `cat ${s}.o ${s}.e 2>/dev/null; [ ! -f ${s}.rc ]`;
}

/**
 * Stops a server (TERM; `timeout` sends KILL 2 s later if it lingers), then prints its output
 * and exits with its exit code; its files are removed.
 */
export function serverStopScript(key: string): string {
  const s = `"$CNB_DIR/${key}"`;
  return [
    `if [ ! -f ${s}.rc ]; then`,
    `  i=0; while [ ! -s ${s}.pid ] && [ $i -lt 40 ]; do sleep 0.05; i=$((i+1)); done`,
    `  kill -TERM "$(cat ${s}.pid 2>/dev/null)" 2>/dev/null`,
    `  i=0; while [ ! -f ${s}.rc ] && [ $i -lt 60 ]; do sleep 0.1; i=$((i+1)); done`,
    'fi',
    `cat ${s}.o 2>/dev/null; [ -f ${s}.e ] && cat ${s}.e >&2`,
    `read rc < ${s}.rc 2>/dev/null || rc=137`,
    `rm -f ${s}.o ${s}.e ${s}.pid ${s}.rc &`,
    'exit "$rc"',
  ].join('\n');
}
