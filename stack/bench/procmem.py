"""Peak memory of every process of a stack, read from /proc (VmHWM: peak resident set).

VmHWM is kept by the kernel over a process's whole life, so one reading after the load run
gives each process's peak during the run without sampling.
"""

from pathlib import Path


def _children(pid):
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        return [int(c) for task in tasks for c in (task / "children").read_text().split()]
    except OSError:
        return []


def _status(pid):
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    except OSError:
        return None
    return fields["Name"].strip(), int(fields.get("VmHWM", "0 kB").split()[0]) // 1024


def tree(pid):
    """``pid`` and all its descendants."""
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo.extend(_children(current))
    return pids


def peak_memory(processes):
    """{name: [{"pid", "command", "peak_mib"}...]} for named root processes and their trees."""
    result = {}
    for name, proc in processes.items():
        rows = []
        for pid in tree(proc.pid):
            status = _status(pid)
            if status:
                rows.append({"pid": pid, "command": status[0], "peak_mib": status[1]})
        result[name] = rows
    return result
