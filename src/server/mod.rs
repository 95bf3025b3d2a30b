//! The store server: one process owns the sled store and serves it over a
//! Unix socket in the store directory, as tmux does. Every docket command
//! is a client; the first one starts the server, which ends a while after
//! its last client leaves.

pub mod peer;
pub mod protocol;

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

use crate::domain::case::CaseNo;
use crate::store::{Actor, Store, StoreError};
use crate::users::user_name;
use protocol::{
    ClientInfo, ErrorKind, MAX_HELLO, PROTOCOL, RemoteError, Request, Response, ServerStatus,
    peer_closed, read_frame, read_frame_within, write_frame,
};

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
        StoreError::NoCase(_) => ErrorKind::NoCase,
        StoreError::Conflict { .. } => ErrorKind::Conflict,
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
            let _ = write_frame(
                &mut writer,
                &Response::Error(RemoteError {
                    kind: ErrorKind::Refused,
                    message,
                }),
            );
            return;
        }
        let (protocol, version, purpose) =
            match read_frame_within::<Request>(&mut reader, MAX_HELLO) {
                Ok(Some(Request::Hello {
                    protocol,
                    version,
                    purpose,
                })) => (protocol, version, purpose),
                _ => return,
            };
        if protocol != PROTOCOL || version != VERSION {
            let others = self.clients.lock().map(|c| c.len()).unwrap_or(0);
            let message = format!(
                "the docket server for this store is version {VERSION} and this docket is {version}; {others} other client(s) connected"
            );
            let _ = write_frame(
                &mut writer,
                &Response::Error(RemoteError {
                    kind: ErrorKind::OtherVersion {
                        others: others as u32,
                    },
                    message,
                }),
            );
            // A client of another version may still ask us to step aside,
            // if it is the store's owner and nobody else is connected.
            if let Ok(Some(Request::Shutdown)) =
                read_frame_within::<Request>(&mut reader, MAX_HELLO)
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
        if write_frame(
            &mut writer,
            &Response::Hello {
                protocol: PROTOCOL,
                version: VERSION.to_string(),
            },
        )
        .is_err()
        {
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
            if let Request::Subscribe = request {
                self.stream_changes(reader, writer);
                return;
            }
            let changes = is_change(&request);
            let response = match request {
                Request::Shutdown => self.shutdown(peer, user),
                Request::Once { op, request } => self.once(user, op, *request),
                request => self.answer(user, request, None),
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

    /// A change sent with the client's id: done once. A retry (the client
    /// lost the connection before the answer) of a committed change gets
    /// the first result and changes nothing.
    fn once(&self, user: &str, op: crate::store::keys::OpId, request: Request) -> Response {
        if !is_change(&request) {
            return self.answer(user, request, None);
        }
        // What a replay answers with, known before the request is moved.
        #[derive(Clone, Copy)]
        enum Answer {
            Numbers,
            Registered,
            DeadlineId,
            Done,
        }
        let answer = match &request {
            Request::Import { .. } => Answer::Numbers,
            Request::Register { .. } => Answer::Registered,
            Request::AddDeadline { .. } => Answer::DeadlineId,
            _ => Answer::Done,
        };
        let replay = |bytes: Vec<u8>| -> Response {
            use crate::store::codec::decode;
            let decoded = match answer {
                Answer::Numbers => decode(&bytes).map(Response::Numbers),
                Answer::Registered => decode::<Vec<CaseNo>>(&bytes).map(|nos| match nos.first() {
                    Some(no) => Response::Registered(*no),
                    None => Response::Done,
                }),
                Answer::DeadlineId => decode(&bytes).map(Response::DeadlineId),
                Answer::Done => Ok(Response::Done),
            };
            decoded.unwrap_or_else(|e| Response::Error(remote(StoreError::from(e))))
        };
        match self.store.committed(&op) {
            Ok(Some(bytes)) => return replay(bytes),
            Ok(None) => {}
            Err(e) => return Response::Error(remote(e)),
        }
        match self.answer(user, request, Some(op)) {
            Response::Error(e) if e.message == StoreError::AlreadyDone.to_string() => {
                match self.store.committed(&op) {
                    Ok(Some(bytes)) => replay(bytes),
                    _ => Response::Error(e),
                }
            }
            other => other,
        }
    }

    /// The date a change is entered on: the one the client gives (a step
    /// that happened earlier may be backdated), never after the server's
    /// own today, which a client cannot move.
    fn dated(&self, given: NaiveDate) -> Result<NaiveDate, StoreError> {
        let today = server_today();
        if given > today {
            return Err(StoreError::Refused(format!(
                "{given} is after today ({today}) by the server's calendar: a step is never dated in the future"
            )));
        }
        Ok(given)
    }

    fn answer(
        &self,
        user: &str,
        request: Request,
        op: Option<crate::store::keys::OpId>,
    ) -> Response {
        // Instants are kept in UTC; each reader sees them in their own zone.
        let actor = Actor {
            user: user.to_string(),
            at: Utc::now().fixed_offset(),
            op,
        };
        let s = &self.store;
        let result = match request {
            Request::Hello { .. } | Request::Subscribe => Ok(Response::Done),
            Request::Policy => s.policy().map(Response::Policy),
            Request::Calendar => s.calendar().map(|c| Response::Calendar(Box::new(c))),
            Request::Case(no) => s.case(no).map(|c| Response::Case(c.map(Box::new))),
            Request::History(no) => s.history(no).map(Response::History),
            Request::ExportPage { after, limit } => s
                .cases_after(after, limit.min(EXPORT_PAGE) as usize)
                .and_then(|cases| {
                    cases
                        .into_iter()
                        .map(|c| s.history(c.no).map(|h| (c, h)))
                        .collect::<Result<Vec<_>, _>>()
                })
                .map(Response::ExportPage),
            Request::DueUntil { until } => s.due_with_cases(until).map(Response::Due),
            Request::Import { cases, via } => checked(cases)
                .and_then(|cases| s.import(&actor, cases, &via))
                .map(Response::Numbers),
            Request::AddDeadline {
                case,
                expected_revision,
                date,
                label,
            } => s
                .add_deadline(&actor, case, expected_revision, date, &label)
                .map(Response::DeadlineId),
            Request::DoneDeadline {
                case,
                expected_revision,
                id,
                on,
            } => self
                .dated(on)
                .and_then(|on| s.done_deadline(&actor, case, expected_revision, id, on))
                .map(|()| Response::Done),
            Request::SetPolicy(p) => s.set_policy(&actor, p).map(|()| Response::Done),
            Request::ImportCalendar(c) => s.import_calendar(&actor, c).map(Response::Years),
            Request::Status => Ok(Response::Status(self.status())),
            Request::Verify => s.verify().map(Response::Problems),
            Request::Recovered => s.recovered().map(Response::Problems),
            Request::Register { case, today } => self
                .dated(today)
                .and_then(|today| Ok((checked(vec![*case])?, today)))
                .and_then(|(mut cases, today)| match cases.pop() {
                    Some(case) => s.register(&actor, case, today),
                    None => Err(StoreError::Refused("no case to register".into())),
                })
                .map(Response::Registered),
            Request::Withdraw {
                case,
                expected_revision,
                reason,
                on,
            } => self
                .dated(on)
                .and_then(|on| s.withdraw(&actor, case, expected_revision, &reason, on))
                .map(|()| Response::Done),
            Request::Correct {
                case,
                expected_revision,
                field,
                value,
                today,
            } => self
                .dated(today)
                .and_then(|today| s.correct(&actor, case, expected_revision, &field, &value, today))
                .map(|()| Response::Done),
            Request::Draft => s.draft(user).map(Response::Draft),
            Request::Step {
                case,
                expected_revision,
                step,
                today,
            } => self
                .dated(today)
                .and_then(|today| s.step(&actor, case, expected_revision, *step, today))
                .map(|()| Response::Done),
            Request::Users => s.users().map(Response::Users),
            Request::MyRole => s.role_of(user).map(Response::Role),
            Request::SetUser { name, role } => {
                s.set_user(&actor, &name, role).map(|()| Response::Done)
            }
            Request::Providers => s.providers().map(|ps| {
                Response::Providers(
                    ps.into_iter()
                        .map(|p| {
                            let open = s.provider_load(&p.id) as u32;
                            (p, open)
                        })
                        .collect(),
                )
            }),
            Request::SetProviders(ps) => s.set_providers(&actor, ps).map(|()| Response::Done),
            Request::ProviderCases(id) => s.provider_open_cases(&id).map(Response::Numbers),
            Request::RankProviders { case } => s.rank_providers(case).map(Response::Choices),
            Request::Conflicts {
                applicant,
                adverse_party,
            } => s
                .possible_conflicts(&applicant, adverse_party.as_deref())
                .map(Response::Numbers),
            Request::Checklist { case, today } => s.checklist(case, today).map(Response::Checklist),
            Request::SaveDraft(d) => s.save_draft(user, d.as_deref()).map(|()| Response::Done),
            Request::QueuePage {
                today,
                window,
                filter,
            } => s
                .queue_page(today, capped(window), &filter)
                .map(Response::CasePage),
            Request::BoardPage { stage, window } => {
                s.board_page(stage, capped(window)).map(Response::CasePage)
            }
            Request::DuePage { until, window } => {
                s.due_page(until, capped(window)).map(Response::DuePage)
            }
            Request::Find { query, limit } => {
                s.find(&query, limit.min(1000) as usize).map(Response::Hits)
            }
            Request::SamePerson(applicant) => s.same_person(&applicant).map(|v| {
                Response::SamePerson(v.into_iter().map(|(n, why)| (n, why.to_string())).collect())
            }),
            // Handled with the peer's identity, in `shutdown`, and once.
            Request::Shutdown => Err(StoreError::Refused("a shutdown needs the peer".into())),
            Request::Once { .. } => Err(StoreError::Refused("a command inside a command".into())),
        };
        result.unwrap_or_else(|e| Response::Error(remote(e)))
    }

    /// Stopping the server is its owner's (the store's owner: the service
    /// account of a shared store, or root), and is logged with who asked.
    fn shutdown(&self, peer: &peer::Peer, user: &str) -> Response {
        if !self.may_stop(peer) {
            tracing_line(&format!(
                "refused a shutdown asked by {user} (pid {})",
                peer.pid
            ));
            return Response::Error(remote(StoreError::Refused(format!(
                "only the store's owner ({}) may stop its server; you are {user}",
                user_name(self.owner)
            ))));
        }
        let others = self.clients.lock().map(|c| c.len()).unwrap_or(0);
        if others > 1 {
            return Response::Error(remote(StoreError::Refused(format!(
                "the server has {} other client(s); it stops when they leave",
                others - 1
            ))));
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
        if write_frame(writer, &Response::Done).is_err() {
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

/// Pages are at most this long, whatever a client asks.
fn capped(mut w: crate::store::PageWindow) -> crate::store::PageWindow {
    w.limit = w.limit.min(1000);
    w
}

fn is_change(r: &Request) -> bool {
    if let Request::Once { request, .. } = r {
        return is_change(request);
    }
    matches!(
        r,
        Request::Import { .. }
            | Request::Register { .. }
            | Request::Withdraw { .. }
            | Request::Correct { .. }
            | Request::Step { .. }
            | Request::SetUser { .. }
            | Request::SetProviders(_)
            | Request::AddDeadline { .. }
            | Request::DoneDeadline { .. }
            | Request::SetPolicy(_)
            | Request::ImportCalendar(_)
    )
}
