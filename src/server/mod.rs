//! The store server: one process owns the sled store and serves it over a
//! Unix socket in the store directory, as tmux does. Every docket command
//! is a client; the first one starts the server, which ends a while after
//! its last client leaves.

mod handler;
pub mod peer;

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};

use crate::api::frame::{
    MAX_HELLO, peer_closed, read_bytes_within, read_frame, write_encoded, write_frame,
};
use crate::api::greeting::{Greeted, Hello, STEP_ASIDE};
use crate::api::{
    ClientInfo, Command, ErrorKind, OpId, PROTOCOL, Query, RemoteError, Request, Response,
    ServerStatus,
};
use crate::store::{Store, StoreError};
use crate::users::user_name;

pub const SOCKET: &str = "docket.sock";
pub const LOCK: &str = "server.lock";
pub const LOG: &str = "server.log";
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Export pages are at most this many cases.
pub const EXPORT_PAGE: u32 = 1000;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("a docket server already runs for {0}")]
    AlreadyRunning(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot serve {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the store {path} belongs to {owner}: only that account runs its server (sudo systemctl start docket, or sudo -u {owner} docket --store {path} serve); a member only connects to it"
    )]
    NotOwner { path: PathBuf, owner: String },
    #[error(
        "the store directory {path} is writable by {who}: they could replace its server or its files. Make it owned by the service account and not writable by others (chmod 0750, or 2750 with the group's setgid bit: docs/server.md)"
    )]
    Writable { path: PathBuf, who: &'static str },
}

struct Server {
    store: Store,
    dir: PathBuf,
    owner: u32,
    group: u32,
    group_shared: bool,
    started: chrono::DateTime<chrono::FixedOffset>,
    clients: Mutex<HashMap<u64, ClientInfo>>,
    next_id: AtomicU64,
    subscribers: Mutex<Vec<Sender<Response>>>,
    /// The newest event already announced to subscribers.
    announced: Mutex<u64>,
    last_left: Mutex<Instant>,
}

/// Runs the server in the foreground until idle for `idle` (or forever).
pub fn serve(dir: &Path, idle: Option<Duration>) -> Result<(), ServeError> {
    let io = |source| ServeError::Io {
        path: dir.to_path_buf(),
        source,
    };
    crate::store::create_private_dir(dir)?;
    let meta = std::fs::metadata(dir).map_err(io)?;
    // The data belongs to the store's owner (a caseworker's own store, or
    // the service account of a shared one): only they run its server, and
    // nobody else may write where the server keeps its files.
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    if me != meta.uid() {
        return Err(ServeError::NotOwner {
            path: dir.to_path_buf(),
            owner: user_name(meta.uid()),
        });
    }
    let writable = match meta.mode() {
        m if m & 0o002 != 0 => Some("everyone"),
        m if m & 0o020 != 0 => Some("its group"),
        _ => None,
    };
    if let Some(who) = writable {
        return Err(ServeError::Writable {
            path: dir.to_path_buf(),
            who,
        });
    }
    // Members of the directory's group may only connect to the socket.
    let group_shared = meta.mode() & 0o050 != 0;
    // SAFETY: setting this process's file mode mask.
    unsafe { libc::umask(0o077) };
    let _lock = lock_server(dir)?;
    let store = Store::open(dir)?;
    let sock = dir.join(SOCKET);
    // Holding the lock, any socket left here belongs to a dead server.
    let _ = std::fs::remove_file(&sock);
    // Bound under another name and given its owner and mode before it
    // takes the socket's name: a client never finds it half set up.
    let fresh = dir.join(format!("{SOCKET}.new"));
    let _ = std::fs::remove_file(&fresh);
    let listener = UnixListener::bind(&fresh).map_err(io)?;
    let mode = if group_shared { 0o660 } else { 0o600 };
    if group_shared {
        std::os::unix::fs::chown(&fresh, None, Some(meta.gid())).map_err(io)?;
    }
    std::fs::set_permissions(&fresh, std::fs::Permissions::from_mode(mode)).map_err(io)?;
    std::fs::rename(&fresh, &sock).map_err(io)?;
    let announced = store.last_event_seq()?;
    let server = Arc::new(Server {
        store,
        dir: dir.to_path_buf(),
        owner: meta.uid(),
        group: meta.gid(),
        group_shared,
        started: Utc::now().fixed_offset(),
        clients: Mutex::new(HashMap::new()),
        next_id: AtomicU64::new(1),
        subscribers: Mutex::new(Vec::new()),
        announced: Mutex::new(announced),
        last_left: Mutex::new(Instant::now()),
    });
    tracing_line(&format!(
        "serving {} (pid {})",
        dir.display(),
        std::process::id()
    ));
    {
        let server = Arc::clone(&server);
        std::thread::spawn(move || watchdog(&server, idle, &sock));
    }
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                let server = Arc::clone(&server);
                std::thread::spawn(move || server.handle(stream));
            }
            Err(e) => tracing_line(&format!("accept failed: {e}")),
        }
    }
    Ok(())
}

/// Cases sent by a client, validated again by the server's rules and
/// calendar (on every core: an import may hold a million); the first few
/// problems are named, and nothing is written.
fn checked(
    cases: Vec<crate::domain::record::ValidCase>,
) -> Result<Vec<crate::domain::record::ValidCase>, StoreError> {
    let today = server_today();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = cases.len().div_ceil(threads).max(1);
    let problems: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .chunks(chunk)
            .enumerate()
            .map(|(k, part)| {
                scope.spawn(move || {
                    part.iter()
                        .enumerate()
                        .filter_map(|(i, vc)| {
                            vc.checked(today)
                                .err()
                                .map(|e| format!("case {} of the request: {e}", k * chunk + i + 1))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec!["the check of the cases failed".to_string()])
            })
            .collect()
    });
    if problems.is_empty() {
        return Ok(cases);
    }
    let more = problems.len().saturating_sub(5);
    let mut text = problems[..problems.len().min(5)].join("; ");
    if more > 0 {
        text.push_str(&format!("; and {more} more"));
    }
    Err(StoreError::Refused(format!("nothing was written: {text}")))
}

/// The server's today: `DOCKET_TODAY` in the server's own environment
/// (tests, demos, training stores; a private store's server started by its
/// owner's docket inherits the owner's), else its clock. A client's date
/// never moves a running server's calendar.
fn server_today() -> NaiveDate {
    std::env::var("DOCKET_TODAY")
        .ok()
        .and_then(|s| crate::domain::record::parse_date(&s).ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

fn tracing_line(msg: &str) {
    eprintln!(
        "{} docket server: {msg}",
        Utc::now().format("%Y-%m-%dT%H:%M:%SZ")
    );
}

/// One server per store: an exclusive lock on a file beside the socket.
fn lock_server(dir: &Path) -> Result<File, ServeError> {
    let path = dir.join(LOCK);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| ServeError::Io {
            path: path.clone(),
            source,
        })?;
    // SAFETY: flock on a file descriptor we own.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        return Err(ServeError::AlreadyRunning(dir.to_path_buf()));
    }
    Ok(file)
}

/// Ends the server when it has been idle long enough, or when its socket
/// was taken away (the store directory removed or replaced).
fn watchdog(server: &Server, idle: Option<Duration>, sock: &Path) {
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let gone = !sock.exists();
        let idle_out = idle.is_some_and(|idle| {
            let nobody = server.clients.lock().map(|c| c.is_empty()).unwrap_or(false);
            let since = server
                .last_left
                .lock()
                .map(|t| t.elapsed())
                .unwrap_or_default();
            nobody && since >= idle
        });
        if gone || idle_out {
            // Every acknowledged command was flushed already; flush again
            // for anything sled keeps in memory of its own.
            let _ = server.store.flush();
            if !gone {
                let _ = std::fs::remove_file(sock);
            }
            tracing_line(if gone {
                "socket removed, exiting"
            } else {
                "idle, exiting"
            });
            std::process::exit(0);
        }
    }
}

fn remote(e: StoreError) -> RemoteError {
    let kind = match &e {
        StoreError::NoCase(case) => ErrorKind::NoCase { case: *case },
        StoreError::Conflict { case, who, at } => ErrorKind::Conflict {
            case: *case,
            who: who.clone(),
            at: at.clone(),
        },
        StoreError::Refusal(r) => ErrorKind::Refusal(Box::new(r.clone())),
        StoreError::Refused(_) | StoreError::CaseExists(_) | StoreError::NoDeadline { .. } => {
            ErrorKind::Refused
        }
        _ => ErrorKind::Store,
    };
    RemoteError {
        kind,
        message: e.to_string(),
    }
}

impl Server {
    fn handle(&self, stream: UnixStream) {
        let Ok(peer) = peer::credentials(&stream) else {
            return;
        };
        let user = user_name(peer.uid);
        let mut reader = match stream.try_clone() {
            Ok(s) => s,
            Err(_) => return,
        };
        let mut writer = stream;
        // Who is asking, before a byte of what they send is read.
        if !peer::may_use(&peer, &user, self.owner, self.group, self.group_shared) {
            let message = format!(
                "user {user} may not use the store {}: it is shared with the members of group {} only; ask an administrator to add you to that group",
                self.dir.display(),
                peer::group_name(self.group)
            );
            tracing_line(&format!("refused {user} (pid {})", peer.pid));
            let refused = Greeted::Refused(RemoteError {
                kind: ErrorKind::Refused,
                message,
            });
            let _ = write_encoded(&mut writer, &refused.encode());
            return;
        }
        let Some(Hello {
            protocol,
            version,
            purpose,
        }) = read_bytes_within(&mut reader, MAX_HELLO)
            .ok()
            .flatten()
            .and_then(|bytes| Hello::decode(&bytes))
        else {
            return;
        };
        if protocol != PROTOCOL || version != VERSION {
            let others = self.clients.lock().map(|c| c.len()).unwrap_or(0);
            let message = format!(
                "the docket server for this store is version {VERSION} and this docket is {version}; {others} other client(s) connected"
            );
            let refused = Greeted::Refused(RemoteError {
                kind: ErrorKind::OtherVersion {
                    others: others as u32,
                },
                message,
            });
            let _ = write_encoded(&mut writer, &refused.encode());
            // A client of another version may still ask us to step aside,
            // if it is the store's owner and nobody else is connected.
            if let Ok(Some(bytes)) = read_bytes_within(&mut reader, MAX_HELLO)
                && bytes == STEP_ASIDE
                && others == 0
                && self.may_stop(&peer)
            {
                self.stop(&format!(
                    "shut down for {user} (pid {}), a client of docket {version}",
                    peer.pid
                ));
            }
            return;
        }
        // A deactivated user is refused, in their own language.
        if let Some(refused) = self.deactivated(&user) {
            tracing_line(&format!("refused {user} (pid {}): deactivated", peer.pid));
            let _ = write_encoded(&mut writer, &Greeted::Refused(refused).encode());
            return;
        }
        let welcome = Greeted::Welcome {
            protocol: PROTOCOL,
            version: VERSION.to_string(),
        };
        if write_encoded(&mut writer, &welcome.encode()).is_err() {
            return;
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut clients) = self.clients.lock() {
            clients.insert(
                id,
                ClientInfo {
                    user: user.clone(),
                    pid: peer.pid,
                    purpose,
                    since: Utc::now().fixed_offset(),
                },
            );
        }
        self.serve_client(&peer, &user, &mut reader, &mut writer);
        if let Ok(mut clients) = self.clients.lock() {
            clients.remove(&id);
        }
        if let Ok(mut t) = self.last_left.lock() {
            *t = Instant::now();
        }
    }

    fn serve_client(
        &self,
        peer: &peer::Peer,
        user: &str,
        reader: &mut UnixStream,
        writer: &mut UnixStream,
    ) {
        loop {
            let request = match read_frame::<Request>(reader) {
                Ok(Some(r)) => r,
                // A request that cannot be read (too large, damaged) is
                // answered, not dropped: the client must not take it for a
                // server that died and send it again.
                Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                    let message = format!("the request could not be read ({e}); nothing was done");
                    let _ = write_frame(
                        writer,
                        &Response::Error(RemoteError {
                            kind: ErrorKind::Refused,
                            message,
                        }),
                    );
                    return;
                }
                Ok(None) | Err(_) => return,
            };
            // Deactivated while connected: refused from the next request.
            if let Some(refused) = self.deactivated(user) {
                let _ = write_frame(writer, &Response::Error(refused));
                return;
            }
            let (changes, response) = match request {
                Request::Subscribe => {
                    self.stream_changes(reader, writer);
                    return;
                }
                Request::Shutdown => (false, self.shutdown(peer, user)),
                Request::Query(query) => (false, self.query(user, query)),
                Request::Command { op, command } => (true, self.command(user, op, command)),
            };
            if changes && !matches!(response, Response::Error(_)) {
                self.announce();
            }
            let sent = write_frame(writer, &response);
            // A write failed under the store (a full disk): what sled holds
            // in memory may not be on disk. A fresh server opens the store
            // as the disk has it.
            if self.store.failed() {
                self.stop("a write to the store failed (is the disk full?): stopping, so that the next command opens the store afresh");
            }
            if sent.is_err() {
                return;
            }
        }
    }

    /// The refusal for a user an admin deactivated (`docket user deactivate`).
    fn deactivated(&self, user: &str) -> Option<RemoteError> {
        match self.store.is_deactivated(user) {
            Ok(false) => None,
            Ok(true) => Some(remote(StoreError::Refusal(
                crate::domain::refusal::Why::UserDeactivated {
                    user: user.to_string(),
                }
                .into(),
            ))),
            Err(e) => Some(remote(e)),
        }
    }

    fn query(&self, user: &str, query: Query) -> Response {
        let session = handler::Session::new(self, user, None);
        match query.run(&session) {
            Ok(answer) => Response::Answer(answer),
            Err(e) => Response::Error(remote(e)),
        }
    }

    /// A command, sent with the client's id: done once. A retry (the client
    /// lost the connection before the answer) of a committed command gets
    /// the first result and changes nothing.
    fn command(&self, user: &str, op: OpId, command: Command) -> Response {
        let replayer = command.replayer();
        let replay = |kept: Vec<u8>| {
            match replayer(&kept) {
            Some(answer) => Response::Answer(answer),
            None => Response::Error(remote(StoreError::Refused(
                "the first answer to this command could not be read back; check the case before you send it again".into(),
            ))),
        }
        };
        match self.store.committed(&op) {
            Ok(Some(kept)) => return replay(kept),
            Ok(None) => {}
            Err(e) => return Response::Error(remote(e)),
        }
        let session = handler::Session::new(self, user, Some(op));
        match command.run(&session) {
            Ok(answer) => Response::Answer(answer),
            // A retry racing the first attempt, which committed meanwhile.
            Err(StoreError::AlreadyDone) => match self.store.committed(&op) {
                Ok(Some(kept)) => replay(kept),
                _ => Response::Error(remote(StoreError::AlreadyDone)),
            },
            Err(e) => Response::Error(remote(e)),
        }
    }

    /// Stopping the server is its owner's (the store's owner: the service
    /// account of a shared store, or root), and is logged with who asked.
    fn shutdown(&self, peer: &peer::Peer, user: &str) -> Response {
        if !self.may_stop(peer) {
            tracing_line(&format!(
                "refused a shutdown asked by {user} (pid {})",
                peer.pid
            ));
            return Response::Error(remote(StoreError::Refusal(
                crate::domain::refusal::Why::StopOnlyOwner {
                    owner: user_name(self.owner),
                    user: user.to_string(),
                }
                .into(),
            )));
        }
        let others = self.clients.lock().map(|c| c.len()).unwrap_or(0);
        if others > 1 {
            return Response::Error(remote(StoreError::Refusal(
                crate::domain::refusal::Why::StopOthersConnected {
                    others: (others - 1) as u32,
                }
                .into(),
            )));
        }
        self.stop(&format!("shut down by {user} (pid {})", peer.pid))
    }

    /// Flushes, takes the socket away (no stale socket for the next
    /// client to trip on), logs why, and ends the process.
    fn stop(&self, why: &str) -> ! {
        let _ = self.store.flush();
        let _ = std::fs::remove_file(self.dir.join(SOCKET));
        tracing_line(why);
        std::process::exit(0);
    }

    fn may_stop(&self, peer: &peer::Peer) -> bool {
        peer.uid == self.owner || peer.uid == 0
    }

    fn status(&self) -> ServerStatus {
        let mut clients: Vec<ClientInfo> = self
            .clients
            .lock()
            .map(|c| c.values().cloned().collect())
            .unwrap_or_default();
        clients.sort_by(|a, b| a.since.cmp(&b.since).then(a.pid.cmp(&b.pid)));
        ServerStatus {
            pid: std::process::id(),
            version: VERSION.to_string(),
            store: self.dir.display().to_string(),
            started: self.started,
            clients,
        }
    }

    /// Tells every subscriber about events not yet announced.
    fn announce(&self) {
        let Ok(mut announced) = self.announced.lock() else {
            return;
        };
        let Ok(events) = self.store.events_after(*announced, 10_000) else {
            return;
        };
        let Some(last) = events.last().map(|e| e.seq) else {
            return;
        };
        let mut cases: Vec<_> = events.iter().map(|e| e.case).collect();
        cases.dedup();
        *announced = last;
        let note = Response::Changed { seq: last, cases };
        if let Ok(mut subs) = self.subscribers.lock() {
            subs.retain(|tx| tx.send(note.clone()).is_ok());
        }
    }

    /// A subscriber's connection: pushes changes until the client leaves.
    fn stream_changes(&self, reader: &mut UnixStream, writer: &mut UnixStream) {
        let (tx, rx): (Sender<Response>, Receiver<Response>) = mpsc::channel();
        if let Ok(mut subs) = self.subscribers.lock() {
            subs.push(tx);
        }
        if write_frame(writer, &Response::Subscribed).is_err() {
            return;
        }
        loop {
            match rx.recv_timeout(Duration::from_millis(500)) {
                Ok(note) => {
                    if write_frame(writer, &note).is_err() {
                        return;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    if peer_closed(reader) {
                        return;
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }
}
