//! A temporary store driven through the real `docket` binary.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

pub struct Store {
    _tmp: TempDir,
    pub dir: PathBuf,
}

impl Store {
    pub fn new() -> Store {
        let tmp = TempDir::new().unwrap();
        let dir = tmp.path().join("s");
        Store { _tmp: tmp, dir }
    }

    /// A store whose policy lets a proposer approve their own proposal: the
    /// tests run as one OS user, a center of one person (the default,
    /// separation of duties, is tested on its own).
    pub fn one_person() -> Store {
        let s = Store::new();
        let file = s.dir.with_extension("policy.toml");
        std::fs::write(&file, "self_approval = true\n").unwrap();
        s.ok(&["policy", "import", file.to_str().unwrap()]);
        s
    }

    pub fn path(&self) -> &str {
        self.dir.to_str().unwrap()
    }

    pub fn run(&self, args: &[&str]) -> Output {
        docket(&self.dir, args)
    }

    /// Runs a command that must succeed; its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_in("en", args)
    }

    /// [`Store::ok`] in another language (`zh-Hans`, `zh-Hant`).
    pub fn ok_in(&self, lang: &str, args: &[&str]) -> String {
        let out = docket_in(&self.dir, lang, args);
        assert!(
            out.status.success(),
            "docket {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs a command that must succeed as of `today` (a step entered for
    /// an earlier day), the server's calendar being the tests' day.
    pub fn ok_on(&self, today: &str, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_docket"))
            .arg("--store")
            .arg(&self.dir)
            .args(["--today", today, "--lang", "en"])
            .args(args)
            .env("DOCKET_TODAY", "2026-11-26")
            .env("DOCKET_SERVER_IDLE", "2")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "docket {args:?} as of {today} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Case `no` granted on 2026-11-20 and assigned to P-0001 on 11-21,
    /// so that the steps after may be dated before the tests' day.
    pub fn assigned_days_ago(&self, no: &str) {
        let grant = [
            "decide",
            no,
            "--grant",
            "--reason",
            "not_verified_art42",
            "--text",
            "农民工",
        ];
        self.ok_on("2026-11-20", &grant);
        self.ok_on("2026-11-20", &["approve", no]);
        self.ok_on("2026-11-21", &["assign", no, "P-0001"]);
    }

    /// Runs a command that must fail; its error message.
    pub fn refused(&self, args: &[&str]) -> String {
        self.refused_in("en", args)
    }

    /// [`Store::refused`] in a language.
    pub fn refused_in(&self, lang: &str, args: &[&str]) -> String {
        let out = docket_in(&self.dir, lang, args);
        assert_eq!(out.status.code(), Some(1), "docket {args:?} should fail");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// `docket due --json`, which exits 3 or 4 when something is due.
    pub fn due(&self, within: &str) -> serde_json::Value {
        let out = self.run(&["due", "--json", "--within", within]);
        assert!(
            matches!(out.status.code(), Some(0 | 3 | 4)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    pub fn case(&self, no: &str) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["show", no, "--json"])).unwrap()
    }

    /// Writes `lines` to a file and runs `COMMAND... FILE` (such as
    /// `import` or `provider import`).
    pub fn import_with(&self, command: &[&str], lines: &[&str]) {
        let file = self.dir.with_extension("jsonl");
        std::fs::write(&file, lines.join("\n")).unwrap();
        let mut args = command.to_vec();
        args.push(file.to_str().unwrap());
        self.ok(&args);
    }

    pub fn import(&self, lines: &[&str]) {
        self.import_with(&["import"], lines);
    }

    /// Proposes to grant case `no` (hardship met), as a caseworker does.
    pub fn propose_grant(&self, no: &str) {
        self.ok(&[
            "decide",
            no,
            "--grant",
            "--reason",
            "hardship_met",
            "--text",
            "符合经济困难标准",
        ]);
    }

    /// Case `no` granted: proposed and approved.
    pub fn grant(&self, no: &str) {
        self.propose_grant(no);
        self.ok(&["approve", no]);
    }
}

/// `docket --store STORE --today 2026-11-26 --lang en ARGS`.
pub fn docket(store: &Path, args: &[&str]) -> Output {
    docket_in(store, "en", args)
}

/// [`docket`] in another language.
pub fn docket_in(store: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--store")
        .arg(store)
        .args(["--today", "2026-11-26", "--lang", lang])
        .args(args)
        .env("DOCKET_SERVER_IDLE", "2")
        .output()
        .unwrap()
}
