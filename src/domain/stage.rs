//! The stages of a granted case on the assignment board: where it is
//! between the grant and the archive.

use super::case::Case;
use super::codes::Status;

/// The columns of the assignment board, left to right.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Stage {
    /// Granted, no provider yet.
    AwaitingAssignment,
    /// Assigned, agreement not yet signed.
    Assigned,
    /// Agreement signed, not concluded.
    InProgress,
    /// Concluded, case file not yet submitted.
    Concluded,
    /// File submitted, not yet reviewed.
    FileUnderReview,
    /// File reviewed (the subsidy set), not yet archived.
    ToArchive,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::AwaitingAssignment,
        Stage::Assigned,
        Stage::InProgress,
        Stage::Concluded,
        Stage::FileUnderReview,
        Stage::ToArchive,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::AwaitingAssignment => "awaiting_assignment",
            Stage::Assigned => "assigned",
            Stage::InProgress => "in_progress",
            Stage::Concluded => "concluded",
            Stage::FileUnderReview => "file_under_review",
            Stage::ToArchive => "to_archive",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The column of a case, or None when it is not on the board.
    pub fn of(case: &Case) -> Option<Stage> {
        let s = &case.steps;
        match case.status {
            Status::Granted => Some(Stage::AwaitingAssignment),
            Status::Assigned if s.agreement_signed.is_none() => Some(Stage::Assigned),
            Status::Assigned => Some(Stage::InProgress),
            Status::Concluded if s.file_submitted.is_none() => Some(Stage::Concluded),
            Status::Concluded if s.file_reviewed.is_none() => Some(Stage::FileUnderReview),
            Status::Concluded => Some(Stage::ToArchive),
            _ => None,
        }
    }

    pub fn from_index(i: usize) -> Option<Stage> {
        Stage::ALL.get(i).copied()
    }
}
