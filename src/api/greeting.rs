//! The greeting: the first frame each way on a connection. It is how two
//! versions of docket learn that they differ, so its bytes never change.
//!
//! They are the bytes docket wrote before operations became types
//! (protocol 3 and its disk codec version 6): a tag of two bytes, then the
//! fields as bincode. A server of protocol 3 reads this client's hello and
//! answers that it is another version; this client reads that answer and
//! may ask it to step aside, with the bytes it understands. Never change a
//! struct or a tag here; a new protocol changes `PROTOCOL` only.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::RemoteError;
use super::frame::{decode, encode};

/// A client's hello: codec 6, the hello variant.
const HELLO: [u8; 2] = [6, 0];
/// The server's welcome: codec 6, the hello answer.
const WELCOME: [u8; 2] = [6, 0];
/// The server's refusal: codec 6, the error answer of protocol 3.
const REFUSED: [u8; 2] = [6, 25];
/// A client asking a server of another version, with nobody else
/// connected, to stop so that one of the client's version can start:
/// codec 6, the shutdown request of protocol 3.
pub const STEP_ASIDE: [u8; 2] = [6, 37];

/// The first frame of every connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    pub protocol: u32,
    pub version: String,
    /// What the client is (a command name, "tui"), for `docket status`.
    pub purpose: String,
}

/// The server's answer to a hello.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Greeted {
    Welcome { protocol: u32, version: String },
    Refused(RemoteError),
}

#[derive(Serialize, Deserialize)]
struct Welcome {
    protocol: u32,
    version: String,
}

fn tagged<T: Serialize>(tag: [u8; 2], value: &T) -> Vec<u8> {
    let mut out = tag.to_vec();
    out.extend(encode(value));
    out
}

fn untagged<T: DeserializeOwned>(tag: [u8; 2], bytes: &[u8]) -> Option<T> {
    let rest = bytes.strip_prefix(&tag)?;
    decode(rest).ok()
}

impl Hello {
    pub fn encode(&self) -> Vec<u8> {
        tagged(HELLO, self)
    }

    pub fn decode(bytes: &[u8]) -> Option<Hello> {
        untagged(HELLO, bytes)
    }
}

impl Greeted {
    pub fn encode(&self) -> Vec<u8> {
        match self {
            Greeted::Welcome { protocol, version } => tagged(
                WELCOME,
                &Welcome {
                    protocol: *protocol,
                    version: version.clone(),
                },
            ),
            Greeted::Refused(e) => tagged(REFUSED, e),
        }
    }

    pub fn decode(bytes: &[u8]) -> Option<Greeted> {
        if let Some(w) = untagged::<Welcome>(WELCOME, bytes) {
            return Some(Greeted::Welcome {
                protocol: w.protocol,
                version: w.version,
            });
        }
        untagged(REFUSED, bytes).map(Greeted::Refused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;

    /// The bytes docket 0.1 of protocol 3 wrote and read, captured from it.
    #[test]
    fn the_greeting_keeps_the_bytes_of_protocol_3() {
        let hello = Hello {
            protocol: 3,
            version: "0.1.0".into(),
            purpose: "x".into(),
        };
        assert_eq!(
            hello.encode(),
            [6, 0, 3, 5, 48, 46, 49, 46, 48, 1, 120],
            "a hello"
        );
        let welcome = Greeted::Welcome {
            protocol: 3,
            version: "0.1.0".into(),
        };
        assert_eq!(welcome.encode(), [6, 0, 3, 5, 48, 46, 49, 46, 48]);
        let refused = Greeted::Refused(RemoteError {
            kind: ErrorKind::OtherVersion { others: 2 },
            message: "m".into(),
        });
        assert_eq!(refused.encode(), [6, 25, 5, 2, 1, 109]);
        assert_eq!(Greeted::decode(&refused.encode()), Some(refused));
        assert_eq!(STEP_ASIDE, [6, 37]);
    }
}
