//! Runs the real docket binary in a pseudo-terminal and reads its screen
//! through a terminal emulator (vt100), as a person would see it.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Tui {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Tui {
    /// Starts `docket ARGS` in a `cols`x`rows` terminal with a plain xterm.
    pub fn start(args: &[&str], envs: &[(&str, &str)], cols: u16, rows: u16) -> Tui {
        Tui::spawn(env!("CARGO_BIN_EXE_docket"), args, envs, cols, rows)
    }

    /// Starts another program (such as a shell running docket).
    pub fn start_program(program: &str, args: &[&str], cols: u16, rows: u16) -> Tui {
        Tui::spawn(program, args, &[], cols, rows)
    }

    fn spawn(program: &str, args: &[&str], envs: &[(&str, &str)], cols: u16, rows: u16) -> Tui {
        let pty = native_pty_system();
        let size = PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = pty.openpty(size).expect("a pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("DOCKET_SERVER_IDLE", "2");
        cmd.env_remove("NO_COLOR");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("docket starts");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        // Drain the pty continuously, or the child blocks on a full buffer.
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let sink = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("a writer");
        Tui {
            master: pair.master,
            writer,
            child,
            parser,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Whether the program asked the terminal for bracketed paste.
    pub fn bracketed_paste(&self) -> bool {
        self.parser.lock().unwrap().screen().bracketed_paste()
    }

    /// Pastes text as a terminal in bracketed-paste mode sends it.
    pub fn paste(&mut self, text: &str) {
        self.send(&format!("\x1b[200~{text}\x1b[201~"));
    }

    /// Types raw bytes (keys as a terminal sends them).
    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits until the screen shows `text`; panics with the screen if not.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |s| s.contains(text))
    }

    /// Waits until the screen no longer shows `text`.
    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("no {text}"), |s| !s.contains(text))
    }

    /// Waits until `ok` holds of the screen, then until the screen stops
    /// changing: a frame may reach the emulator in several reads, and what
    /// a test reads next must be the whole of it.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let s = self.screen();
            if ok(&s) {
                std::thread::sleep(Duration::from_millis(30));
                let settled = self.screen();
                if settled == s || Instant::now() > deadline {
                    return settled;
                }
                continue;
            }
            if Instant::now() > deadline {
                panic!("waited for {what:?}; the screen shows:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nz(rows), nz(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    pub fn pid(&self) -> i32 {
        self.child.process_id().map(|p| p as i32).unwrap_or(0)
    }

    /// Waits for the process to end; its exit code, or None after `within`.
    pub fn wait_exit(&mut self, within: Duration) -> Option<u32> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status.exit_code());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap()
}

/// Imports demo data into a fresh store through the CLI.
pub fn demo_store(dir: &Path, cases: usize) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--store")
        .arg(dir)
        .args([
            "--today",
            "2026-11-26",
            "demo",
            "--cases",
            &cases.to_string(),
        ])
        .env("DOCKET_SERVER_IDLE", "2")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
