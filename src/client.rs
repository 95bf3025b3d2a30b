//! The client side of the store server: every docket command and the TUI
//! talk to the store through this, never to sled directly. Connecting
//! starts a server when none runs.

use std::io;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::domain::calendar::Calendar;
use crate::domain::case::{Case, CaseNo};
use crate::domain::event::Event;
use crate::domain::policy::Policy;
use crate::domain::record::ValidCase;
use crate::domain::stage::Stage;
use crate::server::protocol::{
    ErrorKind, PROTOCOL, RemoteError, Request, Response, ServerStatus, read_frame, wait_readable,
    write_encoded, write_frame,
};
use crate::server::{EXPORT_PAGE, LOG, SOCKET, VERSION};
use crate::store::{CasePage, DueEntry, DuePage, PageWindow};

/// How long a client waits for a server it started (a large store takes a
/// moment to open).
const START_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(transparent)]
    Remote(#[from] RemoteError),
    #[error(
        "the docket server for {0} stopped while answering (it may have crashed); run the command again: a new server starts, and nothing it acknowledged is lost"
    )]
    ServerGone(PathBuf),
    #[error("{0}")]
    Start(String),
    #[error(
        "the docket server for {0} stopped while answering, and again when asked once more: it is not known whether the change was stored. Check with `docket show` or `docket export` before you run the command again"
    )]
    Unknown(PathBuf),
    #[error("cannot reach the docket server for {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "the docket server answered something unexpected; it may be another version: run `docket status`"
    )]
    Unexpected,
}

impl ClientError {
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
            .map_err(|e| ClientError::Start(format!("cannot find the docket program: {e}")))?;
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
                            let _ = write_frame(&mut client.stream, &Request::Shutdown);
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
                                return Err(ClientError::Start(format!(
                                    "the docket service for {} is not running (it runs as {owner}): ask your administrator to start it (sudo systemctl start docket)",
                                    dir.display()
                                )));
                            }
                            started = Some(start_server(dir, exe)?);
                        }
                        Some(child) => {
                            if let Ok(Some(status)) = child.try_wait()
                                && !status.success()
                            {
                                return Err(ClientError::Start(server_failure(dir)));
                            }
                        }
                    }
                    if Instant::now() > deadline {
                        return Err(ClientError::Start(format!(
                            "the docket server for {} did not start within {} s; see {}",
                            dir.display(),
                            START_TIMEOUT.as_secs(),
                            dir.join(LOG).display()
                        )));
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                    return Err(ClientError::Start(format!(
                        "you may not use the store {}: it is shared with the members of its group only; ask an administrator to add you to that group",
                        dir.display()
                    )));
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

    fn hello(&mut self, purpose: &str) -> Result<()> {
        match self.call(Request::Hello {
            protocol: PROTOCOL,
            version: VERSION.to_string(),
            purpose: purpose.to_string(),
        })? {
            Response::Hello { .. } => Ok(()),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Sends a change with an id of its own. When the server stops before
    /// answering, the same change is sent once more, with the same id, to a
    /// new server: a change already committed is answered, not done again;
    /// one that was not is done now. Only when that fails too is the
    /// outcome unknown, and the error says so.
    fn call_once(&mut self, request: Request) -> Result<Response> {
        let op: crate::store::keys::OpId = rand::random();
        // Encoded once and kept, not the request (an import may be large).
        let frame = crate::store::codec::encode(&Request::Once {
            op,
            request: Box::new(request),
        });
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

    fn call(&mut self, request: Request) -> Result<Response> {
        self.send(&crate::store::codec::encode(&request))
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

    pub fn policy(&mut self) -> Result<Policy> {
        match self.call(Request::Policy)? {
            Response::Policy(p) => Ok(p),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn calendar(&mut self) -> Result<Calendar> {
        match self.call(Request::Calendar)? {
            Response::Calendar(c) => Ok(*c),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn case(&mut self, no: CaseNo) -> Result<Option<Case>> {
        match self.call(Request::Case(no))? {
            Response::Case(c) => Ok(c.map(|c| *c)),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn history(&mut self, no: CaseNo) -> Result<Vec<Event>> {
        match self.call(Request::History(no))? {
            Response::History(h) => Ok(h),
            _ => Err(ClientError::Unexpected),
        }
    }

    /// One page of cases with their histories, after `after`.
    pub fn export_page(&mut self, after: Option<CaseNo>) -> Result<Vec<(Case, Vec<Event>)>> {
        match self.call(Request::ExportPage {
            after,
            limit: EXPORT_PAGE,
        })? {
            Response::ExportPage(p) => Ok(p),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn due_until(&mut self, until: NaiveDate) -> Result<Vec<(DueEntry, Case)>> {
        match self.call(Request::DueUntil { until })? {
            Response::Due(d) => Ok(d),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn import(&mut self, cases: Vec<ValidCase>, via: &str) -> Result<Vec<CaseNo>> {
        match self.call_once(Request::Import {
            cases,
            via: via.to_string(),
        })? {
            Response::Numbers(n) => Ok(n),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn add_deadline(
        &mut self,
        case: CaseNo,
        expected_revision: Option<u64>,
        date: NaiveDate,
        label: &str,
    ) -> Result<u32> {
        match self.call_once(Request::AddDeadline {
            case,
            expected_revision,
            date,
            label: label.to_string(),
        })? {
            Response::DeadlineId(id) => Ok(id),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn done_deadline(
        &mut self,
        case: CaseNo,
        expected_revision: Option<u64>,
        id: u32,
        on: NaiveDate,
    ) -> Result<()> {
        match self.call_once(Request::DoneDeadline {
            case,
            expected_revision,
            id,
            on,
        })? {
            Response::Done => Ok(()),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn set_policy(&mut self, policy: Policy) -> Result<()> {
        match self.call_once(Request::SetPolicy(policy))? {
            Response::Done => Ok(()),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn import_calendar(&mut self, calendar: Calendar) -> Result<Vec<i32>> {
        match self.call_once(Request::ImportCalendar(calendar))? {
            Response::Years(y) => Ok(y),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn register(&mut self, case: ValidCase, today: NaiveDate) -> Result<CaseNo> {
        match self.call_once(Request::Register {
            case: Box::new(case),
            today,
        })? {
            Response::Registered(no) => Ok(no),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn withdraw(
        &mut self,
        case: CaseNo,
        expected_revision: Option<u64>,
        reason: &str,
        on: NaiveDate,
    ) -> Result<()> {
        match self.call_once(Request::Withdraw {
            case,
            expected_revision,
            reason: reason.to_string(),
            on,
        })? {
            Response::Done => Ok(()),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn correct(
        &mut self,
        case: CaseNo,
        expected_revision: Option<u64>,
        field: &str,
        value: &str,
        today: NaiveDate,
    ) -> Result<()> {
        match self.call_once(Request::Correct {
            case,
            expected_revision,
            field: field.to_string(),
            value: value.to_string(),
            today,
        })? {
            Response::Done => Ok(()),
            _ => Err(ClientError::Unexpected),
        }
    }

    /// Possible conflicts of interest, both ways: cases whose applicant is
    /// the adverse party, and cases whose adverse party is the applicant.
    pub fn conflicts(
        &mut self,
        applicant: &str,
        adverse_party: Option<&str>,
    ) -> Result<Vec<CaseNo>> {
        match self.call(Request::Conflicts {
            applicant: applicant.to_string(),
            adverse_party: adverse_party.map(str::to_string),
        })? {
            Response::Numbers(n) => Ok(n),
            _ => Err(ClientError::Unexpected),
        }
    }

    /// The case's eligibility checklist, evaluated by the store.
    pub fn checklist(
        &mut self,
        case: CaseNo,
        today: NaiveDate,
    ) -> Result<Vec<crate::domain::eligibility::Check>> {
        match self.call(Request::Checklist { case, today })? {
            Response::Checklist(c) => Ok(c),
            _ => Err(ClientError::Unexpected),
        }
    }

    /// Applies a step of the procedure (domain::workflow) to a case.
    pub fn step(
        &mut self,
        case: CaseNo,
        expected_revision: Option<u64>,
        step: crate::domain::workflow::Step,
        today: NaiveDate,
    ) -> Result<()> {
        match self.call_once(Request::Step {
            case,
            expected_revision,
            step: Box::new(step),
            today,
        })? {
            Response::Done => Ok(()),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn users(&mut self) -> Result<Vec<crate::domain::user::User>> {
        match self.call(Request::Users)? {
            Response::Users(u) => Ok(u),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn my_role(&mut self) -> Result<crate::domain::user::Role> {
        match self.call(Request::MyRole)? {
            Response::Role(r) => Ok(r),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn set_user(&mut self, name: &str, role: crate::domain::user::Role) -> Result<()> {
        match self.call_once(Request::SetUser {
            name: name.to_string(),
            role,
        })? {
            Response::Done => Ok(()),
            _ => Err(ClientError::Unexpected),
        }
    }

    /// Every provider with their number of open cases.
    pub fn providers(&mut self) -> Result<Vec<(crate::domain::provider::Provider, u32)>> {
        match self.call(Request::Providers)? {
            Response::Providers(p) => Ok(p),
            _ => Err(ClientError::Unexpected),
        }
    }

    /// Adds or replaces providers, all or none.
    pub fn set_providers(
        &mut self,
        providers: Vec<crate::domain::provider::Provider>,
    ) -> Result<()> {
        match self.call_once(Request::SetProviders(providers))? {
            Response::Done => Ok(()),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn provider_cases(&mut self, id: &str) -> Result<Vec<CaseNo>> {
        match self.call(Request::ProviderCases(id.to_string()))? {
            Response::Numbers(n) => Ok(n),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn rank_providers(&mut self, case: CaseNo) -> Result<Vec<crate::store::Choice>> {
        match self.call(Request::RankProviders { case })? {
            Response::Choices(c) => Ok(c),
            _ => Err(ClientError::Unexpected),
        }
    }

    /// The connected user's registration draft.
    pub fn draft(&mut self) -> Result<Option<String>> {
        match self.call(Request::Draft)? {
            Response::Draft(d) => Ok(d),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn save_draft(&mut self, draft: Option<&str>) -> Result<()> {
        match self.call(Request::SaveDraft(draft.map(str::to_string)))? {
            Response::Done => Ok(()),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn queue_page(
        &mut self,
        today: NaiveDate,
        window: PageWindow,
        filter: &crate::domain::queue::QueueFilter,
    ) -> Result<CasePage> {
        match self.call(Request::QueuePage {
            today,
            window,
            filter: filter.clone(),
        })? {
            Response::CasePage(p) => Ok(p),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn board_page(&mut self, stage: Stage, window: PageWindow) -> Result<CasePage> {
        match self.call(Request::BoardPage { stage, window })? {
            Response::CasePage(p) => Ok(p),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn due_page(&mut self, until: NaiveDate, window: PageWindow) -> Result<DuePage> {
        match self.call(Request::DuePage { until, window })? {
            Response::DuePage(p) => Ok(p),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn find(&mut self, query: &str, limit: u32) -> Result<Vec<crate::store::Hit>> {
        match self.call(Request::Find {
            query: query.to_string(),
            limit,
        })? {
            Response::Hits(h) => Ok(h),
            _ => Err(ClientError::Unexpected),
        }
    }

    /// Cases of the same person (same ID number, phone, or name and birth date).
    pub fn same_person(
        &mut self,
        applicant: &crate::domain::case::Applicant,
    ) -> Result<Vec<(CaseNo, String)>> {
        match self.call(Request::SamePerson(Box::new(applicant.clone())))? {
            Response::SamePerson(v) => Ok(v),
            _ => Err(ClientError::Unexpected),
        }
    }

    /// Every disagreement between the indexes and the records (a full scan).
    pub fn verify(&mut self) -> Result<Vec<String>> {
        match self.call(Request::Verify)? {
            Response::Problems(p) => Ok(p),
            _ => Err(ClientError::Unexpected),
        }
    }

    /// What the store set aside in `recovered/` when it was opened.
    pub fn recovered(&mut self) -> Result<Vec<String>> {
        match self.call(Request::Recovered)? {
            Response::Problems(p) => Ok(p),
            _ => Err(ClientError::Unexpected),
        }
    }

    pub fn status(&mut self) -> Result<ServerStatus> {
        match self.call(Request::Status)? {
            Response::Status(s) => Ok(s),
            _ => Err(ClientError::Unexpected),
        }
    }

    /// Asks the server to stop: refused while others are connected, and to
    /// anyone but the store's owner.
    pub fn shutdown(&mut self) -> Result<()> {
        match self.call(Request::Shutdown) {
            // It stopped before it could answer.
            Ok(_) | Err(ClientError::ServerGone(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Turns this connection into a feed of changes.
    pub fn subscribe(mut self) -> Result<Subscription> {
        match self.call(Request::Subscribe)? {
            Response::Done => Ok(Subscription { client: self }),
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
        // Servers before the typed answer said it in words only.
        ErrorKind::VersionMismatch => e.message.ends_with("; 0 other client(s) connected"),
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
    crate::store::create_private_dir(dir).map_err(|e| ClientError::Start(e.to_string()))?;
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(LOG))
        .map_err(|source| ClientError::Io {
            path: dir.join(LOG),
            source,
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
        .map_err(|e| ClientError::Start(format!("cannot start the docket server: {e}")))
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
