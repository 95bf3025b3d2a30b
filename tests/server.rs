//! Many docket processes on one store at once, through the store server.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use docket::api;
use docket::api::ErrorKind;
use docket::client::{Client, ClientError};
use docket::domain::case::CaseNo;
use docket::store::Store;
use tempfile::TempDir;

const TODAY: &str = "2026-11-26";

fn docket(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--store")
        .arg(store)
        .args(["--today", TODAY, "--lang", "en"])
        .args(args)
        .env("DOCKET_SERVER_IDLE", "2")
        .output()
        .expect("docket runs")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success() || o.status.code() == Some(3) || o.status.code() == Some(4),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A store with cases 2026-0001 … 2026-000n, its server started by the import.
fn demo_store(n: usize) -> TempDir {
    let tmp = TempDir::new().unwrap();
    let lines: String = (0..n)
        .map(|i| {
            format!(
                r#"{{"received":"2026-11-{:02}","kind":"civil","matter":"wages","channel":"walk_in","applicant":{{"name":"申请人{i}"}}}}"#,
                1 + i % 25
            ) + "\n"
        })
        .collect();
    let file = tmp.path().join("cases.jsonl");
    std::fs::write(&file, lines).unwrap();
    let store = tmp.path().join("store");
    ok(&docket(&store, &["import", file.to_str().unwrap()]));
    tmp
}

fn dir(tmp: &TempDir) -> std::path::PathBuf {
    tmp.path().join("store")
}

fn client(dir: &Path) -> Client {
    // The test process is a client like any other; it must start servers
    // through the docket binary, not itself.
    Client::connect_with(dir, "test", Path::new(env!("CARGO_BIN_EXE_docket"))).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn a_subscriber_sees_a_change_by_another_process_within_a_second() {
    let tmp = demo_store(20);
    let mut feed = client(&dir(&tmp)).subscribe().unwrap();
    let started = Instant::now();
    ok(&docket(
        &dir(&tmp),
        &[
            "deadline",
            "add",
            "2026-0003",
            "--date",
            "2026-12-01",
            "--label",
            "开庭",
        ],
    ));
    let changed = feed
        .next_timeout(Duration::from_secs(1))
        .unwrap()
        .expect("a change note");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        changed.cases.contains(&Some(CaseNo::new(2026, 3))),
        "{changed:?}"
    );
}

#[test]
fn commands_run_while_another_process_holds_the_store() {
    let tmp = demo_store(30);
    // A foreground server and a client that stays connected, as a TUI would.
    let mut holder = client(&dir(&tmp));
    let before = holder
        .call(api::GetCase {
            no: CaseNo::new(2026, 1),
        })
        .unwrap()
        .unwrap();
    for _ in 0..3 {
        let out = docket(&dir(&tmp), &["show", "2026-0001"]);
        assert!(ok(&out).contains("Case 2026-0001"));
        let out = docket(&dir(&tmp), &["due", "--json"]);
        let v: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
        assert!(v.is_array());
    }
    assert_eq!(
        holder
            .call(api::GetCase {
                no: CaseNo::new(2026, 1)
            })
            .unwrap()
            .unwrap(),
        before
    );
}

#[test]
fn conflicting_edits_are_refused_with_who_and_when() {
    let tmp = demo_store(5);
    let no = CaseNo::new(2026, 2);
    let mut a = client(&dir(&tmp));
    let mut b = client(&dir(&tmp));
    let seen_by_a = a.call(api::GetCase { no }).unwrap().unwrap();
    let seen_by_b = b.call(api::GetCase { no }).unwrap().unwrap();
    b.call(api::AddDeadline {
        case: no,
        expected_revision: Some(seen_by_b.revision),
        date: day("2026-12-03"),
        label: "开庭".into(),
    })
    .unwrap();
    let err = a
        .call(api::AddDeadline {
            case: no,
            expected_revision: Some(seen_by_a.revision),
            date: day("2026-12-04"),
            label: "上诉期届满".into(),
        })
        .unwrap_err();
    assert!(
        matches!(err.kind(), Some(ErrorKind::Conflict { .. })),
        "{err}"
    );
    let msg = err.to_string();
    let me = docket::users::os_user();
    assert!(msg.contains(&format!("changed by {me} at 20")), "{msg}");
    // Typed, so worded in each reader's language.
    let zh = err.worded(docket::i18n::Lang::ZhHans);
    assert!(zh.contains(&format!("在您载入后已由 {me} 于 20")), "{zh}");
    assert!(msg.contains("nothing was saved"), "{msg}");
    let case = a.call(api::GetCase { no }).unwrap().unwrap();
    assert_eq!(
        case.deadlines
            .iter()
            .filter(|d| d.label == "上诉期届满")
            .count(),
        0
    );
}

/// The writer half of the concurrency tests: adds deadlines to its own
/// case through a client for a while, printing each acknowledged one.
#[test]
#[ignore]
fn writer_child() {
    let (Ok(dir), Ok(case), Ok(secs)) = (
        std::env::var("DOCKET_WRITER_STORE"),
        std::env::var("DOCKET_WRITER_CASE"),
        std::env::var("DOCKET_WRITER_SECS"),
    ) else {
        return;
    };
    // Each writer has its own cases: CASE, CASE+STRIDE, ... (so that one
    // case does not grow to thousands of deadlines).
    let first: CaseNo = case.parse().unwrap();
    let stride: u32 = std::env::var("DOCKET_WRITER_STRIDE").map_or(1, |s| s.parse().unwrap());
    let cases = std::env::var("DOCKET_WRITER_CASES").map_or(1, |s| s.parse().unwrap());
    let until = Instant::now() + Duration::from_secs_f64(secs.parse().unwrap());
    let exe = std::env::var("DOCKET_EXE").unwrap();
    let mut c = Client::connect_with(dir.as_ref(), "writer", exe.as_ref()).unwrap();
    let mut n = 0;
    while Instant::now() < until {
        let no = CaseNo::new(first.year, first.seq + stride * (n % cases));
        match c.call(api::AddDeadline {
            case: no,
            expected_revision: None,
            date: day("2026-12-10"),
            label: (&format!("w{n}")).into(),
        }) {
            Ok(id) => println!("ok {no} {id}"),
            Err(ClientError::ServerGone(_) | ClientError::Unknown(_)) => {
                println!("gone");
                // Reconnect: a new server starts.
                c = match Client::connect_with(dir.as_ref(), "writer", exe.as_ref()) {
                    Ok(c) => c,
                    Err(_) => continue,
                };
            }
            Err(e) => panic!("{e}"),
        }
        n += 1;
    }
}

struct Writers {
    children: Vec<std::process::Child>,
}

/// `count` writers, each over 10 cases of its own (store needs count*10 cases).
fn spawn_writers(dir: &Path, count: u32, secs: f64) -> Writers {
    let children = (1..=count)
        .map(|i| {
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "writer_child",
                    "--ignored",
                    "--exact",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env("DOCKET_WRITER_STORE", dir)
                .env("DOCKET_WRITER_CASE", format!("2026-{i:04}"))
                .env("DOCKET_WRITER_STRIDE", count.to_string())
                .env("DOCKET_WRITER_CASES", "10")
                .env("DOCKET_WRITER_SECS", secs.to_string())
                .env("DOCKET_EXE", env!("CARGO_BIN_EXE_docket"))
                .env("DOCKET_SERVER_IDLE", "2")
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .unwrap()
        })
        .collect();
    Writers { children }
}

impl Writers {
    /// Every acknowledged (case, deadline id), and how many saw the server go.
    fn finish(self) -> (Vec<(CaseNo, u32)>, usize) {
        let mut acked = Vec::new();
        let mut gone = 0;
        for mut child in self.children {
            let out = BufReader::new(child.stdout.take().unwrap());
            for line in out.lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("ok ") {
                    let mut parts = rest.split_whitespace();
                    let no: CaseNo = parts.next().unwrap().parse().unwrap();
                    let id: u32 = parts.next().unwrap().parse().unwrap();
                    acked.push((no, id));
                } else if line == "gone" {
                    gone += 1;
                }
            }
            assert!(child.wait().unwrap().success(), "a writer failed");
        }
        (acked, gone)
    }
}

/// Stops the server and opens the store directly to check it.
fn stop_and_open(dir: &Path) -> Store {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match Store::open(dir) {
            Ok(s) => return s,
            Err(_) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(e) => panic!("{e}"),
        }
    }
}

fn check_all_acknowledged(store: &Store, acked: &[(CaseNo, u32)]) {
    for (no, id) in acked {
        let case = store.case(*no).unwrap().unwrap();
        assert!(
            case.deadlines.iter().any(|d| d.id == *id),
            "{no} #{id} acknowledged but lost"
        );
    }
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
}

#[test]
fn eight_writers_for_ten_seconds_lose_nothing() {
    let tmp = demo_store(80);
    let writers = spawn_writers(&dir(&tmp), 8, 10.0);
    let (acked, gone) = writers.finish();
    assert_eq!(gone, 0);
    assert!(acked.len() > 100, "only {} commands in 10 s", acked.len());
    eprintln!(
        "8 writers, 10 s: {} commands ({:.0}/s)",
        acked.len(),
        acked.len() as f64 / 10.0
    );
    let store = stop_and_open(&dir(&tmp));
    check_all_acknowledged(&store, &acked);
    // One order of history: the events of each case are in the order of
    // their deadline ids, and the store-wide sequence has no gap.
    for i in 1..=8 {
        let no = CaseNo::new(2026, i);
        let added: Vec<u32> = store
            .history(no)
            .unwrap()
            .iter()
            .filter_map(|e| match e.change {
                docket::domain::event::Change::DeadlineAdded { id, .. } => Some(id),
                _ => None,
            })
            .collect();
        assert!(added.windows(2).all(|w| w[0] < w[1]), "{no}: {added:?}");
    }
}

#[test]
fn a_server_killed_mid_load_loses_nothing_acknowledged() {
    let tmp = demo_store(40);
    let writers = spawn_writers(&dir(&tmp), 4, 4.0);
    std::thread::sleep(Duration::from_millis(1500));
    let pid = client(&dir(&tmp)).call(api::Status {}).unwrap().pid;
    // SAFETY: sending a signal to a process id.
    unsafe { libc::kill(pid as i32, libc::SIGKILL) };
    let (acked, gone) = writers.finish();
    // A change the killed server had not answered was sent again, with its
    // id, to a new server: the writers went on, mostly without noticing.
    assert!(gone <= 4, "{gone} writers lost their change");
    let now = client(&dir(&tmp)).call(api::Status {}).unwrap().pid;
    assert_ne!(now, pid, "a new server serves");
    let out = docket(&dir(&tmp), &["show", "2026-0001"]);
    assert!(ok(&out).contains("Case 2026-0001"));
    let store = stop_and_open(&dir(&tmp));
    check_all_acknowledged(&store, &acked);
    // ... and nothing was stored twice: each writer's labels are unique.
    for i in 1..=40 {
        let case = store.case(CaseNo::new(2026, i)).unwrap().unwrap();
        let mut labels: Vec<&str> = case.deadlines.iter().map(|d| d.label.as_str()).collect();
        let all = labels.len();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), all, "2026-{i:04}: a deadline stored twice");
    }
}

#[test]
fn a_change_sent_again_with_its_id_is_answered_not_done_twice() {
    use docket::api::frame::{read_frame, write_frame};
    use docket::api::{Answer, Command, Request, Response};
    use std::os::unix::net::UnixStream;
    let tmp = demo_store(3);
    let sock = dir(&tmp).join("docket.sock");
    let _held = client(&dir(&tmp));
    let mut s = UnixStream::connect(&sock).unwrap();
    greet(&mut s, "retry");
    let once = Request::Command {
        op: [7; 16],
        command: Command::AddDeadline(api::AddDeadline {
            case: CaseNo::new(2026, 1),
            expected_revision: None,
            date: day("2026-12-20"),
            label: "开庭".into(),
        }),
    };
    for _ in 0..3 {
        write_frame(&mut s, &once).unwrap();
        let answer: Option<Response> = read_frame(&mut s).unwrap();
        assert!(
            matches!(answer, Some(Response::Answer(Answer::AddDeadline(1)))),
            "{answer:?}"
        );
    }
    let case = client(&dir(&tmp))
        .call(api::GetCase {
            no: CaseNo::new(2026, 1),
        })
        .unwrap()
        .unwrap();
    assert_eq!(case.deadlines.len(), 1, "done once");
    // An import sent again: the same numbers, no new cases.
    let line = r#"{"received":"2026-11-20","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"重试"}}"#;
    let vc = serde_json::from_str::<docket::domain::record::CaseRecord>(line)
        .unwrap()
        .validate(day(TODAY))
        .unwrap();
    let once = Request::Command {
        op: [9; 16],
        command: Command::Import(api::Import {
            cases: vec![vc],
            via: "import".into(),
        }),
    };
    for _ in 0..2 {
        write_frame(&mut s, &once).unwrap();
        let answer: Option<Response> = read_frame(&mut s).unwrap();
        assert!(
            matches!(&answer, Some(Response::Answer(Answer::Import(n))) if n == &[CaseNo::new(2026, 4)]),
            "{answer:?}"
        );
    }
    let exported = ok(&docket(&dir(&tmp), &["export"]));
    assert_eq!(exported.lines().count(), 4);
}

#[test]
fn a_user_outside_the_group_is_refused() {
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root to act as another user");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let tmp = demo_store(3);
    let _held = client(&dir(&tmp));
    let as_nobody = |path: &Path| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_docket"));
        cmd.arg("--store").arg(path).args(["show", "2026-0001"]);
        as_id(&mut cmd, 65534, 65534).output().unwrap()
    };
    // The parent of the temp dir must be passable for the test user.
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).ok();
    std::fs::set_permissions(
        tmp.path().parent().unwrap(),
        std::fs::Permissions::from_mode(0o1777),
    )
    .ok();
    // A private store: the directory itself keeps others out.
    let out = as_nobody(&dir(&tmp));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("may not use the store"), "{err}");
    // A group-shared store: the server checks the peer's groups.
    std::fs::set_permissions(dir(&tmp), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(
        dir(&tmp).join("docket.sock"),
        std::fs::Permissions::from_mode(0o777),
    )
    .unwrap();
    let out = as_nobody(&dir(&tmp));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("may not use the store") && err.contains("group root"),
        "{err}"
    );
}

/// The server's resident memory, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap()
}

#[test]
fn hostile_messages_on_the_socket_harm_nobody() {
    use std::io::{Read, Write};
    use std::os::unix::net::UnixStream;
    let tmp = demo_store(3);
    let mut held = client(&dir(&tmp));
    let pid = held.call(api::Status {}).unwrap().pid;
    let sock = dir(&tmp).join("docket.sock");
    // 16 bytes: a hello whose version string claims 2^60 bytes.
    let mut hostile = vec![docket::codec::VERSION, 0, 3, 253];
    hostile.extend_from_slice(&(1u64 << 60).to_le_bytes());
    let mut s = UnixStream::connect(&sock).unwrap();
    s.write_all(&(hostile.len() as u32).to_be_bytes()).unwrap();
    s.write_all(&hostile).unwrap();
    let mut rest = Vec::new();
    let _ = s.read_to_end(&mut rest);
    // A first frame announcing 512 MiB: refused before anything is read.
    let mut s = UnixStream::connect(&sock).unwrap();
    s.write_all(&(512u32 * 1024 * 1024).to_be_bytes()).unwrap();
    let _ = s.read_to_end(&mut rest);
    // The server still serves everyone.
    assert_eq!(held.call(api::Status {}).unwrap().pid, pid);
    assert!(ok(&docket(&dir(&tmp), &["show", "2026-0001"])).contains("Case 2026-0001"));
    // Thirty slow clients, each announcing a 512 MiB request after a proper
    // hello and sending 1 MiB of it: memory follows the bytes sent.
    let before = rss_kib(pid);
    let mut slow = Vec::new();
    for _ in 0..30 {
        let mut s = UnixStream::connect(&sock).unwrap();
        greet(&mut s, "slow");
        s.write_all(&(512u32 * 1024 * 1024).to_be_bytes()).unwrap();
        s.write_all(&vec![0u8; 1024 * 1024]).unwrap();
        slow.push(s);
    }
    std::thread::sleep(Duration::from_millis(300));
    let grown = rss_kib(pid).saturating_sub(before);
    assert!(grown < 200 * 1024, "the server grew by {grown} KiB");
    drop(slow);
    assert!(ok(&docket(&dir(&tmp), &["show", "2026-0002"])).contains("Case 2026-0002"));
}

/// `cmd`, to be run as another user and group (the test runs as root).
fn as_id(cmd: &mut Command, uid: u32, gid: u32) -> &mut Command {
    use std::os::unix::process::CommandExt;
    // SAFETY: setgroups/setgid/setuid in the child before exec.
    unsafe {
        cmd.pre_exec(move || {
            if libc::setgroups(0, std::ptr::null()) != 0
                || libc::setgid(gid) != 0
                || libc::setuid(uid) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    }
}

/// A command run as another user and group.
fn as_user(uid: u32, gid: u32, program: &str, args: &[&str]) -> Output {
    let mut cmd = Command::new(program);
    cmd.args(args).env("DOCKET_SERVER_IDLE", "2");
    as_id(&mut cmd, uid, gid).output().unwrap()
}

/// `docket serve` for the store at `path` as another user and group, its
/// messages to `stderr`.
fn serve_as(uid: u32, gid: u32, path: &str, stderr: Stdio) -> std::process::Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_docket"));
    cmd.args(["--store", path, "serve"])
        .stdout(Stdio::null())
        .stderr(stderr);
    as_id(&mut cmd, uid, gid).spawn().unwrap()
}

/// The child half of the shared-store test: asks the server to stop.
#[test]
#[ignore]
fn shutdown_as_child() {
    let Ok(dir) = std::env::var("DOCKET_SHUTDOWN_STORE") else {
        return;
    };
    match Client::connect_running(Path::new(&dir), "test") {
        Ok(Some(mut c)) => match c.shutdown() {
            Ok(()) => println!("stopped"),
            Err(e) => println!("refused: {e}"),
        },
        other => println!("no server: {:?}", other.err()),
    }
}

#[test]
fn a_shared_store_belongs_to_its_service_account_and_members_only_connect() {
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root to act as the service, a member and an outsider");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    const GROUP: u32 = 60600;
    const SERVICE: u32 = 60601;
    const MEMBER: u32 = 60602;
    const OUTSIDER: u32 = 60603;
    let tmp = demo_store(3);
    let store = dir(&tmp);
    let path = store.to_str().unwrap().to_string();
    // The import's server stops once the import's own connection is gone.
    let asked = Instant::now();
    while let Err(e) = client(&store).shutdown() {
        assert!(asked.elapsed() < Duration::from_secs(10), "{e}");
        std::thread::sleep(Duration::from_millis(50));
    }
    while store.join("docket.sock").exists() && asked.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    // And its process is gone (on a loaded machine it may still be
    // flushing): the lock it holds on the store is free again.
    if let Ok(lock) = std::fs::File::open(store.join("server.lock")) {
        use std::os::fd::AsRawFd;
        // SAFETY: flock on a file descriptor this test owns.
        while unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            assert!(
                asked.elapsed() < Duration::from_secs(20),
                "the import's server never ended"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // SAFETY: as above.
        unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_UN) };
    }
    // The store made the service account's, its group's to connect to.
    let chown = Command::new("chown")
        .args(["-R", &format!("{SERVICE}:{GROUP}"), &path])
        .status()
        .unwrap();
    assert!(chown.success());
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o750)).unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let docket_exe = env!("CARGO_BIN_EXE_docket");
    let show = |uid: u32, gid: u32| {
        as_user(
            uid,
            gid,
            docket_exe,
            &["--store", &path, "show", "2026-0001"],
        )
    };
    let err = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();

    // A member cannot start the server: the service does.
    let out = as_user(MEMBER, GROUP, docket_exe, &["--store", &path, "serve"]);
    assert_eq!(out.status.code(), Some(1), "{}", err(&out));
    assert!(err(&out).contains("belongs to"), "{}", err(&out));
    let out = show(MEMBER, GROUP);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err(&out).contains("is not running") && err(&out).contains("systemctl"),
        "{}",
        err(&out)
    );
    assert!(!store.join("docket.sock").exists(), "no server was started");

    // The service runs it.
    let service_log = tmp.path().join("service.log");
    let log = std::fs::File::create(&service_log).unwrap();
    let mut service = serve_as(SERVICE, GROUP, &path, log.into());
    let started = Instant::now();
    // A member reads through it, as themself.
    let out = loop {
        let out = show(MEMBER, GROUP);
        // Generous: the other tests of this file load both cores meanwhile.
        if out.status.success() || started.elapsed() > Duration::from_secs(30) {
            break out;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        out.status.success(),
        "{}\nthe service: {:?}, its log: {}",
        err(&out),
        service.try_wait(),
        std::fs::read_to_string(&service_log).unwrap_or_default()
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Case 2026-0001"));
    // ... but cannot remove the socket, touch the data, or stop the server.
    let sock = store.join("docket.sock");
    let out = as_user(MEMBER, GROUP, "rm", &["-f", sock.to_str().unwrap()]);
    assert!(
        !out.status.success() && sock.exists(),
        "a member removed the socket"
    );
    let conf = store.join("db").join("conf");
    let out = as_user(
        MEMBER,
        GROUP,
        "sh",
        &["-c", &format!("echo x >> {}", conf.display())],
    );
    assert!(!out.status.success(), "a member wrote the data");
    let me = std::env::current_exe().unwrap();
    let out = {
        let mut cmd = Command::new(&me);
        cmd.args(["--ignored", "--exact", "shutdown_as_child", "--nocapture"])
            .env("DOCKET_SHUTDOWN_STORE", &path);
        as_id(&mut cmd, MEMBER, GROUP).output().unwrap()
    };
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("refused: only the store's owner"), "{said}");
    assert!(
        service.try_wait().unwrap().is_none(),
        "the service still runs"
    );
    let log = std::fs::read_to_string(&service_log).unwrap_or_default();
    assert!(log.contains("refused a shutdown asked by"), "{log}");

    // An outsider gets nothing.
    let out = show(OUTSIDER, OUTSIDER);
    assert_eq!(out.status.code(), Some(1));
    assert!(err(&out).contains("may not use the store"), "{}", err(&out));

    // The service killed: its socket stays behind. A member is told the
    // service is down (not that they are outside the group), and starts
    // nothing.
    let _ = service.kill();
    let _ = service.wait();
    assert!(sock.exists(), "a stale socket");
    let out = show(MEMBER, GROUP);
    assert_eq!(out.status.code(), Some(1));
    assert!(err(&out).contains("is not running"), "{}", err(&out));
    // ... in their own language.
    let out = as_user(
        MEMBER,
        GROUP,
        docket_exe,
        &["--store", &path, "--lang", "zh-Hans", "show", "2026-0001"],
    );
    assert!(err(&out).contains("docket 服务未运行"), "{}", err(&out));
    // docket check names files others may read or write.
    let log = store.join("server.log");
    std::fs::write(&log, "").unwrap();
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
    let modes = docket::store::loose_modes(&store);
    assert!(
        modes
            .iter()
            .any(|m| m.contains("server.log") && m.contains("chmod")),
        "{modes:?}"
    );
}

#[test]
fn an_idle_server_of_another_version_is_asked_to_step_aside_by_its_answer_not_its_words() {
    use docket::api::RemoteError;
    use docket::api::frame::{MAX_HELLO, read_bytes_within, write_encoded};
    use docket::api::greeting::{Greeted, Hello, STEP_ASIDE};
    use std::os::unix::net::UnixListener;
    // A store whose server has stopped, and in its place a server of
    // another version answering with how many others it serves.
    let fake = |others: u32| {
        let tmp = demo_store(1);
        let asked = Instant::now();
        while let Err(e) = client(&dir(&tmp)).shutdown() {
            assert!(asked.elapsed() < Duration::from_secs(10), "{e}");
            std::thread::sleep(Duration::from_millis(50));
        }
        let sock = dir(&tmp).join("docket.sock");
        while sock.exists() {
            std::thread::sleep(Duration::from_millis(20));
        }
        let listener = UnixListener::bind(&sock).unwrap();
        let server = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            let hello = read_bytes_within(&mut s, MAX_HELLO).unwrap().unwrap();
            assert!(Hello::decode(&hello).is_some(), "{hello:?}");
            let answer = Greeted::Refused(RemoteError {
                kind: docket::api::ErrorKind::OtherVersion { others },
                // Words that no longer decide anything.
                message: "版本不同".into(),
            });
            write_encoded(&mut s, &answer.encode()).unwrap();
            let next = read_bytes_within(&mut s, MAX_HELLO).ok().flatten();
            drop(listener);
            let _ = std::fs::remove_file(&sock);
            next.as_deref() == Some(&STEP_ASIDE[..])
        });
        (tmp, server)
    };
    // Nobody else connected: asked to step aside; a server of this
    // version starts in its place.
    let (tmp, server) = fake(0);
    let mut c = client(&dir(&tmp));
    assert!(server.join().unwrap(), "asked to step aside");
    assert_eq!(
        c.call(api::Status {}).unwrap().version,
        docket::server::VERSION
    );
    // Others connected: left alone, and the client says why.
    let (tmp, server) = fake(2);
    let err = Client::connect_with(&dir(&tmp), "test", Path::new(env!("CARGO_BIN_EXE_docket")))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("版本不同"), "{err}");
    assert!(!server.join().unwrap(), "not asked to step aside");
}

#[test]
fn the_server_checks_the_cases_a_client_sends() {
    let tmp = demo_store(1);
    let mut c = client(&dir(&tmp));
    let line = r#"{"received":"2026-11-20","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"张三","id_number":"11010519491231002X"}}"#;
    let valid = || {
        serde_json::from_str::<docket::domain::record::CaseRecord>(line)
            .unwrap()
            .validate(day(TODAY))
            .unwrap()
    };
    // A client that skips the checks: escape sequences in a name, a case
    // received in the future, a gender the ID number contradicts.
    let mut escape = valid();
    escape.case.applicant.name = "张\u{1b}[31m三".into();
    let mut future = valid();
    future.case.received = day("2099-01-01");
    let mut gender = valid();
    gender.case.applicant.gender = Some(docket::domain::idnumber::Gender::Male);
    for (bad, why) in [
        (escape, "control character"),
        (future, "in the future"),
        (gender, "not sent as docket validates"),
    ] {
        let err = c
            .call(api::Import {
                cases: vec![valid(), bad],
                via: "import".into(),
            })
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("nothing was written") && err.contains(why),
            "{err}"
        );
        assert!(err.contains("case 2 of the request"), "{err}");
    }
    let exported = ok(&docket(&dir(&tmp), &["export"]));
    assert_eq!(exported.lines().count(), 1, "nothing was written");
}

#[test]
fn a_request_that_cannot_be_read_is_answered_not_dropped() {
    use docket::api::Response;
    use docket::api::frame::read_frame;
    use std::io::Write;
    use std::os::unix::net::UnixStream;
    let tmp = demo_store(1);
    let _held = client(&dir(&tmp));
    let mut s = UnixStream::connect(dir(&tmp).join("docket.sock")).unwrap();
    greet(&mut s, "garbage");
    let garbage = [250, 250, 250, 250, 250];
    s.write_all(&(garbage.len() as u32).to_be_bytes()).unwrap();
    s.write_all(&garbage).unwrap();
    let answer: Option<Response> = read_frame(&mut s).unwrap();
    match answer {
        Some(Response::Error(e)) => {
            assert!(e.message.contains("could not be read"), "{}", e.message)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_client_of_protocol_3_is_told_the_server_is_another_version() {
    use docket::api::frame::{MAX_HELLO, read_bytes_within, write_encoded};
    use std::os::unix::net::UnixStream;
    let tmp = demo_store(1);
    let mut held = client(&dir(&tmp));
    // The import's own connection may still be closing: wait until the
    // held one is the only client.
    let asked = Instant::now();
    while held.call(api::Status {}).unwrap().clients.len() > 1
        && asked.elapsed() < Duration::from_secs(5)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut s = UnixStream::connect(dir(&tmp).join("docket.sock")).unwrap();
    // The hello docket 0.1 of protocol 3 sent, byte for byte.
    write_encoded(&mut s, &[6, 0, 3, 5, 48, 46, 49, 46, 48, 1, 120]).unwrap();
    let answer = read_bytes_within(&mut s, MAX_HELLO).unwrap().unwrap();
    // Its error answer, other version, with 1 other client (`held`).
    assert_eq!(answer[..4], [6, 25, 5, 1], "{answer:?}");
}

/// Sends the greeting of this version on a raw connection and reads the welcome.
fn greet(s: &mut std::os::unix::net::UnixStream, purpose: &str) {
    use docket::api::frame::{MAX_HELLO, read_bytes_within, write_encoded};
    use docket::api::greeting::{Greeted, Hello};
    let hello = Hello {
        protocol: docket::api::PROTOCOL,
        version: docket::server::VERSION.to_string(),
        purpose: purpose.into(),
    };
    write_encoded(s, &hello.encode()).unwrap();
    let answer = read_bytes_within(s, MAX_HELLO).unwrap().unwrap();
    assert!(
        matches!(Greeted::decode(&answer), Some(Greeted::Welcome { .. })),
        "{answer:?}"
    );
}

/// Issue 16, item 20: a user's display name shows in the history; a
/// deactivated user stays there but the server refuses them, in their
/// language; nobody deactivates themselves or the last admin.
#[test]
fn a_deactivated_user_is_refused_and_stays_in_the_history_by_name() {
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root to act as a member of the store's group");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    const GROUP: u32 = 60610;
    const MEMBER: u32 = 60612;
    let tmp = demo_store(2);
    let store = dir(&tmp);
    let path = store.to_str().unwrap().to_string();
    // Shared with the group: the server started after this serves members.
    ok(&docket(&store, &["share", &GROUP.to_string()]));
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let member = MEMBER.to_string();
    ok(&docket(&store, &["user", "add", "root", "--role", "admin"]));
    let said = ok(&docket(
        &store,
        &[
            "user",
            "add",
            &member,
            "--role",
            "caseworker",
            "--name",
            "李伟",
        ],
    ));
    assert!(
        said.contains(&format!("李伟 ({member}) is caseworker")),
        "{said}"
    );
    let as_member = |args: &[&str]| {
        let mut all = vec!["--store", path.as_str(), "--today", TODAY];
        all.extend_from_slice(args);
        as_user(MEMBER, GROUP, env!("CARGO_BIN_EXE_docket"), &all)
    };
    let err = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();
    let out = as_member(&["correct", "2026-0001", "applicant.phone", "13800138000"]);
    assert!(out.status.success(), "{}", err(&out));
    // The history names the member by their display name.
    let shown = ok(&docket(&store, &["show", "2026-0001"]));
    let line = shown
        .lines()
        .find(|l| l.contains("→ 13800138000"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(line.contains("李伟"), "{line}");
    // Deactivated: refused from the next connection, in their language;
    // kept in the list and the history.
    let out = docket(&store, &["user", "deactivate", &member]);
    assert!(!out.status.success(), "a deactivation needs a reason");
    ok(&docket(
        &store,
        &["user", "deactivate", &member, "--reason", "left the center"],
    ));
    let out = as_member(&["--lang", "zh-Hans", "show", "2026-0001"]);
    assert_eq!(out.status.code(), Some(1), "{}", err(&out));
    assert!(
        err(&out).contains(&format!("用户 {member} 已停用")),
        "{}",
        err(&out)
    );
    let list = ok(&docket(&store, &["user", "list"]));
    assert!(
        list.lines()
            .any(|l| l.contains(&member) && l.contains("李伟") && l.contains("(deactivated)")),
        "{list}"
    );
    assert!(ok(&docket(&store, &["show", "2026-0001"])).contains("李伟"));
    // Nobody deactivates themselves.
    let out = docket(&store, &["user", "deactivate", "root", "--reason", "x"]);
    assert!(
        err(&out).contains("cannot deactivate yourself"),
        "{}",
        err(&out)
    );
    // Activated again, the member works again.
    ok(&docket(&store, &["user", "activate", &member]));
    let out = as_member(&["show", "2026-0001"]);
    assert!(out.status.success(), "{}", err(&out));
}

/// Issue 16, item 21: a private store made group-shared with one command,
/// which stops the running server and says what it changed; a member then
/// connects through the service's server.
#[test]
fn docket_share_turns_a_private_store_into_a_shared_one_and_says_what_changed() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let tmp = demo_store(2);
    let store = dir(&tmp);
    // A store opened up by hand, a file left readable by others, and a
    // running server.
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(
        store.join("server.log"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    assert!(ok(&docket(&store, &["check"])).contains("docket share GROUP"));
    ok(&docket(&store, &["show", "2026-0001"]));
    let gid = unsafe { libc::getegid() }.to_string();
    let said = ok(&docket(&store, &["share", &gid]));
    assert!(said.contains("stopped the running server"), "{said}");
    assert!(said.contains("server.log: mode 644 → 600"), "{said}");
    assert!(said.contains("mode 755 → 750"), "{said}");
    assert!(said.contains("is shared with group"), "{said}");
    let meta = std::fs::metadata(&store).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o750);
    // Nothing left to fix, and the next server serves the group.
    assert!(ok(&docket(&store, &["share", &gid])).contains("nothing to change"));
    ok(&docket(&store, &["show", "2026-0001"]));
    let sock = std::fs::metadata(store.join("docket.sock")).unwrap();
    assert_eq!(sock.mode() & 0o777, 0o660);
    let check = ok(&docket(&store, &["check"]));
    assert!(!check.contains("mode:"), "{check}");
    // And private again.
    let said = ok(&docket(&store, &["share", "--private"]));
    assert!(
        said.contains("mode 750 → 700") && said.contains("is private to"),
        "{said}"
    );
    // A group that does not exist is named.
    let out = docket(&store, &["share", "no-such-group-x"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no group no-such-group-x"));

    // As root: the files given to a service account, whose server a member
    // of the group then uses.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped the service part: needs root");
        return;
    }
    const GROUP: u32 = 60620;
    const SERVICE: u32 = 60621;
    const MEMBER: u32 = 60622;
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let said = ok(&docket(
        &store,
        &[
            "share",
            &GROUP.to_string(),
            "--service",
            &SERVICE.to_string(),
        ],
    ));
    assert!(said.contains("owner root → 60621"), "{said}");
    let path = store.to_str().unwrap().to_string();
    let exe = env!("CARGO_BIN_EXE_docket");
    let mut service = serve_as(SERVICE, GROUP, &path, Stdio::null());
    let started = Instant::now();
    let out = loop {
        let out = as_user(MEMBER, GROUP, exe, &["--store", &path, "show", "2026-0001"]);
        // Generous: the other tests of this file load both cores meanwhile.
        if out.status.success() || started.elapsed() > Duration::from_secs(30) {
            break out;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let _ = service.kill();
    let _ = service.wait();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
