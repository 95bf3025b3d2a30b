//! What travels over the store socket: requests and responses as plain
//! serializable values, framed as a 4-byte big-endian length and a value
//! encoded by the store codec (version byte + bincode).

use std::io::{self, Read, Write};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::calendar::Calendar;
use crate::domain::case::{Case, CaseNo};
use crate::domain::event::Event;
use crate::domain::policy::Policy;
use crate::domain::record::ValidCase;
use crate::store::DueEntry;
use crate::store::codec;

/// Bumped whenever Request or Response change shape.
/// 2: provider choices carry reasons and exclusions as values, not text.
/// 3: ranking reads whether a case is serious from the case (Art. 26);
/// changes travel in `Once` with the client's id for them.
pub const PROTOCOL: u32 = 3;

// Frames are encoded like stored values (a version byte, then bincode);
// their shapes are the protocol's, checked by PROTOCOL at the hello.
impl codec::Stored for Request {}
impl codec::Stored for Response {}

/// A frame larger than this is refused rather than read.
pub const MAX_FRAME: u32 = 512 * 1024 * 1024;

/// The first frame of a connection (the hello) is small: a larger one is
/// refused before anything is allocated for it.
pub const MAX_HELLO: u32 = 64 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// The first request of every connection.
    Hello {
        protocol: u32,
        version: String,
        /// What the client is (a command name, "tui"), for `docket status`.
        purpose: String,
    },
    Policy,
    Calendar,
    Case(CaseNo),
    History(CaseNo),
    /// Cases with their histories, in number order, after `after`.
    ExportPage {
        after: Option<CaseNo>,
        limit: u32,
    },
    /// Open deadlines due on or before `until`, with their cases.
    DueUntil {
        until: NaiveDate,
    },
    Import {
        cases: Vec<ValidCase>,
        via: String,
    },
    AddDeadline {
        case: CaseNo,
        expected_revision: Option<u64>,
        date: NaiveDate,
        label: String,
    },
    DoneDeadline {
        case: CaseNo,
        expected_revision: Option<u64>,
        id: u32,
        on: NaiveDate,
    },
    SetPolicy(Policy),
    ImportCalendar(Calendar),
    /// A page of the intake queue as of `today`.
    QueuePage {
        today: NaiveDate,
        window: crate::store::PageWindow,
        filter: crate::domain::queue::QueueFilter,
    },
    /// A page of a board column.
    BoardPage {
        stage: crate::domain::stage::Stage,
        window: crate::store::PageWindow,
    },
    /// A page of the open deadlines due by `until`.
    DuePage {
        until: NaiveDate,
        window: crate::store::PageWindow,
    },
    /// Registers one application (flags found at intake are recorded).
    Register {
        case: Box<ValidCase>,
        today: NaiveDate,
    },
    Withdraw {
        case: CaseNo,
        expected_revision: Option<u64>,
        reason: String,
        on: NaiveDate,
    },
    Correct {
        case: CaseNo,
        expected_revision: Option<u64>,
        field: String,
        value: String,
        today: NaiveDate,
    },
    /// A step of the procedure, as the connected user with their role.
    Step {
        case: CaseNo,
        expected_revision: Option<u64>,
        step: Box<crate::domain::workflow::Step>,
        today: NaiveDate,
    },
    Users,
    /// The connected user's role.
    MyRole,
    SetUser {
        name: String,
        role: crate::domain::user::Role,
    },
    Providers,
    SetProviders(Vec<crate::domain::provider::Provider>),
    /// A provider's open cases.
    ProviderCases(String),
    /// Providers ranked for a case.
    RankProviders {
        case: CaseNo,
    },
    /// Possible conflicts of interest of an applicant and an adverse party, both ways.
    Conflicts {
        applicant: String,
        adverse_party: Option<String>,
    },
    /// A case's eligibility checklist, evaluated by the store.
    Checklist {
        case: CaseNo,
        today: NaiveDate,
    },
    /// The connected user's registration draft.
    Draft,
    /// Saves (Some) or discards (None) the connected user's draft.
    SaveDraft(Option<String>),
    /// Cases matching a query, best first.
    Find {
        query: String,
        limit: u32,
    },
    /// Cases of the same person as this applicant (duplicate check).
    SamePerson(Box<crate::domain::case::Applicant>),
    /// From now on, this connection receives `Changed` after every change.
    Subscribe,
    /// Who is connected.
    Status,
    /// A change with the client's id for it: done once; a retry of a
    /// committed one is answered with the first result.
    Once {
        op: crate::store::keys::OpId,
        request: Box<Request>,
    },
    /// Check that every index agrees with the records (a full scan).
    Verify,
    /// What was set aside in `recovered/` on opening the store.
    Recovered,
    /// Ends the server (refused while other clients are connected).
    Shutdown,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Response {
    Hello {
        protocol: u32,
        version: String,
    },
    Done,
    Policy(Policy),
    Calendar(Box<Calendar>),
    Case(Option<Box<Case>>),
    History(Vec<Event>),
    Checklist(Vec<crate::domain::eligibility::Check>),
    ExportPage(Vec<(Case, Vec<Event>)>),
    Due(Vec<(DueEntry, Case)>),
    Numbers(Vec<CaseNo>),
    Hits(Vec<crate::store::Hit>),
    Registered(CaseNo),
    Problems(Vec<String>),
    Users(Vec<crate::domain::user::User>),
    Role(crate::domain::user::Role),
    Providers(Vec<(crate::domain::provider::Provider, u32)>),
    Choices(Vec<crate::store::Choice>),
    Draft(Option<String>),
    CasePage(crate::store::CasePage),
    DuePage(crate::store::DuePage),
    SamePerson(Vec<(CaseNo, String)>),
    DeadlineId(u32),
    Years(Vec<i32>),
    Status(ServerStatus),
    /// Pushed to subscribers: events up to `seq` exist; these cases changed
    /// (`None` in the list: a change of the rules, such as the policy).
    Changed {
        seq: u64,
        cases: Vec<Option<CaseNo>>,
    },
    Error(RemoteError),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServerStatus {
    pub pid: u32,
    pub version: String,
    pub store: String,
    /// When the server started (UTC; shown in the reader's zone).
    pub started: chrono::DateTime<chrono::FixedOffset>,
    pub clients: Vec<ClientInfo>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClientInfo {
    pub user: String,
    pub pid: i32,
    pub purpose: String,
    pub since: chrono::DateTime<chrono::FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    NoCase,
    Conflict,
    Refused,
    /// Sent by servers before this one; the number of other clients is in
    /// the message only.
    VersionMismatch,
    Store,
    /// The server is another version, with this many other clients: with
    /// none, it steps aside when its owner asks.
    OtherVersion {
        others: u32,
    },
}

/// An error, worded by the server for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct RemoteError {
    pub kind: ErrorKind,
    pub message: String,
}

pub fn write_frame<T: Serialize>(w: &mut impl Write, value: &T) -> io::Result<()> {
    write_encoded(w, &codec::encode(value))
}

/// Writes a value already encoded (`codec::encode`) as one frame: a
/// message kept to be sent again is encoded once.
pub fn write_encoded(w: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    let len = u32::try_from(bytes.len()).map_err(|_| io::Error::other("a message is too large"))?;
    w.write_all(&len.to_be_bytes())?;
    w.write_all(bytes)?;
    w.flush()
}

/// Reads one frame; `Ok(None)` when the peer closed the connection cleanly.
pub fn read_frame<T: codec::Stored>(r: &mut impl Read) -> io::Result<Option<T>> {
    read_frame_within(r, MAX_FRAME)
}

/// Reads one frame of at most `max` bytes. The buffer grows with the bytes
/// that actually arrive, never with the length a peer announces, and the
/// decoder allocates no more than those bytes allow (`codec`).
pub fn read_frame_within<T: codec::Stored>(r: &mut impl Read, max: u32) -> io::Result<Option<T>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_be_bytes(len);
    if len > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a message is too large",
        ));
    }
    let mut buf = Vec::with_capacity((len as usize).min(64 * 1024));
    r.take(u64::from(len)).read_to_end(&mut buf)?;
    if buf.len() != len as usize {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the message was cut short",
        ));
    }
    codec::decode(&buf)
        .map(Some)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))
}

/// Waits up to `timeout` for something to read (data or the peer closing).
pub fn wait_readable(
    stream: &std::os::unix::net::UnixStream,
    timeout: std::time::Duration,
) -> io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    let mut fds = libc::pollfd {
        fd: stream.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = timeout.as_millis().min(i32::MAX as u128) as libc::c_int;
    // SAFETY: one valid pollfd for the duration of the call.
    let rc = unsafe { libc::poll(&mut fds, 1, ms) };
    match rc {
        -1 => {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                Ok(false)
            } else {
                Err(e)
            }
        }
        0 => Ok(false),
        _ => Ok(true),
    }
}

/// Whether the peer hung up, without blocking and without consuming data.
pub fn peer_closed(stream: &std::os::unix::net::UnixStream) -> bool {
    use std::os::unix::io::AsRawFd;
    let mut byte = [0u8; 1];
    // SAFETY: recv into a one-byte buffer we own; MSG_PEEK leaves the data.
    let rc = unsafe {
        libc::recv(
            stream.as_raw_fd(),
            byte.as_mut_ptr().cast(),
            1,
            libc::MSG_PEEK | libc::MSG_DONTWAIT,
        )
    };
    match rc {
        0 => true,
        n if n > 0 => false,
        _ => io::Error::last_os_error().kind() != io::ErrorKind::WouldBlock,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::codec::{CodecError, VERSION, decode, encode};

    /// A Hello whose version string claims 2^60 bytes, in 16 bytes.
    fn hostile_hello() -> Vec<u8> {
        let mut bytes = vec![VERSION, 0]; // the Hello variant
        bytes.push(3); // protocol 3
        // varint u64 marker (253) then 2^60 little-endian
        bytes.push(253);
        bytes.extend_from_slice(&(1u64 << 60).to_le_bytes());
        bytes
    }

    #[test]
    fn a_length_claimed_beyond_the_message_is_refused_not_allocated() {
        let bytes = hostile_hello();
        assert!(bytes.len() <= 16);
        let err = decode::<Request>(&bytes).unwrap_err();
        assert!(matches!(err, CodecError::Damaged(_)), "{err}");
    }

    #[test]
    fn imports_of_every_size_still_decode_within_the_limit() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        // Sizes across the limit's steps (a 2,000-case demo was refused once).
        for n in [1, 40, 300, 2_000, 5_000] {
            let cases: Vec<_> = crate::demo::cases(n, 1, today)
                .map(|r| r.validate(today).expect("a demo case is valid"))
                .collect();
            let request = Request::Once {
                op: [1; 16],
                request: Box::new(Request::Import {
                    cases,
                    via: "import".into(),
                }),
            };
            let bytes = encode(&request);
            let back: Request = decode(&bytes).unwrap_or_else(|e| panic!("{n} cases: {e}"));
            let Request::Once { request, .. } = back else {
                panic!("a command")
            };
            let Request::Import { cases, .. } = *request else {
                panic!("an import")
            };
            assert_eq!(cases.len(), n);
        }
    }

    proptest::proptest! {
        /// Whatever bytes arrive, decoding answers with a value or an error:
        /// never a panic, never an allocation the bytes do not justify.
        #[test]
        fn random_bytes_never_panic_or_abort(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..256)) {
            let _ = decode::<Request>(&bytes);
            let _ = decode::<Response>(&bytes);
            let _ = decode::<crate::domain::case::Case>(&bytes);
            let _ = decode::<crate::domain::policy::Policy>(&bytes);
        }

        /// A valid message with bytes changed or cut short, likewise.
        #[test]
        fn damaged_messages_never_panic_or_abort(
            at in 0usize..400,
            value in proptest::num::u8::ANY,
            cut in 0usize..400,
        ) {
            let request = Request::Hello {
                protocol: 3,
                version: "0.1.0".into(),
                purpose: "show".into(),
            };
            let mut bytes = encode(&request);
            let i = at % bytes.len();
            bytes[i] = value;
            let _ = decode::<Request>(&bytes);
            bytes.truncate(cut % (bytes.len() + 1));
            let _ = decode::<Request>(&bytes);
        }
    }
}
