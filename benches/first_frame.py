import os, pty, time, sys, select, struct, fcntl, termios, signal
store = sys.argv[1]
for run in range(3):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv("./target/release/docket", ["docket", "--store", store, "--today", "2026-11-26", "--lang", "en"])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    t0 = time.time(); buf = b""
    while time.time() - t0 < 10:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try: buf += os.read(fd, 65536)
            except OSError: break
        if b"Deadlines (" in buf and b"Intake queue (" in buf and b"Assignment board (" in buf:
            break
    t = time.time() - t0
    # a keystroke: j, and time until output changes
    time.sleep(0.3)
    while select.select([fd], [], [], 0.05)[0]:
        os.read(fd, 65536)
    t1 = time.time(); os.write(fd, b"j"); out = b""
    while time.time() - t1 < 2:
        r, _, _ = select.select([fd], [], [], 0.01)
        if r:
            out += os.read(fd, 65536)
            break
    tk = time.time() - t1
    hwm = [l for l in open(f"/proc/{pid}/status") if l.startswith("VmHWM")][0].split()[1]
    print(f"first frame {t*1000:.0f} ms, keystroke to first output {tk*1000:.1f} ms, TUI peak RSS {int(hwm)/1024:.1f} MB")
    os.kill(pid, signal.SIGTERM); os.waitpid(pid, 0)
