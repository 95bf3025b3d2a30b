//! The client side of the store server: every docket command and the TUI
//! talk to the store through this, never to sled directly. Connecting
//! starts a server when none runs.

use std::io;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::api::frame::{MAX_HELLO, read_bytes_within, read_frame, wait_readable, write_encoded};
use crate::api::greeting::{Greeted, Hello, STEP_ASIDE};
use crate::api::{Body, ErrorKind, Op, OpId, PROTOCOL, RemoteError, Request, Response};
use crate::domain::case::CaseNo;
use crate::server::{LOG, SOCKET, VERSION};

/// How long a client waits for a server it started (a large store takes a
/// moment to open).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Why this client could not be served. Worded by the catalog in the
/// process's language (`client.*`), or the server's own words.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("{}", remote_words(crate::i18n::Lang::current(), .0))]
    Remote(#[from] RemoteError),
    #[error("{}", said("server_gone", &[("store", &.0.display().to_string())]))]
    ServerGone(PathBuf),
    #[error("{0}")]
    Start(StartError),
    #[error("{}", said("unknown", &[("store", &.0.display().to_string())]))]
    Unknown(PathBuf),
    #[error("{}", said("io", &[("store", &path.display().to_string()), ("error", &source.to_string())]))]
    Io { path: PathBuf, source: io::Error },
    #[error("{}", said("unexpected", &[]))]
    Unexpected,
}

/// Why no server could be started or reached for a store.
#[derive(Debug)]
pub enum StartError {
    /// The docket program itself cannot be found (to start a server).
    NoProgram(String),
    /// A shared store's service is down: its owner starts it, not members.
    ServiceDown { store: PathBuf, owner: String },
    /// The socket refuses this user: not a member of the store's group.
    NotMember { store: PathBuf },
    /// A started server did not answer in time.
    TimedOut {
        store: PathBuf,
        secs: u64,
        log: PathBuf,
    },
    /// A started server stopped; the last thing it logged.
    Failed(String),
    /// The store's directory or its server's log cannot be made or written.
    Files { path: PathBuf, error: String },
    /// The server process could not be spawned.
    Spawn(String),
    /// The server's log cannot be written (a file of another account).
    Log { path: PathBuf, error: String },
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |p: &PathBuf| p.display().to_string();
        f.write_str(&match self {
            StartError::NoProgram(e) => said("no_program", &[("error", e)]),
            StartError::ServiceDown { store, owner } => said(
                "service_down",
                &[("store", &shown(store)), ("owner", owner)],
            ),
            StartError::NotMember { store } => said("not_member", &[("store", &shown(store))]),
            StartError::TimedOut { store, secs, log } => said(
                "timed_out",
                &[
                    ("store", &shown(store)),
                    ("secs", &secs.to_string()),
                    ("log", &shown(log)),
                ],
            ),
            StartError::Failed(last) => last.clone(),
            StartError::Files { path, error } => {
                said("files", &[("path", &shown(path)), ("error", error)])
            }
            StartError::Spawn(e) => said("spawn", &[("error", e)]),
            StartError::Log { path, error } => {
                said("log", &[("path", &shown(path)), ("error", error)])
            }
        })
    }
}

/// What the server answered, in the process's language where the answer is
/// typed (a refusal, a case that is not there, a change by someone else),
/// else as the server said it.
fn remote_words(lang: crate::i18n::Lang, e: &RemoteError) -> String {
    let say = |key: &str, args: &[(&str, &str)]| {
        crate::i18n::fill(lang.t(&format!("client.{key}")), args)
    };
    match &e.kind {
        ErrorKind::Refusal(r) => lang.refusal(r),
        ErrorKind::NoCase { case } => say("no_case", &[("case", &case.to_string())]),
        ErrorKind::Conflict { case, who, at } => say(
            "conflict",
            &[("case", &case.to_string()), ("who", who), ("at", at)],
        ),
        _ => e.message.clone(),
    }
}

/// A client message in the process's language.
fn said(key: &str, args: &[(&str, &str)]) -> String {
    let lang = crate::i18n::Lang::current();
    crate::i18n::fill(lang.t(&format!("client.{key}")), args)
}

impl ClientError {
    /// In `lang`: what the server answered in typed form by the catalog,
    /// anything else as the server or this client said it.
    pub fn worded(&self, lang: crate::i18n::Lang) -> String {
        match self {
            ClientError::Remote(e) => remote_words(lang, e),
            other => other.to_string(),
        }
    }

    pub fn kind(&self) -> Option<&ErrorKind> {
        match self {
            ClientError::Remote(r) => Some(&r.kind),
            _ => None,
        }
    }
}

pub type Result<T, E = ClientError> = std::result::Result<T, E>;

pub struct Client {
    stream: UnixStream,
    dir: PathBuf,
    /// What the client is, and the docket program that starts a server:
    /// what a reconnection for a retry needs.
    purpose: String,
    exe: Option<PathBuf>,
}

impl Client {
    /// Connects to a server that runs already; `Ok(None)` when none does.
    pub fn connect_running(dir: &Path, purpose: &str) -> Result<Option<Client>> {
        match UnixStream::connect(dir.join(SOCKET)) {
            Ok(stream) => {
                let mut client = Client {
                    stream,
                    dir: dir.to_path_buf(),
                    purpose: purpose.to_string(),
                    exe: None,
                };
                client.hello(purpose)?;
                Ok(Some(client))
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused
                ) =>
            {
                Ok(None)
            }
            Err(source) => Err(ClientError::Io {
                path: dir.to_path_buf(),
                source,
            }),
        }
    }

    /// Connects to the store's server, starting one if none runs.
    pub fn connect(dir: &Path, purpose: &str) -> Result<Client> {
        let exe = std::env::current_exe()
            .map_err(|e| ClientError::Start(StartError::NoProgram(e.to_string())))?;
        Client::connect_with(dir, purpose, &exe)
    }

    /// Like `connect`, starting the server with the docket program `exe`
    /// (for callers that are not docket itself, such as tests).
    pub fn connect_with(dir: &Path, purpose: &str, exe: &Path) -> Result<Client> {
        let sock = dir.join(SOCKET);
        let deadline = Instant::now() + START_TIMEOUT;
        let mut started: Option<Child> = None;
        let mut restarted_for_version = false;
        loop {
            match UnixStream::connect(&sock) {
                Ok(stream) => {
                    let mut client = Client {
                        stream,
                        dir: dir.to_path_buf(),
                        purpose: purpose.to_string(),
                        exe: Some(exe.to_path_buf()),
                    };
                    match client.hello(purpose) {
                        Ok(()) => return Ok(client),
                        Err(ClientError::Remote(e))
                            if idle_other_version(&e) && !restarted_for_version =>
                        {
                            // Ask an idle server of another version to step aside.
                            restarted_for_version = true;
                            let _ = write_encoded(&mut client.stream, &STEP_ASIDE);
                            std::thread::sleep(Duration::from_millis(100));
                        }
                        Err(ClientError::ServerGone(_)) if Instant::now() < deadline => {
                            std::thread::sleep(Duration::from_millis(20));
                        }
                        Err(e) => return Err(e),
                    }
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused
                    ) =>
                {
                    match &mut started {
                        None => {
                            // Someone else's store (a shared store's service
                            // account): its server is theirs to start.
                            if let Some(owner) = foreign_owner(dir) {
                                return Err(ClientError::Start(StartError::ServiceDown {
                                    store: dir.to_path_buf(),
                                    owner,
                                }));
                            }
                            started = Some(start_server(dir, exe)?);
                        }
                        Some(child) => {
                            if let Ok(Some(status)) = child.try_wait()
                                && !status.success()
                            {
                                return Err(ClientError::Start(StartError::Failed(
                                    server_failure(dir),
                                )));
                            }
                        }
                    }
                    if Instant::now() > deadline {
                        return Err(ClientError::Start(StartError::TimedOut {
                            store: dir.to_path_buf(),
                            secs: START_TIMEOUT.as_secs(),
                            log: dir.join(LOG),
                        }));
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                    return Err(ClientError::Start(StartError::NotMember {
                        store: dir.to_path_buf(),
                    }));
                }
                Err(source) => {
                    return Err(ClientError::Io {
                        path: dir.to_path_buf(),
                        source,
                    });
                }
            }
        }
    }

    /// The greeting: the versions compared before anything else is sent.
    fn hello(&mut self, purpose: &str) -> Result<()> {
        let hello = Hello {
            protocol: PROTOCOL,
            version: VERSION.to_string(),
            purpose: purpose.to_string(),
        };
        let gone = |_| ClientError::ServerGone(self.dir.clone());
        write_encoded(&mut self.stream, &hello.encode()).map_err(gone)?;
        match read_bytes_within(&mut self.stream, MAX_HELLO) {
            Ok(Some(bytes)) => match Greeted::decode(&bytes) {
                Some(Greeted::Welcome { .. }) => Ok(()),
                Some(Greeted::Refused(e)) => Err(ClientError::Remote(e)),
                None => Err(ClientError::Unexpected),
            },
            Ok(None) | Err(_) => Err(ClientError::ServerGone(self.dir.clone())),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Sends an operation and returns its answer, typed: a query once; a
    /// command with an id of its own (`send_command`).
    pub fn call<O: Op>(&mut self, op: O) -> Result<O::Answer> {
        let answer = match op.into_body() {
            Body::Query(query) => self.send(&crate::api::frame::encode(&Request::Query(query)))?,
            Body::Command(command) => self.send_command(command)?,
        };
        match answer {
            Response::Answer(answer) => O::take(answer).ok_or(ClientError::Unexpected),
            _ => Err(ClientError::Unexpected),
        }
    }

    /// Sends a command with an id of its own. When the server stops before
    /// answering, the same command is sent once more, with the same id, to
    /// a new server: one already committed is answered, not done again; one
    /// that was not is done now. Only when that fails too is the outcome
    /// unknown, and the error says so.
    fn send_command(&mut self, command: crate::api::Command) -> Result<Response> {
        let op: OpId = rand::random();
        // Encoded once and kept, not the command (an import may be large).
        let frame = crate::api::frame::encode(&Request::Command { op, command });
        match self.send(&frame) {
            Err(ClientError::ServerGone(dir)) => {
                let retry = match &self.exe {
                    Some(exe) => Client::connect_with(&dir, &self.purpose, exe),
                    None => Client::connect(&dir, &self.purpose),
                };
                let Ok(fresh) = retry else {
                    return Err(ClientError::Unknown(dir));
                };
                *self = fresh;
                match self.send(&frame) {
                    Err(ClientError::ServerGone(dir)) => Err(ClientError::Unknown(dir)),
                    other => other,
                }
            }
            other => other,
        }
    }

    /// Sends an encoded request and reads the answer.
    fn send(&mut self, frame: &[u8]) -> Result<Response> {
        let gone = |_| ClientError::ServerGone(self.dir.clone());
        write_encoded(&mut self.stream, frame).map_err(gone)?;
        match read_frame::<Response>(&mut self.stream) {
            Ok(Some(Response::Error(e))) => Err(ClientError::Remote(e)),
            Ok(Some(r)) => Ok(r),
            Ok(None) | Err(_) => Err(ClientError::ServerGone(self.dir.clone())),
        }
    }

    /// Asks the server to stop: refused while others are connected, and to
    /// anyone but the store's owner.
    pub fn shutdown(&mut self) -> Result<()> {
        match self.send(&crate::api::frame::encode(&Request::Shutdown)) {
            // It stopped before it could answer.
            Ok(_) | Err(ClientError::ServerGone(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Turns this connection into a feed of changes.
    pub fn subscribe(mut self) -> Result<Subscription> {
        match self.send(&crate::api::frame::encode(&Request::Subscribe))? {
            Response::Subscribed => Ok(Subscription { client: self }),
            _ => Err(ClientError::Unexpected),
        }
    }
}

/// A connection that receives a note after every change to the store.
pub struct Subscription {
    client: Client,
}

/// What changed: events up to `seq`; the cases touched (None: the rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub seq: u64,
    pub cases: Vec<Option<CaseNo>>,
}

impl Subscription {
    /// Waits for the next change (blocking).
    pub fn wait(&mut self) -> Result<Changed> {
        match read_frame::<Response>(&mut self.client.stream) {
            Ok(Some(Response::Changed { seq, cases })) => Ok(Changed { seq, cases }),
            Ok(Some(_)) => Err(ClientError::Unexpected),
            Ok(None) | Err(_) => Err(ClientError::ServerGone(self.client.dir.clone())),
        }
    }

    /// Like `wait`, but gives up after `timeout` with `Ok(None)`.
    pub fn next_timeout(&mut self, timeout: Duration) -> Result<Option<Changed>> {
        match wait_readable(&self.client.stream, timeout) {
            Ok(true) => self.wait().map(Some),
            Ok(false) => Ok(None),
            Err(_) => Err(ClientError::ServerGone(self.client.dir.clone())),
        }
    }
}

/// A server of another version with no other clients (it may step aside).
fn idle_other_version(e: &RemoteError) -> bool {
    match e.kind {
        ErrorKind::OtherVersion { others } => others == 0,
        _ => false,
    }
}

/// The owner of an existing store directory when it is not this user.
fn foreign_owner(dir: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(dir).ok()?;
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    (meta.uid() != me).then(|| crate::users::user_name(meta.uid()))
}

/// Starts `docket serve` for the store in the background, detached from
/// this terminal. Only the store's owner does (a shared store's server is
/// the service's), so the server may take the owner's `DOCKET_TODAY` as its
/// calendar: a test or training store run as of another day. A client's
/// `--today` never moves a running server's calendar.
///
/// this terminal, its messages going to the store's server.log.
fn start_server(dir: &Path, exe: &Path) -> Result<Child> {
    crate::store::create_private_dir(dir).map_err(|e| {
        ClientError::Start(StartError::Files {
            path: dir.to_path_buf(),
            error: e.to_string(),
        })
    })?;
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(LOG))
        .map_err(|e| {
            ClientError::Start(StartError::Log {
                path: dir.join(LOG),
                error: e.to_string(),
            })
        })?;
    let mut cmd = Command::new(exe);
    cmd.arg("--store")
        .arg(dir)
        .args(["serve", "--auto"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log);
    // SAFETY: setsid is async-signal-safe; it detaches the server from the
    // terminal so that a hang-up of the starting session does not end it.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    cmd.spawn()
        .map_err(|e| ClientError::Start(StartError::Spawn(e.to_string())))
}

/// The last thing a server that failed to start said.
fn server_failure(dir: &Path) -> String {
    let log = std::fs::read_to_string(dir.join(LOG)).unwrap_or_default();
    let last = log
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let reason = last.split_once("docket: ").map(|(_, r)| r).unwrap_or(last);
    if reason.is_empty() {
        format!("the docket server for {} could not start", dir.display())
    } else {
        reason.to_string()
    }
}
