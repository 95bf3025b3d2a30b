//! Frames on the store socket: a 4-byte big-endian length, then a value
//! as plain bincode (`codec::encode_payload`), decoded within bounds that
//! grow with the bytes that arrived. The greeting (`greeting`) settles the
//! protocol first, so frames carry no version of their own.

use std::io::{self, Read, Write};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::codec;

/// A frame larger than this is refused rather than read.
pub const MAX_FRAME: u32 = 512 * 1024 * 1024;

/// The first frame of a connection (the greeting) is small: a larger one
/// is refused before anything is allocated for it.
pub const MAX_HELLO: u32 = 64 * 1024;

/// A value as a frame's payload.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    codec::encode_payload(value)
}

/// A frame's payload as a value, within the bounds its size allows.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, codec::CodecError> {
    codec::payload_of(bytes)
}

pub fn write_frame<T: Serialize>(w: &mut impl Write, value: &T) -> io::Result<()> {
    write_encoded(w, &encode(value))
}

/// Writes a value already encoded (`codec::encode_payload`) as one frame: a
/// message kept to be sent again is encoded once.
pub fn write_encoded(w: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    let len = u32::try_from(bytes.len()).map_err(|_| io::Error::other("a message is too large"))?;
    w.write_all(&len.to_be_bytes())?;
    w.write_all(bytes)?;
    w.flush()
}

/// Reads one frame; `Ok(None)` when the peer closed the connection cleanly.
pub fn read_frame<T: DeserializeOwned>(r: &mut impl Read) -> io::Result<Option<T>> {
    read_frame_within(r, MAX_FRAME)
}

/// Reads one frame of at most `max` bytes. The buffer grows with the bytes
/// that actually arrive, never with the length a peer announces, and the
/// decoder allocates no more than those bytes allow (`codec`).
pub fn read_frame_within<T: DeserializeOwned>(
    r: &mut impl Read,
    max: u32,
) -> io::Result<Option<T>> {
    match read_bytes_within(r, max)? {
        None => Ok(None),
        Some(buf) => decode(&buf)
            .map(Some)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string())),
    }
}

/// Reads one frame's bytes, of at most `max`; `Ok(None)` when the peer
/// closed the connection cleanly.
pub fn read_bytes_within(r: &mut impl Read, max: u32) -> io::Result<Option<Vec<u8>>> {
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
    Ok(Some(buf))
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
    use crate::api::{Command, Import, Query, Request, Response};
    use crate::codec::CodecError;

    /// A query whose text claims 2^60 bytes, in 16 bytes.
    fn hostile_find() -> Vec<u8> {
        let find = Request::Query(Query::Find(crate::api::Find {
            query: String::new(),
            limit: 1,
        }));
        let mut bytes = encode(&find);
        // Replace the empty string's length (0) by a varint u64 of 2^60.
        let at = bytes.iter().rposition(|&b| b == 0).unwrap();
        bytes.truncate(at);
        bytes.push(253);
        bytes.extend_from_slice(&(1u64 << 60).to_le_bytes());
        bytes
    }

    #[test]
    fn a_length_claimed_beyond_the_message_is_refused_not_allocated() {
        let bytes = hostile_find();
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
            let request = Request::Command {
                op: [1; 16],
                command: Command::Import(Import {
                    cases,
                    via: "import".into(),
                }),
            };
            let bytes = encode(&request);
            let back: Request = decode(&bytes).unwrap_or_else(|e| panic!("{n} cases: {e}"));
            let Request::Command {
                command: Command::Import(import),
                ..
            } = back
            else {
                panic!("an import")
            };
            assert_eq!(import.cases.len(), n);
        }
    }

    proptest::proptest! {
        /// Whatever bytes arrive, decoding answers with a value or an error:
        /// never a panic, never an allocation the bytes do not justify.
        #[test]
        fn random_bytes_never_panic_or_abort(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..256)) {
            let _ = decode::<Request>(&bytes);
            let _ = decode::<Response>(&bytes);
            let _ = crate::api::greeting::Hello::decode(&bytes);
            let _ = crate::api::greeting::Greeted::decode(&bytes);
            let _ = crate::codec::decode::<crate::domain::case::Case>(&bytes);
            let _ = crate::codec::decode::<crate::domain::policy::Policy>(&bytes);
        }

        /// A valid message with bytes changed or cut short, likewise.
        #[test]
        fn damaged_messages_never_panic_or_abort(
            at in 0usize..400,
            value in proptest::num::u8::ANY,
            cut in 0usize..400,
        ) {
            let request = Request::Query(Query::Find(crate::api::Find {
                query: "张三".into(),
                limit: 20,
            }));
            let mut bytes = encode(&request);
            let i = at % bytes.len();
            bytes[i] = value;
            let _ = decode::<Request>(&bytes);
            bytes.truncate(cut % (bytes.len() + 1));
            let _ = decode::<Request>(&bytes);
        }
    }
}
