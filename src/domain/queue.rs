//! The intake queue's filter: which undecided applications to show. Pure,
//! so that the store applies it while it reads the queue.

use serde::{Deserialize, Serialize};

use super::case::Case;
use super::codes::{Channel, Kind};

/// Which undecided applications the queue shows. The store applies it
/// while it reads the queue, so that a page is a page of what is shown.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QueueFilter {
    pub channel: Option<Channel>,
    pub kind: Option<Kind>,
    /// Only the cases this caseworker holds ("mine").
    pub caseworker: Option<String>,
    /// Only proposals awaiting a director's approval (the director's inbox).
    pub awaiting_approval: bool,
}

impl QueueFilter {
    pub fn is_empty(&self) -> bool {
        *self == QueueFilter::default()
    }

    pub fn matches(&self, case: &Case) -> bool {
        self.channel.is_none_or(|c| c == case.channel)
            && self.kind.is_none_or(|k| k == case.kind)
            && self
                .caseworker
                .as_deref()
                .is_none_or(|w| case.caseworker.as_deref() == Some(w))
            && (!self.awaiting_approval || awaits_approval(case))
    }

    /// The next channel to show: each one in turn, then all again.
    pub fn next_channel(&mut self) {
        self.channel = next_of(Channel::ALL, self.channel);
    }

    /// The next kind to show: each one in turn, then all again.
    pub fn next_kind(&mut self) {
        self.kind = next_of(Kind::ALL, self.kind);
    }
}

fn next_of<T: Copy + PartialEq>(all: &[T], now: Option<T>) -> Option<T> {
    match now {
        None => all.first().copied(),
        Some(x) => {
            let i = all.iter().position(|y| *y == x)?;
            all.get(i + 1).copied()
        }
    }
}

/// A decision proposed and not yet approved.
pub fn awaits_approval(case: &Case) -> bool {
    case.review
        .decision
        .as_ref()
        .is_some_and(|d| d.approved_by.is_none())
}
